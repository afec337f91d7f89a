"""A worker killed while applying a webhook: the message comes back, the payment is paid once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from globalmarket.payments.models import Payment, PaymentEvent, WebhookInbox
from globalmarket.payments.services import webhook_receive
from globalmarket.tenancy.context import use_tenant

from .helpers import sandbox_event, signed, start


def _worker(extra_env: dict[str, str]) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "GM_USE_TEST_DATABASES": "1",
           **extra_env}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
         "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "--without-heartbeat", "--without-gossip",
         "--without-mingle", "--loglevel=WARNING"],
        env=env, cwd=str(settings.BASE_DIR), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wait(check, timeout: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if proc.poll() is not None:
            raise AssertionError(proc.stdout.read().decode() if proc.stdout else "worker died")
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


@pytest.fixture
def real_broker():
    from config.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_processing_applies_the_webhook_exactly_once(eu, real_broker, tmp_path):
    with use_tenant(eu):
        payment, attempt = start()
        body = sandbox_event(attempt, "charge.succeeded", event_id="evt_crash")
        webhook_receive(
            provider_name="sandbox", body=body, headers=signed(body)
        )  # enqueues the task
        inbox = WebhookInbox.objects.get()
    mark = Path(tmp_path) / "inside"
    first = _worker(
        {"GM_TEST_PAYMENTS_WEBHOOK_PAUSE": "60", "GM_TEST_PAYMENTS_WEBHOOK_MARK": str(mark)}
    )
    try:
        # The first worker is inside the transaction (payment locked, not yet committed)...
        _wait(lambda: mark.exists() and mark.read_text().strip() != "", 60, first)
        os.kill(first.pid, signal.SIGKILL)  # ...and dies without acknowledging the message.
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    with use_tenant(eu):
        assert Payment.objects.get().status == "requires_action"
        assert WebhookInbox.objects.get().status == "received"

    second = _worker({})
    try:

        def processed() -> bool:
            with use_tenant(eu):
                return WebhookInbox.objects.get(pk=inbox.pk).status == "processed"

        _wait(processed, 60, second)
        # The provider retries its delivery too: stored once, applied once.
        with use_tenant(eu):
            _, created = webhook_receive(provider_name="sandbox", body=body, headers=signed(body))
        assert created is False
        time.sleep(1)
    finally:
        second.terminate()
        try:
            second.wait(timeout=15)
        except subprocess.TimeoutExpired:
            second.kill()
    with use_tenant(eu):
        payment.refresh_from_db()
        assert payment.status == "paid"
        assert PaymentEvent.objects.filter(to_status="paid").count() == 1
        assert WebhookInbox.objects.get().deliveries == 2
    assert len(mark.read_text().split()) == 1  # only the killed worker paused; the second did not
