"""Debian's Chromium driven by Playwright, and axe-core; each skipped with a reason when absent."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium tries to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# axe-core, pinned in package.json here and installed by `npm ci` (.ci/run does it).
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture
def page(live_server, monkeypatch) -> Iterator:
    """A fresh browser page; the live server and its database are set up first."""
    playwright_api = pytest.importorskip("playwright.sync_api",
                                         reason="Playwright is not installed")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # meanwhile are ordinary synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_context().new_page()
        finally:
            browser.close()


@pytest.fixture
def axe_violations() -> Callable:
    """``axe_violations(page)``: axe-core's WCAG A/AA and best-practice violations, as text."""
    if not AXE_JS.is_file():
        pytest.skip(f"axe-core is not installed at {AXE_JS} (cd tests/browser && npm ci)")

    def run(page) -> list[str]:
        page.add_script_tag(path=str(AXE_JS))
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        return [describe_violation(v) for v in results["violations"]]

    return run


def describe_violation(violation: dict) -> str:
    """``listitem (serious): <li> elements must be ..., at li <li>...</li>; ...``."""
    nodes = "; ".join(f"{' '.join(map(str, node['target']))} {node['html'][:80]}"
                      for node in violation["nodes"])
    return f"{violation['id']} ({violation['impact']}): {violation['help']}, at {nodes}"
