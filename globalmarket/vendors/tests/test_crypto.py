import os
import subprocess
import sys

import pytest
from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.test import override_settings

from globalmarket.vendors import crypto


def test_round_trip_with_a_fresh_nonce_each_time():
    first, second = crypto.encrypt("NL67INGB0006543210"), crypto.encrypt("NL67INGB0006543210")
    assert first != second and first.startswith("v1:")
    assert crypto.decrypt(first) == crypto.decrypt(second) == "NL67INGB0006543210"


def test_tampering_and_another_key_are_detected():
    token = crypto.encrypt("NL67INGB0006543210")
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(InvalidTag):
        crypto.decrypt(tampered)
    with (
        override_settings(FIELD_ENCRYPTION_KEY="another-key-of-at-least-32-characters!"),
        pytest.raises(InvalidTag),
    ):
        crypto.decrypt(token)


def test_lookup_hash_is_keyed_and_normalised():
    digest = crypto.lookup_hash("NL67INGB0006543210")
    assert crypto.lookup_hash(" nl67 ingb 0006 5432 10 ") == digest
    assert crypto.lookup_hash("NL68INGB0006543210") != digest
    with override_settings(FIELD_ENCRYPTION_KEY="another-key-of-at-least-32-characters!"):
        assert crypto.lookup_hash("NL67INGB0006543210") != digest


def test_mask_has_one_shape():
    assert crypto.mask_iban("NL", "4300") == "NL** **** **** **** 4300"
    assert crypto.mask_iban("", "") == ""


def test_production_refuses_to_start_without_an_encryption_key():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"FIELD_ENCRYPTION_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k3J9-vQ2_mZ8!pL5@xR7#tW1$yU4%nB6^cD0&hF3*gA9(eS2)iO8",
        "DATABASE_URL": "postgres://u@db/control", "DATABASE_URL_EU": "postgres://u@db/eu",
        "DATABASE_URL_MENA": "postgres://u@db/mena", "REDIS_URL": "redis://cache:6379/0",
        "CELERY_BROKER_URL": "amqp://guest@broker//", "ALLOWED_HOSTS": "globalmarket.eu",
    })  # fmt: skip
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY is required" in result.stderr
