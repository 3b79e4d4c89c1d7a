"""The HTML review page in a real browser: headless Chromium (Debian's ``chromium``) driven
by Playwright. Checks highlights, hovers, keyboard focus, filters, the look of narration,
dialogue and headings, and that a ``<script>`` in a transcript does not run.

Skipped, with the reason, where Chromium or Playwright is not installed (``make test``
installs Chromium with apt-get when it runs as root). Never downloads a browser.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from pipeline.config import Settings
from pipeline.core import RunContext, process_file
from pipeline.dictionaries import load_lexicon
from pipeline.html_review import write_review_page
from pipeline.review import Version, find_version

CHROMIUM = Path(os.environ.get("TRANSCRIPTS_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
DICTIONARY = '[[term]]\ncanonical = "Cher"\nvariants = ["Sher"]\n\n[[term]]\ncanonical = "Eric Stoltz"\nvariants = ["Eric Stoultz"]\n'
INJECTED = ('Sher said <script>window.__injected = 1; document.title = "pwned"</script> on stage.\n'
            '“I will not go there, Sher,” she said.\n'
            'A picture <img src="x" onerror="window.__injected = 2"> of Mr.Sims.\n')


def _skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium not installed ({CHROMIUM} missing; install Debian's 'chromium' package: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright's Python package is not installed (pip install playwright)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _skip_reason()
    if reason:
        print(f"\nskipping browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        except Exception as exc:  # a broken installation: say so, do not fail the suite
            reason = f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}"
            print(f"\nskipping browser tests: {reason}")
            pytest.skip(reason)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Review pages of the example video and of a transcript with HTML in it, made by the
    real pipeline (``process_file``) into a temporary clean folder."""
    work = tmp_path_factory.mktemp("review")
    (work / "raw").mkdir()
    shutil.copy(ROOT / "raw" / "rocky-dennis-mask-video.txt", work / "raw")
    (work / "raw" / "injected.txt").write_text(INJECTED, encoding="utf-8")
    (work / "extra.toml").write_text(DICTIONARY, encoding="utf-8")
    lexicon = load_lexicon([ROOT / "dictionaries" / "rocky-dennis.toml", work / "extra.toml"], None)
    ctx = RunContext(clean_dir=work / "clean", raw_dir=work / "raw", lexicon=lexicon, settings=Settings())
    out = {}
    for name in ("rocky-dennis-mask-video", "injected"):
        result = process_file(work / "raw" / f"{name}.txt", ctx)
        assert result.status == "written", result.error
        version = find_version(work / "clean", name)
        write_review_page(version, work / f"{name}.html")
        out[name] = (work / f"{name}.html", version.corrections())
    out["kinds"] = (_kinds_page(work), None)
    return out


def _kinds_page(work: Path) -> Path:
    """A version folder with a heading, narration and dialogue (whatever the segmenter makes)."""
    folder = work / "clean" / "kinds" / "v0001"
    folder.mkdir(parents=True)
    segments = [
        {"index": 0, "kind": "heading", "speaker": None, "text": "The early years", "start": None, "end": None},
        {"index": 1, "kind": "narration", "speaker": None, "text": "Rocky was born in 1961.", "start": None, "end": None},
        {"index": 2, "kind": "dialogue", "speaker": "Rusty", "text": "“He is a normal kid.”", "start": None, "end": None},
    ]
    (folder / "segments.jsonl").write_text("".join(json.dumps(s) + "\n" for s in segments), encoding="utf-8")
    (folder / "corrections.jsonl").write_text("", encoding="utf-8")
    (folder / "manifest.json").write_text("{}", encoding="utf-8")
    write_review_page(Version("kinds", "v0001", folder), work / "kinds.html")
    return work / "kinds.html"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    page = context.new_page()
    page.messages = []
    page.on("console", lambda m: page.messages.append(m.text))
    page.on("pageerror", lambda e: page.messages.append(str(e)))
    page.on("dialog", lambda d: (page.messages.append("dialog: " + d.message), d.dismiss()))
    yield page
    context.close()


def test_every_correction_is_highlighted_with_its_original_on_hover(page, pages):
    path, records = pages["rocky-dennis-mask-video"]
    page.goto(path.as_uri())
    marks = page.locator("mark.corr")
    assert marks.count() == len(records) > 0
    assert page.locator("#shown").inner_text() == f"Showing {len(records)} of {len(records)} corrections"
    first = records[0]
    assert page.locator("#tip1").is_hidden()
    page.hover("#c1")
    tip = page.locator("#tip1")
    assert tip.is_visible()
    assert first["rule"] in tip.inner_text() and f"{first['confidence']:.2f}" in tip.inner_text()
    background = page.eval_on_selector("#c1", "m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert not [m for m in page.messages if "Refused" in m or "Error" in m], page.messages


def test_keyboard_moves_between_corrections_and_shows_them(page, pages):
    path, records = pages["injected"]
    page.goto(path.as_uri())
    marks = page.locator("mark.corr")
    assert marks.count() == len(records) >= 3
    in_text_order = [marks.nth(i).get_attribute("id") for i in range(marks.count())]
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == in_text_order[0]
    tip = page.locator(f"#{in_text_order[0]} .tip")
    assert tip.is_visible()
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == in_text_order[1]
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.id") == in_text_order[0]
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    page.focus("#min-confidence")  # the filters are ordinary form controls
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "max-confidence"


def test_filters_by_rule_and_confidence(page, pages):
    path, records = pages["injected"]
    page.goto(path.as_uri())
    total = len(records)
    variants = sum(r["rule"] == "dictionary:variant" for r in records)
    assert 0 < variants < total
    page.uncheck('input[name=rule][value="dictionary:variant"]')
    assert page.locator("#shown").inner_text() == f"Showing {total - variants} of {total} corrections"
    off = page.locator("mark.corr.off")
    assert off.count() == variants
    n = int(off.first.get_attribute("data-n"))
    page.hover(f"#c{n}")
    assert page.locator(f"#tip{n}").is_hidden()
    assert page.eval_on_selector(f"#c{n}", "m => getComputedStyle(m).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(f'#corrections tr[data-n="{n}"]').is_hidden()
    page.click('button[data-all="on"]')
    assert page.locator("mark.corr.off").count() == 0
    page.locator("#min-confidence").fill("0.96")
    below = sum(r["confidence"] < 0.96 for r in records)
    assert page.locator("mark.corr.off").count() == below > 0
    assert page.locator("#shown").inner_text() == f"Showing {total - below} of {total} corrections"


def test_injected_script_shows_as_text_and_does_not_run(page, pages):
    path, _ = pages["injected"]
    page.goto(path.as_uri())
    page.wait_for_timeout(200)
    assert page.evaluate("window.__injected") is None
    assert page.title() != "pwned"
    text = page.locator("#transcript").inner_text()
    assert "<script>" in text and '<img src="x"' in text
    assert page.locator("#transcript script, #transcript img").count() == 0
    assert not [m for m in page.messages if m.startswith("dialog")]


def test_narration_dialogue_and_headings_look_different(page, pages):
    path, _ = pages["kinds"]
    page.goto(path.as_uri())
    style = "e => [getComputedStyle(e).fontStyle, getComputedStyle(e).borderLeftWidth, getComputedStyle(e).fontSize, getComputedStyle(e).backgroundColor].join('|')"
    heading = page.eval_on_selector(".seg.heading", style)
    narration = page.eval_on_selector(".seg.narration", style)
    dialogue = page.eval_on_selector(".seg.dialogue", style)
    assert len({heading, narration, dialogue}) == 3
    assert page.locator(".seg.dialogue .speaker").inner_text() == "Rusty:"
