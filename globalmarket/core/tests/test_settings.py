import os
import subprocess
import sys

from django.conf import settings


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k3J9-vQ2_mZ8!pL5@xR7#tW1$yU4%nB6^cD0&hF3*gA9(eS2)iO8",
        "DATABASE_URL": "postgres://u@db/control",
        "DATABASE_URL_EU": "postgres://u@db/eu",
        "DATABASE_URL_MENA": "postgres://u@db/mena",
        "REDIS_URL": "redis://cache:6379/0",
        "CELERY_BROKER_URL": "amqp://guest@broker//",
        "ALLOWED_HOSTS": "globalmarket.eu,globalmarket.ae",
        "FIELD_ENCRYPTION_KEY": "Zq4-uT8_wN2!rB6@kM1#vC9$xH3%pJ7^",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_eager_tasks_without_a_broker_publish_nowhere_and_say_nothing():
    """The embedded default (no CELERY_BROKER_URL) runs tasks eagerly; Celery still builds a
    producer for them, which must use the in-memory transport: not amqp://localhost, and
    not kombu's "No hostname was supplied" warning on every `make run`."""
    code = (
        "import django; django.setup()\n"
        "from config.celery import app\n"
        "assert app.conf.task_always_eager\n"
        "with app.producer_or_acquire() as producer:\n"
        "    print(producer.connection.transport_cls)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DATABASE_URL"))}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "memory"
    assert "No hostname was supplied" not in result.stderr
