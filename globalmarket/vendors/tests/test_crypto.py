import io
import os
import subprocess
import sys

import pytest
from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from globalmarket.tenancy.context import use_tenant
from globalmarket.vendors import crypto
from globalmarket.vendors.models import Vendor

KEY_A = "first-key-of-at-least-thirty-two-characters"
KEY_B = "second-key-of-at-least-thirty-two-characters"


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
        override_settings(FIELD_ENCRYPTION_KEY=KEY_B),
        pytest.raises(ValueError, match="not configured"),
    ):
        crypto.decrypt(token)
    # A ciphertext whose key id was swapped for another key's still fails authentication.
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B, FIELD_ENCRYPTION_KEYS_OLD=[KEY_A]):
        forged = [*crypto.encrypt("x").split(":")[:2], token.split(":")[2]]
        with pytest.raises(InvalidTag):
            crypto.decrypt(":".join(forged))


def test_lookup_hash_is_keyed_and_normalised():
    digest = crypto.lookup_hash("NL67INGB0006543210")
    assert crypto.lookup_hash(" nl67 ingb 0006 5432 10 ") == digest
    assert crypto.lookup_hash("NL68INGB0006543210") != digest
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B):
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


@pytest.mark.django_db
def test_key_rotation_re_encrypts_and_re_hashes(eu, make_user, api_for):
    from .conftest import make_vendor

    staff = make_user(eu, staff_role="admin")
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_A):
        vendor = make_vendor(eu, iban="NL67INGB0006543210")
        old_token = vendor.iban_encrypted
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B, FIELD_ENCRYPTION_KEYS_OLD=[KEY_A]):
        assert not crypto.is_current(old_token)
        assert crypto.decrypt(old_token) == "NL67INGB0006543210"
        # Staff still find the vendor by IBAN before the rotation has run.
        found = api_for(eu, staff).get("/api/v1/staff/vendors/?iban=NL67INGB0006543210").json()
        assert [v["id"] for v in found["results"]] == [vendor.pk]
        out = io.StringIO()
        call_command("rotate_field_keys", stdout=out)
        assert "eu: 1 vendor(s) re-encrypted" in out.getvalue()
        call_command("rotate_field_keys", stdout=io.StringIO())  # again: nothing to do
        with use_tenant(eu):
            row = Vendor.objects.get(pk=vendor.pk)
        assert row.iban_encrypted != old_token and crypto.is_current(row.iban_encrypted)
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B, FIELD_ENCRYPTION_KEYS_OLD=[]):
        assert crypto.decrypt(row.iban_encrypted) == "NL67INGB0006543210"
        assert row.iban_hash == crypto.lookup_hash("NL67INGB0006543210")
