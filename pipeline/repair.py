"""Repair: fix text encoding damage (mojibake) and other Unicode problems with ftfy.

ftfy runs on each unit of the document. Curly quotes are kept (``uncurl_quotes=False``):
later stages use them to find dialogue. Each unit ftfy changes becomes one correction,
narrowed to the characters that differ, carrying ftfy's explanation: the list of
``[action, parameter]`` steps that ``ftfy.apply_plan`` replays.
"""
from __future__ import annotations

import ftfy

from .document import Document, Edit

STAGE = "repair"
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, explain=True)


def _narrow(original: str, fixed: str) -> tuple[int, int, int]:
    """Length of the common prefix, and the ends of the differing parts."""
    prefix = 0
    limit = min(len(original), len(fixed))
    while prefix < limit and original[prefix] == fixed[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < limit - prefix and original[-1 - suffix] == fixed[-1 - suffix]):
        suffix += 1
    return prefix, len(original) - suffix, len(fixed) - suffix


def repair(document: Document) -> Document:
    """Fix encoding damage unit by unit, recording each change with ftfy's explanation."""
    edits = []
    for unit in document.units:
        original = document.unit_text(unit)
        if original.isascii():
            continue  # nothing for ftfy to fix in plain ASCII, and much faster
        fixed, steps = ftfy.fix_and_explain(original, config=FTFY_CONFIG)
        if fixed == original:
            continue
        fixed = fixed.replace("\n", " ")
        rule = "mojibake" if any(action in ("encode", "decode") for action, _ in steps) else "unicode"
        prefix, end_orig, end_fixed = _narrow(original, fixed)
        edits.append(Edit(
            unit.start_char + prefix,
            unit.start_char + end_orig,
            fixed[prefix:end_fixed],
            rule=f"ftfy:{rule}",
            confidence=1.0,
            extra={"ftfy_plan": [list(step) for step in steps]},
        ))
    return document.apply_edits(STAGE, edits)
