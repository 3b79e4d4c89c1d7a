"""How the numbers of dictionary terms are said (pipeline.numbers)."""
import pytest

from pipeline.numbers import readings, spoken_forms


@pytest.mark.parametrize("digits, said", [
    ("1", ["one"]),
    ("19", ["nineteen"]),
    ("66", ["sixty six"]),
    ("150", ["one hundred fifty", "one hundred and fifty", "one fifty"]),
    ("737", ["seven hundred thirty seven", "seven hundred and thirty seven", "seven thirty seven"]),
    ("105", ["one hundred five", "one hundred and five", "one oh five"]),
    ("2024", ["twenty twenty four", "two thousand twenty four", "two thousand and twenty four"]),
    ("2005", ["two thousand five", "two thousand and five"]),
    ("1905", ["nineteen oh five", "one thousand nine hundred five", "one thousand nine hundred and five"]),
    ("1900", ["one thousand nine hundred", "nineteen hundred"]),
    ("007", []),
    ("12345", []),
])
def test_readings(digits, said):
    assert [" ".join(r) for r in readings(digits)] == said


def test_spoken_forms_of_terms():
    assert spoken_forms(("GLP", "1")) == [("glp", "one")]
    assert ("boeing", "seven", "thirty", "seven") in spoken_forms(("Boeing", "737"))
    assert spoken_forms(("7", "Eleven")) == []  # numbers alone: "seven eleven" is a time
    assert spoken_forms(("Cher",)) == [] and spoken_forms(("5G",)) == []


def test_digits_of_other_kinds_are_not_said():
    """str.isdigit() is true of "²" and "①" too: such a term has no spoken forms (and no crash)."""
    assert spoken_forms(("Windows", "²")) == [] and spoken_forms(("Formula", "①", "Team")) == []
    assert readings("²") == [] and readings("٣") == []
