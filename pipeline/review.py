"""Review: what the pipeline changed in a document, for people.

Reads only the version folders (``corrections.jsonl``, ``segments.jsonl``), never re-runs a
stage: every correction carries its own context. The raw text is recovered by undoing the
recorded corrections, so a word diff of raw against clean needs no source file.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from .document import unreplay_all
from .errors import PipelineError
from .write import list_versions


class ReviewError(PipelineError):
    code = "E400"


@dataclass(frozen=True)
class Version:
    doc_id: str
    name: str
    path: Path

    def corrections(self) -> list[dict]:
        return _read_jsonl(self.path / "corrections.jsonl")

    def segments(self) -> list[dict]:
        return _read_jsonl(self.path / "segments.jsonl")

    def clean_text(self) -> str:
        return " ".join(s["text"] for s in self.segments())

    def raw_text(self) -> str:
        return unreplay_all(self.clean_text(), self.corrections())


def _read_jsonl(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ReviewError(path, "missing from the version folder") from None
    records = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError as exc:
                raise ReviewError(path, f"not valid JSON: {exc.msg}", line=number) from None
    return records


def find_version(clean_dir: Path, doc_id: str, version: str | None = None) -> Version:
    """A version of a document (``None``: the latest). ``version`` may be ``v0002`` or ``2``."""
    doc_dir = Path(clean_dir) / doc_id
    versions = list_versions(doc_dir)
    if not versions:
        raise ReviewError(doc_dir, f"no versions of document {doc_id!r} (run 'transcripts run' first)")
    if version is None:
        name = versions[-1]
    else:
        name = version if version.startswith("v") else f"v{int(version):04d}" if version.isdigit() else version
        if name not in versions:
            raise ReviewError(doc_dir, f"no version {version!r}; versions: {', '.join(versions)}")
    return Version(doc_id, name, doc_dir / name)


def word_diff(old: str, new: str) -> list[tuple[str, str, str]]:
    """(op, old words, new words) runs: op is equal, replace, delete or insert."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [(op, " ".join(a[i1:i2]), " ".join(b[j1:j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def format_correction(number: int, record: dict, color: bool = False) -> str:
    """One correction as a review line: number, stage, rule, confidence, term, context."""
    before, after = (record.get("context") or ["", ""])[:2]
    old, new = record["original"], record["replacement"]
    if color:
        change = f"\x1b[31m[-{old}-]\x1b[0m\x1b[32m{{+{new}+}}\x1b[0m"
    else:
        change = f"[-{old}-]{{+{new}+}}"
    term = f", term {record['term']!r}" if record.get("term") else ""
    head = f"{number:>4}. {record['stage']}/{record['rule']} (confidence {record['confidence']:.2f}{term})"
    return f"{head}\n      …{before}{change}{after}…"


def format_word_diff(old: str, new: str, color: bool = False, context_words: int = 6) -> list[str]:
    """The changed places of a word diff, each with a few words of context."""
    lines = []
    runs = word_diff(old, new)
    for i, (op, a, b) in enumerate(runs):
        if op == "equal":
            continue
        left = runs[i - 1][1].split()[-context_words:] if i > 0 and runs[i - 1][0] == "equal" else []
        right = runs[i + 1][1].split()[:context_words] if i + 1 < len(runs) and runs[i + 1][0] == "equal" else []
        if color:
            change = (f"\x1b[31m[-{a}-]\x1b[0m" if a else "") + (f"\x1b[32m{{+{b}+}}\x1b[0m" if b else "")
        else:
            change = (f"[-{a}-]" if a else "") + (f"{{+{b}+}}" if b else "")
        lines.append(" ".join(filter(None, [" ".join(left), change, " ".join(right)])))
    return lines
