"""Browser tests: Debian's chromium driven by Playwright against Django's live server.

Region hosts are `eu.localhost` / `mena.localhost`: Chromium resolves *.localhost to 127.0.0.1.
Screenshots of the main pages go to var/screenshots/ (kept as CI artifacts).
"""

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
SCREENSHOTS = Path(settings.BASE_DIR, "var", "screenshots")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # English browser by default; tests choose the language through the site, like a shopper.
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def url_for(live_server: Any) -> Callable[[Any, str], str]:
    """url_for(tenant, "/path/") on the region's *.localhost host and the live server's port."""
    port = live_server.url.rsplit(":", 1)[1]

    def make(tenant: Any, path: str = "/") -> str:
        return f"http://{tenant.aliases[0]}:{port}{path}"

    return make


@pytest.fixture
def screenshot() -> Callable[[Any, str], None]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def axe_page(browser: Any) -> Any:
    """A page whose context bypasses CSP, so axe-core can be injected (other pages keep CSP)."""
    context = browser.new_context(
        bypass_csp=True, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def console_errors(page: Any) -> list[str]:
    """Errors the browser logs (CSP violations, failed scripts) on the default `page`."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def axe_check() -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core on the page; return serious and critical violations (skip if not installed)."""

    def check(page: Any) -> list[dict[str, Any]]:
        if not AXE.exists():
            pytest.skip("axe-core is not installed (make setup installs it when npm exists)")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    return check


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=1)
