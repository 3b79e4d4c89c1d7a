"""The normalize stage: spacing slips (recorded) and sentence-continuing line breaks."""
import pytest
from hypothesis import given, strategies as st

from pipeline.document import replay
from pipeline.normalize import normalize, spacing_edits

from conftest import doc_from_text, load_cases


@pytest.mark.parametrize("case", [c for c in load_cases("normalize") if "expected" in c.values[0]])
def test_spacing_cases(case):
    doc = normalize(doc_from_text(case["input"]))
    assert doc.text == case["expected"]
    assert [c.rule for c in doc.corrections] == case["rules"]


@pytest.mark.parametrize("case", [c for c in load_cases("normalize") if "breaks" in c.values[0]])
def test_line_break_cases(case):
    doc = normalize(doc_from_text(case["input"]))
    assert [u.break_before for u in doc.units[1:]] == case["breaks"]


@given(st.text(alphabet=st.sampled_from(list("ab .,“”\n'MrSims1\u00a0\u3000")), max_size=60))
def test_normalize_is_idempotent_and_replayable(text):
    doc = doc_from_text(text)
    once = normalize(doc)
    assert replay(doc.text, once.corrections, "normalize") == once.text
    twice = normalize(once.replace(corrections=()))
    assert twice.text == once.text
    assert twice.corrections == ()


def test_spacing_edits_never_overlap():
    edits = spacing_edits("Mr.Sims ,said“hello”there  now")
    spans = sorted((e.start, e.end) for e in edits)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
