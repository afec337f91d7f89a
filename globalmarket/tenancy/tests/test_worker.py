"""A task enqueued in a MENA request runs against MENA's database in a real worker process."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

from globalmarket.accounts.models import User
from globalmarket.tenancy.context import use_tenant


@pytest.fixture
def worker():
    from config.celery import app

    app.conf.task_always_eager = False
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "GM_USE_TEST_DATABASES": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
         "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "--without-heartbeat", "--without-gossip",
         "--without-mingle", "--loglevel=WARNING"],
        env=env, cwd=str(settings.BASE_DIR),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    yield proc
    app.conf.task_always_eager = True
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_task_from_mena_request_runs_in_mena_database_in_real_worker(api_for, mena, eu, worker):
    response = api_for(mena).post(
        "/api/v1/auth/register/",
        {"email": "layla@example.test", "password": "sand-dunes-2026!", "full_name": "Layla"},
        format="json",
    )
    assert response.status_code == 201
    deadline = time.monotonic() + 60
    sent_at = None
    while time.monotonic() < deadline and sent_at is None:
        with use_tenant(mena):
            sent_at = User.objects.get(email="layla@example.test").welcome_sent_at
        if sent_at is None:
            assert worker.poll() is None, (
                worker.stdout.read().decode() if worker.stdout else "worker died"
            )
            time.sleep(0.3)
    assert sent_at is not None, "the worker did not run the task against the MENA database"
    with use_tenant(eu):
        assert not User.objects.filter(email="layla@example.test").exists()
