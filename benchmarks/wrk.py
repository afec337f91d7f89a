"""Drive a running server with wrk (C, event-driven) instead of a Python client.

A Python load generator on this 2-core machine takes as much CPU as the server it measures;
wrk needs a few percent. This module writes the request list and a Lua script to a
temporary folder and runs `wrk -t1 -c<connections> -d<seconds>`: each connection takes the
next request of the list, so a list of distinct paths longer than a run can use measures
cold (uncached) responses, and a short list repeated measures warm ones. wrk runs for a
fixed time (it cannot stop after N requests and still report), so throughput is requests
over that time; `Result.wrapped` tells when a "distinct" list ran out and started again. The script prints p50/p95/p99
(wrk records every request's latency), requests per second and the failed answers.

wrk is Debian's package `wrk` (`apt-get install wrk`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LUA = r"""
local requests_list = {}
local count = 0
local headers = {}

function init(args)
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^(%S+)\t(%S+)\t?(.*)$")
    table.insert(requests_list, {method, path, body ~= "" and body or nil})
  end
  for i = 2, #args, 2 do headers[args[i]] = args[i + 1] end
end

function request()
  count = count + 1
  local r = requests_list[((count - 1) % #requests_list) + 1]
  return wrk.format(r[1], r[2], headers, r[3])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON{"requests":%d,"duration_us":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d,' ..
    '"socket_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout))
end
"""

# Non-2xx answers are read from wrk's own "Non-2xx or 3xx responses" line (the Lua `done()`
# runs in a state of its own and cannot see counters kept per request).


@dataclass
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    wrapped: bool

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self, name: str) -> str:
        return (
            f"  {name:<24} {self.requests:>6} req  p50 {self.p50_ms:>7.1f} ms  "
            f"p95 {self.p95_ms:>7.1f} ms  p99 {self.p99_ms:>7.1f} ms  "
            f"{self.rps:>8.1f} req/s  {self.errors} errors"
            + ("  (list wrapped: some requests repeated)" if self.wrapped else "")
        )

    def row(self, name: str) -> dict[str, object]:
        return {"scenario": name, "requests": self.requests, "p50_ms": round(self.p50_ms, 1),
                "p95_ms": round(self.p95_ms, 1), "p99_ms": round(self.p99_ms, 1),
                "rps": round(self.rps, 1), "errors": self.errors}  # fmt: skip


def available() -> bool:
    return shutil.which("wrk") is not None


def run(
    base_url: str,
    requests: Sequence[str | tuple[str, str, str]],
    *,
    connections: int,
    seconds: int = 10,
    headers: dict[str, str] | None = None,
) -> Result:
    """Send `requests` (paths for GET, or (method, path, body)) in order over `connections`."""
    if not available():
        raise SystemExit("wrk is not installed: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="gm-wrk-") as folder:
        listing = Path(folder) / "requests.tsv"
        lines = []
        for item in requests:
            method, path, body = ("GET", item, "") if isinstance(item, str) else item
            if "\t" in path + body or "\n" in path + body:
                raise ValueError("requests must not contain tabs or newlines")
            lines.append(f"{method}\t{path}\t{body}")
        listing.write_text("\n".join(lines) + "\n")
        script = Path(folder) / "bench.lua"
        script.write_text(LUA)
        args = [str(listing)]
        for key, value in (headers or {}).items():
            args += [key, value]
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
             "-s", str(script), base_url, "--", *args],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    data = json.loads(next(ln for ln in out.splitlines() if ln.startswith("WRKJSON"))[7:])
    non_2xx = 0
    for ln in out.splitlines():
        if "Non-2xx or 3xx responses" in ln:
            non_2xx = int(ln.rsplit(":", 1)[1])
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50"] / 1000,
        p95_ms=data["p95"] / 1000,
        p99_ms=data["p99"] / 1000,
        max_ms=data["max"] / 1000,
        errors=non_2xx + data["socket_errors"],
        wrapped=data["requests"] > len(requests),
    )
