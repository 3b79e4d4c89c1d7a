"""Rules that must always hold, over the whole chain of stages.

* cleaning clean output changes nothing;
* replaying the recorded corrections on the ingested text reproduces the output, and
  undoing them gives the ingested text back;
* an empty dictionary makes no dictionary corrections;
* the segments' texts joined by spaces are the whole clean text, which is the output with
  its ASCII layout (spaces, line breaks) made single spaces: no other character is lost
  unrecorded (a no-break space becomes a space in normalize, recorded).
"""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from pipeline.core import clean_document
from pipeline.dictionaries import Lexicon, default_dictionary_paths, load_lexicon
from pipeline.document import replay_all, unreplay_all
from pipeline.ingest import ingest
from pipeline.segment import clean_text

from conftest import ROOT, doc_from_text

EXAMPLES = sorted((ROOT / "raw").glob("*.txt"))


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(default_dictionary_paths(ROOT / "dictionaries"), None)


def _check_invariants(ingested, cleaned):
    text = cleaned.text
    assert replay_all(ingested.text, cleaned.corrections) == text
    assert unreplay_all(text, cleaned.corrections) == ingested.text
    assert " ".join(s.text for s in cleaned.segments) == clean_text(cleaned)
    assert clean_text(cleaned) == re.sub(r"[ \t\n\r\f\v]+", " ", text).strip(" ")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_replay_and_are_stable(path, lexicon, tmp_path):
    ingested = ingest(path, path.stem)
    cleaned = clean_document(ingested, lexicon)
    _check_invariants(ingested, cleaned)
    # clean output, written as a text file and cleaned again, comes out unchanged
    again_path = tmp_path / "again.txt"
    again_path.write_text("\n\n".join(s.text for s in cleaned.segments) + "\n", encoding="utf-8")
    again = clean_document(ingest(again_path, "again"), lexicon)
    assert clean_text(again) == clean_text(cleaned)
    assert again.corrections == ()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_empty_dictionary_makes_no_dictionary_corrections(path):
    cleaned = clean_document(ingest(path, path.stem), Lexicon())
    assert not [c for c in cleaned.corrections if c.stage == "correct"]


WORDS = ["the", "film", "Mask", "starred", "Cher", "and", "Eric", "Stoltz", "as", "Rocky", "Mr.Sims",
         "“I", "was", "there.”", "he", "said,", "um", "award", "at", "Cannes", "1985", "3.5", "U.S.",
         "offguard", "normal", "—", "it’s", "?", "!", "craniodiaphyseal", "dysplasia", ".", ",",
         "$7.5\u00a0million", "\u3000"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), min_size=1, max_size=6),
       st.integers(0, 63))
@example(lines=[["the"], ["the"], ["\u3000"], ["the", "the", "offguard"]], in_capitals=0)  # a line of a space
def test_generated_text_invariants(lexicon, lines, in_capitals):
    # the lines whose bit is set in ``in_capitals`` are written in capitals (broadcast captions)
    text = "\n".join(" ".join(line).upper() if in_capitals >> k & 1 else " ".join(line)
                     for k, line in enumerate(lines))
    ingested = doc_from_text(text)
    cleaned = clean_document(ingested, lexicon)
    _check_invariants(ingested, cleaned)
    # the clean output, in the same lines, comes out unchanged
    again = clean_document(doc_from_text("\n".join(cleaned.unit_text(u) for u in cleaned.units)), lexicon)
    assert clean_text(again) == clean_text(cleaned)
