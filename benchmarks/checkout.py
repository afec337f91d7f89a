"""Checkout throughput and latency on PostgreSQL against a real server process.

Creates (once) its own PostgreSQL databases `gm_bench_checkout_{control,eu,mena}` on
BENCH_PG (default postgres://postgres@127.0.0.1:5432), migrates them, seeds the Europe
region with one vendor, 50 products with plenty of stock and one account per shopper, and
starts uvicorn (config.asgi, DEBUG off). Then N concurrent shoppers (default 16) each
repeat: add one item to the cart (POST /api/v1/cart/items/), check out
(POST /api/v1/checkout/ with an Idempotency-Key, cash on delivery). Only the checkout
request is timed. Redis is used for the cache when REDIS_URL is set.

    .venv/bin/python benchmarks/checkout.py [--shoppers 16] [--checkouts 30] [--workers 2]

Prints throughput (checkouts/s) and p50/p95/p99; writes var/bench/checkout.json.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
QUEUE = "gm_bench_checkout"
DBS = {"DATABASE_URL": "control", "DATABASE_URL_EU": "eu", "DATABASE_URL_MENA": "mena"}
ADDRESS = {"full_name": "Bench Shopper", "street": "Damrak", "house_number": "1", "city": "Amsterdam",
           "postal_code": "1012 LG", "country": "NL", "phone": "+31612345678"}  # fmt: skip

SEED = """
import json
from decimal import Decimal
from globalmarket.accounts.authentication import tokens_for
from globalmarket.accounts.models import User
from globalmarket.catalog.models import Category, Product, ProductVariant
from globalmarket.tenancy.context import use_tenant
from globalmarket.tenancy.demo import ensure_demo_tenants
from globalmarket.vendors.models import Vendor

eu = next(t for t in ensure_demo_tenants() if t.slug == "eu")
with use_tenant(eu):
    vendor, _ = Vendor.objects.get_or_create(slug="bench-vendor", defaults=dict(
        name="Bench Vendor", status="approved", country="NL", contact_email="bench@example.test",
        shipping_rates={"NL": {"cost": "4.95", "delivery_days_min": 1, "delivery_days_max": 3}}))
    category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": {"en": "Bench"}})
    variants = []
    for i in range(50):
        product, created = Product.objects.get_or_create(vendor=vendor, sku=f"BENCH-{i}", defaults=dict(
            category=category, slug=f"bench-{i}", name={"en": f"Bench product {i}"}, price=Decimal("19.99"),
            currency="EUR", status="published", available_in_countries=["NL"]))
        variant = product.variants.first() or ProductVariant.objects.create(product=product, vendor=vendor,
                                                                            sku=f"BENCH-{i}-V", stock=0)
        ProductVariant.objects.filter(pk=variant.pk).update(stock=10_000_000)
        variants.append(variant.pk)
    tokens = []
    for i in range(SHOPPERS):
        user = User.objects.filter(email=f"shopper{i}@bench.test").first()
        if user is None:
            user = User.objects.create_user(f"shopper{i}@bench.test", "bench-pass-2026", full_name="Bench")
        tokens.append(tokens_for(user)["access"])
print("BENCH" + json.dumps({"variants": variants, "tokens": tokens}))
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    base = env.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    for var, name in DBS.items():
        env[var] = f"{base}/gm_bench_checkout_{name}"
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "false", "LOG_LEVEL": "WARNING",
                "PYTHONPATH": str(ROOT), "GM_TEST_DB_SUFFIX": "_bench_checkout"})  # fmt: skip
    # Under ASGI each request may run in a new thread: reuse connections through psycopg's
    # pool (per process and database, docs/operations.md), never per-thread persistent ones.
    env["DB_CONN_MAX_AGE"] = "0"
    env.setdefault("DB_POOL_MAX_SIZE", "10")
    # Notification e-mails go through a real broker as in production (not run inline);
    # the benchmark's queue is purged at the end. BENCH_BROKER="" runs them eagerly instead.
    env["CELERY_BROKER_URL"] = env.get("BENCH_BROKER", "amqp://guest:guest@127.0.0.1:5672//")
    env["CELERY_TASK_DEFAULT_QUEUE"] = QUEUE
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    return env


def _create_databases(env: dict[str, str]) -> None:
    base = env.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        existing = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
        for name in DBS.values():
            if f"gm_bench_checkout_{name}" not in existing:
                conn.execute(f'CREATE DATABASE "gm_bench_checkout_{name}"')


def _prepare(env: dict[str, str], shoppers: int) -> dict[str, list]:
    VAR.mkdir(parents=True, exist_ok=True)
    _create_databases(env)
    subprocess.run(
        [sys.executable, "manage.py", "migrate_all"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", f"SHOPPERS = {shoppers}\n{SEED}"],
                         cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout  # fmt: skip
    line = next(ln for ln in out.splitlines() if ln.startswith("BENCH"))
    return json.loads(line[len("BENCH") :])  # type: ignore[no-any-return]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shoppers", type=int, default=16)
    parser.add_argument("--checkouts", type=int, default=30, help="per shopper")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    args = parser.parse_args()
    env = _env()
    data = _prepare(env, args.shoppers)
    load_before = round(os.getloadavg()[0], 1)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(args.workers), "--no-access-log", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    timings: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        with httpx.Client(base_url=base, headers={"Host": "eu.localhost"}, timeout=10) as probe:
            for _ in range(200):
                try:
                    probe.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)

        def shopper(index: int, rounds: int, record: bool) -> None:
            headers = {"Host": "eu.localhost", "Authorization": f"Bearer {data['tokens'][index]}"}
            with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
                for n in range(rounds):
                    variant = data["variants"][(index * 7 + n) % len(data["variants"])]
                    added = client.post(
                        "/api/v1/cart/items/", json={"variant": variant, "quantity": 1}
                    )
                    start = time.perf_counter()
                    response = client.post("/api/v1/checkout/", json={"shipping_address": ADDRESS,
                                           "payment_method": "cod"},
                                           headers={"Idempotency-Key": uuid.uuid4().hex})  # fmt: skip
                    elapsed = (time.perf_counter() - start) * 1000
                    with lock:
                        if response.status_code != 201 or added.status_code != 201:
                            errors.append(
                                f"{added.status_code}/{response.status_code} {response.text[:200]}"
                            )
                        elif record:
                            timings.append(elapsed)

        def run(rounds: int, record: bool) -> float:
            threads = [
                threading.Thread(target=shopper, args=(i, rounds, record))
                for i in range(args.shoppers)
            ]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return time.perf_counter() - start

        run(2, record=False)  # warm up connections and code paths
        wall = run(args.checkouts, record=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
        if env["CELERY_BROKER_URL"]:
            subprocess.run([sys.executable, "-m", "celery", "-A", "config", "purge", "-f", "-Q", QUEUE],
                           cwd=ROOT, env=env, capture_output=True)  # fmt: skip
    result = {
        "shoppers": args.shoppers, "workers": args.workers, "checkouts": len(timings), "errors": len(errors),
        "throughput_per_s": round(len(timings) / wall, 1) if timings else 0,
        "p50_ms": round(statistics.median(timings), 1) if timings else None,
        "p95_ms": round(_percentile(timings, 95), 1) if timings else None,
        "p99_ms": round(_percentile(timings, 99), 1) if timings else None,
        "mean_ms": round(statistics.fmean(timings), 1) if timings else None,
        "load_average_1m_before": load_before, "cpus": os.cpu_count(),
    }  # fmt: skip
    print(json.dumps(result, indent=2))
    if errors:
        print("first errors:", *errors[:5], sep="\n  ")
    (VAR / "checkout.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
