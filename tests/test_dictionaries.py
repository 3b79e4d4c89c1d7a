"""Dictionaries: formats, validation errors naming file and line, checks."""
import pytest

from pipeline.dictionaries import check_lexicon, default_dictionary_paths, load_lexicon, read_decisions
from pipeline.errors import DictionaryError

from conftest import ROOT


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_txt_terms_and_comments(tmp_path):
    path = write(tmp_path, "d.txt", "# people\nEric Stoltz\n\nCannes   # the festival\nC#\n")
    lexicon = load_lexicon([path], None)
    assert [t.canonical for t in lexicon.terms] == ["Eric Stoltz", "Cannes", "C#"]
    assert lexicon.terms[1].line == 4


def test_shipped_dictionary_loads_and_checks_clean():
    paths = default_dictionary_paths(ROOT / "dictionaries")
    assert [p.name for p in paths] == ["rocky-dennis.toml"]
    lexicon = load_lexicon(paths, None)
    assert any(t.canonical == "craniodiaphyseal dysplasia" for t in lexicon.terms)
    assert "lionitis" in lexicon.protected
    assert check_lexicon(lexicon) == []


@pytest.mark.parametrize("name,text,line,fragment", [
    ("bad.toml", "[[term]]\ncanonical = \"A\"\n[[term]]\ncanonical = \n", 4, "not valid TOML"),
    ("open.toml", "name = \"x\"\n\nprotected = [\n\n", 3, "at end of document"),  # the last line with text
    ("nokey.toml", "[[term]]\nkind = \"person\"\n", 1, "needs a 'canonical'"),
    ("kind.toml", "[[term]]\ncanonical = \"A\"\n\n[[term]]\ncanonical = \"B\"\nkind = \"planet\"\n", 6, "kind 'planet'"),
    ("field.toml", "[[term]]\ncanonical = \"A\"\nvariant = [\"b\"]\n", 3, "unknown field(s) variant in [[term]] "
     "(did you mean 'variant' -> 'variants'?)"),  # (at the field's own line)
    ("ctrl.txt", "Good\nBad\x07term\n", 2, "control characters"),
])
def test_errors_name_file_and_line(tmp_path, name, text, line, fragment):
    path = write(tmp_path, name, text)
    with pytest.raises(DictionaryError) as err:
        load_lexicon([path], None)
    assert err.value.line == line
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert fragment in str(err.value)


def test_a_misspelt_field_is_named_at_its_line_with_the_field_meant(tmp_path):
    from pipeline.dictionaries import lexicon_errors

    path = write(tmp_path, "f.toml", "[[term]]\ncannonical = \"A\"\n")
    assert [(e.line, e.message) for e in lexicon_errors([path], None)] == [
        (1, "[[term]] needs a 'canonical' string"),
        (2, "unknown field(s) cannonical in [[term]] (did you mean 'cannonical' -> 'canonical'?)")]


def test_not_utf8_names_the_line(tmp_path):
    path = write(tmp_path, "latin.txt", b"Cher\nCaf\xe9\n")
    with pytest.raises(DictionaryError) as err:
        load_lexicon([path], None)
    assert err.value.line == 2


def test_missing_dictionary(tmp_path):
    with pytest.raises(DictionaryError, match="not found"):
        load_lexicon([tmp_path / "nope.txt"], None)


def test_check_reports_duplicates_and_colliding_variants(tmp_path):
    a = write(tmp_path, "a.toml", '[[term]]\ncanonical = "Cher"\nvariants = ["Cannes"]\n')
    b = write(tmp_path, "b.txt", "Cannes\ncher\n")
    problems = check_lexicon(load_lexicon([a, b], None))
    assert any("duplicate term 'cher'" in p for p in problems)
    assert any("variant 'Cannes'" in p for p in problems)


def test_check_reports_a_protected_word_that_is_a_term_with_capitals(tmp_path):
    path = write(tmp_path, "med.toml", 'protected = ["Humira", "lionitis"]\n[[term]]\ncanonical = "Humira"\n'
                                       '[[term]]\ncanonical = "lionitis"\n')
    problems = check_lexicon(load_lexicon([path], None))
    assert problems == [f"{path}:2: term 'Humira' is also a protected word: where the document writes it "
                        "in other capitals it is kept as written, not recased"]


def test_decisions_are_read_and_not_a_dictionary(tmp_path):
    write(tmp_path, "decisions.toml", '[[reject]]\ndoc = "*"\noriginal = "Khan"\nreplacement = "Cannes"\n')
    write(tmp_path, "terms.txt", "Cannes\n")
    assert [p.name for p in default_dictionary_paths(tmp_path)] == ["terms.txt"]
    lexicon = load_lexicon(default_dictionary_paths(tmp_path), tmp_path / "decisions.toml")
    assert lexicon.rejected("any-doc", "Khan", "Cannes")
    assert not lexicon.rejected("any-doc", "Khan", "Cher")
    assert lexicon.decisions_file is not None
    assert len(read_decisions(tmp_path / "decisions.toml")) == 1


@pytest.mark.parametrize("name, before, after, same", [
    ("d.txt", "Eric Stoltz\nCannes\n", "# people\nEric Stoltz   # the actor\n\nCannes\n", True),
    ("d.txt", "Eric Stoltz\nCannes\n", "Cannes\nEric Stoltz\n", False),  # order: the first entry wins
    ("d.txt", "Eric Stoltz\n", "Eric Stolz\n", False),
    ("d.toml", '[[term]]\ncanonical = "Cher"\ncontext = ["singer"]\n',
     'name = "film"\n# the singer\n[[term]]\ncontext = [ "singer" ]\ncanonical = "Cher"\n', True),
    ("d.toml", '[[term]]\ncanonical = "Cher"\n', '[[term]]\ncanonical = "Cher"\nkind = "person"\n', False),
    ("d.toml", 'protected = ["Sheer"]\n', 'protected = ["Sher"]\n', False),
])
def test_the_input_key_follows_the_entries_not_the_layout(tmp_path, name, before, after, same):
    path = write(tmp_path, name, before)
    first = load_lexicon([path], None)
    write(tmp_path, name, after)
    second = load_lexicon([path], None)
    assert first.files[0].sha256 != second.files[0].sha256  # the manifest records the bytes
    assert (first.document_key("doc") == second.document_key("doc")) is same


def test_a_folder_or_the_decisions_file_given_as_a_dictionary_is_named_for_what_it_is(tmp_path):
    with pytest.raises(DictionaryError, match="is a folder, not a dictionary file"):
        load_lexicon([tmp_path], None)
    decisions = write(tmp_path, "decisions.toml", '[[reject]]\ndoc = "*"\noriginal = "a"\nreplacement = "b"\n')
    with pytest.raises(DictionaryError, match="review decisions file is no dictionary"):
        load_lexicon([decisions], None)


def test_white_space_in_a_term_is_one_plain_space(tmp_path):
    path = write(tmp_path, "d.txt", "Boeing\u00a0737\nEric  Stoltz\n")
    assert [t.canonical for t in load_lexicon([path], None).terms] == ["Boeing 737", "Eric Stoltz"]


def test_an_entry_field_problem_is_named_at_the_field_line(tmp_path):
    """A bad `kind` or `variants` is named at its own line, not at the [[term]] header."""
    from pipeline.dictionaries import lexicon_errors

    path = tmp_path / "bad.toml"
    path.write_text('# comment\n[[term]]\ncanonical = "Cher"\nkind = "planet"\n\n[[term]]\ncanonical = "Cannes"\n\n'
                    'variants = "Kann"\n\n[[term]]\ncanonical = ""\n', encoding="utf-8")
    lines = sorted((e.line, e.message.split()[0]) for e in lexicon_errors([path], None))
    assert lines == [(4, "kind"), (9, "'variants'"), (12, "empty")]
