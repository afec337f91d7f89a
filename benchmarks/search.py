"""Search benchmark on PostgreSQL: load N products into one region, index, serve, measure.

    .venv/bin/python benchmarks/search.py                # 1,000,000 products (default)
    .venv/bin/python benchmarks/search.py --products 200000 --requests 2000

Steps (each timed): create the dedicated databases `gm_bench_search` (region) and
`gm_bench_search_control` (control plane) on PG_URL, migrate, load vendors/brands/categories
and N products + N variants with COPY, build the index with the real indexing code
(`rebuild_search_index`), start uvicorn on 127.0.0.1, then run search-with-facets and
autocomplete at 16 concurrent connections (httpx async client, bounded request count and
time) and print p50/p95/p99 and requests/s. The databases are dropped at the end unless
--keep. Nothing in the project's own databases is touched.
"""

from __future__ import annotations

import argparse
import asyncio
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
    t0 = time.monotonic()
    call_command("rebuild_search_index", "--tenant", "eu", "--batch-size", "2000")
    conn.close()
    psql("VACUUM ANALYZE search_searchdocument", DB)
    psql("VACUUM ANALYZE search_searchterm", DB)
    log(f"indexed in {time.monotonic() - t0:.1f}s")


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


# --- phase 2: serve and measure -------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def measure(name: str, base: str, make_params: Callable[[random.Random], dict[str, str]],
                  path: str, requests: int, seconds: float, concurrency: int) -> dict[str, Any]:  # fmt: skip
    import httpx

    latencies: list[float] = []
    errors = 0
    rng = random.Random(42)
    sent = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base, headers={"Host": HOST}, limits=limits, timeout=30
    ) as client:
        for _ in range(concurrency):  # warm-up
            await client.get(path, params=make_params(rng))

        async def worker() -> None:
            nonlocal sent, errors
            while sent < requests and time.monotonic() < deadline:
                sent += 1
                params = make_params(rng)
                start = time.perf_counter()
                r = await client.get(path, params=params)
                latencies.append((time.perf_counter() - start) * 1000)
                if r.status_code != 200:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {
        "name": name, "requests": len(latencies), "errors": errors, "seconds": round(elapsed, 1),
        "rps": round(len(latencies) / elapsed, 1), "p50": round(percentile(latencies, 50), 1),
        "p95": round(percentile(latencies, 95), 1), "p99": round(percentile(latencies, 99), 1),
    }  # fmt: skip


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
    return {"q": q, "country": rng.choice(COUNTRIES), "page_size": "20"}


def suggest_params(rng: random.Random) -> dict[str, str]:
    word = rng.choice(list(NOUNS) + list(ADJECTIVES) + BRANDS).lower()
    return {"q": word[: rng.randint(2, min(5, len(word)))], "country": rng.choice(COUNTRIES)}


SERVERS = {
    "asgi": ["config.asgi:application"],
    "wsgi": ["--interface", "wsgi", "config.wsgi:application"],
}


def serve_and_measure(args: argparse.Namespace, env: dict[str, str]) -> list[dict[str, Any]]:
    port = str(args.port)
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", *SERVERS[args.interface], "--host", "127.0.0.1", "--port", port,
         "--workers", str(args.workers), "--no-access-log", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        import httpx

        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                if (
                    httpx.get(
                        f"{base}/api/v1/search/?q=lamp", headers={"Host": HOST}, timeout=5
                    ).status_code
                    == 200
                ):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            raise RuntimeError("server did not start")
        results = []
        for concurrency, requests in (
            (args.concurrency, args.requests),
            (1, max(100, args.requests // 10)),
        ):
            for name, path, make in (("search+facets", "/api/v1/search/", search_params),
                                     ("autocomplete", "/api/v1/search/suggest/", suggest_params)):  # fmt: skip
                log(
                    f"measuring {name}: {requests} requests (max {args.seconds}s), {concurrency} connections"
                )
                result = asyncio.run(
                    measure(name, base, make, path, requests, args.seconds, concurrency)
                )
                results.append({**result, "concurrency": concurrency})
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument(
        "--languages", default="en,nl", help="document languages of the bench region"
    )
    parser.add_argument("--requests", type=int, default=3000, help="per scenario")
    parser.add_argument("--seconds", type=float, default=60, help="max per scenario")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--interface",
        choices=list(SERVERS),
        default="asgi",
        help="uvicorn interface (wsgi: thread pool with persistent DB connections)",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the bench databases")
    parser.add_argument("--skip-load", action="store_true", help="reuse kept bench databases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "load":
        load_and_index(args.products, args.seed)
        return
    if args.phase == "engine":
        measure_engine(200)
        return
    env = bench_env(args.languages)
    if args.interface == "wsgi":
        env["DB_CONN_MAX_AGE"] = "60"
    else:
        # Under ASGI, reuse connections through psycopg's pool (as production should).
        env.setdefault("DB_POOL_MAX_SIZE", "8")
    started = time.monotonic()
    try:
        if not args.skip_load:
            for db in (DB, f"{DB}_control"):
                psql(f"DROP DATABASE IF EXISTS {db}")
                psql(f"CREATE DATABASE {db}")
            subprocess.run([sys.executable, __file__, "--phase", "load", "--products", str(args.products),
                            "--seed", str(args.seed)], cwd=ROOT, env=env, check=True)  # fmt: skip
        log("measuring the engine in-process (backend.search / backend.suggest, 1 at a time)")
        engine = subprocess.run([sys.executable, __file__, "--phase", "engine"], cwd=ROOT, env=env,
                                check=True, capture_output=True, text=True).stdout  # fmt: skip
        line = next(x for x in engine.splitlines() if x.startswith("ENGINE "))
        results = [*serve_and_measure(args, env), *json.loads(line.removeprefix("ENGINE "))]
    finally:
        if not args.keep:
            for db in (DB, f"{DB}_control"):
                psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
            log("bench databases dropped")
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{args.products:,} products, languages {args.languages}, {args.concurrency} connections, "
          f"{args.workers} uvicorn workers; total {time.monotonic() - started:.0f}s")  # fmt: skip
    print(
        f"{'scenario':<15}{'conns':>6}{'requests':>9}{'errors':>7}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    )
    for r in results:
        print(
            f"{r['name']:<15}{r['concurrency']:>6}{r['requests']:>9}{r['errors']:>7}{r['rps']:>8}{r['p50']:>8}{r['p95']:>8}{r['p99']:>8}"
        )


if __name__ == "__main__":
    main()
