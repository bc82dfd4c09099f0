"""Handouts in a real browser: the HTML and the PDF of one notebook open in Chromium with
every image, and nothing is fetched from outside this machine.

The handout is built by ``awslab.handouts`` (papermill, offline HTML, Chromium PDF) for one
student into ``test-artifacts/browser/handouts/``; screenshots go beside it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_pages import guarded_page

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# The handout of the first metrics notebook (figures of every kind), else the first one.
CHOSEN = next((p for p in NOTEBOOKS if p.name.startswith("01_")), NOTEBOOKS[:1] or [None])
CHOSEN = CHOSEN[0] if isinstance(CHOSEN, list) else CHOSEN

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHOSEN is None, reason="no notebooks yet")]

IMAGES_JS = """() => [...document.images].map(img => ({
    src: img.src.slice(0, 40), ok: img.complete && img.naturalWidth > 0,
    width: img.naturalWidth}))"""


@pytest.fixture(scope="module")
def handout(chromium, artifacts, monkeypatch_module):
    from awslab.handouts import build, parse_roster
    monkeypatch_module.setenv("AWSLAB_CHROMIUM", str(chromium))
    out = artifacts / "handouts"
    report = build(parse_roster('student_id,name\nbrowser-1,"Zoë <Test>"\n'), [CHOSEN],
                   out, formats=("html", "pdf"), force=True, quiet=True)
    assert report.failures == [], report.summary()
    folder = out / "browser-1"
    return folder / f"{CHOSEN.stem}.html", folder / f"{CHOSEN.stem}.pdf"


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_html_handout_shows_every_image_offline(handout, browser, artifacts):
    html, _ = handout
    context, page = guarded_page(browser, viewport=(1100, 1400))
    try:
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        images = page.evaluate(IMAGES_JS)
        assert images, "the handout shows no image"
        assert [i for i in images if not i["ok"]] == [], "images that did not load"
        assert all(i["src"].startswith("data:image/") for i in images)
        assert "Zoë <Test>" in page.locator(".awslab-banner").inner_text()
        page.screenshot(path=str(artifacts / f"handout-{CHOSEN.stem}-html-top.png"))
        page.locator("img").first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"handout-{CHOSEN.stem}-html-figure.png"))
        assert page.outside_requests == [], page.outside_requests
    finally:
        context.close()


def test_pdf_handout_opens_with_its_images(handout, browser, artifacts):
    html, pdf = handout
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    embedded = len(re.findall(rb"/Subtype\s*/Image\b", data))
    distinct = len(set(re.findall(r'<img[^>]+src="(data:image/[^"]{0,200})',
                                  html.read_text(encoding="utf-8"))))
    assert pages >= 1
    assert embedded >= max(1, distinct), (embedded, distinct)
    context, page = guarded_page(browser, viewport=(1100, 1400))
    try:
        page.goto(pdf.as_uri())
        page.wait_for_timeout(2500)            # Chromium's PDF viewer draws the pages
        page.screenshot(path=str(artifacts / f"handout-{CHOSEN.stem}-pdf.png"))
        assert page.outside_requests == [], page.outside_requests
    finally:
        context.close()
