"""The inputs the correct-stage benchmarks share (``correct_snapshot.py``, ``correct_speed.py``).

- the 15 Earnings-21 calls, each with its own dictionary, and with dictionary + distractors;
- the 15 calls concatenated into one document, with every term of every call's dictionary and
  distractors, deduplicated (1,371 terms);
- the two example documents of ``raw/`` with ``dictionaries/rocky-dennis.toml`` and with the
  canonical-only ``tests/cases/correct/rocky-dennis-canonical.txt``.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.dictionaries import Lexicon, Term, load_lexicon  # noqa: E402
from pipeline.document import Document  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402

E21 = Path("/work/shared/eval/earnings21")
EXAMPLES = ("rocky-dennis-article", "rocky-dennis-mask-video")


def read_terms(path: Path) -> list[str]:
    terms = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.split(" #")[0].strip()
        if line and not line.startswith("#"):
            terms.append(line)
    return terms


def calls() -> list[str]:
    return sorted(p.stem for p in (E21 / "raw").glob("*.txt"))


def big_lexicon() -> Lexicon:
    """Every term of every call's dictionary and distractors, each written form once (1,371
    terms; the stage itself keeps the first of forms that differ only in case)."""
    seen, terms = set(), []
    for folder in ("dictionary", "distractors"):
        for path in sorted((E21 / folder).glob("*.txt")):
            for term in read_terms(path):
                if term not in seen:
                    seen.add(term)
                    terms.append(Term(term))
    return Lexicon(tuple(terms))


_BIG_FILE: Path | None = None


def big_file() -> Path:
    """The 15 calls' raw text concatenated (a blank line between calls), as one .txt file."""
    global _BIG_FILE
    if _BIG_FILE is None:
        parts = [(E21 / "raw" / f"{cid}.txt").read_text(encoding="utf-8-sig").strip("\n") for cid in calls()]
        folder = Path(tempfile.mkdtemp(prefix="correct-bench-"))
        _BIG_FILE = folder / "earnings21-all.txt"
        _BIG_FILE.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return _BIG_FILE


def cases():
    """(name, ingested document, lexicon) for every input of the snapshot."""
    for cid in calls():
        raw = E21 / "raw" / f"{cid}.txt"
        yield (f"{cid}/dictionary", ingest(raw, cid),
               load_lexicon([E21 / "dictionary" / f"{cid}.txt"], None))
        yield (f"{cid}/dictionary+distractors", ingest(raw, cid),
               load_lexicon([E21 / "dictionary" / f"{cid}.txt", E21 / "distractors" / f"{cid}.txt"], None))
    yield "all-calls/big-dictionary", ingest(big_file(), "earnings21-all"), big_lexicon()
    for name in EXAMPLES:
        for dictionary in (ROOT / "dictionaries" / "rocky-dennis.toml",
                           ROOT / "tests" / "cases" / "correct" / "rocky-dennis-canonical.txt"):
            yield (f"{name}/{dictionary.name}", ingest(ROOT / "raw" / f"{name}.txt", name),
                   load_lexicon([dictionary], None))


def stages_to_correct(document: Document) -> Document:
    """The stages before correct: repair, normalize."""
    from pipeline.normalize import normalize
    from pipeline.repair import repair

    return normalize(repair(document))
