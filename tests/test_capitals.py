"""Lines in capitals: found by a fast scan that must agree with the plain definition."""

from hypothesis import given, settings, strategies as st

from pipeline.capitals import _small, capital_line, small_letter_lines


def _plain(text: str) -> str:
    return "\n".join(_small(line) if capital_line(line) else line for line in text.split("\n"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="AbCz É é İß.:\n 1", max_size=20), max_size=8))
def test_small_letter_lines_is_the_plain_definition(pieces):
    text = "\n".join(pieces)
    assert small_letter_lines(text) == _plain(text)
    assert len(small_letter_lines(text)) == len(text)  # every offset stays


def test_lines_in_capitals():
    assert small_letter_lines("Hello\nBY MR. LEE:\nÉCOLE NORMALE\nIBM\nÀ la carte") == \
        "Hello\nby mr. lee:\nécole normale\nIBM\nÀ la carte"
    assert capital_line("THE COURT: RECESS") and not capital_line("IBM") and not capital_line("THE Court")
