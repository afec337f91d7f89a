"""Read configuration from environment variables (every one is listed in .env.example)."""

import os
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database(url_var: str, sqlite_name: str) -> dict[str, Any]:
    """Build one DATABASES entry from a URL variable, or an SQLite file under var/."""
    url = os.environ.get(url_var)
    suffix = os.environ.get("GM_TEST_DB_SUFFIX", "")
    if url:
        # Persistent connections default to off: under ASGI each request's sync code may run
        # in a new thread, and per-thread persistent connections pile up until PostgreSQL
        # refuses clients. Reuse connections with the pool (DB_POOL_MAX_SIZE) instead.
        config: dict[str, Any] = dict(
            dj_database_url.parse(
                url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0), conn_health_checks=True
            )
        )
        if config["ENGINE"].endswith("postgresql"):
            config.setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 5)
            # Opt-in psycopg connection pool (the fix for per-thread connections under ASGI).
            pool_size = env_int("DB_POOL_MAX_SIZE", 0)
            if pool_size > 0:
                config["OPTIONS"]["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": 10}
                config["CONN_MAX_AGE"] = 0
            # Opt-in server-side parameter binding with psycopg's prepared statements: a
            # statement run DB_PREPARE_THRESHOLD times on a connection is parsed and planned
            # once (docs/operations.md). Needs connections that live (the pool) and no
            # transaction-mode PgBouncer in between.
            prepare_threshold = env_int("DB_PREPARE_THRESHOLD", 0)
            if prepare_threshold > 0:
                config["OPTIONS"]["server_side_binding"] = True
                config["OPTIONS"]["prepare_threshold"] = prepare_threshold
        config["TEST"] = {"NAME": f"test_{config['NAME']}{suffix}"}
    else:
        var_dir = Path(os.environ.get("GM_VAR_DIR", BASE_DIR / "var"))
        var_dir.mkdir(parents=True, exist_ok=True)
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(var_dir / f"{sqlite_name}.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # A file, not memory, so a worker process could share it in tests.
            "TEST": {"NAME": str(var_dir / f"test_{sqlite_name}{suffix}.sqlite3")},
        }
    if env_bool("GM_USE_TEST_DATABASES"):
        # Set for worker processes that a test starts: they must see the test databases,
        # including the suffix pytest-django adds per xdist worker (test_x_gw0).
        name = config["TEST"]["NAME"]
        xdist = os.environ.get("PYTEST_XDIST_WORKER")
        if xdist:
            root, ext = os.path.splitext(name) if not url else (name, "")
            name = f"{root}_{xdist}{ext}"
        config["NAME"] = name
    return config
