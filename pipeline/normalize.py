"""Normalize: spacing slips inside caption lines, and which line breaks cut a sentence.

Text changes are local and recorded, one correction each (rule ``spacing:*``):

* ``spacing:after-period`` - "Mr.Sims" -> "Mr. Sims" (a word of two or more letters, a
  period, a capitalized word; "U.S." and "e.g." are left alone, and so are names in code,
  addresses and file names: "ctypes.OleDLL", "typer.Typer()", "www.Pilgrim.com",
  "acme.Example.com", "Jane.Doe@example.com", "example.org/Getting.Started/", "Amazon.Com",
  "Report.Docx"; and a capitalized word before the period is a title ("Mr", "St", "Prof"),
  else a name in code: "String.Format");
* ``spacing:after-comma`` - "well,then" -> "well, then" (letters only: "1,000" stays);
* ``spacing:before-punctuation`` - "Mask ." -> "Mask." (not an emoticon, "Smile :)", nor a
  ratio, "3 : 1");
* ``spacing:around-quote`` - an opening quote glued to the word before it, or a closing
  quote glued to the word after it, gets its space (not German „…“, whose “ closes);
* ``spacing:collapse`` - runs of white space inside a line become one space;
* ``spacing:unicode-space`` - a no-break, ideographic or other Unicode space, or a line or
  paragraph separator, between words becomes a plain space ("$7.5\u00a0million"). Repair
  sees such a space as it was written (it may be part of mojibake); after repair it is
  spacing, and writing it as a space here, recorded, keeps the segments' words (which are cut
  at any white space) the words of this stage's output.

Page layout of a court reporter's transcript is not text either, but it is written in the
text, so taking it out is a recorded change like the spacing rules' (a reviewer sees and may
reject each; replaying the records reproduces the output). Only in a document whose lines are
numbered as a reporter numbers them (:func:`layout_edits`: most lines start with a number
that runs 1, 2, 3 … and starts again at 1 on each page):

* ``layout:line-number`` - the line number at a line's start ("12  Q. Where were you?");
* ``layout:timestamp`` - a time printed beside the line number ("10:14:32 12 Q. …");
* ``layout:page-header`` - a line between two pages, without a line number: a header
  ("Page 12", the case caption, "Case 2:19-cr-00412 Document 88 Filed 05/02/20 Page 12 of
  64") or a footer (the reporting firm's name and telephone number).

The line stays, empty: a page boundary is then no break at all (a sentence goes on across
it), and a numbered line that held nothing is a blank line (a paragraph break).

Line structure is layout, not text: the stage decides for every unit whether it continues
the previous one's sentence (``break_before = "continue"``) and leaves the ``"\\n"`` between
units in place; the segment stage renders a continued line as a space.
"""
from __future__ import annotations

import bisect
import itertools
import re

import regex

from .document import Document, Edit, collector_paused, new_unit
from .speakers import timed_label

STAGE = "normalize"

# White space of Python's str.split() that is not ASCII layout (spaces, tabs, line breaks;
# the C0 separators \x1c-\x1f are control characters, which repair removes).
UNICODE_SPACES = "[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# (rule, pattern, replacement): data, not code. Each match is one recorded edit.
SPACING_RULES = (
    ("spacing:after-period", regex.compile(
        r"(?<=(?<![\p{L}.@/\\:_])\p{L}\p{Ll}+)(?<!\bwww)\."
        r"(?!(?i:com|org|net|edu|gov|io|"  # (not "co", "us", "de": "film.De Niro")
        r"docx?|pdf|txt|jpe?g|png|gif|mp[34]|csv|xlsx?|pptx?|html?|json|zip)\b)"
        r"(?=\p{Lu}\p{Ll}++(?![\p{Lu}\p{N}_(@/\\]|\.(?:com|org|net|edu|gov|io)\b))"),
     ". "),
    ("spacing:after-comma", regex.compile(r"(?<=\p{L}{2}),(?=\p{L}{2})"), ", "),
    ("spacing:before-punctuation", regex.compile(
        r"(?<=\w)[^\S\n]+(?=[,;:!?.](?![.\w/\\()\-]))(?!:[^\S\n]*\d)"), ""),  # (not a ratio, "3 : 1")
    ("spacing:collapse", regex.compile(r"[^\S\n]{2,}"), " "),
    # (“ after a letter opens an English quote; in German „…“ it closes one)
    ("spacing:around-quote", regex.compile(r"(?<=[\p{L},:;])(?<!„[^“”\n]*)(?=[“])|(?<=[”])(?=\p{L})"), " "),
    # last: a run of two or more, or one before punctuation, is the rules' above
    ("spacing:unicode-space", regex.compile(UNICODE_SPACES), " "),
)
# Characters one of which a rule's every match needs (a rule without is not run: most
# texts have no curly quotes, and a search made only of look-arounds is slow).
RULE_NEEDS = {
    "spacing:after-period": ".",
    "spacing:after-comma": ",",
    "spacing:before-punctuation": ",;:!?.",
    "spacing:around-quote": "“”",
}
# Rules made only of look-arounds (every match is empty), with the characters that sit at
# (first) or just before (second) each of their matches: only those places are tried. A
# search of such a pattern tries every position of the text, and a finditer of a pattern
# that can only match empty finds exactly the positions where a match there succeeds.
EMPTY_MATCH_AT = {
    "spacing:around-quote": ("“", "”"),
}
# Runs of spacing in which alone the collapse and before-punctuation rules can match: two
# or more white-space characters, or one before punctuation (found with the re module,
# whose \s takes in all of the regex module's \s, and fast). A text has few of them: the
# rules are tried there (see _in_spacing_runs), not at every space of the text.
# (written with the one space first: the same matches as "[^\S\n]{2,}|[^\S\n](?=[,;:!?.])",
# found in a text of 1.6 MB in 0.04 s, not 0.1 s)
_SPACING_RUN = re.compile(r"[^\S\n](?:[^\S\n]+|(?=[,;:!?.]))")
IN_SPACING_RUNS = ("spacing:collapse", "spacing:before-punctuation")

_SENTENCE_END = regex.compile(r"[.!?…][\"'”’)\]]*$")
_TIMED_HINT = re.compile(r":\d\d(?:[:.,]\d+)?(?:[\])]:?)?[ \t]*(?:\n|$)", re.M)  # a line that ends with a time
_DIGITS_COLON = frozenset("0123456789:")
_STARTS_LOWER = regex.compile(r"^[\"'“‘(]*\p{Ll}")
_ELISION = regex.compile(r"^’\p{L}")  # ’Cause, ’em: an apostrophe, not a closing quote
_QUOTE_STARTS = "”’\""  # a text that closes a quote starts with one of these


# Titles and abbreviations written with a capital before a period: "Mr.Sims" is a slip;
# another capitalized word glued to a capitalized one is a name in code ("String.Format",
# "Path.Combine") or a name that ends a sentence, which a missed space costs less.
# Of those, the ones a name follows, whose period ends no sentence ("St. Louis", "Dr. Reddy"),
# used by the correct stage too.
NAME_ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr prof gen col capt lt sgt rev hon gov sen rep mt ft".split())
_TITLE_ABBREVIATIONS = NAME_ABBREVIATIONS | frozenset("wm ave no vol fig".split())
_WORD_BEFORE = regex.compile(r"\p{L}+$")


def _glued_sentence_or_title(text: str, period: int) -> bool:
    """Whether the period at ``period`` ends a word in small letters (a sentence glued to the
    next: "today.Then") or a title ("Mr.Sims", "St.Andrews")."""
    word = _WORD_BEFORE.search(text, max(0, period - 40), period)
    if word is None:
        return False
    return not word.group()[0].isupper() or word.group().lower() in _TITLE_ABBREVIATIONS


_WORD_END_MARK = re.compile(r"[;:!?](?=\s|$)")


def _spaced_by_convention(text: str) -> str:
    """The marks ``; : ! ?`` where the text puts them after a space as a rule, not a slip
    (French writes "Vraiment ?", "Attention : ici"): at least three such, and most of the
    marks that end a word. The four go together, as French typography spaces them all."""
    spaced = total = 0
    for m in _WORD_END_MARK.finditer(text):
        at = m.start()
        before = text[at - 1] if at else "\n"
        if before == "\n":
            continue  # a mark at a line's start
        total += 1
        spaced += before.isspace() and at >= 2 and not text[at - 2].isspace()
    return ";:!?" if spaced >= 3 and spaced * 2 > total else ""


def spacing_edits(text: str) -> list[Edit]:
    """Every spacing slip in ``text``, first rule first where two would overlap."""
    edits: list[Edit] = []
    taken = _Spans()
    runs = None  # the spacing runs, found once for the rules that need them
    for rule, pattern, replacement in SPACING_RULES:
        needs = RULE_NEEDS.get(rule)
        if needs is not None and not any(ch in text for ch in needs):
            continue
        if rule in IN_SPACING_RUNS:
            if runs is None:
                runs = [m.span() for m in _SPACING_RUN.finditer(text)]
            matches = _in_spacing_runs(rule, pattern, text, runs)
        elif rule in EMPTY_MATCH_AT:
            matches = _empty_matches(pattern, text, *EMPTY_MATCH_AT[rule])
        else:
            matches = pattern.finditer(text)
        spaced = None  # found at the rule's first match
        for m in matches:
            if taken.overlaps(m.start(), m.end()):
                continue
            if rule == "spacing:after-period" and not _glued_sentence_or_title(text, m.start()):
                continue
            if rule == "spacing:before-punctuation":
                if spaced is None:
                    spaced = _spaced_by_convention(text)
                if text[m.end()] in spaced:
                    continue
            taken.add(m.start(), m.end())
            edits.append(Edit(m.start(), m.end(), replacement, rule=rule, confidence=0.95))
    return edits


def _in_spacing_runs(rule: str, pattern: regex.Pattern, text: str, runs: list) -> list:
    """``pattern.finditer(text)`` for the collapse or the before-punctuation rule, found in
    the spacing runs ``(start, end)`` of ``_SPACING_RUN`` alone.

    A run is a longest stretch of the re module's white space other than a line break, and
    the regex module's white space is part of that. A collapse match (two or more of the
    latter) so lies inside one run, and a search of the run finds it. A before-punctuation
    match is a longest stretch of spacing between a word character and the punctuation:
    a whole run, so it is the pattern's match at the start of its run (nowhere else in the
    run can one start: white space, not a word character, comes before)."""
    if rule == "spacing:collapse":
        return [m for s, e in runs for m in pattern.finditer(text, s, e)]
    starts = (s for s, _ in runs)
    return [m for m in map(pattern.match, itertools.repeat(text), starts) if m is not None]


def _empty_matches(pattern: regex.Pattern, text: str, at: str, after: str) -> list:
    """``pattern.finditer(text)`` for a pattern whose every match is empty and sits at one
    of the characters ``at`` or just after one of ``after``: the matches at those places
    alone, in order (``pattern.match`` at a position sees the text before it, as the
    look-behinds of ``finditer`` do)."""
    places = set()
    for chars, past in ((at, 0), (after, 1)):
        for ch in chars:
            i = text.find(ch)
            while i >= 0:
                places.add(i + past)
                i = text.find(ch, i + 1)
    return [m for m in map(pattern.match, itertools.repeat(text), sorted(places)) if m is not None]


class _Spans:
    """Spans taken by earlier edits, sorted, for a logarithmic overlap test (a text with
    thousands of spacing slips must not cost a scan of all of them per slip).

    A span overlaps a taken one that it shares a character with (or that it is empty
    strictly inside), and a span also overlaps a taken empty span where it starts (an
    insertion there came first). Taken spans never overlap each other,
    so sorted by (start, end) their ends never decrease: the last taken span that starts
    before a span's end is the only one to check."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []
        self._ends: list[int] = []
        self._empty: set[int] = set()

    def overlaps(self, start: int, end: int) -> bool:
        if start in self._empty:
            return True
        k = bisect.bisect_left(self._spans, (end, -1))  # the taken spans starting before end
        return k > 0 and self._ends[k - 1] > start

    def add(self, start: int, end: int) -> None:
        k = bisect.bisect_left(self._spans, (start, end))
        self._spans.insert(k, (start, end))
        self._ends.insert(k, end)
        if start == end:
            self._empty.add(start)


def closes_quote(previous: str, text: str) -> bool:
    """Whether ``text`` starts with the closing quote of a quotation ``previous`` opened."""
    if text.startswith("”"):
        return True
    if text.startswith("’"):
        return not _ELISION.match(text)
    return text.startswith('"') and previous.count('"') % 2 == 1


def decide_line_breaks(document: Document, emptied: bool = False) -> Document:
    """Mark the units that continue the previous unit's sentence.

    In order: a unit that starts a new speaker's turn (``>>``) starts a paragraph; a unit
    that starts in lower case or with the closing quote of the previous one continues it;
    after a sentence end the source's break stays. Otherwise the unit continues the
    sentence - unless it is real line structure: in a punctuated text a paragraph of its
    own (a heading or title) stays one, and in a plain text whose lines end sentences
    (prose, one paragraph or sentence a line) so does a line. ``emptied``: the layout rules
    emptied lines (:func:`layout_edits`); the line after one goes on from the last line
    with words.
    """
    units = document.units
    if len(units) < 2:
        return document
    whole = document.text
    texts = [whole[u.start_char:u.end_char] for u in units]
    sentence_end = _SENTENCE_END.search
    ends = [sentence_end(t) is not None for t in texts]
    # a speaker's label alone on its line with its time ("Sarah Kim  00:03") is no sentence
    # that could end: the share counts the other lines (an Otter export's labels and its
    # header's lines would take a short, punctuated transcript under the share)
    n_labels = 0
    if _TIMED_HINT.search(whole):  # (most texts: no line ends with a time)
        n_labels = sum(1 for t in texts if t[-1:] in _DIGITS_COLON and _label_line(t))
    share = sum(ends) / max(1, len(ends) - n_labels)
    previous_texts, ends_before = [None, *texts[:-1]], [None, *ends[:-1]]
    if emptied:
        # lines the layout rules emptied (a page header): the line after one goes on from
        # the last line that is not empty, and the share counts the lines with words
        previous_texts, ends_before, last = [], [], (texts[0], ends[0])
        for t, e in zip(texts, ends):
            previous_texts.append(last[0])
            ends_before.append(last[1])
            if t:
                last = (t, e)
        share = sum(ends) / max(1, sum(1 for t in texts if t) - n_labels)
    punctuated = share > 0.3
    line_structured = share >= 0.8 and all(u.start is None for u in units)
    starts_lower = _STARTS_LOWER.match  # the pattern is anchored at the start
    new_units = [units[0]]
    append = new_units.append
    with collector_paused():
        # (unit, its text, the previous unit's text, whether that ends a sentence), from the
        # second unit on
        for k, (unit, text, previous, previous_ends) in enumerate(
                zip(units[1:], texts[1:], previous_texts[1:], ends_before[1:])):
            if unit.speaker_change:
                decision = "paragraph"
            elif (k == 0 or previous_ends) and _DATE_LINE.fullmatch(text):
                decision = unit.break_before  # a date line of its own under a title or after a
                # sentence ("Tue, Mar 12, 2024 3:15PM • 12:48"); "It voted on | March 4, 2024" goes on
            elif (punctuated and not previous_ends and (k == 0 or units[k].break_before == "paragraph")
                  and _section_head(previous, text)):
                decision = unit.break_before  # "SUMMARY KEYWORDS" over its list, "SPEAKERS" over the names
            elif starts_lower(text) or (text[:1] in _QUOTE_STARTS and closes_quote(previous, text)):
                decision = "continue"
            elif previous_ends:
                decision = unit.break_before
            elif punctuated and unit.break_before == "paragraph":
                decision = "paragraph"  # an unpunctuated line of its own in a punctuated text
            elif line_structured:
                decision = unit.break_before
            else:
                decision = "continue"
            append(unit if decision == unit.break_before else new_unit(  # the unit, re-marked
                unit.start_char, unit.end_char, unit.start, unit.end, decision,
                unit.speaker_change, unit.words))
    return document.replace(units=tuple(new_units))


# A line that is a date written out (with a time and a length): an export's or a letter's
# date line, under a title it does not continue; a sentence's line that starts with a date
# ("December 28 2019. The company had") goes on ("Weekly Sync" over "Tue, Mar 12, 2024 3:15PM • 12:48").
_DATE_LINE = regex.compile(
    r"(?i)\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?(?:\s*[•·|-]\s*\d{1,2}(?::\d{2}){1,2})?\s*")


def _label_line(text: str) -> bool:
    """Whether ``text`` (a line, its edges stripped) is a transcription service's speaker
    label alone on its line with the turn's time ("Sarah Kim  00:03", "Sarah Kim
    (00:12:31):")."""
    return timed_label(text) is not None


SECTION_HEAD_MAX_CHARS = 40
SECTION_HEAD_MAX_WORDS = 3


def _section_head(previous: str | None, text: str) -> bool:
    """Whether ``previous`` (the first line of its paragraph, checked by the caller) is a
    section's head in capitals over a line that is not in capitals ("SUMMARY KEYWORDS" over
    "compost, soil, worms", "SPEAKERS" over "Sarah Kim, Luis Ortega"): at most
    SECTION_HEAD_MAX_WORDS words and SECTION_HEAD_MAX_CHARS characters, two letters or
    more, all capitals, ending in a letter or digit: no sentence end, no comma ("DELIA
    OKAFOR," over "Plaintiff," in a case caption goes on; so does a sentence's line, "HER
    IGG TEST WAS DONE BY ANDREW" over "lee and his team")."""
    return (previous is not None and len(previous) <= SECTION_HEAD_MAX_CHARS and previous.isupper()
            and previous.count(" ") < SECTION_HEAD_MAX_WORDS
            and previous[-1:].isalnum() and not text.isupper() and sum(ch.isalpha() for ch in previous) >= 2)


def normalize(document: Document) -> Document:
    """Take out a reporter's page layout and fix spacing slips (recorded), and decide which
    line breaks continue a sentence."""
    layout, breaks = layout_edits(document)
    edits = spacing_edits(document.text)
    if layout:  # (sorted, apart: their ends are in order too)
        starts, ends = [e.start for e in layout], [e.end for e in layout]

        def clear(e: Edit) -> bool:
            k = bisect.bisect_right(starts, e.start) - 1  # the last layout edit starting at or before it
            if k >= 0 and (ends[k] > e.start or ends[k] == e.start == starts[k]):
                return False
            return k + 1 >= len(starts) or starts[k + 1] >= max(e.end, e.start + 1)

        edits = layout + [e for e in edits if clear(e)]
    document = document.apply_edits(STAGE, edits)
    if breaks:
        units = list(document.units)
        for i, decision in breaks.items():
            u = units[i]
            units[i] = new_unit(u.start_char, u.end_char, u.start, u.end, decision, u.speaker_change, u.words)
        document = document.replace(units=tuple(units))
    return decide_line_breaks(document, emptied=bool(layout))


# A reporter's line: a line number of one or two digits at the start, with a time printed
# before or after it where the transcript has times ("10:14:32", "10:14AM", "10:14 a.m.").
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
_NUMBERED_LINE = regex.compile(
    rf"[ \t]*(?:(?P<t1>{_TIME})[ \t]+)?(?P<n>\d{{1,2}})(?:[ \t]+(?P<t2>{_TIME})(?=[ \t]|$))?(?P<sp>[ \t]+|$)")
_DIGIT_AFTER_BREAK = re.compile(r"\n\d")  # (every reader strips a line's edges)
LINE_NUMBERS_MIN = 10  # numbered lines a document needs, one of them numbered this high
LINE_NUMBERS_SHARE = 0.6  # ... and this share of its lines that are not blank
PAGE_MARGIN_MAX_LINES = 6  # more unnumbered lines than this between two pages are text, not a header


PAGE_LINES = (20, 35)  # the lines of a court reporter's full page (25 most often; 28, 32)
_PAGE_HEADER = regex.compile(r"(?i)\bpage\s+\d+\b")


def _pages(text: str, units, numbered: dict, filled: list[int]) -> bool:
    """Whether the numbered lines are a court reporter's pages: two or more, the numbering
    starting again at 1 on each, every page but the last numbered up to between PAGE_LINES;
    or one such page under a header that says "Page N". A numbered list, a poem's numbered
    lines or a contract's clauses are numbered once (however long)."""
    pages: list[int] = []  # the highest number of each page
    for i in sorted(numbered):
        n = int(numbered[i].group("n"))
        if n == 1 or not pages:
            pages.append(n)
        else:
            pages[-1] = max(pages[-1], n)
    low, high = PAGE_LINES
    pages = [top for top in pages[:-1] if top > 1] + pages[-1:]  # (a page's number alone, "1", over line 1)
    if any(not low <= top <= high for top in pages[:-1]) or pages[-1] > high:
        return False
    if len(pages) >= 2:
        return True
    if pages[0] < low:
        return False
    first, last = min(numbered), max(numbered)  # (the header is above the page or below it)
    return any(_PAGE_HEADER.search(text, units[i].start_char, units[i].end_char)
               for i in filled if i < first or i > last)


def layout_edits(document: Document) -> tuple[list[Edit], dict[int, str]]:
    """The page layout of a court reporter's transcript (see the module docstring): the
    edits that take it out, and the source break of the line after each page boundary or
    blank numbered line (by unit index: "line" across a page boundary, "paragraph" after a
    numbered line that held nothing). Nothing for a document whose lines are not numbered.

    A line is numbered where it starts with a number that goes on from the last numbered
    line (one or two more: a blank line may be lost) or starts a page (1); the document is
    numbered where at least LINE_NUMBERS_MIN lines are, up to LINE_NUMBERS_MIN or higher,
    and they are LINE_NUMBERS_SHARE of its lines that are not blank (a recipe's "2 eggs" or
    an article's "12 people came" are a line here and there). The lines without a number
    before the first page, after the last, or where the numbering starts again (between two
    pages: at most PAGE_MARGIN_MAX_LINES) are the pages' headers and footers."""
    text = document.text
    units = document.units
    # (most documents: too few lines start with a digit, counted without a loop)
    digit_lines = text[:1].isdigit() + len(_DIGIT_AFTER_BREAK.findall(text))
    if digit_lines < LINE_NUMBERS_MIN or digit_lines < LINE_NUMBERS_SHARE * (len(units) - text.count("\n\n") - 1):
        return [], {}
    numbered: dict[int, regex.Match] = {}
    filled: list[int] = []  # the units that are not blank
    previous = None
    highest = 0
    for i, u in enumerate(units):
        start, end = u.start_char, u.end_char
        if start >= end or text[start:end].isspace():
            continue
        filled.append(i)
        first = text[start]
        if not (first.isdigit() or first in " \t"):
            continue  # (most lines of most documents: no regular expression)
        m = _NUMBERED_LINE.match(text, start, end)
        if m is None:
            continue
        n = int(m.group("n"))
        if n == 1 or previous is not None and previous < n <= previous + 2:
            numbered[i] = m
            previous = n
            highest = max(highest, n)
    if len(numbered) < LINE_NUMBERS_MIN or highest < LINE_NUMBERS_MIN \
            or len(numbered) < LINE_NUMBERS_SHARE * len(filled) or not _pages(text, units, numbered, filled):
        return [], {}
    # times beside the numbers are the transcript's layout where many lines have one (a
    # video deposition's), before the number or after it; a time at the start of a line
    # here and there is its words, and so is one after the number where the layout's time
    # is before it ("10:15:06  6   10:30 in the morning, I believe.")
    before = 3 * sum(1 for m in numbered.values() if m.group("t1")) >= len(numbered)
    after = not before and 3 * sum(1 for m in numbered.values() if m.group("t2")) >= len(numbered)
    edits: list[Edit] = []
    for i, m in numbered.items():
        pos = units[i].start_char  # (spacing before the number goes with it)
        if m.group("t1"):
            if not before:
                continue  # "10:30 5 people came in": words
            edits.append(Edit(pos, m.start("n"), "", rule="layout:timestamp", confidence=0.9))
            pos = m.start("n")
        if m.group("t2") and after:
            edits.append(Edit(pos, m.start("t2"), "", rule="layout:line-number", confidence=0.95))
            edits.append(Edit(m.start("t2"), m.end(), "", rule="layout:timestamp", confidence=0.9))
        else:
            edits.append(Edit(pos, m.start("t2") if m.group("t2") else m.end(), "",
                              rule="layout:line-number", confidence=0.95))
    # headers and footers: unnumbered lines before the first page, after the last, and
    # between a page's last numbered line and the next page's line 1
    order = sorted(numbered)
    gaps: list[tuple[int, int]] = [(-1, order[0])]  # (numbered unit before, numbered unit after)
    for a, b in zip(order, order[1:]):
        if b > a + 1 and int(numbered[b].group("n")) == 1:
            gaps.append((a, b))
    gaps.append((order[-1], len(units)))
    margins = set()
    for a, b in gaps:
        inside = [i for i in range(a + 1, b) if units[i].start_char < units[i].end_char
                  and not text[units[i].start_char:units[i].end_char].isspace()]
        if len(inside) <= PAGE_MARGIN_MAX_LINES:
            margins.update(inside)
    for i in sorted(margins):
        u = units[i]
        edits.append(Edit(u.start_char, u.end_char, "", rule="layout:page-header", confidence=0.9))
    # the source break of the line after what is taken out
    blank_numbered = {i for i, m in numbered.items() if m.end() == units[i].end_char}
    breaks: dict[int, str] = {}
    gone = False  # whether lines were taken out since the last line kept
    blank = False  # ... one of them a numbered line that held nothing
    for i in filled:
        if i in margins or i in blank_numbered:
            gone = True
            blank = blank or i in blank_numbered
            continue
        if gone:
            breaks[i] = "paragraph" if blank else "line"
        gone = blank = False
    return sorted(edits, key=lambda e: (e.start, e.end)), breaks
