"""Server time of the storefront's home, category and product pages against a real server.

Starts uvicorn (config.asgi, DEBUG off) on its own SQLite files under var/bench/ (or the
databases in DATABASE_URL*/REDIS_URL if set), seeds a region with 200 products once,
warms up, then measures sequential latency (p50/p95/p99) and concurrent throughput.

    .venv/bin/python benchmarks/pages.py [--requests 300] [--concurrency 8]

Results are printed and written to var/bench/pages.json.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PAGES = {"home": "/", "category": "/c/electronics/", "product": "/p/wireless-headphones/"}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("GM_VAR_DIR", str(VAR))
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    env.update({"DEBUG": "false", "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)})
    return env


def _prepare(env: dict[str, str]) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate_all"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    script = (
        "from globalmarket.tenancy.demo import ensure_demo_tenants\n"
        "from globalmarket.tenancy.context import use_tenant\n"
        "from globalmarket.catalog.models import Product\n"
        "from globalmarket.storefront.sample import build_shop\n"
        "for t in ensure_demo_tenants():\n"
        "    with use_tenant(t):\n"
        "        if not Product.objects.exists():\n"
        "            build_shop(extra_products=200)\n"
    )
    subprocess.run([python, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--host", default="eu.localhost")
    args = parser.parse_args()
    env = _env()
    _prepare(env)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    headers = {"Host": args.host, "Accept-Language": "nl"}
    results: dict[str, dict[str, float]] = {}
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=10) as client:
            for _ in range(100):
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for name, path in PAGES.items():
                for _ in range(20):  # warm up: connections, caches, templates
                    assert client.get(path).status_code == 200
                timings = []
                for _ in range(args.requests):
                    start = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200
                total = args.requests

                def hit(_: int, path: str = path, total: int = total) -> None:
                    with httpx.Client(base_url=base, headers=headers, timeout=10) as c:
                        for _ in range(total // args.concurrency):
                            c.get(path)

                start = time.perf_counter()
                with ThreadPoolExecutor(args.concurrency) as pool:
                    list(pool.map(hit, range(args.concurrency)))
                elapsed = time.perf_counter() - start
                done = (total // args.concurrency) * args.concurrency
                results[name] = {
                    "p50_ms": round(statistics.median(timings), 2),
                    "p95_ms": round(_percentile(timings, 95), 2),
                    "p99_ms": round(_percentile(timings, 99), 2),
                    "mean_ms": round(statistics.fmean(timings), 2),
                    "throughput_rps": round(done / elapsed, 1),
                }
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"{'page':10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}  ({args.requests} sequential requests, {args.concurrency} concurrent clients)"
    )
    for name, row in results.items():
        print(
            f"{name:10} {row['p50_ms']:8} {row['p95_ms']:8} {row['p99_ms']:8} {row['throughput_rps']:8}"
        )
    (VAR / "pages.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
