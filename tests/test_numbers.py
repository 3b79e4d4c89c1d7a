"""How the numbers of dictionary terms are said (pipeline.numbers)."""
import pytest

from pipeline.numbers import generation, readings, spoken_forms


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
    assert spoken_forms(("Cher",)) == []


def test_letters_and_digits_names_suffixes():
    assert spoken_forms(("5G",)) == [("five", "g")]
    assert spoken_forms(("Galaxy", "S24")) == [("galaxy", "s", "twenty", "four")]
    assert spoken_forms(("H1N1",)) == [("h", "one", "n", "one")]
    assert spoken_forms(("Martin", "Luther", "King", "Jr")) == [("martin", "luther", "king", "junior")]
    assert spoken_forms(("Henry", "VIII")) == [("henry", "the", "eighth")]  # not "henry eight"
    assert spoken_forms(("World", "War", "II")) == [("world", "war", "the", "second"), ("world", "war", "two")]
    assert ("super", "bowl", "the", "twenty", "third") in spoken_forms(("Super", "Bowl", "XXIII"))
    # no Roman numeral alone, none but at a name's end, none of L, C, D or M ("Washington DC")
    assert spoken_forms(("IV",)) == [] and spoken_forms(("Louis", "XIV", "Hotel")) == []
    assert spoken_forms(("Washington", "DC")) == [] and spoken_forms(("Mix",)) == []
    assert spoken_forms(("Jr",)) == [] and spoken_forms(("Iiii", "Vx")) == []
    # a Roman numeral follows a word with a capital: "The King and I" has none
    assert spoken_forms(("The", "King", "and", "I")) == []


def test_digits_of_other_kinds_are_not_said():
    """str.isdigit() is true of "²" and "①" too: such a term has no spoken forms (and no crash)."""
    assert spoken_forms(("Windows", "²")) == [] and spoken_forms(("Formula", "①", "Team")) == []
    assert readings("²") == [] and readings("٣") == []


def test_generation_of_a_name():
    assert generation("Jr.") == generation("junior") == "junior"
    assert generation("SR") == generation("Senior") == "senior"
    assert generation("III") == "3" and generation("I") is None and generation("Smith") is None


def test_versions_and_models_with_a_point():
    assert spoken_forms(("Windows", "3.1")) == [("windows", "three", "point", "one")]
    assert spoken_forms(("Web", "2.0")) == [("web", "two", "point", "oh"), ("web", "two", "point", "zero")]
    assert spoken_forms(("Volkswagen", "ID.4")) == [("volkswagen", "id", "four"), ("volkswagen", "i", "d", "four")]
    assert spoken_forms(("3.5",)) == []  # a number alone is no name
    assert spoken_forms(("Version", "1.234")) == []  # three digits after the point: not a version said so
