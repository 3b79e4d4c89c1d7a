"""Format parsers: decoded text of a ``.txt``, ``.srt``, ``.vtt`` or ``.json`` file -> units.

Every parser returns a list of :class:`RawUnit` and event dictionaries, in source order.
A unit is one line or paragraph of a text file, one caption cue, or - for YouTube's rolling
automatic captions - the words a cue adds. An event is information that is not words of the
text: a sound tag (``[Music]``, ``(APPLAUSE)``, ``♪``) or a voice name (``<v Roger>``);
``>>`` and dialogue dashes become ``RawUnit.speaker_change``.

SRT and WebVTT are read by one strict, hand-written line scanner (:func:`scan_cues`): it
reports the line and cue of every structural problem, and refuses a file cut off inside a
cue or a timestamp, which the ``srt`` and ``webvtt-py`` libraries read without a word
(see "Input formats" in the README).
"""
from __future__ import annotations

import functools
import html
import json
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from .errors import InputError

# also CR CR LF (a CRLF file converted to CRLF again): a run of CRs before a LF is one line
# break, each CR of a run without a LF after it one. The look-behind tries the run only
# from its first CR: from each CR of a long run of them (the blank lines of a file with CR
# line ends) the search for a LF would read the rest of the run again, time that grows as
# the square of the run (300,000 CRs took half a minute).
LINE_BREAK = re.compile(r"(?<!\r)\r*\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """``LINE_BREAK.split(text)``. Most texts break their lines with "\n" alone, where
    ``str.split`` gives the same lines several times as fast (a tenth of a second on a
    caption file of 1.6 MB)."""
    return LINE_BREAK.split(text) if "\r" in text else text.split("\n")
# Only ASCII spacing is layout here: a no-break space or a C1 character may be part of
# mojibake ("Ã\xa0" is "à"), which the repair stage needs to see. At a line's edge, so are
# the invisible direction marks (LRM, RLM, ALM: streaming captions start lines with
# "&lrm;") and a byte-order mark (where two files were joined); inside a line they stay.
_EDGE_SPACE = " \t\f\v\u200e\u200f\u061c\ufeff"
_SPACE_RUN = re.compile(r"[ \t\f\v]{2,}|[\t\f\v]")


def _has_space_run(text: str) -> bool:
    """Whether ``_SPACE_RUN`` matches in ``text``: a run of spacing without a tab, form feed
    or vertical tab has two spaces. Four searches for a string are several times as quick
    as the pattern's search (0.06 s of 1.6 MB), and most lines and texts have none."""
    return "  " in text or "\t" in text or "\f" in text or "\v" in text


def _has_marker_hint(text: str) -> bool:
    """Whether ``_MARKER_HINT`` matches in ``text`` (searched as strings, as above)."""
    return ">>" in text or "[" in text or "(" in text or "♪" in text or "♫" in text or "🎵" in text or "🎶" in text


def squeeze(text: str) -> str:
    """``text`` with each run of ASCII spacing made one space (layout, not words)."""
    return _SPACE_RUN.sub(" ", text) if _has_space_run(text) else text


# Sound tags in a plain-text file are only taken for these words (in brackets or
# parentheses); in caption files every bracketed tag is one, as caption style has it.
SOUND_WORDS = frozenset("""
    applause laughter laughs laughing laugh music cheering cheers chuckles chuckling
    inaudible crosstalk silence noise sighs sigh gasps gasp coughs cough clapping
    indistinct unintelligible singing sings background beep beeping static foreign
    whistling screaming screams crying cries groans groaning murmuring
""".split())


class RawUnit(NamedTuple):  # a tuple: a big file has a million of them
    """A unit as the parser found it, before it becomes part of the document text.

    ``words`` holds ``(offset_in_text, seconds)`` for each word whose time the source gave.
    ``events`` holds sound tags and voices found in the unit, each with its ``offset``.
    """

    text: str
    start: float | None = None
    end: float | None = None
    break_before: str = "line"
    speaker_change: bool = False
    words: tuple | None = None
    events: tuple = ()


# --------------------------------------------------------------------------- caption text

_TIMESTAMP_TAG = re.compile(r"<((?:\d+:)?\d{2}:\d{2}\.\d{3})>")
# Styling tags of WebVTT (<c.color>, <i>, <v Name>, <ruby>...) and SRT (<font ...>, <i>),
# and ASS override blocks ({\an8}) that some SRT writers leave in.
_STYLE_TAG = re.compile(
    r"</?(?:[ibu]|c|v|lang|ruby|rt|span|font|s)(?:[.\s][^<>]*)?>|\{\\[^{}]*\}", re.IGNORECASE)
# WebVTT ruby text: a reading shown over the base text (<ruby>漢字<rt>かんじ</rt></ruby>), not
# words of it; its end tag may be left out before </ruby>.
_RUBY_TEXT = re.compile(r"<rt(?:[.\s][^<>]*)?>.*?(?:</rt>|(?=</ruby>)|$)")
_VOICE_TAG = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
# a dialogue dash at a caption line's start: "- Are you coming?"; a hyphen also without its
# space before a capital or a quote ("-At the office.", "-Где ты?", the style of many
# streaming subtitles; a dash glued to a word, "—And then…", goes on with a cut-off line)
_SPEAKER_DASH = re.compile(r"^(?:[-–—](?=\s)|-(?=\S))")
_DASH_GLUED_TO = "\"“'‘¿¡"  # besides a capital: what a glued dialogue hyphen may stand before
_MARKER = re.compile(r">>+|\[[^\[\]\n]{1,60}\]|\([^()\n]{1,60}\)|[♪♫🎵🎶]+")
_WORD_START = re.compile(r"(?<!\S)\S")
_MARKER_HINT = re.compile(r">>|[\[(♪♫🎵🎶]")  # a line without these has no marker


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text and _ENTITY.search(text) else text


@dataclass(frozen=True)
class CaptionLine:
    """One line of caption text with its tags removed; ``timed`` if it had word-timing tags."""

    text: str
    words: tuple  # ((offset, seconds), ...) for lines with word timing, else ()
    voice: str | None = None
    timed: bool = False


def parse_caption_lines(raw: str, cue_start: float | None) -> list[CaptionLine]:
    """One caption line, as :func:`parse_caption_line` reads it; a line where a second
    voice speaks (``<v Rusty>Come here.</v> <v Rocky>Coming!</v>``) is one line per voice,
    each later one starting at the last word time before it."""
    if "<v" not in raw and "<V" not in raw:
        return [parse_caption_line(raw, cue_start)]
    cuts = [0]
    for m in _VOICE_TAG.finditer(raw):
        if _STYLE_TAG.sub("", _TIMESTAMP_TAG.sub("", raw[cuts[-1]:m.start()])).strip():
            cuts.append(m.start())  # words of the voice before: a new voice speaks here
    if len(cuts) == 1:
        return [parse_caption_line(raw, cue_start)]
    lines = []
    for a, b in zip(cuts, cuts[1:] + [len(raw)]):
        times = _TIMESTAMP_TAG.findall(raw, 0, a)
        lines.append(parse_caption_line((f"<{times[-1]}>" if times else "") + raw[a:b], cue_start))
    return lines


def parse_caption_line(raw: str, cue_start: float | None) -> CaptionLine:
    """Strip styling from one caption line; keep each word's time from ``<00:00:01.000>`` tags.

    A word's time is the last timing tag before it, the cue's start for the first words.
    """
    voice_match = _VOICE_TAG.search(raw)
    voice = voice_match.group(1).strip() if voice_match else None
    if "<rt" in raw:
        raw = _RUBY_TEXT.sub("", raw)
    if "<" not in raw and "{" not in raw:
        return CaptionLine(_unescape(raw), (), voice)
    if not _TIMESTAMP_TAG.search(raw):
        return CaptionLine(_unescape(_STYLE_TAG.sub("", raw)), (), voice)
    text, words, now = "", [], cue_start
    chunks = _TIMESTAMP_TAG.split(raw)  # text, time, text, time, ..., text
    for i, chunk in enumerate(chunks):
        if i % 2:
            now = parse_timestamp(chunk)
            continue
        chunk = _unescape(_STYLE_TAG.sub("", chunk))
        for m in _WORD_START.finditer(chunk):
            if m.start() > 0 or not text or text[-1].isspace():  # not the rest of a word
                words.append((len(text) + m.start(), now))
        text += chunk
    return CaptionLine(text, tuple(words), voice, timed=True)


def parse_timestamp(value: str) -> float:
    """Seconds of ``[hh:]mm:ss.mmm`` (or ``,mmm``)."""
    *head, seconds = value.replace(",", ".").split(":")
    total = 0
    for part in head:
        total = total * 60 + int(part)
    return round(total * 60 + float(seconds), 3)


class UnitBuilder:
    """Collects caption or text pieces into units, taking speaker and sound markers out.

    ``>>`` (and a dialogue dash at a line's start, in captions) starts a new unit marked
    ``speaker_change``; a sound tag becomes an event at its place; the words between
    markers join with single spaces.
    """

    def __init__(self, captions: bool):
        self.captions = captions
        self.items: list = []  # RawUnit and events, in order
        self.last_voice: str | None = None

    def add(self, lines: list[CaptionLine], start=None, end=None, break_before="line") -> None:
        text, words, events = "", [], []
        speaker_change, voice = False, None

        def flush() -> None:
            nonlocal text, words, events, speaker_change, break_before
            if text:
                self.items.append(RawUnit(text, start, end, break_before, speaker_change,
                                          tuple(words) or None, tuple(events)))
                break_before = "line"
            else:
                self.items.extend(events)  # events with no words after them: keep their place
            text, words, events, speaker_change = "", [], [], False

        for line in lines:
            if line.voice and line.voice != voice:
                if voice is not None or self.last_voice not in (None, line.voice):
                    flush()
                    speaker_change = True
                voice = line.voice
                events.append(self._event("voice", line.voice, start, end, len(text)))
            raw = line.text
            pos = 0
            dash = _SPEAKER_DASH.match(raw.lstrip(_EDGE_SPACE)) if self.captions else None
            if dash and not raw.lstrip(_EDGE_SPACE)[1:2].isspace():
                after = raw.lstrip(_EDGE_SPACE)[1:2]  # "-At": a capital (of any script) or a quote
                dash = dash if after.isupper() or after in _DASH_GLUED_TO else None
            if dash:
                flush()
                speaker_change = True
                pos = len(raw) - len(raw.lstrip(_EDGE_SPACE)) + dash.end()
            # (a line without a marker's first characters has none: most lines, not searched)
            for m in _MARKER.finditer(raw, pos) if _has_marker_hint(raw) else ():
                kind = self._marker_kind(m)
                if kind is None:
                    continue
                text = self._append(text, words, raw, pos, m.start(), line.words)
                pos = m.end()
                if kind == "speaker":
                    flush()
                    speaker_change = True
                else:
                    events.append(self._event("sound", m.group(), start, end, len(text)))
            text = self._append(text, words, raw, pos, len(raw), line.words)
        flush()
        if voice is not None:
            self.last_voice = voice

    def _marker_kind(self, m: re.Match) -> str | None:
        token = m.group()
        if token[0] == ">":
            return "speaker"
        if token[0] in "[(":
            inner = token[1:-1].strip()
            if not any(c.isalpha() or c == "_" for c in inner):
                return None  # "[1]", "(2019)": text, not a tag
            if _sound_word(inner):
                return "sound"  # [Music], (laughs), [ __ ] (a word YouTube bleeps)
            if token[0] == "(" and inner.isupper() and len(inner.split()) > 1:
                return "sound" if self.captions else None  # (DOOR SLAMS); but (NASA) is a word
            if token[0] == "(" and self.captions and inner.lower() in SDH_VERBS:
                return "sound"  # (GRUNTS), (whispering), (SOBBING): what someone does, in SDH captions
            return "sound" if self.captions and token[0] == "[" else None  # caption style
        return "sound"  # music notes

    @staticmethod
    def _event(kind: str, text: str, start, end, offset: int) -> dict:
        return {"type": kind, "text": text, "start": start, "end": end, "offset": offset}

    @staticmethod
    def _append(text: str, words: list, raw: str, a: int, b: int, line_words: tuple) -> str:
        """Append ``raw[a:b]`` to ``text``, one space between, moving its word times along."""
        piece = raw[a:b]
        stripped = piece.strip(_EDGE_SPACE)
        if not stripped:
            return text
        lead = a + len(piece) - len(piece.lstrip(_EDGE_SPACE))
        base = len(text) + (1 if text else 0)
        mine = [(off - lead, t) for off, t in line_words if lead <= off < lead + len(stripped)]
        squeezed = squeeze(stripped)
        if mine and squeezed != stripped:  # the same words start in both, in the same order
            moved = dict(zip((m.start() for m in _WORD_START.finditer(stripped)),
                             (m.start() for m in _WORD_START.finditer(squeezed))))
            mine = [(moved.get(off, off), t) for off, t in mine]
        if mine:
            words.extend((base + off, t) for off, t in mine)
        return text + " " + squeezed if text else squeezed


# What someone does, as captions for the deaf and hard of hearing write it in parentheses,
# one word ("(GRUNTS)", "(whispering)"): a sound tag in captions. Not any word ending in
# -s or -ing: "(JAMES)" names a speaker, "(this)" is a word of the text.
SDH_VERBS = frozenset(
    form
    for stem, forms in (
        ("grunt", "s ing"), ("groan", "s ing"), ("sob", "s bing"), ("sniffle", "s"), ("sniffling", ""),
        ("sniff", "s ing"), ("scoff", "s ing"), ("pant", "s ing"), ("whisper", "s ing"), ("mumble", "s"),
        ("mumbling", ""), ("mutter", "s ing"), ("shout", "s ing"), ("yell", "s ing"), ("scream", "s ing"),
        ("shriek", "s ing"), ("exhale", "s"), ("exhaling", ""), ("inhale", "s"), ("inhaling", ""),
        ("chuckle", "s"), ("chuckling", ""), ("giggle", "s"), ("giggling", ""), ("snicker", "s ing"),
        ("whimper", "s ing"), ("moan", "s ing"), ("hum", "s ming"), ("whistle", "s"), ("whistling", ""),
        ("stammer", "s ing"), ("stutter", "s ing"), ("hiss", "es ing"), ("growl", "s ing"), ("bark", "s ing"),
        ("snore", "s"), ("snoring", ""), ("yawn", "s ing"), ("sneeze", "s"), ("sneezing", ""),
        ("hiccup", "s ing"), ("knock", "s ing"), ("ring", "s ing"), ("beep", "s ing"), ("buzz", "es ing"),
        ("thud", "s"), ("crash", "es ing"), ("bang", "s ing"), ("creak", "s ing"), ("rustle", "s"),
        ("rustling", ""), ("splash", "es ing"), ("breathe", "s"), ("breathing", ""), ("gasp", "s ing"),
        ("sigh", "s ing"), ("cough", "s ing"), ("laugh", "s ing ter"), ("cry", ""), ("cries", ""),
        ("crying", ""), ("wail", "s ing"), ("weep", "s ing"), ("sing", "s ing"), ("clap", "s ping"),
        ("cheer", "s ing"), ("applaud", "s ing"), ("grumble", "s"), ("grumbling", ""), ("wheeze", "s"),
        ("wheezing", ""), ("chatter", "s ing"), ("murmur", "s ing"), ("slurp", "s ing"), ("gulp", "s ing"),
        ("shush", "es ing"), ("clears", ""), ("retch", "es ing"),
        ("vomit", "s ing"), ("howl", "s ing"), ("squeal", "s ing"), ("roar", "s ing"), ("honk", "s ing"),
        ("thunder", "s ing"), ("chirp", "s ing"), ("purr", "s ing"), ("meow", "s ing"), ("tsk", "s"),
    )
    for form in (stem, *(stem + suffix for suffix in forms.split()))
)


def _sound_word(inner: str) -> bool:
    """Whether a tag's text names a sound ("Music", "laughs", "MUSIC PLAYING") or is
    YouTube's "__" for a bleeped word."""
    first = re.split(r"[\s_-]+", inner.strip().lower(), maxsplit=1)[0]
    return first in SOUND_WORDS or not inner.strip("_ ")


# --------------------------------------------------------------------------- plain text

def parse_txt(text: str, path: Path) -> list:
    """One unit per non-blank line; a blank line before a unit is a paragraph break."""
    builder = UnitBuilder(captions=False)
    items = builder.items
    # Neither pattern can match in a line where it matches nowhere in the text, and most
    # texts have no marker and no run of spacing at all: then no line is searched.
    markers = _has_marker_hint(text)
    runs = _has_space_run(text)
    blank = True
    for line in split_lines(text):
        line = line.strip(_EDGE_SPACE)
        if not line:
            blank = True
            continue
        break_before = "paragraph" if blank else "line"
        if markers and _MARKER_HINT.search(line):
            builder.add([CaptionLine(line, ())], break_before=break_before)
        else:
            items.append(RawUnit(squeeze(line) if runs else line, None, None, break_before))
        blank = False
    return items


# --------------------------------------------------------------------------- SRT and WebVTT

_TIME = r"(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})"
_TIMING = re.compile(rf"^\s*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t]+.*)?$")
# What a timing line cut off in the middle looks like: "00:00:0", "00:01:02,5", "00:00:01.000 -".
_CUT_TIMING = re.compile(r"^\s*\d+:\d{0,2}(?::\d{0,2})?(?:[.,]\d{0,3})?(?:\s*-{1,2})?\s*$")
_CUE_NUMBER = re.compile(r"[ \t]*[0-9]+[ \t]*$")
# A timing line with its arrow mistyped ("00:00:03,000 -> 00:00:04,000", "=>", "–>"): no
# cue's text, a broken timing (it would be read as words of the cue before).
_WRONG_ARROW = re.compile(rf"^\s*{_TIME}[ \t]*(?:->|=>|[–—]>?|- ?-? ?>|>)[ \t]*{_TIME}(?:[ \t]+.*)?$")
# SubRip has no rule against an arrow in a cue's text ("Click File --> Save"), which goes on
# a line of text, not after a blank one. A timing line, even a broken one, starts with a
# time's digits, or has a time next to its arrow: a word of digits with a colon, perhaps
# with a letter typed for a digit ("O0:00:03,000 --> 00:00:04,000").
_TIME_START = re.compile(r"\s*\d")
_TIME_WORD = re.compile(r"[0-9A-Za-z.,]*[:;][0-9A-Za-z:;.,]*")  # (and mostly digits)


def _timing_shaped(line: str) -> bool:
    """Whether a line with an arrow is a timing line, perhaps a broken one, not text: it
    starts with a digit, or a word next to its arrow is a time, perhaps mistyped (letters,
    digits and a colon, more digits than letters)."""
    if _TIME_START.match(line):
        return True
    before, _, after = line.partition("-->")
    for word in before.split()[-1:] + after.split()[:1]:
        if _TIME_WORD.fullmatch(word) and 2 * sum(c.isdigit() for c in word) > sum(c.isalnum() for c in word):
            return True
    return False
_SPECIAL_BLOCK = re.compile(r"(NOTE|STYLE|REGION)(\s|$)")


@dataclass
class Cue:
    number: int  # 1-based position in the file
    line: int  # line number of its timing line
    start: float
    end: float
    lines: list  # raw payload lines


@functools.lru_cache(maxsize=4096)  # (a cue mostly starts where the one before ends)
def _seconds(hours, minutes, seconds, millis) -> float:
    """Seconds to the millisecond (1,743 ms is 1.743 s, not 1.7429999999999999)."""
    return round(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000, 3)


def scan_cues(text: str, path: Path, kind: str, warnings: list | None = None) -> list[Cue]:
    """The cues of an SRT (``kind="srt"``) or WebVTT (``kind="vtt"``) text, strictly.

    Problems are :class:`InputError` with the line and cue: a timing line that does not
    parse, an impossible time, a cue that ends before it starts, text before the first cue,
    an SRT number with no timing line after it, and a file that ends inside a cue or a
    timestamp. Text lines after a blank line inside a cue stay with that cue.

    A last cue with no text is read (and dropped, as an empty cue is anywhere), with a
    warning added to ``warnings``, when its timing line is whole and ended by a line break,
    as subtitle tools write an empty last cue; a file that ends on the timing line itself,
    with no line break, may have been cut off right there, and is refused.

    A WebVTT block ends at an empty line only (a line of spaces is text, as YouTube's
    "hold" cues have it); in SRT a line of white space separates cues too.
    """
    lines = split_lines(text)
    ended = False  # whether the last line that is not blank has a line break after it
    while lines and not lines[-1].strip():
        lines.pop()
        ended = True
    srt = kind == "srt"
    fmt = "HH:MM:SS,mmm --> HH:MM:SS,mmm" if srt else "HH:MM:SS.mmm --> HH:MM:SS.mmm"
    what = "an SRT" if srt else "a WebVTT"
    # which lines are blank (in WebVTT only an empty one), each asked once
    blank = [not line.strip() for line in lines] if srt else [not line for line in lines]
    first = 0
    if not srt:
        if not lines or not _WEBVTT_HEADER.match(lines[0]):
            head = [line for line in lines[:4] if line.strip()][:2]
            hint = " (the file starts with a cue: add a first line 'WEBVTT')" if any(
                _TIMING.match(line) for line in head) else ""
            raise InputError(path, f"not a WebVTT file: the first line must be 'WEBVTT'{hint}", line=1)
        first = 1
        while first < len(lines) and lines[first] and "-->" not in lines[first]:
            first += 1  # the header block: Kind:, Language:, Style: ...
    cues: list[Cue] = []
    skipping = False  # inside a NOTE, STYLE or REGION block
    for number in range(first, len(lines)):
        line = lines[number]
        lineno, cue_no = number + 1, len(cues) + 1
        if blank[number]:
            skipping = False
            continue
        block_start = number == first or blank[number - 1]
        if skipping or (not srt and block_start and _SPECIAL_BLOCK.match(line)):
            skipping = True
            continue
        if "-->" not in line and (">" in line or "–" in line or "—" in line):
            if _WRONG_ARROW.match(line):
                raise InputError(path, f"broken cue timing {line.strip()[:60]!r} (expected {fmt})",
                                 line=lineno, cue=cue_no)
        if "-->" in line:
            m = _TIMING.match(line)
            if m is None and srt and cues and not block_start and not _timing_shaped(line) \
                    and not _CUE_NUMBER.match(lines[number - 1]):
                cues[-1].lines.append(line)  # "Click File --> Save": an arrow in a cue's text
                continue
            if m is None:
                raise InputError(path, f"broken cue timing {line.strip()[:60]!r} (expected {fmt})",
                                 line=lineno, cue=cue_no)
            g = m.groups()
            if max(map(int, (g[1], g[2], g[5], g[6]))) >= 60:
                raise InputError(path, f"impossible time in {line.strip()[:60]!r}", line=lineno, cue=cue_no)
            start, end = _seconds(*g[:4]), _seconds(*g[4:])
            if end > MAX_SECONDS:
                raise InputError(path, f"impossible time in {line.strip()[:60]!r} (at most {MAX_SECONDS:,} s)",
                                 line=lineno, cue=cue_no)
            if end < start:
                raise InputError(path, f"cue ends before it starts ({line.strip()[:60]!r})",
                                 line=lineno, cue=cue_no)
            cues.append(Cue(cue_no, lineno, start, end, []))
            continue
        following = lines[number + 1] if number + 1 < len(lines) else None
        # a cut-off timing line at a block's start, after a cue's number at a block's start
        # (where its timing line stands) or at the file's end (a time has a colon: most text
        # lines are passed at once; each test below is asked only where its answer counts)
        if ":" in line and _CUT_TIMING.match(line) and (
                block_start or following is None
                or _CUE_NUMBER.match(lines[number - 1]) is not None and (number - 1 == first or blank[number - 2])):
            raise InputError(path, f"cut-off cue timing {line.strip()!r} (expected {fmt})",
                             line=lineno, cue=cue_no)
        if following is not None and "-->" in following and (block_start or srt and _CUE_NUMBER.match(line)):
            continue  # the number or identifier of the next cue
        if block_start and srt and _CUE_NUMBER.match(line) and int(line) == cue_no:
            # the next cue's number, but no timing
            if following is None or blank[number + 1]:
                raise InputError(path, f"cue {cue_no} has no timing line: the file is cut off "
                                 "or the cue is incomplete", line=lineno, cue=cue_no)
            if not _CUT_TIMING.match(following):  # a cut-off timing is reported on its own line
                raise InputError(path, f"cue {cue_no} has no timing line after its number "
                                 f"(expected {fmt})", line=lineno + 1, cue=cue_no)
            continue
        if not cues:
            raise InputError(path, f"not {what} file: text before the first cue timing line "
                             f"(expected {fmt})", line=lineno)
        cues[-1].lines.append(line)
    if cues and not any(line.strip() for line in cues[-1].lines):
        last = cues[-1]
        if not ended:
            raise InputError(path, "the file ends on the last cue's timing line, with no line break "
                             "after it: it seems cut off", line=last.line, cue=last.number)
        if warnings is not None:
            warnings.append(f"the last cue (cue {last.number}, line {last.line}) has no text: left out")
    return cues


# A line break written as a tag: ASS's \N (left in SRT by converters from .ass files) and
# HTML's <br> (some SRT writers). Not ASS's soft \n, which is no line break on its own and
# is more often a backslash and a letter of the text.
_LINE_BREAK_TAG = re.compile(r"\\N|<[bB][rR]\s*/?>")
_BR_TAG = re.compile(r"<[bB][rR]\s*/?>")
# What shows a line's backslashes to be a Windows path's ("C:\Users\Nick", "\\NAS\share",
# "D:\Notes"), so that none of its \N is ASS's: a backslash before anything but N (outside
# ASS's {\...} blocks), or a drive letter's.
_PATH_SIGN = re.compile(r"\\(?!N)|(?<![0-9A-Za-z])[A-Za-z]:\\")
_ASS_BLOCK = re.compile(r"\{\\[^{}]*\}")


def _break_lines(raw: str) -> list[str]:
    """A cue's line cut at its line-break tags; a tag at an edge adds no empty line (which
    would read as the blank line of a rolling caption's hold cue). In a line that writes a
    Windows path (:data:`_PATH_SIGN`), a \\N is part of it ("C:\\Users\\Nick"), no break."""
    tags = _BR_TAG if "\\" in raw and _PATH_SIGN.search(_ASS_BLOCK.sub("", raw)) else _LINE_BREAK_TAG
    pieces = tags.split(raw)
    return pieces if len(pieces) == 1 else [p for p in pieces if p.strip(_EDGE_SPACE)] or [""]


_WEBVTT_HEADER = re.compile(r"WEBVTT(?:[ \t]|$)")


def captions_in_text(text: str, suffix: str = ".txt") -> str | None:
    """The caption format (".srt" or ".vtt") a file named with ``suffix`` seems to hold
    where that is another - subtitles saved or renamed as .txt, SubRip named .vtt: WebVTT's
    header (a first line "WEBVTT", alone or before a title), in a .txt file only with a
    cue's timing line where the first cue starts (see :func:`_vtt_cue_follows`; "WEBVTT is
    the format of..." in a lecture is text); or a first line that is a cue's timing line
    (perhaps after its number), in a .vtt file only with SubRip's comma before the
    milliseconds (with a point it is WebVTT without its first line, refused as such). Else
    None: read as the suffix says. A guess only: the caller reads the file so, and where
    that fails or finds no cue, a .txt file is text after all."""
    lines = LINE_BREAK.split(text[:1000].lstrip("\ufeff \t\r\n"), maxsplit=2)
    if _WEBVTT_HEADER.match(lines[0]):
        return ".vtt" if suffix != ".vtt" and (suffix != ".txt" or _vtt_cue_follows(text)) else None
    first = 1 if len(lines) > 1 and _CUE_NUMBER.match(lines[0]) else 0
    timing = _TIMING.match(lines[first])
    if timing is None or suffix == ".srt" or suffix == ".vtt" and "," not in timing.group():
        return None
    return ".srt"


def _vtt_cue_follows(text: str) -> bool:
    """Whether WebVTT's first cue follows its header line: after the header's block (which
    ends at a blank line, or at a timing line, as some writers leave out the blank line)
    and any NOTE, STYLE or REGION blocks, a block whose first line, or second (after a cue
    identifier), is a cue's timing line. Looked for in the first 20,000 characters."""
    lines = LINE_BREAK.split(text[:20_000].lstrip("\ufeff \t\r\n"))[1:]
    k = 0
    while k < len(lines) and lines[k].strip():
        if "-->" in lines[k]:
            return _TIMING.match(lines[k]) is not None
        k += 1
    while k < len(lines):
        if not lines[k].strip():
            k += 1
            continue
        block = lines[k:k + 2]
        if not _SPECIAL_BLOCK.match(block[0]):
            return any(_TIMING.match(line) for line in block)
        while k < len(lines) and lines[k].strip():
            k += 1
    return False


HOLD_SECONDS = 0.05  # YouTube's "hold" cues last 10 ms


def parse_captions(text: str, path: Path, kind: str, warnings: list | None = None) -> list:
    """Units of an SRT or WebVTT file: one per cue, or the new words of each rolling cue."""
    if not text.strip():
        return []
    cues = scan_cues(text, path, kind, warnings)
    builder = UnitBuilder(captions=True)
    if _LINE_BREAK_TAG.search(text):
        for cue in cues:
            cue.lines = [piece for raw in cue.lines for piece in _break_lines(raw)]
    parsed = [[line for raw in cue.lines for line in parse_caption_lines(raw, cue.start)] for cue in cues]
    if is_rolling(cues, parsed):
        for cue, lines in zip(cues, rolling_new_lines(cues, parsed)):
            for line in lines:
                builder.add([line], cue.start, cue.end)
    else:
        for cue, lines in zip(cues, parsed):
            builder.add([line for line in lines if line.text.strip()], cue.start, cue.end)
    return builder.items


def _key(line: CaptionLine) -> str:
    return " ".join(line.text.split())


def is_rolling(cues: list[Cue], parsed: list[list[CaptionLine]]) -> bool:
    """Whether the cues roll (each repeats the previous one's last line), as YouTube's
    automatic captions do: they carry word-timing tags, or most two-line cues start
    with the previous cue's last line, and go on with another line. A cue that says one line
    twice ("Go team go!" on both lines, a song's chorus) is no evidence: cues of a chant
    repeat their lines without rolling, and reading them as rolling would drop lines.

    Fewer than three two-line cues (a short clip) roll where every one of them does and
    the cues between that only show the previous line again are all "hold" cues (10 ms
    long), which captions people write never have: a person saying a line again is a cue
    of its own length."""
    if any(line.timed for lines in parsed for line in lines):
        return True
    multi = carried = repeats = holds = 0
    previous: list[str] = []
    for cue, lines in zip(cues, parsed):
        keys = [key for key in map(_key, lines) if key]
        if len(keys) >= 2:
            multi += 1
            carried += bool(previous) and keys[0] == previous[-1] and keys[1] != keys[0]
        elif keys and previous and keys[0] == previous[-1]:
            repeats += 1
            holds += cue.end - cue.start <= HOLD_SECONDS
        previous = keys or previous
    if multi >= 3:
        return carried >= 0.6 * multi
    return multi >= 1 and carried == multi and repeats >= 1 and holds == repeats


def rolling_new_lines(cues: list[Cue], parsed: list[list[CaptionLine]]) -> list[list[CaptionLine]]:
    """For each cue of rolling captions, the lines it adds (each spoken line once).

    A cue shows the line still on screen, then its new line. Its leading lines that equal
    the previous cue's last lines are carried over - never a line with word-timing tags,
    and never its last line: that one is new, so speech that is really repeated ("Kwame."
    on one line, "Kwame." on the next) is kept. A "hold" cue (one untagged line, followed
    by a blank line or lasting 10 ms) only shows again what the previous cue said.
    """
    result = []
    shown: list[str] = []
    for cue, lines in zip(cues, parsed):
        present = [line for line in lines if _key(line)]
        hold = len(present) == 1 and not present[0].timed and (
            not _key(lines[-1]) or cue.end - cue.start <= HOLD_SECONDS)
        limit = len(present) if hold else len(present) - 1
        carried = 0
        for k in range(min(limit, len(shown)), 0, -1):
            if all(not line.timed for line in present[:k]) and [_key(x) for x in present[:k]] == shown[-k:]:
                carried = k
                break
        result.append(present[carried:])
        if present:
            shown = [_key(line) for line in present]
    return result


# --------------------------------------------------------------------------- JSON

def _json_kind(value) -> str:
    """What a JSON value is, in JSON's words."""
    if isinstance(value, bool):
        return "true/false value"
    return {dict: "object", list: "list", str: "string", int: "number", float: "number",
            type(None): "null"}.get(type(value), "value")


def parse_json(text: str, path: Path, warnings: list | None = None) -> list:
    """A list of ``{"text", "start", "duration"}`` objects (``"end"`` instead of duration is
    taken too), as YouTube transcript tools write them; one unit per object. Also YouTube's
    own json3 captions (``{"events": [{"tStartMs", "dDurationMs", "segs"}]}``), and
    ``{"text", "offset", "duration"}`` (npm's ``youtube-transcript``: seconds, or milliseconds
    in its older versions; see :func:`_offset_scale`). Items left without times although
    they hold a time under another name (``"startMs"``, a ``"duration"`` alone) are named in
    a warning added to ``warnings``."""
    if not text.strip():
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno) from None
    except RecursionError:
        raise InputError(path, "not valid JSON: nested too deeply") from None
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise InputError(path, "not valid JSON here: a number with more than 4300 digits") from None
    key = None
    expected = ('expected a JSON list of {"text", "start", "duration"} objects, or an object with one such '
                'list under "segments", "transcript" or "captions" (or YouTube\'s json3 "events")')
    if isinstance(data, dict):
        named = [k for k in ("segments", "transcript", "captions", "events") if k in data]
        lists = [k for k in named if isinstance(data[k], list)]
        if len(lists) != 1:
            if len(named) == 1:
                raise InputError(path, f'"{named[0]}" is a JSON {_json_kind(data[named[0]])}, not a list: {expected}')
            if len(lists) > 1:
                raise InputError(path, f"lists under {', '.join(repr(k) for k in lists)}: one only is read; {expected}")
            raise InputError(path, f"a JSON object without a list of captions: {expected}")
        key = lists[0]
        data = data[key]
    if not isinstance(data, list):
        raise InputError(path, f"a JSON {_json_kind(data)}: {expected}")
    try:
        return _json_items(data, path, warnings)
    except InputError as exc:  # about one item: the line where it starts
        if exc.cue is None or exc.line is not None:
            raise
        raise InputError(path, exc.message, line=_json_item_line(text, key, exc.cue), cue=exc.cue) from None


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _json_item_line(text: str, key: str | None, number: int) -> int | None:
    """The line where item ``number`` (1-based) of the JSON list starts: the top-level
    list, or the one under ``key`` of the top-level object (its last, as ``json`` reads
    a key written twice)."""
    decoder = json.JSONDecoder()

    def skip(pos: int, sep: str = "") -> int:  # white space, then ``sep``, then white space
        pos = _JSON_SPACE.match(text, pos).end()
        if sep:
            if text[pos] != sep:
                raise ValueError(pos)
            pos = _JSON_SPACE.match(text, pos + 1).end()
        return pos

    try:
        pos = skip(0)
        if key is not None:
            pos, found = skip(pos, "{"), None
            while text[pos] != "}":
                name, pos = decoder.raw_decode(text, pos)
                pos = skip(pos, ":")
                if name == key:
                    found = pos
                _, pos = decoder.raw_decode(text, pos)
                pos = skip(pos)
                if text[pos] == ",":
                    pos = skip(pos, ",")
            pos = found
        pos = skip(pos, "[")
        for _ in range(number - 1):
            _, pos = decoder.raw_decode(text, pos)
            pos = skip(skip(pos), ",")
        return len(LINE_BREAK.findall(text, 0, pos)) + 1
    except (ValueError, IndexError, TypeError):
        return None


# The name of a key that may hold a time: reported where an item's time is not read from it.
# A word of the name (cut at "_", "-" and camel case: "startMs", "end_time", "tStartMs")
# starts like a time's, or the name is a time's short one; not a word that only holds such
# letters ("sentiment" holds "time", "speaker_gender" "end": no times).
_TIME_WORDS = ("start", "end", "offset", "dur", "time", "begin", "stamp")
_TIME_NAMES = frozenset({"t", "ts", "from", "to", "at"})
_KEY_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def _time_key(key: str) -> bool:
    """Whether a JSON key's name is a time's (:data:`_TIME_WORDS`)."""
    return key.lower() in _TIME_NAMES or any(w.lower().startswith(_TIME_WORDS) for w in _KEY_WORD.findall(key))


def _offset_scale(data: list, path: Path) -> int | None:
    """How ``"offset"`` times are given where the items time themselves with ``"offset"``
    and none with ``"start"`` (npm's ``youtube-transcript``): 1 (seconds) or 1000
    (milliseconds, with ``"duration"`` and ``"end"`` in milliseconds too), or None where the
    numbers cannot tell. A caption lasts from a tenth of a second to a minute or so: the
    usual length of the items (their middle ``"duration"`` above zero, else the middle step
    between offsets) is read as milliseconds where it is 100 or more and every time is a
    whole number, as seconds where it is under 100; else (a single untimed step, or
    fractions in lengths of 100 or more) the times are not read."""
    items = [item for item in data if isinstance(item, dict) and "tStartMs" not in item and "segs" not in item]
    if not any("offset" in item for item in items) or any("start" in item for item in items):
        return None
    numbers: dict[str, list] = {key: [] for key in ("offset", "duration", "end")}
    for item in items:
        for key in numbers:
            try:  # (a time that is no number is reported where the item is read)
                numbers[key].append(_number(item, key, path, 0, also="dur" if key == "duration" else None))
            except InputError:
                pass
    offsets = [v for v in numbers["offset"] if v is not None]
    spans = sorted(v for v in numbers["duration"] if v) or sorted(
        b - a for a, b in zip(offsets, offsets[1:]) if b > a)
    if not spans:
        return None
    usual = spans[len(spans) // 2]
    whole = all(v == int(v) for values in numbers.values() for v in values if v is not None)
    if usual < 100:
        return 1
    return 1000 if whole else None


_NOT_WORDS = re.compile(r"\[[^\[\]]*\]|\([^()]*\)|<[^<>]*>|[♪♫]")  # sound tags, styling


# "start" is seconds by the contract: read as milliseconds only where, as seconds, the usual
# item would last over a quarter of an hour (a chapter list's 300 s items stay seconds)
_START_MS_USUAL = 1000


def _start_scale(data: list, path: Path) -> tuple[int, str | None]:
    """How ``"start"`` times are given: in seconds, as documented (1), or in milliseconds
    (1000, with ``"end"`` and ``"duration"`` too) where the numbers leave no doubt, as
    AssemblyAI writes ``{"text", "start": 1000, "end": 2500}``: the items' usual length (as
    :func:`_offset_scale` takes it, or the middle step between starts) is 1000 or more (a
    warning only from 100), every
    time is a whole number, and, read as seconds, the items would hold under one word in 20
    seconds (speech has two or three a second). The warning says that the times were read as
    milliseconds, or that they may be (the same lengths and pace, but fractions), or None."""
    spans, words = [], 0
    whole = True
    timed = []
    for item in data:
        if not isinstance(item, dict) or "tStartMs" in item or "segs" in item:
            continue
        try:  # (a time that is no number is reported where the item is read)
            start = _number(item, "start", path, 0)
            duration = _number(item, "duration", path, 0, also="dur")
            end = _number(item, "end", path, 0)
        except InputError:
            continue
        if start is None:
            continue
        whole = whole and all(v == int(v) for v in (start, duration, end) if v is not None)
        end = end if end is not None else start + duration if duration is not None else None
        raw = item.get("text", item.get("utf8"))
        timed.append((start, end, len(_NOT_WORDS.sub(" ", raw).split()) if isinstance(raw, str) else 0))
    if not any(end is not None for _, end, _ in timed):  # the step to the next item's start
        timed = [(a, b, n) for (a, _, n), (b, _, _) in zip(timed, timed[1:])]
    for start, end, count in timed:
        if end is not None and end > start and count:
            spans.append(end - start)
            words += count
    if not spans:
        return 1, None
    usual, total = sorted(spans)[len(spans) // 2], sum(spans)
    if usual < 100 or words >= 0.05 * total:
        return 1, None
    pace = f"as seconds, the items would last {usual:,g} s each, with one word in {total / words:,.0f} s"
    if whole and usual >= _START_MS_USUAL:
        return 1000, f'times read as milliseconds ({pace})'
    return 1, f'times read as seconds, but may be milliseconds ({pace})'


def _json_items(data: list, path: Path, warnings: list | None = None) -> list:
    """Units of the items of a JSON list (see :func:`parse_json`)."""
    builder = UnitBuilder(captions=True)
    scale = _offset_scale(data, path)
    offsets = "offset" if scale else None
    if not offsets:
        scale, why = _start_scale(data, path)
        if why and warnings is not None:
            warnings.append(why)
    not_read: dict[str, int] = {}  # a time's key -> the first item left untimed that has it
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise InputError(path, f"item {number} is not an object", cue=number)
        if "tStartMs" in item or "segs" in item:  # YouTube's json3 ("events"): times in ms
            _json3_event(builder, item, path, number)
            continue
        raw = item.get("text", item.get("utf8"))
        if not isinstance(raw, str):
            raise InputError(path, f'item {number} has no "text" string', cue=number)
        _check_surrogates(raw, path, number)
        start = _number(item, offsets or "start", path, number, scale=scale)
        end = None
        if start is not None:
            duration = _number(item, "duration", path, number, also="dur", scale=scale)
            end_value = _number(item, "end", path, number, scale=scale)
            end = end_value if end_value is not None else (
                round(start + duration, 3) if duration is not None else None)
            if end is not None and end < start:
                raise InputError(path, f"item {number} ends before it starts", cue=number)
        else:
            for key, value in item.items():
                if _time_key(key) and not isinstance(value, (bool, dict, list)) and value is not None:
                    not_read.setdefault(key, number)
        lines = [line for piece in LINE_BREAK.split(raw) for line in parse_caption_lines(piece, start)]
        speaker = item.get("speaker")  # diarized output (WhisperX: "SPEAKER_00"): the item's voice
        if isinstance(speaker, str) and speaker.strip():
            lines = [line if line.voice else replace(line, voice=speaker.strip()) for line in lines]
        builder.add([line for line in lines if line.text.strip()], start, end)
    if not_read and warnings is not None:
        keys = sorted(not_read, key=not_read.get)
        named = ", ".join(f'"{k}"' for k in keys[:3]) + (", ..." if len(keys) > 3 else "")
        why = ("cannot tell seconds from milliseconds in them" if "offset" in not_read and not offsets
               else 'times are read from "start" (seconds) or "offset", with "duration" or "end"')
        warnings.append(f"times not read from {named} (first in item {not_read[keys[0]]}): {why}")
    return builder.items


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_surrogates(raw: str, path: Path, number: int) -> None:
    """A ``\\ud83d`` escape without its other half is no character: no text can hold it."""
    m = _SURROGATE.search(raw)
    if m:
        raise InputError(path, f"item {number}: the text holds \\u{ord(m.group()):04x}, half of a character "
                               "(a surrogate escape without its pair)", cue=number)


def _json3_event(builder: "UnitBuilder", item: dict, path: Path, number: int) -> None:
    """One event of YouTube's json3 captions: ``{"tStartMs", "dDurationMs", "segs": [{"utf8",
    "tOffsetMs"}]}``. An event without text (a caption window's style, a line's "\n") adds
    nothing."""
    segs = item.get("segs") or []
    if not isinstance(segs, list) or not all(isinstance(s, dict) and isinstance(s.get("utf8", ""), str)
                                             for s in segs):
        raise InputError(path, f'item {number}: "segs" must be a list of {{"utf8": text}} objects', cue=number)
    raw = "".join(s.get("utf8", "") for s in segs)
    if not raw.strip():
        return
    _check_surrogates(raw, path, number)
    start = _number(item, "tStartMs", path, number, scale=1000)
    duration = _number(item, "dDurationMs", path, number, scale=1000)
    end = round(start + duration, 3) if start is not None and duration is not None else None
    lines = [line for piece in LINE_BREAK.split(raw) for line in parse_caption_lines(piece, start)]
    builder.add([line for line in lines if line.text.strip()], start, end)


MAX_SECONDS = 10_000_000  # about 116 days: a time beyond it is a broken file, not a recording


_CLOCK = re.compile(r"(?:\d+:)?(?:[0-5]?\d):[0-5]?\d(?:[.,]\d+)?")


def _number(item: dict, key: str, path: Path, number: int, also: str | None = None,
            scale: int = 1):
    """The time ``item[key]`` (or ``item[also]``) in seconds (given in 1/``scale`` seconds)."""
    value = item.get(key, item.get(also) if also else None)
    if value is None:
        return None
    if isinstance(value, str):
        try:  # "12.5", or a clock time "1:02:03.5" whose minutes and seconds are under 60
            if _CLOCK.fullmatch(value.strip()):
                value = parse_timestamp(value)
            else:
                value = float(value) if ":" not in value else None
        except ValueError:
            value = None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        got = repr(item.get(key, item.get(also) if also else None))
        unit = "seconds" if scale == 1 else "milliseconds"
        raise InputError(path, f'item {number}: "{key}" must be a number of {unit}, got {got[:40]}',
                         cue=number)
    value = value / scale
    if value > MAX_SECONDS:
        raise InputError(path, f'item {number}: "{key}" is {value:.6g} seconds, more than any recording '
                               f'(at most {MAX_SECONDS:,})', cue=number)
    return round(float(value), 3)


# Each parser: (text, path, warnings) -> items; what it warns of goes into the list ``warnings``.
PARSERS = {
    ".txt": lambda text, path, warnings=None: parse_txt(text, path),
    ".srt": lambda text, path, warnings=None: parse_captions(text, path, "srt", warnings),
    ".vtt": lambda text, path, warnings=None: parse_captions(text, path, "vtt", warnings),
    ".json": lambda text, path, warnings=None: parse_json(text, path, warnings),
}
