"""check_lexicon: what `transcripts check-dictionaries` reports about a dictionary."""
from pathlib import Path

from pipeline.dictionaries import check_lexicon, load_lexicon

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_and_example_dictionaries_are_clean():
    assert check_lexicon(load_lexicon([ROOT / "dictionaries" / "rocky-dennis.toml"], None)) == []
    canonical = ROOT / "tests" / "cases" / "correct" / "rocky-dennis-canonical.txt"
    assert check_lexicon(load_lexicon([canonical], None)) == []


def test_duplicates_and_colliding_variants(tmp_path):
    a = write(tmp_path, "a.toml", '[[term]]\ncanonical = "Cher"\nvariants = ["Cannes", "Sherr"]\n\n'
                                  '[[term]]\ncanonical = "Sheer Inc"\nvariants = ["sherr"]\n')
    b = write(tmp_path, "b.txt", "Cannes\ncher\n")
    problems = check_lexicon(load_lexicon([a, b], None))
    assert any("duplicate term 'cher'" in p and p.startswith(f"{b}:2:") for p in problems)
    assert any("variant 'Cannes'" in p and "is itself the term" in p for p in problems)
    assert any("variant 'sherr'" in p and "also a variant of 'Cher'" in p for p in problems)


def test_risky_and_unreadable_entries(tmp_path):
    path = write(tmp_path, "d.toml", 'protected = ["willo"]\n\n'
                                     '[[term]]\ncanonical = "Willow"\nvariants = ["will we", "willow", "willo"]\n'
                                     'context = ["palme d\'or"]\n\n'
                                     '[[term]]\ncanonical = "C#"\n')
    problems = check_lexicon(load_lexicon([path], None))
    text = "\n".join(problems)
    assert "'will we' of 'Willow' is ordinary English" in text
    assert "'willow' of 'Willow' differs only in case" in text
    assert "'willo' of 'Willow' is also a protected word" in text
    assert "palme" not in text  # a context phrase is read as its words in order
    assert "term 'C#' has characters the matcher ignores (#)" in text
    assert all(p.startswith(f"{path}:") for p in problems)


def test_common_words_english_does_not_write_together_are_a_misspelling():
    """A variant of common words in a sequence English does not write ("Goldman Sacks") is
    a misspelling of the term, no ordinary English; "will we" is English."""
    from pipeline.dictionaries import ordinary_variant

    assert not ordinary_variant("Goldman Sacks", 3.5)
    assert ordinary_variant("will we", 3.5) and ordinary_variant("Khan", 3.5)



def test_a_sentence_given_as_a_term_is_reported(tmp_path):
    """A transcript given as a .txt dictionary: its lines are sentences, not terms."""
    path = write(tmp_path, "notes.txt", "The council votes on the transit plan on Tuesday, the mayor said.\nEric Stoltz\n")
    problems = check_lexicon(load_lexicon([path], None))
    sentences = [p for p in problems if "reads like a sentence" in p]
    assert len(sentences) == 1 and sentences[0].startswith(f"{path}:1:")


def test_a_variant_is_named_at_its_own_line(tmp_path):
    """A problem of one variant is named at that variant's line, not at its [[term]]'s."""
    path = write(tmp_path, "a.toml", '[[term]]\ncanonical = "Cher"\nvariants = [\n  "Sher",\n  "Cannes",\n]\n\n'
                                     "[[term]]\ncanonical = 'Cannes'\nvariants = ['Khan']\n")
    problems = check_lexicon(load_lexicon([path], None))
    assert f"{path}:5: variant 'Cannes' of 'Cher' is itself the term 'Cannes' ({path}:8)" in problems
    assert any(p.startswith(f"{path}:10: variant 'Khan'") for p in problems)
