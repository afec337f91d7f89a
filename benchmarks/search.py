"""Search benchmark on PostgreSQL: load N products into one region, index, serve, measure.

    .venv/bin/python benchmarks/search.py --keep                # 1,000,000 products (default)
    .venv/bin/python benchmarks/search.py --skip-load --keep    # measure again on kept data
    .venv/bin/python benchmarks/search.py --products 100000 --db gm_bench_search_100k

Steps: create the dedicated databases `<db>` (region) and `<db>_control` on BENCH_PG_URL,
migrate, load vendors/brands/categories and N products + N variants with COPY, build the
index with the real indexing code (`rebuild_search_index`), time both; measure the engine
in-process (no HTTP); serve with granian WSGI (2 workers) with a Redis response cache in a
fresh key namespace; then drive it with wrk (`search_wrk.lua` walking a list of request
paths) for search-with-facets and autocomplete, each with

* `zipf`: a realistic mix, Zipf-distributed (s=1) over a pool of a few thousand distinct
  queries, after a warm-up that requests every pool query once (steady state: production
  traffic has asked the popular queries within the cache TTL), and
* `distinct`: all-distinct queries that share nothing with the pool (every request a cache
  miss, i.e. the engine's cold cost),

at 16 connections and at 1, printing p50/p95/p99, requests/s, cache hits and the load
average. The databases are dropped at the end unless --keep. Nothing in the project's own
databases is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB = "gm_bench_search"
HOST = "eu.localhost"

# Product vocabulary with real Dutch translations (the bench region has en + nl documents).
NOUNS = {
    "headphones": "koptelefoon",
    "speaker": "luidspreker",
    "kettle": "waterkoker",
    "lamp": "lamp",
    "chair": "stoel",
    "table": "tafel",
    "backpack": "rugzak",
    "jacket": "jas",
    "shoes": "schoenen",
    "watch": "horloge",
    "camera": "camera",
    "keyboard": "toetsenbord",
    "mouse": "muis",
    "monitor": "beeldscherm",
    "blender": "blender",
    "toaster": "broodrooster",
    "pan": "pan",
    "knife": "mes",
    "bicycle": "fiets",
    "helmet": "helm",
    "tent": "tent",
    "blanket": "deken",
    "pillow": "kussen",
    "mirror": "spiegel",
    "clock": "klok",
    "vase": "vaas",
    "mug": "mok",
    "bottle": "fles",
    "umbrella": "paraplu",
    "wallet": "portemonnee",
    "scarf": "sjaal",
    "gloves": "handschoenen",
    "sweater": "trui",
    "trousers": "broek",
    "dress": "jurk",
    "hat": "hoed",
    "sofa": "bank",
    "desk": "bureau",
    "shelf": "plank",
    "curtain": "gordijn",
    "carpet": "tapijt",
    "drill": "boormachine",
    "hammer": "hamer",
    "saw": "zaag",
    "ladder": "ladder",
    "printer": "printer",
    "router": "router",
    "charger": "oplader",
    "cable": "kabel",
    "battery": "batterij",
    "phone": "telefoon",
    "tablet": "tablet",
    "laptop": "laptop",
    "television": "televisie",
    "fridge": "koelkast",
    "oven": "oven",
    "vacuum": "stofzuiger",
    "fan": "ventilator",
    "heater": "kachel",
    "scale": "weegschaal",
    "brush": "borstel",
    "towel": "handdoek",
    "candle": "kaars",
    "puzzle": "puzzel",
    "doll": "pop",
    "ball": "bal",
    "racket": "racket",
    "skateboard": "skateboard",
    "guitar": "gitaar",
    "piano": "piano",
    "drum": "trommel",
    "book": "boek",
    "notebook": "schrift",
    "pen": "pen",
    "pencil": "potlood",
    "bag": "tas",
    "suitcase": "koffer",
    "sunglasses": "zonnebril",
    "ring": "ring",
    "necklace": "ketting",
    "bracelet": "armband",
    "perfume": "parfum",
    "shampoo": "shampoo",
    "soap": "zeep",
    "toothbrush": "tandenborstel",
    "razor": "scheermes",
    "grill": "barbecue",
    "hose": "tuinslang",
    "shovel": "schep",
    "rake": "hark",
    "bucket": "emmer",
    "basket": "mand",
    "box": "doos",
}
ADJECTIVES = {
    "wireless": "draadloze",
    "red": "rode",
    "blue": "blauwe",
    "black": "zwarte",
    "white": "witte",
    "green": "groene",
    "small": "kleine",
    "large": "grote",
    "portable": "draagbare",
    "electric": "elektrische",
    "wooden": "houten",
    "leather": "leren",
    "steel": "stalen",
    "cotton": "katoenen",
    "waterproof": "waterdichte",
    "foldable": "opvouwbare",
    "smart": "slimme",
    "classic": "klassieke",
    "modern": "moderne",
    "vintage": "vintage",
    "compact": "compacte",
    "heavy": "zware",
    "light": "lichte",
    "soft": "zachte",
    "warm": "warme",
    "silent": "stille",
    "fast": "snelle",
    "premium": "premium",
    "ergonomic": "ergonomische",
    "robust": "robuuste",
}
BRANDS = [f"{a}{b}" for a in ("Nor", "Sol", "Vek", "Lum", "Tor", "Zan", "Kri", "Bel", "Mar", "Qua")
          for b in ("tek", "ana", "ora", "ix", "on", "ela", "ux", "ari", "ent", "o")]  # fmt: skip
COUNTRIES = ["NL", "DE", "BE", "FR"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def psql(sql: str, db: str = "postgres") -> None:
    subprocess.run(["psql", f"{PG_URL}/{db}", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


def bench_env(languages: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "GM_TEST"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "0", "GM_REGIONS": "eu",
        "DATABASE_URL": f"{PG_URL}/{DB}_control", "DATABASE_URL_EU": f"{PG_URL}/{DB}",
        "LOG_LEVEL": "WARNING", "BENCH_LANGUAGES": languages,
        # ASGI runs sync views off the request thread: without a pool, persistent connections
        # pile up (FATAL too many clients). Open one per request, as production ASGI must.
        "DB_CONN_MAX_AGE": "0",
    })  # fmt: skip
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    return env


# --- phase 1 (runs in a child process with bench_env): migrate, load, index ----------------
def load_and_index(n: int, seed: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from globalmarket.catalog.models import Product, ProductVariant
    from globalmarket.catalog.tests.factories import BrandFactory, CategoryFactory
    from globalmarket.tenancy.context import use_tenant
    from globalmarket.tenancy.demo import ensure_demo_tenants
    from globalmarket.tenancy.services import tenant_update
    from globalmarket.vendors.tests.factories import VendorFactory

    t0 = time.monotonic()
    call_command("migrate_all", verbosity=0)
    eu = next(t for t in ensure_demo_tenants() if t.slug == "eu")
    languages = os.environ["BENCH_LANGUAGES"].split(",")
    eu = tenant_update(tenant=eu, languages=languages) if languages != eu.languages else eu
    log(f"migrated in {time.monotonic() - t0:.1f}s; region languages {languages}")
    rng = random.Random(seed)
    with use_tenant(eu):
        t0 = time.monotonic()
        vendors = [
            VendorFactory(name=f"Bench vendor {i}", slug=f"bench-vendor-{i}") for i in range(200)
        ]
        vendors.append(VendorFactory(name="Suspended vendor", slug="suspended", status="suspended"))
        brands = [BrandFactory(name=name, slug=name.lower()) for name in BRANDS]
        roots = [CategoryFactory(slug=f"dept-{i}", name={"en": f"Department {i}", "nl": f"Afdeling {i}"})
                 for i in range(10)]  # fmt: skip
        nouns = list(NOUNS)
        leaf_of = {}
        for i, noun in enumerate(nouns):
            leaf_of[noun] = CategoryFactory(
                slug=f"cat-{noun}", parent=roots[i % 10],
                name={"en": noun.title(), "nl": NOUNS[noun].title()},
            )  # fmt: skip
        product_fields = [f for f in Product._meta.concrete_fields if not f.primary_key]

        def copy_value(row: dict[str, Any], field: Any) -> Any:
            """The row's value, else the field's default (columns added after this loader)."""
            if field.column in row:
                return row[field.column]
            default = field.get_default()
            return json.dumps(default) if isinstance(default, dict | list) else default

        variant_fields = [f for f in ProductVariant._meta.concrete_fields if not f.primary_key]
        now = timezone.now()

        def product_row(i: int) -> dict[str, Any]:
            noun, adj = rng.choice(nouns), rng.choice(list(ADJECTIVES))
            brand = rng.choice(brands)
            vendor = vendors[i % len(vendors)]
            price = (
                rng.choice([5, 9, 15, 19, 25, 39, 49, 79, 99, 149, 249, 499, 999])
                + rng.randint(0, 99) / 100
            )
            on_sale = rng.random() < 0.2
            model = f"{rng.choice('ABCDEFGHKLMNPRSTVXZ')}{rng.randint(100, 9999)}"
            name = {"en": f"{brand.name} {adj} {noun} {model}",
                    "nl": f"{brand.name} {ADJECTIVES[adj]} {NOUNS[noun]} {model}"}  # fmt: skip
            desc = {"en": f"<p>A {adj} {noun} by {brand.name}. Great quality, {rng.choice(list(ADJECTIVES))} design.</p>",
                    "nl": f"<p>Een {ADJECTIVES[adj]} {NOUNS[noun]} van {brand.name}.</p>"}  # fmt: skip
            countries = rng.sample(COUNTRIES, rng.randint(2, 4))
            return {
                "tenant_id": eu.id, "vendor_id": vendor.id, "category_id": leaf_of[noun].id,
                "brand_id": brand.id, "sku": f"B{i:08d}", "slug": f"bench-{i}",
                "name": json.dumps(name), "description": json.dumps(desc),
                "attributes": json.dumps({"color": adj}), "price": f"{price:.2f}",
                "compare_at_price": f"{price * 1.25:.2f}" if on_sale else None, "cost_price": None,
                "currency": "EUR", "tax_class": "standard", "track_inventory": True,
                "low_stock_threshold": 10, "seo": "{}", "available_in_countries": json.dumps(countries),
                "shipping_info": "{}", "views": 0, "sales_count": 0, "revenue": "0",
                "rating_avg": f"{rng.choice([0, 2.5, 3.1, 3.8, 4.2, 4.5, 4.9]):.2f}",
                "rating_count": rng.randint(0, 500), "status": "published", "is_featured": False,
                "published_at": now, "created_at": now, "updated_at": now,
            }  # fmt: skip

        log(f"reference data in {time.monotonic() - t0:.1f}s; loading {n:,} products with COPY …")
        t0 = time.monotonic()
        conn = connections["region_eu"]
        conn.ensure_connection()
        pg = conn.connection
        cols = ", ".join(f.column for f in product_fields)
        with pg.cursor() as cur, cur.copy(f"COPY catalog_product ({cols}) FROM STDIN") as copy:
            for i in range(n):
                row = product_row(i)
                copy.write_row([copy_value(row, f) for f in product_fields])
        with pg.cursor() as cur:
            cur.execute("SELECT min(id) FROM catalog_product")
            first_id = cur.fetchone()[0]
        vcols = ", ".join(f.column for f in variant_fields)
        with (
            pg.cursor() as cur,
            cur.copy(f"COPY catalog_productvariant ({vcols}) FROM STDIN") as copy,
        ):
            for i in range(n):
                row = {"tenant_id": eu.id, "product_id": first_id + i, "vendor_id": vendors[i % len(vendors)].id,
                       "sku": f"B{i:08d}-V", "option_name": "", "option_value": "", "translations": "{}",
                       "price_modifier": "0", "stock": 0 if i % 7 == 0 else 25, "position": 0, "is_active": True}  # fmt: skip
                copy.write_row([copy_value(row, f) for f in variant_fields])
        pg.commit()
        with pg.cursor() as cur:
            cur.execute("ANALYZE")
        pg.commit()
        log(f"loaded {n:,} products + {n:,} variants in {time.monotonic() - t0:.1f}s")
        print(
            f"TIMING load (COPY {n:,} products + variants): {time.monotonic() - t0:.0f}s",
            flush=True,
        )
    t0 = time.monotonic()
    call_command("rebuild_search_index", "--tenant", "eu", "--batch-size", "2000")
    conn.close()
    psql("VACUUM ANALYZE search_searchdocument", DB)
    psql("VACUUM ANALYZE search_searchterm", DB)
    log(f"indexed in {time.monotonic() - t0:.1f}s")
    print(
        f"TIMING index build (rebuild_search_index + VACUUM ANALYZE): {time.monotonic() - t0:.0f}s",
        flush=True,
    )


# --- phase 2a (child process): the engine alone, without HTTP and Django's request stack ----
def measure_engine(samples: int) -> None:
    import django

    django.setup()
    from globalmarket.search.backends import Filters, get_backend
    from globalmarket.tenancy.context import use_tenant
    from globalmarket.tenancy.selectors import tenant_by_slug

    rng = random.Random(7)
    tenant = tenant_by_slug("eu")
    with use_tenant(tenant):
        backend = get_backend()
        calls = {
            "engine search": (search_params, lambda p: backend.search(
                query=p["q"], filters=Filters(), language="en", country=p["country"])),
            "engine suggest": (suggest_params, lambda p: backend.suggest(
                prefix=p["q"], language="en", country=p["country"])),
        }  # fmt: skip
        out = []
        for name, (make, call) in calls.items():
            call(make(rng))  # warm-up
            latencies = []
            for _ in range(samples):
                params = make(rng)
                start = time.perf_counter()
                call(params)
                latencies.append((time.perf_counter() - start) * 1000)
            out.append({"name": name, "concurrency": 1, "requests": samples, "errors": 0,
                        "rps": round(samples / (sum(latencies) / 1000), 1),
                        "p50": round(percentile(latencies, 50), 1), "p95": round(percentile(latencies, 95), 1),
                        "p99": round(percentile(latencies, 99), 1)})  # fmt: skip
    print("ENGINE " + json.dumps(out), flush=True)


# --- phase 2: request lists, serve with granian, drive with wrk ------------------------------
def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def search_params(rng: random.Random) -> dict[str, str]:
    noun, adj = rng.choice(list(NOUNS)), rng.choice(list(ADJECTIVES))
    kind = rng.random()
    if kind < 0.4:
        q = f"{adj} {noun}"
    elif kind < 0.7:
        q = noun
    elif kind < 0.85:
        q = f"{rng.choice(BRANDS)} {noun}"
    else:
        q = f"{ADJECTIVES[adj]} {NOUNS[noun]}"  # Dutch words on the English region language
    params = {"q": q, "country": rng.choice(COUNTRIES), "page_size": "20"}
    extra = rng.random()
    if extra < 0.1:
        params["max_price"] = rng.choice(["25", "50", "100"])
    elif extra < 0.15:
        params["on_sale"] = "true"
    elif extra < 0.2:
        params["sort"] = rng.choice(["price", "-price", "rating"])
    return params


def suggest_params(rng: random.Random) -> dict[str, str]:
    word = rng.choice(list(NOUNS) + list(ADJECTIVES) + BRANDS).lower()
    q = word[: rng.randint(2, min(5, len(word)))]
    if rng.random() < 0.5:  # "brand partial-noun": the second word being typed
        noun = rng.choice(list(NOUNS))
        q = f"{rng.choice(BRANDS).lower()} {noun[: rng.randint(1, min(5, len(noun)))]}"
    return {"q": q, "country": rng.choice(COUNTRIES)}


def request_lists(make: Callable[[random.Random], dict[str, str]], path: str, pool: int,
                  count: int, seed: int) -> tuple[list[str], list[str], list[str]]:  # fmt: skip
    """(pool, realistic, distinct): the `pool` distinct popular queries, `count` paths drawn
    Zipf-like (s=1) from them, and `count` all-distinct paths that share no query with the
    pool."""
    from urllib.parse import urlencode

    rng = random.Random(seed)
    seen: set[str] = set()
    distinct: list[str] = []
    tries = 0
    while len(distinct) < pool + count and tries < (pool + count) * 50:
        tries += 1
        url = f"{path}?{urlencode(make(rng))}"
        if url not in seen:
            seen.add(url)
            distinct.append(url)
    popular, cold = distinct[:pool], distinct[pool:]
    weights = [1 / (rank + 1) for rank in range(len(popular))]
    realistic = rng.choices(popular, weights=weights, k=count)
    return popular, realistic, cold


def wait_until_up(port: int) -> None:
    import urllib.request

    for _ in range(240):
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/search/?q=lamp",
                                         headers={"Host": HOST})  # fmt: skip
            with urllib.request.urlopen(req, timeout=10) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("server did not start")


def run_wrk(port: int, paths: list[str], seconds: float, connections: int, threads: int,
            workdir: Path) -> dict[str, Any]:  # fmt: skip
    listing = workdir / f"paths-{time.monotonic_ns()}.txt"
    listing.write_text("\n".join(paths) + "\n")
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
         "-s", str(ROOT / "benchmarks" / "search_wrk.lua"), f"http://127.0.0.1:{port}",
         "--", str(listing), HOST, str(threads)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def granian_path() -> str:
    """The project's granian, else the one next to this interpreter (a git worktree has no
    .venv of its own and runs the main checkout's)."""
    local = ROOT / ".venv" / "bin" / "granian"
    return str(local if local.exists() else Path(sys.executable).parent / "granian")


def serve_and_measure(args: argparse.Namespace, env: dict[str, str]) -> list[dict[str, Any]]:
    import tempfile

    port = args.port
    # A fresh cache namespace per run: the first request of every query is a real miss.
    prefix = f"gmbench-search-{os.getpid()}-{int(time.time())}"
    env = {**env, "REDIS_URL": args.redis_url, "CACHE_KEY_PREFIX": prefix}
    server = subprocess.Popen(
        [granian_path(), "--interface", "wsgi", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(args.workers), "--blocking-threads",
         str(args.blocking_threads), "--no-ws", "--log-level", "warning", "config.wsgi:application"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    results = []
    try:
        wait_until_up(port)
        n = max(5000, int(args.seconds * 1000))  # more paths than a run can send
        scenarios = [
            ("search+facets", "/api/v1/search/", search_params, args.search_pool),
            ("autocomplete", "/api/v1/search/suggest/", suggest_params, args.suggest_pool),
        ]
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            for name, path, make, pool in scenarios:
                popular, realistic, cold = request_lists(make, path, pool, 2 * n, seed=args.seed)
                # Steady state: production traffic has asked every popular query within the
                # cache's TTL. Request each once (the list then wraps: hits), then measure.
                warmup = max(args.warmup, pool / 25)
                log(f"{name}: warming the cache with the {pool} popular queries ({warmup:.0f}s)")
                run_wrk(port, popular, warmup, args.concurrency, 2, workdir)
                for mix, paths in (("zipf", realistic), ("distinct", cold)):
                    # The 1-connection run gets its own half of the list (distinct stays cold).
                    for conns, part in ((args.concurrency, paths[:n]), (1, paths[n:])):
                        log(f"{name} {mix}: {args.seconds:.0f}s at {conns} connections")
                        r = run_wrk(port, part, args.seconds if conns > 1 else args.seconds / 2,
                                    conns, min(2, conns), workdir)  # fmt: skip
                        results.append({"name": f"{name} {mix}", "concurrency": conns,
                                        "load": round(os.getloadavg()[0], 1), **r})  # fmt: skip
                        log(f"  {r}")
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)
        try:
            import redis

            client = redis.Redis.from_url(args.redis_url)
            keys = list(client.scan_iter(f"{prefix}*", count=5000))
            for i in range(0, len(keys), 1000):
                client.delete(*keys[i : i + 1000])
        except Exception as exc:
            log(f"cache cleanup failed: {exc}")


def main() -> None:
    global DB
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--db", default=DB, help="region database name (+ _control)")
    parser.add_argument(
        "--languages", default="en,nl", help="document languages of the bench region"
    )
    parser.add_argument("--seconds", type=float, default=30, help="per measured run")
    parser.add_argument("--warmup", type=float, default=10, help="min. seconds of cache warm-up")
    parser.add_argument("--search-pool", type=int, default=3000, help="distinct popular queries")
    parser.add_argument("--suggest-pool", type=int, default=2000, help="distinct popular prefixes")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--blocking-threads", type=int, default=4, help="granian threads/worker")
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the bench databases")
    parser.add_argument("--skip-load", action="store_true", help="reuse kept bench databases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    DB = args.db
    if args.phase == "load":
        load_and_index(args.products, args.seed)
        return
    if args.phase == "engine":
        measure_engine(200)
        return
    env = bench_env(args.languages)
    # As deployed (docs/operations.md): a psycopg pool and prepared statements.
    env.update({"DB_CONN_MAX_AGE": "0", "DB_POOL_MAX_SIZE": "8", "DB_PREPARE_THRESHOLD": "5"})
    started = time.monotonic()
    timings: list[str] = []
    try:
        if not args.skip_load:
            for db in (DB, f"{DB}_control"):
                psql(f"DROP DATABASE IF EXISTS {db}")
                psql(f"CREATE DATABASE {db}")
            child = subprocess.Popen([sys.executable, __file__, "--phase", "load", "--db", DB,
                                      "--products", str(args.products), "--seed", str(args.seed)],
                                     cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # fmt: skip
            assert child.stdout is not None
            for out in child.stdout:
                print(out, end="", flush=True)
                if "TIMING" in out:
                    timings.append(out.split("TIMING ", 1)[1].strip())
            if child.wait() != 0:
                raise SystemExit("load failed")
        log("measuring the engine in-process (backend.search / backend.suggest, 1 at a time)")
        engine = subprocess.run([sys.executable, __file__, "--phase", "engine", "--db", DB],
                                cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout  # fmt: skip
        line = next(x for x in engine.splitlines() if x.startswith("ENGINE "))
        results = [*serve_and_measure(args, env), *json.loads(line.removeprefix("ENGINE "))]
    finally:
        if not args.keep:
            for db in (DB, f"{DB}_control"):
                psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
            log("bench databases dropped")
    print(f"\n{args.products:,} products, languages {args.languages}; granian WSGI "
          f"{args.workers} workers x {args.blocking_threads} threads; wrk; total "
          f"{time.monotonic() - started:.0f}s; load average now {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    for t in timings:
        print(f"  {t}")
    header = ["scenario", "conns", "requests", "errors", "hits", "req/s", "p50 ms", "p95 ms",
              "p99 ms", "load"]  # fmt: skip
    print(f"{header[0]:<26}" + "".join(f"{h:>9}" for h in header[1:]))
    for r in results:
        values = [r["concurrency"], r["requests"], r["errors"], r.get("hits", "-"), r["rps"],
                  r["p50"], r["p95"], r["p99"], r.get("load", "-")]  # fmt: skip
        # Only matters for the all-distinct lists (a Zipf list is repeats by design).
        wrapped = " (list wrapped: repeats)" if r.get("wrapped") and "distinct" in r["name"] else ""
        print(f"{r['name']:<26}" + "".join(f"{v!s:>9}" for v in values) + wrapped)


if __name__ == "__main__":
    main()
