import pytest

from globalmarket.accounts.models import User
from globalmarket.tenancy.db import atomic


@pytest.mark.django_db(transaction=True)
def test_atomic_rolls_back_region_writes(in_eu):
    with pytest.raises(RuntimeError), atomic():
        User.objects.create(email="x@example.test", full_name="X")
        raise RuntimeError("boom")
    assert not User.objects.filter(email="x@example.test").exists()


@pytest.mark.django_db(transaction=True)
def test_atomic_as_decorator_is_reentrant(in_eu):
    @atomic()
    def create(n: int) -> None:
        User.objects.create(email=f"u{n}@example.test", full_name="U")
        if n < 3:
            create(n + 1)
        if n == 3:
            raise ValueError("innermost fails")

    with pytest.raises(ValueError):
        create(1)
    assert User.objects.count() == 0
