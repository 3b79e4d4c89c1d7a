"""Common English word pairs, from symspellpy's list of the 242,000 most frequent ones.

Two stages ask whether English writes two words in sequence: ``correct`` (is "sales force"
meant as written, rather than the term `Salesforce`? can `PowerPoint` be heard as "power
point" and still be meant as two words?) and ``spelling`` (does "offguard" split into words
English writes together, "off guard", unlike "offtake", "off take"?).
"""
from __future__ import annotations

import functools
from importlib import resources

PAIRS_FILE = "frequency_bigramdictionary_en_243_342.txt"


@functools.lru_cache(maxsize=1)
def _pairs_text() -> str:
    """The list ("sales force 33925888" a line), with a newline in front: read on first use
    (20 ms, 5 MB). A document asks about a few dozen pairs at most, so each is looked for in
    the text (about 2 ms), not in a set that would take 0.1 s and 30 MB to build."""
    return "\n" + resources.files("symspellpy").joinpath(PAIRS_FILE).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=4096)
def common_pair(first: str, second: str) -> bool:
    """Whether English commonly writes the two (lower-case) words in sequence ("sales
    force"; with a plural second word, "sales forces", too)."""
    text = _pairs_text()
    return f"\n{first} {second} " in text or (
        second.endswith("s") and f"\n{first} {second[:-1]} " in text)


WORDS_FILE = "frequency_dictionary_en_82_765.txt"


@functools.lru_cache(maxsize=1)
def _words_text() -> str:
    """symspellpy's list of 82,765 English words (a spell checker's word list met with
    Google Books counts: "nadir", "cassette", not "sher" or "danaher"), read on first use."""
    return "\n" + resources.files("symspellpy").joinpath(WORDS_FILE).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=4096)
def spell_checker_word(word: str) -> bool:
    """Whether a spell checker's English word list holds ``word`` (lower case)."""
    return f"\n{word} " in _words_text()
