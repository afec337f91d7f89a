"""Checkout throughput and latency on PostgreSQL against a real server process.

Creates (once) its own PostgreSQL databases `<prefix>_{control,eu,mena}` (prefix
BENCH_DB_PREFIX, default `gm_bench_checkout`) on BENCH_PG (default
postgres://postgres@127.0.0.1:5432), migrates them, seeds the Europe region with one
vendor, 50 products with plenty of stock and one account per shopper, and serves the app
with granian (WSGI, `--workers 2`, psycopg pool, DEBUG off). The load comes from `wrk`
(C, light on the CPU it shares with the server) with a generated Lua script: one
connection per shopper (16 by default), each alternating add-to-cart
(POST /api/v1/cart/items/) and checkout (POST /api/v1/checkout/, cash on delivery, its
own Idempotency-Key) with its own Authorization header. Only the checkout requests are
timed (monotonic clock in the script, from writing the request to its response).
Notification messages go to RabbitMQ (BENCH_BROKER) and the benchmark's queue is purged
afterwards; Redis is the cache when REDIS_URL is set.

    .venv/bin/python benchmarks/checkout.py [--shoppers 16] [--seconds 30] [--workers 2]

Prints throughput (checkouts/s), p50/p95/p99 and the load average before and after;
writes var/bench/checkout.json.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
QUEUE = "gm_bench_checkout"
DBS = {"DATABASE_URL": "control", "DATABASE_URL_EU": "eu", "DATABASE_URL_MENA": "mena"}
ADDRESS = {"full_name": "Bench Shopper", "street": "Damrak", "house_number": "1", "city": "Amsterdam",
           "postal_code": "1012 LG", "country": "NL", "phone": "+31612345678"}  # fmt: skip
HOST = "eu.localhost"

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


def _prefix() -> str:
    return os.environ.get("BENCH_DB_PREFIX", "gm_bench_checkout")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    base = env.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    for var, name in DBS.items():
        env[var] = f"{base}/{_prefix()}_{name}"
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "false", "LOG_LEVEL": "WARNING",
                "PYTHONPATH": str(ROOT), "GM_TEST_DB_SUFFIX": "_bench_checkout"})  # fmt: skip
    # Reuse connections through psycopg's pool (per process and database, docs/operations.md).
    env["DB_CONN_MAX_AGE"] = "0"
    env.setdefault("DB_POOL_MAX_SIZE", "6")
    # Prepared statements on the pooled connections (docs/operations.md); 0 turns them off.
    env.setdefault("DB_PREPARE_THRESHOLD", "5")
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
            if f"{_prefix()}_{name}" not in existing:
                conn.execute(f'CREATE DATABASE "{_prefix()}_{name}"')


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


LUA = r"""
-- Generated by benchmarks/checkout.py: one connection per thread = one shopper.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local TOKENS = {%(tokens)s}
local VARIANTS = {%(variants)s}
local RUN = "%(run)s"
local CHECKOUT_BODY = '%(checkout)s'

local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("shopper", counter)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  started = 0
  kind = "checkout"
  checkout_ms = {}
  errors = 0
  error_sample = ""
  auth = "Bearer " .. TOKENS[shopper]
end

function request()
  n = n + 1
  local headers = {["Host"] = "%(host)s", ["Authorization"] = auth, ["Content-Type"] = "application/json"}
  if kind == "checkout" then
    kind = "add"
    local variant = VARIANTS[((shopper * 7 + n) %% #VARIANTS) + 1]
    return wrk.format("POST", "/api/v1/cart/items/", headers,
                      '{"variant": ' .. variant .. ', "quantity": 1}')
  end
  kind = "checkout"
  headers["Idempotency-Key"] = RUN .. "-" .. shopper .. "-" .. n
  started = now_ms()
  return wrk.format("POST", "/api/v1/checkout/", headers, CHECKOUT_BODY)
end

function response(status, headers, body)
  if status ~= 201 then
    errors = errors + 1
    if error_sample == "" then error_sample = kind .. " " .. status .. " " .. string.sub(body, 1, 200) end
  elseif kind == "checkout" then
    checkout_ms[#checkout_ms + 1] = now_ms() - started
  end
end

function done(summary, latency, requests)
  local all = {}
  local errors_total = 0
  local sample = ""
  for _, thread in ipairs(threads) do
    for _, ms in ipairs(thread:get("checkout_ms")) do all[#all + 1] = ms end
    errors_total = errors_total + thread:get("errors")
    if sample == "" then sample = thread:get("error_sample") end
  end
  table.sort(all)
  local function pct(p)
    if #all == 0 then return -1 end
    return all[math.max(1, math.min(#all, math.ceil(p / 100 * #all)))]
  end
  local sum = 0
  for _, ms in ipairs(all) do sum = sum + ms end
  io.write(string.format(
    'BENCH{"checkouts": %%d, "errors": %%d, "seconds": %%.3f, "p50_ms": %%.1f, "p95_ms": %%.1f, ' ..
    '"p99_ms": %%.1f, "max_ms": %%.1f, "mean_ms": %%.1f, "requests": %%d, "error_sample": "%%s"}\n',
    #all, errors_total, summary.duration / 1e6, pct(50), pct(95), pct(99), pct(100),
    #all > 0 and sum / #all or -1, summary.requests, string.gsub(sample, '["\\%%c]', ' ')))
end
"""


def _lua(data: dict[str, list], run: str) -> Path:
    script = VAR / "checkout.lua"
    checkout = json.dumps({"shipping_address": ADDRESS, "payment_method": "cod"})
    script.write_text(LUA % {
        "tokens": ", ".join(f'"{t}"' for t in data["tokens"]),
        "variants": ", ".join(str(v) for v in data["variants"]),
        "run": run, "checkout": checkout.replace("'", "\\'"), "host": HOST,
    })  # fmt: skip
    return script


def _wrk(port: int, script: Path, shoppers: int, seconds: int) -> dict:
    wrk = shutil.which("wrk") or "/usr/bin/wrk"
    out = subprocess.run(
        [wrk, f"-t{shoppers}", f"-c{shoppers}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script),
         f"http://127.0.0.1:{port}/"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    line = next(ln for ln in out.splitlines() if ln.startswith("BENCH"))
    return json.loads(line[len("BENCH") :])  # type: ignore[no-any-return]


def _wait_for(port: int) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": HOST})
    for _ in range(300):
        try:
            urllib.request.urlopen(request, timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not come up")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shoppers", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=30, help="measured run (after a warm-up)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    args = parser.parse_args()
    env = _env()
    data = _prepare(env, args.shoppers)
    port = _free_port()
    granian = str(Path(sys.executable).parent / "granian")
    server = subprocess.Popen(
        [granian, "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(args.workers), "--blocking-threads", "4", "--no-ws", "--log-level", "warning",
         "config.wsgi:application"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        _wait_for(port)
        run = uuid.uuid4().hex[:12]
        _wrk(
            port, _lua(data, f"{run}w"), args.shoppers, args.warmup
        )  # warm up code paths and pools
        load_before = [round(x, 2) for x in os.getloadavg()]
        measured = _wrk(port, _lua(data, run), args.shoppers, args.seconds)
        load_after = [round(x, 2) for x in os.getloadavg()]
    finally:
        server.terminate()
        server.wait(timeout=20)
        if env["CELERY_BROKER_URL"]:
            subprocess.run([sys.executable, "-m", "celery", "-A", "config", "purge", "-f", "-Q", QUEUE],
                           cwd=ROOT, env=env, capture_output=True)  # fmt: skip
    sample = measured.pop("error_sample", "")
    result = {
        "server": f"granian wsgi, {args.workers} workers, psycopg pool", "driver": "wrk + Lua",
        "shoppers": args.shoppers, **measured,
        "throughput_per_s": round(measured["checkouts"] / measured["seconds"], 1),
        "load_average_before": load_before, "load_average_after": load_after, "cpus": os.cpu_count(),
    }  # fmt: skip
    print(json.dumps(result, indent=2))
    if sample:
        print("first error:", sample)
    (VAR / "checkout.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
