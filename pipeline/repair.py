"""Repair: fix text encoding damage (mojibake) and other Unicode problems with ftfy.

Two passes, so that every encoding of one transcript gives the same text:

1. The whole document: ftfy's encoding repair runs once over the text of all units that
   are not plain ASCII. Mojibake of the whole file (UTF-8 read as Windows-1252 and saved
   again, perhaps twice) is found as one plan and fixed in every unit alike, also in
   units too short for ftfy to be sure of on their own. ``Source.encoding`` then records
   it, e.g. ``utf-8+mojibake:sloppy-windows-1252``.
2. Each unit: ftfy's other fixes (and the encoding repair of damage local to that unit).

Curly quotes are kept (``uncurl_quotes=False``): later stages use them to find dialogue.
Full-width characters are kept (``fix_character_width=False``): "，" and "？" are how Chinese
and Japanese text is punctuated, not damage.
Each unit that changes becomes one correction, narrowed to the words that differ, with
ftfy's explanation in ``ftfy_plan``: the list of ``[action, parameter]`` steps that
:func:`apply_plan` replays on the correction's ``original`` to give its ``replacement``.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata

import ftfy

from .document import Document, Edit

STAGE = "repair"
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, fix_character_width=False,
                                     explain=True)
_SPACE = " \t"
# What ftfy fixes in ASCII text: control characters (a NUL, terminal colour codes) and HTML
# entities ("&amp;"). Other ASCII lines skip ftfy, which is much faster.
_ASCII_FTFY_FIXES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|&#?\w+;")


def apply_plan(text: str, plan) -> str:
    """Replay an ftfy explanation (``ftfy.apply_plan`` plus its ``normalize`` steps)."""
    for action, parameter in plan:
        if action == "normalize":
            text = unicodedata.normalize(parameter, text)
        else:
            text = ftfy.apply_plan(text, [(action, parameter)])
    return text


def document_plan(texts: list[str]) -> tuple[dict[int, str], list]:
    """The encoding repair of the whole document: ``{unit index: fixed text}`` and the plan.

    ftfy sees the non-ASCII units as one text, so it decides once, for the whole file,
    whether it is mojibake and of which codecs.
    """
    indexes = [i for i, text in enumerate(texts) if not text.isascii()]
    if not indexes:
        return {}, []
    joined = "\n".join(texts[i] for i in indexes)
    fixed, plan = ftfy.fix_encoding_and_explain(joined, config=FTFY_CONFIG)
    pieces = fixed.split("\n")
    if fixed == joined or len(pieces) != len(indexes):
        return {}, []
    return {i: piece for i, piece in zip(indexes, pieces) if piece != texts[i]}, list(plan)


def mojibake_codecs(plan) -> list[str]:
    """The codecs a plan re-encodes with: the wrong decodings it undoes, in order."""
    return [parameter for action, parameter in plan if action == "encode"]


def _narrow(original: str, fixed: str, plan) -> tuple[int, int, int]:
    """The smallest span of whole words that holds every difference and that the plan
    replays on its own: ``(start, end in original, end in fixed)``."""
    limit = min(len(original), len(fixed))
    prefix = 0
    while prefix < limit and original[prefix] == fixed[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and original[-1 - suffix] == fixed[-1 - suffix]:
        suffix += 1
    while prefix > 0 and original[prefix - 1] not in _SPACE:
        prefix -= 1  # the common part ends in the middle of a word
    while suffix > 0 and original[len(original) - suffix] not in _SPACE:
        suffix -= 1
    start, end, fixed_end = prefix, len(original) - suffix, len(fixed) - suffix
    try:
        if apply_plan(original[start:end], plan) == fixed[start:fixed_end]:
            return start, end, fixed_end
    except (UnicodeError, ValueError):
        pass
    return 0, len(original), len(fixed)


def repair(document: Document) -> Document:
    """Fix encoding damage, the whole document's first, then each unit's, recording each
    change with ftfy's explanation."""
    texts = [document.unit_text(unit) for unit in document.units]
    whole, whole_plan = document_plan(texts)
    edits = []
    for index, (unit, original) in enumerate(zip(document.units, texts)):
        text, plan = original, []
        if index in whole:
            text, plan = whole[index], list(whole_plan)
        if not text.isascii() or _ASCII_FTFY_FIXES.search(text):  # else nothing for ftfy to fix
            text, steps = ftfy.fix_and_explain(text, config=FTFY_CONFIG)
            plan += steps
        if text == original:
            continue
        text = text.replace("\n", " ")
        rule = "mojibake" if any(action in ("encode", "decode", "transcode")
                                 or parameter == "decode_inconsistent_utf8" for action, parameter in plan) \
            else "unicode"
        start, end, fixed_end = _narrow(original, text, plan)
        edits.append(Edit(
            unit.start_char + start,
            unit.start_char + end,
            text[start:fixed_end],
            rule=f"ftfy:{rule}",
            confidence=1.0,
            extra={"ftfy_plan": [list(step) for step in plan]},
        ))
    repaired = document.apply_edits(STAGE, edits)
    codecs = mojibake_codecs(whole_plan) if whole else []
    if codecs:
        encoding = f"{document.source.encoding}+mojibake:{','.join(codecs)}"
        repaired = repaired.replace(source=dataclasses.replace(document.source, encoding=encoding))
    return repaired
