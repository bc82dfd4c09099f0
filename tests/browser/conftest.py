"""Shared set-up of the browser tests: Debian's Chromium driven by Playwright, pages that
refuse (and record) every request leaving this machine, and the artefacts folder.

Screenshots are saved under ``test-artifacts/browser/`` at the repo root (git-ignored;
``AWSLAB_TEST_ARTIFACTS`` moves it) so that they can be looked at after a run.
Without /usr/bin/chromium these tests are skipped, except under CI=true where they fail.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}; .ci/run installs it", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def artifacts():
    """``test-artifacts/browser/`` (or ``$AWSLAB_TEST_ARTIFACTS/browser``), emptied of
    the previous run's screenshots."""
    base = Path(os.environ.get("AWSLAB_TEST_ARTIFACTS") or ROOT / "test-artifacts")
    folder = base / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder
