"""Repair: ftfy's own test cases, each written as a ``.txt`` file, through the whole pipeline.

The cases are in ``../shared/eval/mojibake/`` (beside the repository). A ``pass`` case must
come out as its ``fixed`` or ``fixed-encoding`` text, a negative case unchanged (or as its
``fixed`` text, where ftfy's is a fix of C1 controls only), compared on the segments'
texts joined, after Unicode NFKC, straightened quotes and without white space. ftfy's
known failures run as strict xfails, so a change that fixes one is noticed.
"""
from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import ftfy
import pytest

from pipeline.core import clean_document
from pipeline.dictionaries import Lexicon
from pipeline.document import replay
from pipeline.ingest import ingest
from pipeline.repair import apply_plan, repair
from pipeline.segment import clean_text

REPO = Path(__file__).resolve().parents[1]
MOJIBAKE = Path(os.environ.get("TRANSCRIPTS_MOJIBAKE_CASES", REPO.parent / "shared" / "eval" / "mojibake"))
# Known failures of ftfy that our comparison (no white space) lets pass
PASSING_KNOWN_FAILURES = {"Misleading mix-up in Spanish", "A-with-grave in Vietnamese"}


def _cases(known_failures_fail: bool = True) -> list:
    if not MOJIBAKE.is_dir():
        reason = f"ftfy's test cases not found at {MOJIBAKE}"
        if os.environ.get("CI"):
            raise RuntimeError(reason)
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=reason), id="missing")]
    params = []
    for path in sorted(MOJIBAKE.glob("*.json")):
        for number, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            marks = []
            if known_failures_fail and case["expect"] == "fail" and case["label"] not in PASSING_KNOWN_FAILURES:
                marks.append(pytest.mark.xfail(strict=True, reason="a known failure of ftfy"))
            params.append(pytest.param(path.stem, case, marks=marks, id=f"{path.stem}-{number}"))
    return params


def _compared(text: str) -> str:
    text = ftfy.fixes.uncurl_quotes(unicodedata.normalize("NFKC", text))
    return "".join(text.split())


def _through_pipeline(text: str, tmp_path: Path):
    path = tmp_path / "case.txt"
    path.write_bytes(text.encode("utf-8"))
    return clean_document(ingest(path, "case"), Lexicon())


@pytest.mark.parametrize("suite,case", _cases())
def test_ftfy_case_through_the_whole_pipeline(suite, case, tmp_path):
    document = _through_pipeline(case["original"], tmp_path)
    got = _compared(" ".join(segment.text for segment in document.segments))
    assert got == _compared(clean_text(document))
    if suite == "negative":
        allowed = {case["original"], case["fixed"]}
    else:
        allowed = {case["fixed"], case.get("fixed-encoding", case["fixed"])}
    assert got in {_compared(text) for text in allowed}, case["label"]


@pytest.mark.parametrize("suite,case", _cases(known_failures_fail=False))
def test_repair_corrections_replay(suite, case, tmp_path):
    """Each repair is recorded so that replaying it reproduces the stage's output, and its
    ftfy plan turns the recorded original into the replacement."""
    if case is None:
        pytest.skip("no cases")
    path = tmp_path / "case.txt"
    path.write_bytes(case["original"].encode("utf-8"))
    before = ingest(path, "case")
    after = repair(before)
    assert replay(before.text, after.corrections, "repair") == after.text
    for correction in after.corrections:
        assert apply_plan(correction.original, correction.extra["ftfy_plan"]) \
            .replace("\n", " ") == correction.replacement


def test_mojibake_of_one_short_line_is_fixed_by_the_whole_file(tmp_path):
    """A line too short to tell on its own is repaired like the rest of the file."""
    text = "Rocky’s mother, Rusty, didn’t give up.\nHer son’s “mask” was famous.\nà\n"
    mojibake = text.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")
    path = tmp_path / "a.txt"
    path.write_bytes(mojibake)
    document = repair(ingest(path, "a"))
    assert document.text == text.strip()
    assert document.source.encoding == "utf-8+mojibake:sloppy-windows-1252"
    assert all(c.rule == "ftfy:mojibake" for c in document.corrections)


def test_clean_text_is_left_alone(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Don’t — café, naïve, Zürich, “quoted”.\nC’est l’été.\n", encoding="utf-8")
    document = repair(ingest(path, "a"))
    assert document.corrections == () and document.source.encoding == "utf-8"


def test_full_width_punctuation_of_chinese_text_is_kept(tmp_path):
    # ftfy's fix_character_width would make "，" an ASCII comma, and normalize then adds a
    # space after it: two corrections for every comma of a Chinese transcript
    path = tmp_path / "zh.txt"
    text = "你好世界，这是中文文本。我们测试一下，好吗？"
    path.write_text(text + "\n", encoding="utf-8")
    document = clean_document(ingest(path, "zh"), Lexicon())
    assert document.corrections == ()
    assert clean_text(document).strip() == text


def test_ascii_lines_get_ftfy_where_it_has_something_to_fix(tmp_path):
    # a NUL, terminal colour codes and an HTML entity are ASCII: the fast path skipped ftfy
    path = tmp_path / "a.txt"
    path.write_bytes(b"Hello\x00 world. Tom &amp; Jerry went home.\n\x1b[31mRed\x1b[0m text.\n")
    document = repair(ingest(path, "a"))
    assert document.text == "Hello world. Tom & Jerry went home.\nRed text."
    assert [c.rule for c in document.corrections] == ["ftfy:unicode", "ftfy:unicode"]


def test_corrections_are_narrowed_to_the_damaged_words(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("He said it wasnâ€™t true, and walked away.\n".encode("utf-8"))
    (correction,) = repair(ingest(path, "a")).corrections
    assert (correction.original, correction.replacement) == ("wasnâ€™t", "wasn’t")
