from concurrent.futures import ThreadPoolExecutor

import pytest

from globalmarket.core import ratelimit
from globalmarket.tenancy.context import use_tenant


def test_counts_within_a_window_and_resets():
    assert ratelimit.hit("t1", window=60).count == 1
    assert ratelimit.hit("t1", window=60).count == 2
    assert ratelimit.peek("t1", window=60).count == 2
    ratelimit.reset("t1")
    assert ratelimit.peek("t1", window=60).count == 0


@pytest.mark.redis
def test_concurrent_hits_all_count_on_redis():
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda _: ratelimit.hit("burst", window=60), range(200)))
    state = ratelimit.peek("burst", window=60)
    assert state.count == 200
    assert 0 < state.retry_after <= 60


@pytest.mark.django_db
def test_counters_are_per_region(eu, mena):
    with use_tenant(eu):
        ratelimit.hit("x", window=60)
    with use_tenant(mena):
        assert ratelimit.peek("x", window=60).count == 0
