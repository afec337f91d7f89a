"""localstripe as a subprocess (once per session), and settings that point Stripe at it."""

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

STRIPE_KEY = "sk_test_12345"
WEBHOOK_SECRET = "whsec_gm_test_payments"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory: Any) -> Iterator[str]:
    exe = shutil.which("localstripe") or str(Path(sys.executable).parent / "localstripe")
    if not Path(exe).exists():
        pytest.skip("localstripe is not installed (pip install -r requirements/test.txt)")
    port = _free_port()
    workdir = tmp_path_factory.mktemp("localstripe")
    proc = subprocess.Popen([exe, "--port", str(port), "--from-scratch"], cwd=workdir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(
                f"{base}/v1/customers", headers={"Authorization": f"Bearer {STRIPE_KEY}"}, timeout=1
            )
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("localstripe did not start")
            time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def stripe_on(settings: Any, localstripe: str) -> str:
    """Cards and iDEAL through Stripe (localstripe), with a clean localstripe state."""
    httpx.delete(f"{localstripe}/_config/data", timeout=5)
    settings.PAYMENTS_CARD_PROVIDER = "stripe"
    settings.PAYMENTS_IDEAL_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = STRIPE_KEY
    settings.STRIPE_API_BASE = localstripe
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return localstripe


def card_payment_method(base: str, number: str) -> str:
    """What Stripe.js does in the shopper's browser: turn a card into a PaymentMethod id.

    (localstripe only accepts the secret key here; real Stripe.js uses the publishable key.)
    """
    response = httpx.post(f"{base}/v1/payment_methods", headers={"Authorization": f"Bearer {STRIPE_KEY}"},
                          data={"type": "card", "card[number]": number, "card[exp_month]": "12",
                                "card[exp_year]": "2031", "card[cvc]": "123"}, timeout=5)  # fmt: skip
    response.raise_for_status()
    return str(response.json()["id"])
