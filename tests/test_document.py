"""The edit mechanism: applying, recording, mapping unit spans, replaying and undoing."""
import pytest
from hypothesis import given, strategies as st

from pipeline.document import Edit, OffsetMap, replay, replay_all, unreplay_all

from conftest import doc_from_text


def test_apply_edits_records_and_maps_units():
    doc = doc_from_text("Sher won\nat Khan today")
    out = doc.apply_edits("correct", [Edit(0, 4, "Cher", "r1", 0.9, "Cher"), Edit(12, 16, "Cannes", "r2", 0.8, "Cannes")])
    assert out.text == "Cher won\nat Cannes today"
    assert [out.unit_text(u) for u in out.units] == ["Cher won", "at Cannes today"]
    first = out.corrections[0].to_json()
    assert first["original"] == "Sher" and first["start"] == 0 and first["term"] == "Cher"
    assert first["context"] == ["", " won at Khan today"]


def test_overlapping_edits_are_refused():
    doc = doc_from_text("abcdef")
    with pytest.raises(ValueError):
        doc.apply_edits("x", [Edit(0, 3, "X", "r"), Edit(2, 4, "Y", "r")])


def test_edit_that_changes_nothing_is_not_recorded():
    doc = doc_from_text("abc")
    assert doc.apply_edits("x", [Edit(0, 1, "a", "r")]).corrections == ()


def test_offset_map_inside_a_replacement():
    m = OffsetMap([Edit(2, 5, "XY", "r")])
    assert m.map(0) == 0 and m.map(2) == 2 and m.map(5) == 4 and m.map(7) == 6
    assert m.map(3, left=True) == 4 and m.map(3, left=False) == 4


def test_a_replacement_across_units_belongs_to_the_first():
    doc = doc_from_text("Eric\nStoltz was there")
    out = doc.apply_edits("correct", [Edit(0, 11, "Eric Stoltz", "r")])
    assert [out.unit_text(u) for u in out.units] == ["Eric Stoltz", " was there"]


def test_a_replacement_that_keeps_the_line_break_keeps_the_units_apart():
    """"Rocky\nStoltz" -> "Eric\nStoltz" across two units: each unit keeps its side of the
    break (the clean text's lines, and a second run over them, stay the same)."""
    doc = doc_from_text("the Rocky\nStoltz? he said\nand more")
    out = doc.apply_edits("correct", [Edit(4, 16, "Eric\nStoltz", "r")])
    assert [out.unit_text(u) for u in out.units] == ["the Eric", "Stoltz? he said", "and more"]
    two = doc.apply_edits("x", [Edit(4, 26, "A\nB C\nD", "r")])
    assert [two.unit_text(u) for u in two.units] == ["the A", "B C", "Dand more"]


@st.composite
def text_and_edits(draw):
    text = draw(st.text(alphabet="ab \n", min_size=1, max_size=40))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        edits.append(Edit(start, end, draw(st.text(alphabet="xyz", max_size=4)), "r"))
    return text, edits


@given(text_and_edits())
def test_replay_and_undo_reproduce_texts(data):
    text, edits = data
    doc = doc_from_text("x").replace(text=text, units=())
    first = doc.apply_edits("one", edits)
    second = first.apply_edits("two", [Edit(0, min(1, len(first.text)), "Q", "r")])
    assert replay(text, first.corrections, "one") == first.text
    assert replay_all(text, second.corrections) == second.text
    assert unreplay_all(second.text, second.corrections) == text
