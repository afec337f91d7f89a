"""Catalog API benchmark: 100,000 products in one region on PostgreSQL, served by granian.

    .venv/bin/python benchmarks/catalog.py            # load (once), serve, measure, print
    .venv/bin/python benchmarks/catalog.py --reload   # drop and load the 100,000 products again

Uses its own databases (gm_bench_catalog_control, gm_bench_catalog_eu; created when
missing) on PostgreSQL at BENCH_PG (default postgres://postgres@127.0.0.1:5432) and Redis at
BENCH_REDIS (default redis://127.0.0.1:6379/0). Serves with granian (WSGI, 2 workers; the
production HTTP server) and drives the load with wrk (Debian package `wrk`). Reports
p50/p95/p99 latency and requests per second at 32 concurrent connections for the list and
detail endpoints, cached (the same URLs again) and uncached (every URL requested once).
Not part of the test suite.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import wrk  # benchmarks/wrk.py

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/0")
ENV = {
    "GM_REGIONS": "eu",
    "DATABASE_URL": f"{PG}/gm_bench_catalog_control",
    "DATABASE_URL_EU": f"{PG}/gm_bench_catalog_eu",
    "REDIS_URL": REDIS,
    "CACHE_KEY_PREFIX": "gmbenchcatalog",
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "DEBUG": "false",
    "LOG_LEVEL": "WARNING",
    "DB_POOL_MAX_SIZE": "8",  # a pool: persistent connections leak per thread under ASGI
    "DB_PREPARE_THRESHOLD": "5",  # prepared statements, as deployed (docs/operations.md)
}
PRODUCTS = 100_000
HOST = "eu.localhost"
CONCURRENCY = 32


def create_databases() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        for name in ("gm_bench_catalog_control", "gm_bench_catalog_eu"):
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate_all", verbosity=0)


def load(reload: bool) -> None:
    """Categories, brands, 20 vendors and 100,000 published products with a variant and image."""
    from decimal import Decimal

    from django.db import connections
    from django.utils import timezone

    from globalmarket.catalog.cache import catalog_changed
    from globalmarket.catalog.models import Brand, Category, Product, ProductImage, ProductVariant
    from globalmarket.tenancy.context import use_tenant
    from globalmarket.tenancy.demo import ensure_demo_tenants
    from globalmarket.vendors.models import Vendor

    tenant = next(t for t in ensure_demo_tenants() if t.slug == "eu")
    with use_tenant(tenant):
        if Product.objects.count() >= PRODUCTS and not reload:
            print(f"{Product.objects.count()} products already loaded")
            vacuum()
            return
        started = time.monotonic()
        with connections["region_eu"].cursor() as cursor:
            cursor.execute(
                "TRUNCATE catalog_productimage, catalog_productvariant, catalog_product, "
                "catalog_category, catalog_brand, vendors_vendor RESTART IDENTITY CASCADE"
            )
        categories = []
        for n in range(10):
            root = Category.objects.create(
                slug=f"cat-{n}", name={"en": f"Category {n}", "nl": f"Categorie {n}"}
            )
            root.path = f"/{root.pk}/"
            root.save(update_fields=["path"])
            categories.append(root)
            for m in range(3):
                child = Category.objects.create(
                    slug=f"cat-{n}-{m}", parent=root, name={"en": f"Sub {n}.{m}"}
                )
                child.path = f"{root.path}{child.pk}/"
                child.save(update_fields=["path"])
                categories.append(child)
        brands = Brand.objects.bulk_create(
            [Brand(name=f"Brand {n}", slug=f"brand-{n}") for n in range(50)]
        )
        vendors = Vendor.objects.bulk_create([
            Vendor(name=f"Vendor {n}", slug=f"vendor-{n}", status=Vendor.Status.APPROVED, country="NL",
                   address={"city": "Amsterdam", "country": "NL"}, contact_email=f"v{n}@bench.test")
            for n in range(20)
        ])  # fmt: skip
        rng = random.Random(42)
        now = timezone.now()
        batch = 5000
        for start in range(0, PRODUCTS, batch):
            products = []
            for n in range(start, min(start + batch, PRODUCTS)):
                price = Decimal(rng.randrange(100, 100000)) / 100
                products.append(Product(
                    vendor=vendors[n % 20], category=categories[n % len(categories)], brand=brands[n % 50],
                    sku=f"B-{n:06d}", slug=f"bench-product-{n}",
                    name={"en": f"Bench product {n}", "nl": f"Testproduct {n}", "de": f"Testprodukt {n}", "fr": f"Produit test {n}"},
                    description={"en": "<p>A product for the benchmark.</p>"}, price=price,
                    compare_at_price=price * Decimal("1.2") if n % 4 == 0 else None, currency="EUR",
                    available_in_countries=["NL", "DE", "BE", "FR"] if n % 5 else ["NL", "DE"],
                    shipping_info={"NL": {"shipping_cost": "0.00", "delivery_days_min": 1, "delivery_days_max": 2}},
                    sales_count=rng.randrange(0, 500), views=rng.randrange(0, 10000),
                    rating_avg=Decimal(rng.randrange(100, 500)) / 100, rating_count=rng.randrange(0, 300),
                    status=Product.Status.PUBLISHED, is_featured=n % 50 == 0,
                    published_at=now - timedelta_seconds(n),
                ))  # fmt: skip
            Product.objects.bulk_create(products)
            ProductVariant.objects.bulk_create([
                ProductVariant(product=p, vendor=p.vendor, sku=p.sku, stock=rng.randrange(0, 50))
                for p in products
            ])  # fmt: skip
            ProductImage.objects.bulk_create([
                ProductImage(product=p, image=f"products/bench/{p.sku}.jpg", width=480, height=480,
                             thumbnails={"small": f"products/bench/{p.sku}-s.webp"}, alt={"en": p.name["en"]})
                for p in products
            ])  # fmt: skip
            print(f"\r  loaded {start + len(products):,} products", end="", flush=True)
        vacuum()
        catalog_changed()
        print(f"\n  loaded in {time.monotonic() - started:.1f} s")


def vacuum() -> None:
    """VACUUM ANALYZE the catalog tables, as autovacuum does after a bulk load: the list
    walks are index-only scans (ADR 0154), which need the visibility map."""
    from django.db import connections

    with connections["region_eu"].cursor() as cursor:
        for table in ("catalog_product", "catalog_productvariant", "catalog_productimage"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        # A handful of rows each: autovacuum would not analyse them (ADR 0155).
        for table in ("vendors_vendor", "catalog_category", "catalog_brand"):
            cursor.execute(f"ANALYZE {table}")


def timedelta_seconds(n: int) -> Any:
    from datetime import timedelta

    return timedelta(seconds=n * 30)


def start_server(port: int, workers: int, server: str) -> subprocess.Popen[bytes]:
    """granian serving the WSGI app (production's HTTP server), or uvicorn's ASGI for comparison."""
    env = {**os.environ, **ENV}
    bin_dir = Path(sys.executable).parent
    if server == "granian":
        command = [str(bin_dir / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
                   "--port", str(port), "--workers", str(workers), "--blocking-threads", "4",
                   "--no-ws", "--log-level", "warning", "config.wsgi:application"]  # fmt: skip
    else:
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
                   "--port", str(port), "--workers", str(workers), "--no-access-log",
                   "--log-level", "warning", "--timeout-worker-healthcheck", "60"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    import httpx

    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit("the server did not start")


def measure(port: int, name: str, paths: list[str], seconds: int) -> dict[str, Any]:
    result = wrk.run(f"http://127.0.0.1:{port}", paths, connections=CONCURRENCY, seconds=seconds,
                     headers={"Host": HOST})  # fmt: skip
    if "uncached" not in name:
        result.wrapped = False  # a cached scenario repeats its short list on purpose
    print(result.line(name))
    return result.row(name)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reload", action="store_true", help="load the products again")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--server", choices=["granian", "uvicorn"], default="granian")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--seconds", type=int, default=15, help="length of each scenario")
    parser.add_argument("--concurrency", type=int, default=32, help="connections")
    args = parser.parse_args()
    global CONCURRENCY
    CONCURRENCY = args.concurrency
    if not wrk.available():
        raise SystemExit("wrk is not installed: apt-get install wrk")
    create_databases()
    setup_django()
    load(args.reload)
    rng = random.Random(7)
    orderings = ["newest", "price", "-price", "popularity", "rating"]
    cats = [f"cat-{n}" for n in range(10)] + [f"cat-{n}-{m}" for n in range(10) for m in range(3)]
    # Uncached: every URL once (40 categories x 5 orderings x 20 pages x 2 countries where
    # every product is sold = 8,000 lists; 100,000 products), more than a run can ask for.
    pages = [(c, o, p, country) for c in cats for o in orderings for p in range(1, 21)
             for country in ("NL", "DE")]  # fmt: skip
    rng.shuffle(pages)
    url = "/api/v1/products/?category={}&ordering={}&page={}&country={}".format
    uncached_lists = [url(*page) for page in pages]
    uncached_details = [f"/api/v1/products/bench-product-{n}/?country=NL"
                        for n in rng.sample(range(PRODUCTS), PRODUCTS)]  # fmt: skip
    hot_lists = ["/api/v1/products/", *(f"/api/v1/products/?category={c}" for c in cats[:19])]
    hot_details = [f"/api/v1/products/bench-product-{n}/" for n in range(200)]
    server = start_server(args.port, args.workers, args.server)
    try:
        from globalmarket.catalog.cache import catalog_changed
        from globalmarket.tenancy.context import use_tenant
        from globalmarket.tenancy.selectors import tenant_by_slug

        # Warm up the processes and their connection pools on pages that are not measured.
        wrk.run(f"http://127.0.0.1:{args.port}", ["/api/v1/categories/", "/healthz"],
                connections=CONCURRENCY, seconds=2, headers={"Host": HOST})  # fmt: skip
        with use_tenant(tenant_by_slug("eu")):  # type: ignore[arg-type]
            catalog_changed()  # start cold
        print(f"Catalog benchmark: {PRODUCTS:,} products, {CONCURRENCY} connections, "
              f"{args.server} with {args.workers} workers, wrk")  # fmt: skip
        rows = [measure(args.port, "list uncached", uncached_lists, args.seconds)]
        # The same products seen through other pages (halves and quarters of the pages just
        # served): no page is cached, every product was just read (warm database pages).
        parts = [f"{url(c, o, n * p - k, country)}&page_size={20 // n}"
                 for c, o, p, country in pages[: int(rows[0]["requests"])]
                 for n in (2, 4) for k in range(n)]  # fmt: skip
        rows.append(measure(args.port, "list uncached, products warm", parts, args.seconds))
        rows.append(measure(args.port, "detail uncached", uncached_details, args.seconds))
        wrk.run(f"http://127.0.0.1:{args.port}", hot_lists + hot_details,
                connections=CONCURRENCY, seconds=2, headers={"Host": HOST})  # fill the cache  # fmt: skip
        rows.append(measure(args.port, "list cached", hot_lists, args.seconds))
        rows.append(measure(args.port, "detail cached", hot_details, args.seconds))
        targets = {"cached": 25.0, "uncached": 100.0}
        for row in rows:
            target = targets["uncached" if "uncached" in str(row["scenario"]) else "cached"]
            verdict = "meets" if float(row["p95_ms"]) <= target else "MISSES"  # type: ignore[arg-type]
            print(
                f"  {row['scenario']:<18} p95 {row['p95_ms']} ms {verdict} the target of {target:.0f} ms"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
