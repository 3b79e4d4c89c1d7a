"""Speakers: who the text says is speaking.

* People are the names the document uses for persons: capitalized word runs (a quoted
  nickname inside a name, as in Florence “Rusty” Steinberg, counts) that the text gives a
  gender through role nouns ("his mother, Rusty", "mom Rusty", "Mr. Sims") or through the
  pronouns that follow them ("Rusty … she").
* A person is named as the text names them: the form of the name the document uses most on
  its own (``Rusty`` rather than ``Florence “Rusty” Steinberg``).
* :meth:`People.resolve` turns a pronoun at a position ("she told People magazine") into
  the most recent person of that gender before it; ``I``, ``we`` and ``they`` stay unknown.
* :meth:`People.titled` turns a title alone ("the Mayor said") into the one person the text
  named with that title before it ("Mayor Eric Adams"), or nobody.
* :func:`speech_attribution` reads the words around a quote for a speech verb and its
  subject ("she told …, “…”", "“…,” said Rusty").
* :func:`speaker_label` reads caption labels ("RUSTY: …", ">> Rusty: …").
* :func:`clip_introducer` and :func:`clip_identified` read the narrator's sentence just
  before an unquoted clip ("Her lead artist, Joel Park, explained it …", "…, said the
  mayor.") or just after it ("That's Rosa Diaz, …") for the one person it names as the
  clip's voice.

Word lists are package data (``data/speech.json``).
"""
from __future__ import annotations

import bisect
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from . import lazy_regex as regex  # (its patterns compiled when first used)


@lru_cache(maxsize=1)
def _speech_data() -> dict:
    return json.loads(resources.files("pipeline").joinpath("data/speech.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def lists() -> dict[str, frozenset[str]]:
    """The word lists of ``data/speech.json`` as frozensets (``_about`` and the tables left out)."""
    return {k: frozenset(v) for k, v in _speech_data().items() if not k.startswith("_") and isinstance(v, list)}


@lru_cache(maxsize=1)
def title_abbreviations() -> dict[str, str]:
    """``title_abbreviations`` of ``data/speech.json``: the title an abbreviated one stands for
    ("sen": "senator"), lowercased, without the full stop."""
    return dict(_speech_data()["title_abbreviations"])


# Titles before a name (``data/speech.json``): ``titles`` ("Mr", "Dr", "Senator", "Governor",
# "Prime Minister"'s "Minister"), with or without a full stop; ``abbreviated_titles`` ("Sen.",
# "Gov.", "Lt.", "Rev.") only with one ("Rev Group" is a name); ``name_titles``, words that are
# also part of names ("Captain", "Lady", "Coach", "Doctor"), only before a name of two words or
# more ("Captain Jack Aubrey"; "Captain America", "Lady Gaga", "Doctor Who" are names). No part
# of the name, and never a name on their own.
TITLE_TOKENS = lists()["titles"]
ABBREVIATED_TITLES = lists()["abbreviated_titles"]
NAME_TITLES = lists()["name_titles"]
_CAPITAL_TITLES = frozenset(("mr", "mrs", "ms", "dr", "miss", "prof"))  # titles also in capitals ("MR. SIMS")


def is_title(word: str, dotted: bool | None = None, names_after: int = 2) -> bool:
    """Whether ``word`` is a title before a name: "Sen." (``dotted``: whether a full stop
    follows it, by default whether ``word`` ends with one), "Governor", "Dr"; a word also
    part of names ("Captain") only where ``names_after`` name words follow it, two or more;
    in capitals only the personal ones ("MR"): "REV Group", "MX" are names."""
    low = word.rstrip(".").lower()
    if word.isupper() and len(low) >= 2 and low not in _CAPITAL_TITLES:
        return False
    if low in TITLE_TOKENS:
        return True
    if low in ABBREVIATED_TITLES:
        return word.endswith(".") if dotted is None else dotted
    return low in NAME_TITLES and names_after >= 2


def _alternatives(words) -> str:
    return "|".join(sorted((t.capitalize() for t in words), key=lambda t: (-len(t), t)))


# a title before a name, as a regular expression (the name after it not included)
# (a full stop only after a short one: "said President. The crowd" names nobody)
_SHORT_TITLES = frozenset(t for t in TITLE_TOKENS if len(t) <= 4)
TITLE_BEFORE_NAME = (rf"(?:(?:{_alternatives(_SHORT_TITLES)})\.?\s+|(?:{_alternatives(TITLE_TOKENS - _SHORT_TITLES)})\s+"
                     rf"|(?:{_alternatives(ABBREVIATED_TITLES)})\.\s+"
                     rf"|(?:{_alternatives(NAME_TITLES)})\s+(?=\p{{Lu}}[\p{{L}}'’\-]+\s+\p{{Lu}}[\p{{L}}'’\-]+))")
_MENTION_TITLE = rf"(?:(?:{_alternatives(TITLE_TOKENS)})\.?\s+|(?:{_alternatives(ABBREVIATED_TITLES)})\.\s+)"

_NAME_TOKEN = r"\p{Lu}[\p{L}\-]*(?:['’]\p{L}+)?"
_NICKNAME = r"[“\"‘']\p{Lu}[\p{L}\-]*[”\"’']"
# A mention starts with its title's first character or its name's, a capital: a lookahead
# for one lets the search pass over every other character without trying the titles there
# (a fifth of its time). (The titles' first characters are named too, capitals or not.)
_MENTION_FIRST = r"(?=\p{Lu}|[%s])" % "".join(
    sorted({regex.escape(t.capitalize()[:1]) for t in TITLE_TOKENS | ABBREVIATED_TITLES}))
MENTION = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}]){_MENTION_FIRST}{_MENTION_TITLE}?{_NAME_TOKEN}"
    rf"(?:\s+(?:{_NICKNAME}\s+)?{_NAME_TOKEN})*"
)
_POSSESSIVE = regex.compile(r"['’]s?$")
_MENTION_PIECE = regex.compile(rf"{_NICKNAME}|{_NAME_TOKEN}")
_ONE_WORD = regex.compile(_NAME_TOKEN)
_ROLE_AFTER = regex.compile(r"^,?\s+(?:his|her|their|the|a)\s+(\p{L}+)")  # "Rusty, her mother"
_CLAUSE_ENDS = frozenset(".!?:>-—–")  # a mention after one of these starts a clause
_WORD = regex.compile(r"[\p{L}]+(?:['’][\p{L}]+)*")
# A time a transcription service writes beside a speaker's label: "[00:12:31] Sarah:",
# "Sarah (00:12:31):", "Sarah Kim  0:04" (a line of its own)
TURN_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
TURN_CLOCK = r"(?:\s?[AaPp]\.?[Mm]\.?)?"  # "10:32 AM John:": the clock's half of the day, no name's word
_LABEL_NAME = (
    rf"^\s*(?:>>+\s*)?(?P<time>[\[(]{TURN_TIME}{TURN_CLOCK}[\])]\s*|{TURN_TIME}{TURN_CLOCK}\s+)?"
    r"(?P<name>(?i:Speaker|Participant|Caller|Guest|Voice|Person|Interviewer|"
    r"Interviewee|Respondent|Panelist|Panellist|Moderator|Student|Man|Woman|Unknown)[\s_]\d{1,3}"  # "SPEAKER_00:", "RESPONDENT 3:"
    r"|(?:(?:Mr|Mrs|Ms|Dr)\.\s)?\p{Lu}[\p{L}'’.\-]*(?:\s\p{Lu}[\p{L}'’.\-]*){0,3}"
    r"|\p{Lu}[\p{Lu}'’.\- ]{1,30}?)"
    r"\s*(?:\([^)]{1,30}\)|\[[^\]]{1,30}\])?:"
)
LABEL = regex.compile(_LABEL_NAME + r"\s+(?=\S)")
# A speaker and the time of the turn, alone on a line, as Otter and similar services write
# it: "Sarah Kim  0:04", "Speaker 2  1:02:37"
TIMED_NAME_LINE = regex.compile(
    r"^\s*(?P<name>(?i:Speaker|Participant|Interviewer|Interviewee|Respondent|Guest|Host|Unknown)\s\d{1,3}"
    rf"|\p{{Lu}}[\p{{L}}'’.\-]*(?:\s\p{{Lu}}[\p{{L}}'’.\-]*){{0,3}})\s+(?P<time>{TURN_TIME})\s*$")
_TIME_PARTS = regex.compile(rf"(?<![\d:])({TURN_TIME})(?![\d:])")


def turn_time(label_text: str) -> float | None:
    """The time (seconds) written in a speaker's label ("[00:12:31] Sarah:", "Sarah
    (00:12:31):", "Sarah Kim 0:04"): hours, minutes and seconds, or minutes and seconds."""
    m = _TIME_PARTS.search(label_text)
    if m is None:
        return None
    whole, _, fraction = m.group(1).replace(",", ".").partition(".")
    parts = [int(p) for p in whole.split(":")]
    seconds = 0
    for p in parts:
        seconds = seconds * 60 + p
    return seconds + (float("0." + fraction) if fraction else 0.0)


def timed_label(line: str) -> tuple[str, int] | None:
    """A speaker's label alone on its line with the turn's time, as transcription services
    write it ("Sarah Kim (00:12:31):", "[00:12:31] Sarah:", "Sarah Kim  0:04"): the name and
    the line's end; None for any other line (a label without a time included)."""
    m = LABEL_ALONE.match(line)
    if m is not None:
        rest = line[m.end("name"):m.end()]
        if m.group("time") or _TIME_PARTS.search(rest):
            return m.group("name").strip(), m.end()
        return None
    m = TIMED_NAME_LINE.match(line)
    if m is not None and (m.group("name")[-1].isdigit() or m.group("name").split()[0].lower() not in lists()["not_names"]):
        return m.group("name"), m.end()
    return None
LABEL_ALONE = regex.compile(_LABEL_NAME + r"\s*$")  # a line that is a label and nothing more ("JAMES:")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str  # as written, possessive removed
    tokens: tuple[str, ...]  # name tokens, nickname unquoted
    nickname: str | None


def _clean_token(token: str) -> str:
    if "'" not in token and "’" not in token:
        return token  # no possessive to remove (the common case: no regular expression)
    return _POSSESSIVE.sub("", token)


def _mention_pieces(group: str) -> tuple[tuple[int, int, str, bool], ...]:
    """The name tokens of a mention's text: (start, end, word, is_nickname), offsets in
    ``group``, the nickname unquoted and the possessive removed."""
    # a one-word mention (most are) is its own only piece: no second search
    pieces = ((group, 0, len(group)),) if _ONE_WORD.fullmatch(group) else (
        (p.group(), p.start(), p.end()) for p in _MENTION_PIECE.finditer(group))
    return tuple((start, end, _clean_token(tok.strip("“”\"‘’'")), tok[:1] in "“\"‘'")
                 for tok, start, end in pieces)


_TITLE_MODIFIERS = frozenset("prime vice deputy acting chief first former madam mister".split())


def title_key(words: list[str]) -> str | None:
    """The title that ``words`` are, if they are one and nothing more ("Mayor", "the" left
    out; "Prime Minister", "Lt. Gov.", "deputy mayor"): its words lowercased, without full
    stops, abbreviations written out ("lieutenant governor"), so that a title written before
    a name and the same title alone meet; None where a word is no title (a modifier,
    "Deputy", only before one)."""
    if not words:
        return None
    abbreviations = title_abbreviations()
    key = []
    for k, w in enumerate(words):
        low = w.rstrip(".").lower()
        if is_title(w, names_after=2) or low in abbreviations.values():
            key.append(abbreviations.get(low, low))
        elif k + 1 < len(words) and low in _TITLE_MODIFIERS:
            key.append(low)
        else:
            return None
    return " ".join(key)


def without_titles(name: str) -> str:
    """``name`` without the titles before it ("Sen. John Thune", "Prime Minister Keir
    Starmer": the words after the last title but its last word, which is the name's: "John
    Chancellor", "Mrs. Dame"); "" when it is one title ("Senator")."""
    words = name.split()
    if len(words) == 1 and is_title(words[0], names_after=0):
        return ""
    if len(words[-1].rstrip(".")) > 4 and is_title(words[-1], names_after=0) and all(
            is_title(w, names_after=2) or w.lower() in _TITLE_MODIFIERS for w in words[:-1]):
        return ""  # "Mr. President", "Prime Minister": a title of a few words names nobody
    keep = 0
    for k, w in enumerate(words[:-1]):  # (a name's last word is its own: "John Chancellor", "Mrs. Dame")
        if is_title(w, names_after=len(words) - k - 1):
            keep = k + 1
    return " ".join(words[keep:])


CAPITALS_MAX_SMALL = 0.02  # a text with at most this share of its letters small is written in capitals
CAPITALS_MIN_LINES = 0.75  # ... or one whose lines in capitals hold this share of its letters


def in_capitals(chunks: Counter, text: str | None = None) -> bool:
    """Whether the text whose :func:`chunk_counts` are ``chunks`` is written in capitals
    (broadcast captions: "GOOD EVENING. I'M ANDREW LEE."): twenty capitals or more, and at
    most CAPITALS_MAX_SMALL of its letters small (an "iPHONE", a "[music]" tag), or, where
    ``text`` is given, with CAPITALS_MIN_LINES of its letters in lines without a small
    letter (a caption service's lines in capitals around a line or two in mixed case, a
    voice-tagged narrator's). There, a capital tells no name from a word, a title from a
    sentence."""
    small = capitals = 0
    for chunk, n in chunks.items():
        if chunk.isupper():  # (most chunks of such a text: no small letter)
            capitals += n * sum(map(str.isupper, chunk))
        else:
            small += n * sum(map(str.islower, chunk))
            capitals += n * sum(map(str.isupper, chunk))
            if small > 1000 and small > CAPITALS_MAX_SMALL * 10 * capitals:
                return False  # (a text in small letters: known early)
    if capitals < 20:
        return False
    if small <= CAPITALS_MAX_SMALL * (small + capitals):
        return True
    if text is None or small * 3 > capitals:
        return False  # (most texts: small letters hold more than a quarter of the letters)
    letters = in_lines = 0
    for line in text.splitlines():
        n = sum(map(str.isalpha, line))
        letters += n
        if n and not any(map(str.islower, line)):
            in_lines += n
    return in_lines >= CAPITALS_MIN_LINES * letters


def find_mentions(text: str, sentence_starts: list[int], chunks: Counter | None = None) -> list[Mention]:
    """Capitalized name runs of ``text``. A run's first word at a sentence start counts
    only if the document also writes it capitalized inside a sentence. ``chunks``:
    :func:`chunk_counts` of the text, where the caller has it. None in a text written in
    capitals (:func:`in_capitals`): every run of its words would read as a name."""
    if chunks is None:
        chunks = chunk_counts(text)
    if in_capitals(chunks, text):
        return []
    not_names = lists()["not_names"]
    starts = set(sentence_starts)
    raw = []  # (offset, text, whether the first piece starts a sentence)
    lower_words = _lowercase_word_counts(text, chunks)
    # a document writes the same names again and again: each distinct mention text is cut
    # into its pieces once, and its words are counted per mention text
    pieces_of: dict[str, tuple] = {}
    at_start: list[str] = []  # a mention text for each mention whose first piece starts a sentence
    inside: list[str] = []  # ... and for each other mention
    for m in MENTION.finditer(text):
        group = m.group()
        pieces = pieces_of.get(group)
        if pieces is None:
            pieces = pieces_of[group] = _mention_pieces(group)
        if not pieces:
            continue
        base = m.start()
        first = base + pieces[0][0]
        first_at_start = first in starts or _is_sentence_start(text, first, starts)
        raw.append((base, group, first_at_start))
        (at_start if first_at_start else inside).append(group)
    # how often each word is written capitalized inside a sentence: every piece of a
    # mention but a first piece that starts a sentence
    inner_caps: Counter = Counter()
    for group, count in Counter(inside).items():
        for piece in pieces_of[group]:
            inner_caps[piece[2]] += count
    for group, count in Counter(at_start).items():
        for piece in pieces_of[group][1:]:
            inner_caps[piece[2]] += count
    mentions = []
    # Whether a mention's first piece is dropped depends on its text and on whether it
    # starts a sentence (the counts are fixed from here on): worked out once for each
    # (text -> dropped, for mentions inside a sentence and at a sentence start).
    first_dropped: tuple[dict[str, bool], dict[str, bool]] = ({}, {})
    # What a mention keeps of its pieces depends on its text and on how many of its first
    # pieces are dropped: (first piece's start, last piece's end, text, tokens, nickname),
    # or None when nothing is left; by text where none is dropped, else by (text, number).
    kept_whole: dict[str, tuple | None] = {}
    kept_of: dict[tuple[str, int], tuple | None] = {}
    for base, group, first_at_start in raw:
        pieces = pieces_of[group]
        dropped = first_dropped[first_at_start]
        drop = dropped.get(group)
        if drop is None:
            word = pieces[0][2]
            low = word.lower()
            drop = dropped[group] = low in not_names or first_at_start and (
                inner_caps[word] == 0 or lower_words[low] > inner_caps[word])
        if not drop:
            kept = kept_whole.get(group, False)  # (False: not worked out yet)
            if kept is False:
                kept = kept_whole[group] = _kept_pieces(pieces, inner_caps, lower_words, group)
        else:
            # (a later piece is at a sentence start or not by where this mention is)
            k = 1
            while k < len(pieces):
                s, _e, word, _n = pieces[k]
                low = word.lower()
                drop = low in not_names
                if not drop and _is_sentence_start(text, base + s, starts):
                    drop = inner_caps[word] == 0 or lower_words[low] > inner_caps[word]
                if not drop:
                    break
                k += 1
            key = (group, k)
            if key in kept_of:
                kept = kept_of[key]
            else:
                kept = kept_of[key] = _kept_pieces(pieces[k:], inner_caps, lower_words, group)
        if kept is not None:
            start, end, written, tokens, nickname = kept
            mentions.append(Mention(base + start, base + end, written, tokens, nickname))
    return mentions


def _kept_pieces(pieces: tuple, inner_caps: Counter, lower_words: Counter, group: str) -> tuple | None:
    """A mention of the name ``pieces`` (its dropped first pieces left out; ``group``: the
    mention's text): (start, end, text, tokens, nickname) relative to the mention, or None if
    it is not a name."""
    # the words after the last title that a name follows ("Prime Minister Keir Starmer": Keir
    # Starmer; "Stephen King" keeps its last word, a title only before a name)
    toks = list(pieces)
    for k in range(len(pieces) - 2, -1, -1):
        if is_title(pieces[k][2], group[pieces[k][1]:pieces[k][1] + 1] == ".", len(pieces) - k - 1):
            toks = list(pieces[k + 1:])
            break
    if len(toks) > 1 and len(toks[-1][2]) <= 4 and is_title(toks[-1][2], False, 0):
        toks.pop()  # a short title at the end comes before a name on the next line ("Idaho\nDr. Lee")
    if not toks or len(toks) == 1 and is_title(toks[0][2], False, 0):
        return None  # (a title alone, "the Governor's office", names nobody)
    if len(toks) == 1 and lower_words[toks[0][2].lower()] > inner_caps[toks[0][2]]:
        return None  # a capitalized common word ("People"), not a name
    nickname = next((t[2] for t in toks if t[3]), None)
    written = " ".join(t[2] if not t[3] else f"“{t[2]}”" for t in toks)
    return toks[0][0], toks[-1][1], written, tuple(t[2] for t in toks), nickname


CHUNK_STRETCH = 1 << 16  # characters of text split at a time by chunk_counts


def chunk_counts(text: str) -> Counter:
    """``Counter(text.split())``: how often each white-space-delimited chunk occurs.

    Split a stretch of about CHUNK_STRETCH characters at a time, cut at a line break (no
    chunk holds white space, so the chunks are the same): the strings of one stretch are
    freed before the next is split and their memory is reused. (Half a million strings made
    at once take twice the time in a process that holds a large heap already.)"""
    counts: Counter = Counter()
    n, pos = len(text), 0
    while pos < n:
        cut = text.find("\n", pos + max(1, CHUNK_STRETCH))
        if cut < 0:
            cut = n
        counts.update(text[pos:cut].split())
        pos = cut
    return counts


def _lowercase_word_counts(text: str, chunks: Counter | None = None) -> Counter:
    """How often each word of ``text`` (``_WORD``) that starts with a lowercase letter occurs.

    The same as counting ``_WORD.findall(text)``, read faster: no word holds white space, so
    the words of the text are the words of its white-space-delimited chunks, and a text
    repeats its chunks: each distinct chunk is read once (one of plain ASCII letters, most
    of them, is a word of its own) and its words counted as often as it occurs.
    ``chunks``: :func:`chunk_counts` of the text, where the caller has it."""
    counts: Counter = Counter()
    for chunk, n in (chunks if chunks is not None else chunk_counts(text)).items():
        if chunk.isascii() and chunk.isalpha():
            if chunk[0].islower():
                counts[chunk] += n
        else:
            for word in _WORD.findall(chunk):
                if word[:1].islower():
                    counts[word] += n
    return counts


def _is_sentence_start(text: str, pos: int, starts: set[int]) -> bool:
    if pos in starts:
        return True
    before = text[max(0, pos - 4):pos]
    stripped = before.rstrip(" \n\t“\"‘'(")
    # (the last character tested directly: _ENDS_CLAUSE, without a regular expression)
    return not stripped and pos < 4 or stripped[-1:] in _CLAUSE_ENDS


@lru_cache(maxsize=1)
def _pronoun_search() -> regex.Pattern | None:
    """Finds the first word (as ``_WORD`` reads the words of a text) that is a personal
    pronoun (``female_pronouns``, ``male_pronouns``) in any case, in one search instead of a
    test per word; None where a pronoun is not plain ASCII letters (then the words are read
    one by one)."""
    words = lists()
    pronouns = words["female_pronouns"] | words["male_pronouns"]
    if not all(p.isascii() and p.isalpha() and p.islower() for p in pronouns):
        return None

    def letter(ch: str) -> str:
        # the characters whose lowercase is ``ch``: itself, its capital and, for "k", the
        # Kelvin sign (the only other character whose lowercase is an ASCII letter)
        return "[" + ch + ch.upper() + ("\u212a" if ch == "k" else "") + "]"

    alternatives = "|".join("".join(map(letter, p)) for p in sorted(pronouns, key=lambda p: (-len(p), p)))
    # a whole word: no letter (nor letter and apostrophe) just before, none (nor an
    # apostrophe and a letter) just after, as in _WORD
    return regex.compile(rf"(?<!\p{{L}}|\p{{L}}['’])(?:{alternatives})(?!\p{{L}}|['’]\p{{L}})")


@dataclass
class People:
    """The persons of one document: mentions, genders and the names the text uses."""

    mentions: list[Mention]
    gender: dict[str, str] = field(default_factory=dict)  # canonical name -> "f" | "m"
    canonical: dict[int, str] = field(default_factory=dict)  # mention index -> canonical name
    _starts: list[int] = field(default_factory=list)
    _text: str = field(default="", repr=False)
    # title (title_key) -> the (start, canonical name) of the mentions written after it, in order
    _titles: dict[str, tuple[int, str, int | None]] | None = field(default=None, repr=False)
    # a name's word -> the mentions of two words or more that hold it, by their text (see _full_name)
    _longer: dict[str, dict[str, Mention]] | None = field(default=None, repr=False)
    # a canonical name -> its fullest written form (see _canonical_full)
    _fullest: dict[str, str] | None = field(default=None, repr=False)

    @classmethod
    def from_text(cls, text: str, sentence_spans: list[tuple[int, int]],
                  chunks: Counter | None = None) -> "People":
        """``chunks``: :func:`chunk_counts` of the text, where the caller has it."""
        starts = [s for s, _ in sentence_spans]
        mentions = find_mentions(text, starts, chunks)
        people = cls(mentions)
        people._starts = [m.start for m in mentions]
        people._text = text
        standalone = Counter(m.text for m in mentions if len(m.tokens) == 1)
        for i, m in enumerate(mentions):
            people.canonical[i] = _canonical(m, standalone)
        people._learn_gender(text, sentence_spans)
        return people

    def _learn_gender(self, text: str, sentence_spans: list[tuple[int, int]]) -> None:
        words = lists()
        female_roles, male_roles = words["female_roles"], words["male_roles"]
        female_pronouns, male_pronouns = words["female_pronouns"], words["male_pronouns"]
        votes: dict[str, Counter] = defaultdict(Counter)
        ends = [e for _, e in sentence_spans]
        pronoun = _pronoun_search()
        # the votes of the role words just before a mention, by the text before it (a
        # document repeats the words before a name: "his mother, Rusty")
        role_votes: dict[str, tuple[int, int]] = {}
        pronoun_in: dict[str, str | None] = {}  # the same for the first pronoun after a mention
        for i, m in enumerate(self.mentions):
            name = self.canonical[i]
            before = text[max(0, m.start - 40):m.start]
            f_m = role_votes.get(before)
            if f_m is None:
                f = v = 0
                for w in _WORD.findall(before)[-3:]:
                    w = w.lower()
                    if w in female_roles:
                        f += 3
                    elif w in male_roles:
                        v += 3
                f_m = role_votes[before] = (f, v)
            if f_m[0]:
                votes[name]["f"] += f_m[0]
            if f_m[1]:
                votes[name]["m"] += f_m[1]
            after = text[m.end:m.end + 30]
            role = _ROLE_AFTER.match(after)
            if role and role.group(1).lower() in female_roles:
                votes[name]["f"] += 2
            elif role and role.group(1).lower() in male_roles:
                votes[name]["m"] += 2
            # the first personal pronoun after the mention, up to the end of the next sentence,
            # when no other name comes between
            k = bisect.bisect_left(ends, m.end)
            limit = ends[k + 1] if k + 1 < len(ends) else len(text)
            nxt = self._starts[i + 1] if i + 1 < len(self._starts) else len(text)
            window = text[m.end:min(limit, nxt)]
            if pronoun is not None:
                if window in pronoun_in:
                    lw = pronoun_in[window]
                else:
                    hit = pronoun.search(window)
                    lw = pronoun_in[window] = hit.group().lower() if hit else None
                if lw in female_pronouns:
                    votes[name]["f"] += 1
                elif lw in male_pronouns:
                    votes[name]["m"] += 1
                continue
            for wm in _WORD.finditer(window):  # (not findall: it stops at the first pronoun)
                lw = wm.group().lower()
                if lw in female_pronouns:
                    votes[name]["f"] += 1
                    break
                if lw in male_pronouns:
                    votes[name]["m"] += 1
                    break
        for name, v in votes.items():
            if v["f"] > v["m"] and v["f"] >= 2:
                self.gender[name] = "f"
            elif v["m"] > v["f"] and v["m"] >= 2:
                self.gender[name] = "m"

    def frequent_names(self, min_count: int) -> frozenset[str]:
        """Lowercased name words of the persons and things the document names at least
        ``min_count`` times."""
        counts = Counter(tok.lower() for m in self.mentions for tok in m.tokens)
        return frozenset(w for w, c in counts.items() if c >= min_count)

    def resolve(self, position: int, pronoun: str) -> str | None:
        """The person a third-person ``pronoun`` at ``position`` most likely refers to."""
        words = lists()
        p = pronoun.lower()
        want = "f" if p in words["female_pronouns"] else "m" if p in words["male_pronouns"] else None
        if want is None:
            return None
        k = bisect.bisect_left(self._starts, position) - 1
        while k >= 0 and position - self.mentions[k].start < 3000:
            name = self.canonical[k]
            if self.gender.get(name) == want:
                return name
            k -= 1
        return None

    def titled(self, title: str, position: int) -> str | None:
        """The person the text named with ``title`` (a :func:`title_key`) before
        ``position`` ("Mayor Eric Adams": the mayor), where that is one person; else None
        (two mayors named, or none)."""
        if self._titles is None:  # (worked out on the first title alone a document attributes to)
            named: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
            for i, m in enumerate(self.mentions):
                key = _title_before(self._text, m.start)
                if key is not None:
                    named[key].append((m.start, self.canonical[i]))
            # per title (the mentions are in the text's order): where a name is first named
            # with it, that name, and where another name is first named with it, so that a
            # lookup is three comparisons (it was a pass over the title's places before it)
            self._titles = {key: (places[0][0], places[0][1],
                                  next((start for start, name in places if name != places[0][1]), None))
                            for key, places in named.items()}
        if title not in self._titles:
            return None
        start, first, other = self._titles[title]
        if start >= position:
            return None
        return first if other is None or other >= position else None

    def name_at(self, start: int, end: int) -> str | None:
        """The canonical name of the first person mention inside ``[start, end)``."""
        k = bisect.bisect_left(self._starts, start)
        while k < len(self.mentions) and self.mentions[k].start < end:
            name = self.canonical[k]
            if name in self.gender:
                return name
            k += 1
        return None


_WORDS_BEFORE = regex.compile(r"(?:\p{L}+\.?\s+){1,4}$")
_APPOSITIVE_BEFORE = regex.compile(r"(?:\p{L}+\s+){0,3}\p{L}+(?=,\s+$)")  # "Acme's president, " before a name


def _title_before(text: str, start: int) -> str | None:
    """The title (:func:`title_key`) written just before the name at ``start`` ("Mayor Eric
    Adams", "Former Mayor Bill Thompson": "former mayor"), if any; a name's first words
    that the mention left out may stand between ("Lt. Gov. Dan Patrick": "Patrick")."""
    m = _WORDS_BEFORE.search(text, max(0, start - 60), start)
    if not m:
        # a title in small letters before a comma: "Acme's president, Jane Roe" (an appositive)
        m = _APPOSITIVE_BEFORE.search(text, max(0, start - 60), start)
        if not m or not m.group().split()[-1].islower():
            return None
    words = m.group().split()
    end = len(words)
    while end > 0 and len(words) - end < 2 and words[end - 1][:1].isupper() \
            and not words[end - 1].endswith(".") and title_key(words[end - 1:end]) is None:
        end -= 1
    title = None
    for k in range(end - 1, -1, -1):
        key = title_key(words[k:end])
        if key is None:
            break
        title = key
    return title


def _canonical(m: Mention, standalone: Counter) -> str:
    """The form of a name the document uses most on its own; the name as written if none."""
    if len(m.tokens) == 1:
        return m.tokens[0]
    options = ([m.nickname] if m.nickname else []) + list(m.tokens)
    best = max(options, key=lambda t: standalone[t])
    return best if standalone[best] > 0 else m.text.replace("“", "").replace("”", "")


# What may stand between an attribution's subject and its verb: nothing, or an appositive
# between commas ("Marsh, the health secretary, said"; "the minister, Ana Ferreira, said").
_SUBJECT_GAP = regex.compile(r"\s*,?\s*|\s*,[^,.!?]{1,60},\s*")
# ... and for a clip's introducer, an adverb ("Quarterback Eddie Walsh still remembers …")
INTRODUCER_ADVERBS = frozenset("still also now often later today".split())
_ADVERB = "|".join(sorted(INTRODUCER_ADVERBS))
_INTRODUCER_GAP = regex.compile(_SUBJECT_GAP.pattern + r"|\s+(?i:%s)\s+" % _ADVERB)
# A name after a quote, then its verb ("Mr Hartley said", "Dr. Patel added"), or the verb
# first ("said Mr. Hartley"); a title before the name is kept out of it.
_TITLE = rf"{TITLE_BEFORE_NAME}*"  # (titles stacked: "Lt. Gov. Dan Patrick")
_NAME_WORDS = r"\p{Lu}[\p{L}'’\-]+(?:\s\p{Lu}[\p{L}'’\-]+){0,2}"
_NAME_THEN_VERB = regex.compile(
    rf"^\s*[,—–]?\s*(?:(?P<pron>she|he)|(?P<title>{_TITLE})(?P<name>{_NAME_WORDS}))\s+(?P<verb>\p{{L}}+)")
_VERB_THEN_NAME = regex.compile(  # (also "said the minister, Ana Ferreira,")
    rf"^\s*[,—–]?\s*(?P<verb>\p{{L}}+)\s+(?:the\s+[\p{{Ll}}\s\-]{{1,40}}?,\s+)?(?P<title>{_TITLE})(?P<name>{_NAME_WORDS})")


def _titled_name(m: regex.Match) -> str | None:
    """The name of an attribution with the titles before it ("Mrs. Dame": the name is
    "Dame", which is also a title; see :func:`without_titles`)."""
    name = m.group("name")
    return f"{m.group('title')}{name}" if name and m.group("title") else name


# --- who speaks an unquoted clip: the narrator's sentence next to it -----------------------

# Auxiliaries and common verbs in their finite forms: a heading holds none (segment), and a
# name right before one in small letters is a clause's subject (correct)
VERB_FORMS = frozenset("""
is was were are am be been being has have had do does did will would can could shall should may might
must isn't wasn't weren't aren't hasn't haven't hadn't don't doesn't didn't won't wouldn't can't
couldn't shouldn't it's he's she's that's there's became become came come went go goes got get gets
knew know knows saw see sees took take takes made make makes said say says told tell tells felt feel
feels thought think thinks found find finds gave give gives left leave leaves kept keep keeps began
begin begins seemed seems looked looks wanted wants lived lives died dies loved loves stood ran grew
grows brought held fought met lost won wrote sat meant needed used tried turned showed put set let cut
hit hurt read spread shut cost quit sent spent built bought taught caught paid heard led fell
""".split())

# Verbs of saying whose subject, named in the narrator's sentence just before an unquoted
# clip, speaks the clip ("Mayor Linda Park said the decision was not an easy one.", "Her
# lead artist, Joel Park, explained it in a documentary.", "…, and Voss addressed it directly
# on a stream.", "…, said the mayor."). Not "asked" (the clip after a question is its
# answer, another voice's), nor "wrote", "noted", "continues" (no voice heard).
SAYING_VERBS = frozenset("""
said says told tells explained explains recalled recalls remembered remembers talked talks spoke speaks
testified testifies answered answers replied replies responded responds
""".split())  # (segment's lead-in sentences take these; a clip's introducer these and more)
CLIP_INTRO_VERBS = SAYING_VERBS | frozenset("""
addressed addresses described describes admitted admits added adds argued argues insisted insists warned
warns recounted recounts acknowledged acknowledges conceded concedes promised promises
""".split())
# the last word of a name of a place or an organization, not a person ("Brewer County",
# "City Hall", "General Motors"): such a name speaks no clip
_PLACE_OR_BODY_HEADS = frozenset("""
county city state street st avenue ave road lane boulevard drive square hall center centre building
department office council committee board agency authority commission university college school academy high
hospital clinic church court police news times post network channel studio studios company corporation
corp inc ltd llc group association society institute foundation bank airlines motors club team party
garden gardens stadium arena theater theatre museum library market mall plaza station airport palace
""".split())
_PERSON_FIRST_MAX_ZIPF = 5.0  # a name's first word as common as this is a word ("General Motors")
_CLAUSE_OPENERS = frozenset("and but so then".split())  # a clause of its own starts after them
WORD_SPAN = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)*")  # a word, its apostrophe's part with it
_IDENTIFIED = regex.compile(r"^\s*(?:That|That['’]s|That\s+(?:is|was))\s+")  # "That's Rosa Diaz, …"
_ROLE_WORDS: frozenset[str] | None = None


def person_roles() -> frozenset[str]:
    """The nouns of a person's role or title ("mayor", "reporter", "artist"): the role and
    title lists of ``data/speech.json`` and a few more."""
    w = lists()
    return (w["female_roles"] | w["male_roles"] | w["broadcast_roles"] | w["conversation_roles"]
            | w["titles"] | w["name_titles"] | frozenset("artist director friend spokesperson official founder".split()))


def _role_words() -> frozenset[str]:
    """Words of a person's role or title that may stand before a name in its clause ("the
    mayor", "our reporter", "former"): :func:`person_roles`, a title's modifiers, determiners."""
    global _ROLE_WORDS
    if _ROLE_WORDS is None:
        _ROLE_WORDS = person_roles() | _TITLE_MODIFIERS | _DETERMINERS
    return _ROLE_WORDS


def _mentions_in(people: "People", start: int, end: int) -> range:
    """The indexes of the mentions inside ``[start, end)``."""
    return range(bisect.bisect_left(people._starts, start), bisect.bisect_left(people._starts, end))


def _full_name(people: "People", i: int) -> str | None:
    """The person mention ``i`` names, as the document writes them in full: the mention's
    own words where it has two or more ("Joel Park"), else the one name of several words the
    document writes with that word ("Voss": "Mara Voss"), else the word; None where a person
    it is not (:func:`_person_like`) or the word is part of two names ("Park": "Linda Park",
    "Joel Park")."""
    m = people.mentions[i]
    if len(m.tokens) >= 2:
        return m.text if _person_like(people, m) else None
    if people._longer is None:  # (worked out on the first name of one word beside a clip)
        people._longer = defaultdict(dict)
        for x in people.mentions:
            if len(x.tokens) >= 2:
                for t in x.tokens:
                    people._longer[t].setdefault(x.text, x)
    longer = people._longer.get(m.tokens[0], {})
    if len(longer) > 1:
        return None
    if longer:
        (text, x), = longer.items()
        return text if _person_like(people, x) or people.gender.get(people.canonical[i]) else None
    return m.text if people.gender.get(people.canonical[i]) or _title_before(people._text, m.start) else None


mentions_in = _mentions_in  # (for segment: the mentions of a span, and the person each names)
person_name = _full_name
PERSON_FIRST_MAX_ZIPF = _PERSON_FIRST_MAX_ZIPF  # (for segment: a person presented by a name alone)
PLACE_OR_BODY_HEADS = _PLACE_OR_BODY_HEADS


def _person_like(people: "People", m: Mention) -> bool:
    """Whether the mention ``m`` of two words or more is a person's name: the text gives it a
    gender or a title ("Mayor Linda Park", "Acme's president, Jane Roe"), or its first word is
    no common word and its last no head of a place's or an organization's name ("Brewer
    County", "City Hall", "General Motors" are none)."""
    k = bisect.bisect_left(people._starts, m.start)
    if k < len(people.mentions) and people.mentions[k] is m and people.gender.get(people.canonical[k]):
        return True
    if _title_before(people._text, m.start) is not None:
        return True
    low = [t.lower() for t in m.tokens]
    return len(low) >= 2 and not any(t in lists()["not_names"] for t in low) and read_as_a_person(low)


def read_as_a_person(low: list[str]) -> bool:
    """Whether the words of a name (small letters) read as a person's: its first word no
    common word ("General Motors") and its last no head of a place's or an organization's
    name ("Brewer County", "City Hall")."""
    from .phonetics import zipf  # (a word's frequency: only for the few names beside a clip)
    return zipf(low[0]) < _PERSON_FIRST_MAX_ZIPF and low[-1] not in _PLACE_OR_BODY_HEADS


def _canonical_full(people: "People", canonical: str) -> str | None:
    """The fullest written form of the person whose canonical name is ``canonical`` (the one
    :meth:`People.titled` gives)."""
    if people._fullest is None:  # (worked out once: a document may name a clip's voice so thousands of times)
        fullest: dict[str, Mention] = {}
        for i, m in enumerate(people.mentions):
            best = fullest.get(people.canonical[i])
            if best is None or len(m.tokens) > len(best.tokens):
                fullest[people.canonical[i]] = m
        people._fullest = {name: m.text for name, m in fullest.items()}
    return people._fullest.get(canonical)


def _only_person(people: "People", start: int, end: int, subject: str | None) -> bool:
    """Whether the sentence ``[start, end)`` names no person but ``subject`` (a full name, or
    None for a title alone): one candidate, or the clip's voice is unclear."""
    for i in _mentions_in(people, start, end):
        m = people.mentions[i]
        if len(m.tokens) >= 2 and not _person_like(people, m) and not people.gender.get(people.canonical[i]):
            continue  # a place or a body ("City Hall")
        if len(m.tokens) == 1 and not people.gender.get(people.canonical[i]) and _full_name(people, i) is None:
            continue  # a thing's name ("Lanternfall", "Eastside")
        name = _full_name(people, i)
        if name is None or name != subject:
            return False
    return True


def clip_introducer(people: "People", start: int, end: int) -> str | None:
    """The person whom the narrator's sentence ``[start, end)`` of the text introduces as
    speaking the clip right after it, named in full (:func:`_full_name`), or None: the
    subject of a verb of saying (``CLIP_INTRO_VERBS``) that opens its clause, perhaps after a
    title, a role or an appositive ("Mayor Linda Park said the decision was not an easy one.",
    "Her lead artist, Joel Park, explained it in a documentary.", "…, and Voss addressed it
    directly on a stream."), or the person after the verb at the sentence's end ("…, said the
    mayor.": a title alone, the one person the text named with it; "…, said Greg Ortiz.").
    Only a name: a pronoun ("She talked about it …") names nobody; and only where the
    sentence names no other person ("… on a podcast with the developer Tom Reyes", "A friend
    of Tom Reyes said …" name nobody); never a sentence with quote marks (the words are in it)
    or one that is no statement."""
    text = people._text
    body = text[start:end].rstrip()
    if not body or body[-1] not in ".:" or any(c in body for c in "\"“”«»"):
        return None
    tokens = list(WORD_SPAN.finditer(body))
    if len(tokens) < 3:
        return None
    for k, tok in enumerate(tokens):
        verb = tok.group().lower()
        if k == 0 or verb not in CLIP_INTRO_VERBS and not (
                verb in ("put", "puts") and tokens[k + 1:k + 2] and tokens[k + 1].group().lower() == "it"):
            continue  # (a verb of saying, or "put it": "The mayor put it this way.")
        before = tok.start()  # (the end of the words before the verb, found without copying them)
        while before > 0 and body[before - 1].isspace():
            before -= 1
        # the verb, then the person at the sentence's end: "…, said the mayor." / "…, said Greg Ortiz."
        if body[before - 1:before] == ",":
            rest = body[tok.end():].rstrip(" .:")
            appositive = regex.search(r",[^,]{1,60}$", rest)  # "…, said Tanya Brooks, an organizer."
            if appositive:
                rest = rest[:appositive.start()]
            words = rest.split()
            title = title_key(words[1:]) if 2 <= len(words) <= 4 and words[0] == "the" else None
            if title is not None:
                name = people.titled(title, start)
                name = _canonical_full(people, name) if name else None
                return name if name and _only_person(people, start, end, name) else None
            rest_end = start + tok.end() + len(rest)
            found = list(_mentions_in(people, start + tok.end(), rest_end))
            if found:
                m = people.mentions[found[0]]
                titles = text[start + tok.end():m.start].split()
                if m.end == rest_end and all(is_title(w, names_after=len(m.tokens)) for w in titles):
                    name = _full_name(people, found[0])
                    return name if name and _only_person(people, start, end, name) else None
        # the person before the verb, perhaps with an appositive between: the last mention
        # before it that only spaces, a comma or an appositive (60 characters between its
        # commas) part from it. A mention that starts further back than that has its own
        # letters between every mention before it and the verb, so the search stops there
        # (a long sentence with many names and verbs costs time in proportion to its length).
        i = None
        for n in reversed(_mentions_in(people, start, start + tok.start())):
            if _INTRODUCER_GAP.fullmatch(text, people.mentions[n].end, start + tok.start()):
                i = n
                break
            if people.mentions[n].start < start + before - 64:
                break
        if i is None:
            continue
        m = people.mentions[i]
        before = text[start:m.start]
        cut = max(before.rfind(c) for c in ",;:—–")
        pre = before[cut + 1:].split()
        while pre and pre[-1].lower() not in _CLAUSE_OPENERS:
            w = pre[-1].strip(".")
            if not (w[:1].isupper() or w.lower() in _role_words()):
                return None  # "A friend of Tom Reyes said …": the name is no subject
            pre.pop()
        name = _full_name(people, i)
        return name if name and _only_person(people, start, end, name) else None
    return None


def clip_presented(people: "People", start: int, end: int, person_start: int, person_end: int) -> str | None:
    """The person a presenter's cue ``[start, end)`` presents as speaking the clip it plays,
    where its words ``[person_start, person_end)`` that present them write a name ("Here's
    the company's chief executive, Dana Whitcomb, speaking …", "This is Mayor Linda Park
    speaking to reporters …", "Whitcomb, talking to reporters …:"), named in full
    (:func:`_full_name`), or a title alone that the text named one person with before ("This
    is the mayor on Monday, …" after "Mayor Linda Park …"); None for a role alone that it
    did not ("the council president"), a name only in the possessive ("Here's Tom Reyes's lawyer …"), two persons there, or a cue that
    names any other person."""
    text = people._text
    found = list(_mentions_in(people, person_start, person_end))
    if not found:
        # a title alone ("This is the mayor on Monday, …"): the one person the text named
        # with it before, as for "…, said the mayor." (:func:`clip_introducer`)
        words = text[person_start:person_end].split()
        title = title_key(words[1:]) if 2 <= len(words) <= 4 and words[0].lower() == "the" else None
        name = people.titled(title, start) if title is not None else None
        name = _canonical_full(people, name) if name else None
        return name if name and _only_person(people, start, end, name) else None
    name = None
    for i in found:
        m = people.mentions[i]
        if m.end > person_end:
            return None
        if text[m.end:m.end + 2] in ("'s", "’s") or text[m.end:m.end + 1] in "'’":
            return None  # the owner of the person presented
        full = _full_name(people, i)
        if full is None or name is not None and full != name:
            return None
        name = full
    return name if name and _only_person(people, start, end, name) else None


_PRONOUN_INTRODUCER = regex.compile(
    r"^(?P<pron>He|She)\s+(?:(?:%s)\s+)?(?P<verb>\p{Ll}+)(?![\p{L}'’])" % _ADVERB)


def clip_introducer_pronoun(people: "People", before_start: int, before_end: int, start: int, end: int) -> str | None:
    """The person whom the narrator's sentence ``[start, end)`` of the text introduces by a
    pronoun as speaking the clip right after it ("He recalls his first look at the roster.",
    "She still remembers the first time …", "He told us the rain game is still …"), named in
    full: the sentence opens with "He" or "She" (perhaps an adverb after it) and a verb of
    saying (``CLIP_INTRO_VERBS``) and names no person itself, and the narrator's sentence
    ``[before_start, before_end)`` just before it names one person and no other who might be
    the pronoun's ("Coach Ray Delgado arrived that August from a junior college in Ohio.").
    None wherever that is unsure: the sentence before names two persons or none, the one it
    names only in the possessive ("Osei's team …"), or a role noun that the pronoun may mean
    stands in either sentence away from the name ("… took it over from her father." | "He
    recalls …"); the text gives that person the other gender, or the pronoun resolver
    (:meth:`People.resolve`) finds another person of its gender."""
    text = people._text
    body = text[start:end].rstrip()
    if not body or body[-1] not in ".:" or any(c in body for c in "\"“”«»"):
        return None
    m = _PRONOUN_INTRODUCER.match(body)
    if m is None or m.group("verb") not in CLIP_INTRO_VERBS:
        return None
    if any(people.mentions[i].end <= end for i in _mentions_in(people, start, end)):
        return None  # (another person in the lead-in: "He told us about Tom Reyes …")
    want = "m" if m.group("pron") == "He" else "f"
    name, named = None, set()
    for i in _mentions_in(people, before_start, before_end):
        x = people.mentions[i]
        if len(x.tokens) >= 2 and not _person_like(people, x) and not people.gender.get(people.canonical[i]):
            continue  # a place or a body ("City Hall")
        full = _full_name(people, i)
        if full is None:
            before = WORD_SPAN.findall(text, max(before_start, x.start - 20), x.start)
            if len(x.tokens) == 1 and before and before[-1] in _PLACE_PREPOSITIONS:
                continue  # a place's name ("… from a junior college in Ohio.")
            return None  # perhaps a person ("Walter Briggs worked …": the name's first word opens the sentence)
        if _POSSESSIVE_AFTER.match(text, x.end):
            return None  # "Osei's team …", "Margaret's grandfather …": whose the pronoun is, unsure
        named.add(full)
        name, canonical = full, people.canonical[i]
    if len(named) != 1:
        return None
    if people.gender.get(canonical, want) != want:
        return None
    resolved = people.resolve(start, m.group("pron"))
    if resolved is not None and resolved != canonical:
        return None
    # a person the pronoun may mean that no name shows ("her father", "the mayor"): not the
    # role just before the name ("Coach Ray Delgado", "Her son Daniel")
    other = lists()["female_roles" if want == "m" else "male_roles"]
    roles = person_roles() - other
    names_at = [(people.mentions[i].start, people.mentions[i].end) for i in _mentions_in(people, before_start, before_end)]
    for w in WORD_SPAN.finditer(text, before_start, end):
        if w.group().lower() in roles:
            nxt = next((a for a, _ in names_at if a >= w.end()), None)
            if nxt is None or text[w.end():nxt].strip(" ."):
                return None
    return name


_PLACE_PREPOSITIONS = frozenset("in at near outside inside across around throughout into".split())
_POSSESSIVE_AFTER = regex.compile(r"['’]s?(?![\p{L}])")


def clip_identified(people: "People", start: int, end: int) -> str | None:
    """The person whom the narrator's sentence ``[start, end)`` of the text, right after a
    clip, says the voice was ("That's Rosa Diaz, a mother of three who …", "That was Mayor
    Linda Park."), named in full; None for anything else ("That's the trouble.", "That's
    what woke me up."), a pronoun, or a sentence that names another person too."""
    text = people._text
    body = text[start:end]
    lead = _IDENTIFIED.match(body)
    if lead is None:
        return None
    found = list(_mentions_in(people, start + lead.end(), end))
    if not found:
        return None
    m = people.mentions[found[0]]
    if not all(is_title(w, names_after=len(m.tokens)) for w in text[start + lead.end():m.start].split()):
        return None  # "That's the house Rosa Diaz grew up in."
    after = text[m.end:end].lstrip()
    if after and after[0] not in ",.;:—–!":
        return None  # "That's Rosa Diaz's point."
    name = _full_name(people, found[0])
    return name if name and _only_person(people, start, end, name) else None


def names_in(name: str, words: str) -> bool:
    """Whether the text ``words`` (a clip) writes a word of the person ``name`` (a vocative,
    "Mrs. Hale, what time …", or a word about them: the clip is someone else's)."""
    own = {t for t in WORD_SPAN.findall(name) if t[:1].isupper()}
    return any(w in own for w in WORD_SPAN.findall(words))


_TITLE_SUBJECT = regex.compile(r"(?<![\p{L}])(?i:the)\s+(\p{Ll}+(?:\s+\p{Ll}+)?)\s*,?\s*$")  # "the lieutenant governor"
SUBJECT_PRONOUN = regex.compile(r"(?<![\p{L}])(she|he|her|his)(?![\p{L}'’])", regex.IGNORECASE)


def speech_attribution(before: str, after: str, ends_speech: bool = True) -> tuple[bool, str | None, int | None, str | None]:
    """Whether the words around a quote attribute it as speech, and to whom.

    ``before`` is the sentence up to the quote, ``after`` the words after it; ``ends_speech``:
    whether the quote ends as quoted speech does, with a mark inside its closing one
    (``…,”``, ``?”``) or a comma or dash after it (else a role after it, "“Titanic” the movie
    told …", is no attribution). Returns
    ``(is_speech, pronoun, pronoun_offset_in_before_or_None, name_text)``: the attribution's
    subject as a pronoun (to resolve) or as written name text.
    """
    verbs = lists()["speech_verbs"]
    tail = before.rstrip()
    words_before = [(m.start(), m.group()) for m in _WORD.finditer(tail)]
    if tail.endswith((",", ":", "—", "–")) or tail.lower().endswith(" that"):
        recent = words_before[-10:]
        for j in range(len(recent) - 1, -1, -1):
            offset, w = recent[j]
            if w.lower() in verbs:
                subject = tail[:offset]
                pron = list(SUBJECT_PRONOUN.finditer(subject[-60:]))
                names = list(MENTION.finditer(subject[-80:]))
                last_name = names[-1] if names else None
                if last_name and not _SUBJECT_GAP.fullmatch(subject[-80:][last_name.end():]):
                    last_name = None  # "Asked whether ..., a spokesperson said": not the subject
                if pron and (not last_name or pron[-1].end() > last_name.end()):
                    return True, pron[-1].group(1), len(subject) - len(subject[-60:]) + pron[-1].start(), None
                if last_name:
                    return True, None, None, last_name.group()
                role = _TITLE_SUBJECT.search(subject[-60:])
                if role and title_key(role.group(1).split()) is not None:
                    return True, None, None, role.group(1)  # "the mayor said, “…”": a title alone
                after_verb = tail[offset + len(w):]
                name_after = MENTION.search(after_verb)
                return True, None, None, name_after.group() if name_after else None
        if tail.endswith(":"):
            return True, None, None, None
    m = _NAME_THEN_VERB.match(after)
    if m and m.group("verb").lower() in verbs and not (
            m.group("name") and m.group("name").split()[0].lower() in lists()["not_names"]):
        return True, m.group("pron"), None, _titled_name(m)
    m = _VERB_THEN_NAME.match(after)
    if m and m.group("verb").lower() in verbs:
        return True, None, None, _titled_name(m)
    if not ends_speech:
        return False, None, None, None
    return _noun_phrase_attribution(after, verbs)


_DETERMINERS = frozenset("a an the his her their its our my your one another".split())
_CLAUSE = regex.compile(r"^\s*[,—–]?\s*([^.,;:!?“”\"«»]{1,80})")
# verbs that need an object before a role after them ("“Mask” told the story" is no attribution)
_OBJECT_VERBS = frozenset(("tell", "tells", "told", "telling"))


def _noun_phrase_attribution(after: str, verbs: frozenset[str]) -> tuple[bool, str | None, int | None, str | None]:
    """A quote attributed to a noun phrase after it ("“…,” a company spokesperson said", "the
    witness told reporters", "said the attorney general", "said her brother Thomas"): speech,
    named only by a name that ends the phrase."""
    clause = _CLAUSE.match(after)
    words = clause.group(1).split() if clause else []
    if len(words) < 3:
        return False, None, None, None
    if words[0].lower() in _DETERMINERS:
        # the phrase, then the verb ("a spokesman for the company said")
        k = next((k for k in range(2, min(len(words), 8)) if words[k].lower() in verbs), None)
        return _role_phrase(words[1:k], words[0].lower() == "the") if k is not None else (False, None, None, None)
    verb = words[0].lower()
    if verb in verbs and verb not in _OBJECT_VERBS and words[1].lower() in _DETERMINERS:
        # the verb, then the phrase ("said the attorney general")
        return _role_phrase(words[2:], words[1].lower() == "the")
    return False, None, None, None


_PREPOSITIONS = frozenset("in on at for with to of from by about after before during".split())


def _role_phrase(words: list[str], definite: bool = False) -> tuple[bool, str | None, int | None, str | None]:
    """Whether the words after a determiner are a role, and the name after it: lowercase
    words up to a preposition ("spokesman for the company"), perhaps a name at their end.
    After "the" (``definite``), a title alone ("the Mayor", "the lieutenant governor") is a
    role too, given as the name text (whom it names, :meth:`People.titled` tells)."""
    k = next((k for k, w in enumerate(words) if w.lower() in _PREPOSITIONS), len(words))
    phrase = words[:k]
    if definite and title_key(phrase) is not None:
        return True, None, None, " ".join(phrase)
    name = _name_at_end(phrase)
    role = phrase[:len(phrase) - len(name)]
    if not role or len(role) > 4 or not all(w[:1].islower() for w in role):
        return False, None, None, None
    return True, None, None, " ".join(name) or None


def _name_at_end(words: list[str]) -> list[str]:
    """The capitalized words at the end of ``words`` (a name after a role: "brother Thomas")."""
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and words[k - 1].lower() not in lists()["not_names"]:
        k -= 1
    return words[k:] if k > 0 else []


@lru_cache(maxsize=4096)
def label_kind(name: str) -> str:
    """How a speaker label's own words read: "weak" where they are words that head a section
    of an article or document (``section_labels`` of ``data/speech.json``: "Update:",
    "Related:", "Breaking News:", "Editor's Note:", "See Also:"), a speaker only where the
    document says so around it (see ``pipeline.segment``); else "strong": a name ("Sarah:",
    "John Smith:", "Sterling:"), a role ("Director:", "Acting Mayor:", "Unidentified
    Male:", a hearing's "THE COURT:", ``court_roles``), a number ("Speaker 2:"). Any other
    label after "The" is weak ("THE BOTTOM LINE:" heads a paragraph of a news story; "THE
    PRESIDING OFFICER:" speaks in a hearing's conversation), and so is one that starts with a
    question's word (``section_openers``: "WHAT'S NEXT:", "Why it matters:")."""
    words = [w for w in regex.split(r"[\s.]+", name) if w]
    if len(words) > 1 and words[0].lower() == "the":
        return "strong" if " ".join(words[1:]).lower() in lists()["court_roles"] else "weak"
    if words and words[0].lower().replace("’", "'") in lists()["section_openers"]:
        return "weak"  # a question's word heads a section, in capitals too: "WHAT'S NEXT:", "WHY IT MATTERS:"
    sections = lists()["section_labels"]
    low = " ".join(words).lower().replace("’", "'")
    if words and low in sections:
        return "weak"  # in capitals too: a deposition's "APPEARANCES:", a story's "UPDATE:"
    if not words or name.isupper() or any(ch.isdigit() for ch in name) or is_title(words[0]):
        return "strong"
    if all(w.lower() in sections for w in words):
        return "weak"
    return "strong"


def speaker_label(line: str, alone: bool = False) -> tuple[str, int] | None:
    """A caption speaker label at the start of ``line`` ("RUSTY: …", ">> Dr. Lee: …"):
    the name and where the words after it start. ``alone``: a label that is the whole line
    ("JAMES:", its words on the next line or only a sound in its cue), instead."""
    if ":" not in line:
        return None  # (every label ends with a colon: no regular expression for most lines)
    m = (LABEL_ALONE if alone else LABEL).match(line)
    if not m:
        return None
    name = m.group("name").strip()
    first = name.split()[0].lower().strip(".")
    if not name.isupper() and line[m.end():m.end() + 1].islower():
        return None  # "Today: recursion.", "Note: the file": a word and what it heads, not a turn
    if name in ("Q", "A"):
        return name, m.end()  # an interview's question and answer ("A: I was about twelve.")
    if len(name.split()) > 4:
        return None
    if first == "the" and len(name.split()) > 1 and (
            name.isupper() or name.split(None, 1)[1].lower() in lists()["court_roles"]):
        return name, m.end()  # a hearing's role: "THE COURT:", "THE WITNESS:", "The Clerk:"
    if first in lists()["not_names"] and first not in lists()["narrator_labels"] and first not in (
            "mr", "mrs", "ms", "dr", "narrator", "host", "interviewer", "reporter", "announcer", "speaker"):
        return None
    return name, m.end()


# A question or an answer line of a transcript ("Q. Where were you?", "A I was at home."; "Q:"
# and "A:" are speaker labels): the letter, then a full stop or a space (its form).
_QA_LINE = regex.compile(r"^\s*(?:>>+\s*)?(?P<letter>[QA])(?:(?P<dot>\.)\s+|[ \t]+)(?=\S)")


def qa_line(line: str) -> tuple[str, str, int] | None:
    """A question or an answer at the start of ``line``: its letter ("Q" or "A"), its form
    ("." for "Q. Where…", " " for "Q Where…") and where its words start. Whether the
    document is written in questions and answers is its caller's to judge: "A storm hit the
    coast." starts with an article."""
    m = _QA_LINE.match(line)
    if not m:
        return None
    return m.group("letter"), "." if m.group("dot") else " ", m.end()


# A heading that opens an examination in a hearing's transcript: "BY MR. SMITH:",
# "CROSS-EXAMINATION BY MS. JONES:", "By Ms. Jones:": the examining lawyer, named with a
# personal title or in capitals (a byline, "By Jane Doe", names no examiner).
_EXAMINATION = regex.compile(
    r"^\s*(?P<head>(?:\p{Lu}[\p{Lu}\-]*\s+){0,3})(?:BY|By)\s+"
    r"(?P<name>(?:(?:MR|MRS|MS|DR|MISS|Mr|Mrs|Ms|Dr|Miss)\.?\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,3}?)"
    r"\s*(?P<colon>:)?\s*$")


def examination_line(line: str) -> str | None:
    """The examining lawyer of a line that heads an examination ("BY MR. SMITH:" gives
    "MR. SMITH"), if ``line`` is one: a colon after the name, or words in capitals before
    "BY" ("DIRECT EXAMINATION BY MR. SMITH"); the lawyer named with a personal title, or the
    words before "BY" naming an examination ("EXAMINATION BY THE COURT"). A magazine's
    "INTERVIEW BY JANE DOE" or "PHOTOGRAPHS BY JOHN SMITH" heads no examination."""
    if "BY" not in line and "By" not in line:
        return None  # (most lines: no regular expression; _EXAMINATION needs one of them)
    m = _EXAMINATION.match(line)
    if not m or not (m.group("colon") or m.group("head")):
        return None
    name = m.group("name")
    titled = name.split()[0].rstrip(".").lower() in _CAPITAL_TITLES and len(name.split()) > 1
    if not (name.isupper() or titled):
        return None
    if m.group("head") and not m.group("head").isupper():
        return None
    if not titled and "EXAMINATION" not in m.group("head"):
        return None
    return name
