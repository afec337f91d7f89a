import pytest
from django.conf import settings
from django.core import mail

from globalmarket.accounts.models import User
from globalmarket.tenancy.context import use_tenant

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-42"


def _register(client, **overrides):
    body = {
        "email": "ana@example.test",
        "password": "tulips-and-canals-7",
        "full_name": "Ana de Vries",
    }
    return client.post("/api/v1/auth/register/", {**body, **overrides}, format="json")


def test_register_then_token_then_me(api_for, eu):
    client = api_for(eu)
    created = _register(client, phone="+31 6 12345678", preferred_language="nl")
    assert created.status_code == 201
    assert created.json()["phone"] == "+31612345678"
    tokens = client.post("/api/v1/auth/token/", {"email": "ANA@example.test", "password": "tulips-and-canals-7"},
                         format="json").json()  # fmt: skip
    assert set(tokens) == {"access", "refresh"}
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = client.get("/api/v1/me/").json()
    assert me["email"] == "ana@example.test"
    assert me["roles"] == ["customer"]
    assert me["preferred_language"] == "nl"


def test_welcome_email_sent_after_commit_in_users_language(api_for, eu, run_on_commit):
    with run_on_commit():
        _register(api_for(eu), preferred_language="nl")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.test"]
    with use_tenant(eu):
        assert User.objects.get(email="ana@example.test").welcome_sent_at is not None


def test_account_of_one_region_cannot_sign_in_to_another(api_for, eu, mena, make_user):
    user = make_user(eu, email="piet@example.test", password=PASSWORD)
    refused = api_for(mena).post("/api/v1/auth/token/", {"email": "piet@example.test", "password": PASSWORD},
                                 format="json")  # fmt: skip
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_credentials"
    # A Europe token is refused by MENA, even for a user with the same id there.
    make_user(mena, email="someone@example.test")
    europe_client = api_for(eu, user)
    assert europe_client.get("/api/v1/me/").status_code == 200
    token = europe_client._credentials["HTTP_AUTHORIZATION"]
    mena_client = api_for(mena)
    mena_client.credentials(HTTP_AUTHORIZATION=token)
    response = mena_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_bearer_token_of_an_inactive_or_deleted_user_is_refused(api_for, eu, make_user):
    user = make_user(eu, email="piet@example.test", password=PASSWORD)
    client = api_for(eu, user)
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["email"] == "piet@example.test"
    with use_tenant(eu):
        User.objects.filter(pk=user.pk).update(is_active=False)
    inactive = client.get("/api/v1/me/")
    assert inactive.status_code == 401
    assert inactive.json()["error"]["message"] == "User is inactive"
    with use_tenant(eu):
        User.objects.filter(pk=user.pk).delete()
    deleted = client.get("/api/v1/me/")
    assert deleted.status_code == 401
    assert deleted.json()["error"]["message"] == "User not found"


def test_refresh_token_of_one_region_is_refused_by_another(api_for, eu, mena, make_user):
    make_user(eu, email="piet@example.test", password=PASSWORD)
    tokens = api_for(eu).post("/api/v1/auth/token/", {"email": "piet@example.test", "password": PASSWORD},
                              format="json").json()  # fmt: skip
    assert (
        api_for(eu)
        .post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json")
        .status_code
        == 200
    )
    refused = api_for(mena).post(
        "/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert refused.status_code == 401


def test_session_of_one_region_means_nothing_in_another(client, eu, mena, make_user):
    make_user(eu, email="piet@example.test", password=PASSWORD)
    response = client.post(
        "/account/login/",
        {"email": "piet@example.test", "password": PASSWORD},
        HTTP_HOST="eu.localhost",
    )
    assert response.status_code == 302
    assert client.get("/api/v1/me/", HTTP_HOST="eu.localhost").status_code == 200
    assert client.get("/api/v1/me/", HTTP_HOST="mena.localhost").status_code in (401, 403)


def test_failed_logins_are_rate_limited_per_account(api_for, eu, make_user):
    make_user(eu, email="piet@example.test", password=PASSWORD)
    client = api_for(eu)
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert client.post("/api/v1/auth/token/", {"email": "piet@example.test", "password": "wrong-guess"},
                           format="json").status_code == 401  # fmt: skip
    blocked = client.post(
        "/api/v1/auth/token/", {"email": "piet@example.test", "password": PASSWORD}, format="json"
    )
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert blocked.json()["error"]["code"] == "rate_limited"


def test_failed_logins_are_rate_limited_per_ip_across_accounts(api_for, eu, settings):
    settings.LOGIN_FAILURES_PER_IP = 3
    client = api_for(eu)
    for n in range(3):
        client.post(
            "/api/v1/auth/token/",
            {"email": f"x{n}@example.test", "password": "nope-nope"},
            format="json",
        )
    blocked = client.post(
        "/api/v1/auth/token/", {"email": "new@example.test", "password": "nope-nope"}, format="json"
    )
    assert blocked.status_code == 429


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"password": "tulips-and-canals-7", "full_name": "A"}, "email", "required"),
        (
            {"email": "not-an-email", "password": "tulips-and-canals-7", "full_name": "A"},
            "email",
            "invalid",
        ),
        (
            {"email": "a@example.test", "password": "12345", "full_name": "A"},
            "password",
            "password_too_short",
        ),
        (
            {"email": "a@example.test", "password": "password123", "full_name": "A"},
            "password",
            "password_too_common",
        ),
        (
            {"email": "a@example.test", "password": "x" * 10_000, "full_name": "A"},
            "password",
            "max_length",
        ),
        (
            {
                "email": "a" * 10_000 + "@example.test",
                "password": "tulips-and-canals-7",
                "full_name": "A",
            },
            "email",
            "max_length",
        ),
        (
            {"email": ["a@example.test"], "password": "tulips-and-canals-7", "full_name": "A"},
            "email",
            "invalid",
        ),
        (
            {"email": "a@example.test", "password": {"x": 1}, "full_name": "A"},
            "password",
            "invalid",
        ),
        (
            {
                "email": "a@example.test",
                "password": "tulips-and-canals-7",
                "full_name": "A" * 10_000,
            },
            "full_name",
            "max_length",
        ),
        (
            {
                "email": "a@example.test",
                "password": "tulips-and-canals-7",
                "full_name": "A",
                "phone": "12",
            },
            "phone",
            "invalid_phone",
        ),
        (
            {
                "email": "a@example.test",
                "password": "tulips-and-canals-7",
                "full_name": "A",
                "preferred_language": "ar",
            },
            "preferred_language",
            "unknown_language",
        ),
    ],
)
def test_register_rejects_bad_input_with_field_codes_and_writes_nothing(
    api_for, eu, payload, field, code
):
    response = api_for(eu).post("/api/v1/auth/register/", payload, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert field in error["fields"], error
    assert code in [e["code"] for e in error["fields"][field]], error
    with use_tenant(eu):
        assert User.objects.count() == 0


def test_register_twice_is_refused(api_for, eu):
    assert _register(api_for(eu)).status_code == 201
    again = _register(api_for(eu), email="Ana@Example.test")
    assert again.status_code == 400
    assert again.json()["error"]["fields"]["email"][0]["code"] == "email_taken"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": "a@example.test"},
        {"email": 5, "password": 5},
        {"email": "a@example.test", "password": None},
        {"email": "a" * 10_000, "password": "p" * 10_000},
    ],
)
def test_token_rejects_bad_input(api_for, eu, body):
    response = api_for(eu).post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"]


def test_malformed_json_is_400_not_500(api_for, eu):
    response = api_for(eu).post("/api/v1/auth/token/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_password_reset_by_email(api_for, eu, make_user, run_on_commit):
    make_user(eu, email="piet@example.test", password=PASSWORD)
    client = api_for(eu)
    with run_on_commit():
        assert (
            client.post(
                "/api/v1/auth/password/reset/", {"email": "piet@example.test"}, format="json"
            ).status_code
            == 202
        )
    assert (
        client.post(
            "/api/v1/auth/password/reset/", {"email": "nobody@example.test"}, format="json"
        ).status_code
        == 202
    )
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.split() if "/account/reset/" in line)
    uid, token = link.rstrip("/").split("/")[-2:]
    bad = client.post("/api/v1/auth/password/reset/confirm/", {"uid": uid, "token": "x-y", "new_password": "brand-new-pass-1"},
                      format="json")  # fmt: skip
    assert bad.json()["error"]["code"] == "invalid_reset_link"
    ok = client.post("/api/v1/auth/password/reset/confirm/", {"uid": uid, "token": token, "new_password": "brand-new-pass-1"},
                     format="json")  # fmt: skip
    assert ok.status_code == 204
    assert client.post("/api/v1/auth/token/", {"email": "piet@example.test", "password": "brand-new-pass-1"},
                       format="json").status_code == 200  # fmt: skip


def test_password_change_and_logout(api_for, eu, make_user):
    user = make_user(eu, email="piet@example.test", password=PASSWORD)
    client = api_for(eu, user)
    wrong = client.post(
        "/api/v1/auth/password/change/",
        {"old_password": "nope", "new_password": "brand-new-pass-1"},
        format="json",
    )
    assert wrong.json()["error"]["fields"]["old_password"][0]["code"] == "wrong_password"
    assert client.post("/api/v1/auth/password/change/", {"old_password": PASSWORD, "new_password": "brand-new-pass-1"},
                       format="json").status_code == 204  # fmt: skip
    tokens = api_for(eu).post("/api/v1/auth/token/", {"email": "piet@example.test", "password": "brand-new-pass-1"},
                              format="json").json()  # fmt: skip
    assert (
        client.post(
            "/api/v1/auth/logout/", {"refresh": tokens["refresh"]}, format="json"
        ).status_code
        == 204
    )
    reused = api_for(eu).post(
        "/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json"
    )
    assert reused.status_code == 401


def test_production_hashes_passwords_with_argon2():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_me_requires_authentication(api_for, eu):
    response = api_for(eu).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
