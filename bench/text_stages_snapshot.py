"""Snapshot of the text stages' output, to prove that a speed-up changes nothing.

Runs ``pipeline.core.clean_document(ingest(path), lexicon)`` over a fixed set of inputs and
writes, per input: the final text, every correction (``to_json``), every segment
(``to_json`` plus ``start_char``/``end_char``), every unit (span, times, break decision,
speaker change) and the warnings. Inputs:

* the 15 Earnings-21 raw calls, with an empty ``Lexicon()`` and with their own
  ``dictionary/<id>.txt``;
* both ``raw/*.txt`` examples with ``dictionaries/rocky-dennis.toml``;
* every fixture of ``tests/fixtures/captions/`` that ingests without error;
* every ``.txt`` under ``tests/cases/segment/``;
* the 15 Earnings-21 reference transcripts with seeded synthetic slips
  (``bench/spelling_synthetic.py``, rate 0.02, seed 1), so the spelling stage has work;
* a reference transcript with seeded insertions of curly and straight quotes, spacing
  slips, caption markers and labels, sound tags, a capital sigma and stray control
  characters, so normalize and segment meet their rarer paths.

    PYTHONPATH=. python bench/text_stages_snapshot.py OUT.json [--compare BASELINE.json]

With ``--compare`` it exits 1 and names the first differences when OUT differs from BASELINE.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

from pipeline.core import clean_document
from pipeline.dictionaries import Lexicon, load_lexicon
from pipeline.errors import PipelineError
from pipeline.ingest import ingest, is_supported

ROOT = Path(__file__).resolve().parent.parent
E21 = Path("/work/shared/eval/earnings21")


def synthetic_files(folder: Path) -> list[Path]:
    """The reference transcripts with slips, written to ``folder``."""
    from bench.spelling_synthetic import corrupt

    rng = random.Random(1)
    paths = []
    for path in sorted((E21 / "reference").glob("*.txt")):
        text, _truth = corrupt(path.read_text(encoding="utf-8"), rng, 0.02)
        out = folder / path.name
        out.write_text(text, encoding="utf-8")
        paths.append(out)
    return paths


EDGE_MARKS = {
    "quotes": ["“", "”", "‘", "’", '"', "'", "«", "»"],
    "spaces": ["  ", " ,", ",", " .", "\t ", "  \u00a0", ". ", ".A"],
    "mixed": ["“", "”", "  ", " ,", ">> ", "\nJOHN: ", "\n- ", "Mr.", "‘cause ", "Σ", "(", ")"],
    "labels": ["\nSPEAKER ONE: ", "\n>> ", "\nDr. Lee: ", "\n[Music]\n"],
    "typos": ["thhe ", "recieve ", "offguard ", "oneliners ", "normaly, "],
}


def edge_files(folder: Path) -> list[Path]:
    """A reference transcript with seeded insertions of each kind of EDGE_MARKS (one per 25
    characters), and one with a few control characters."""
    base = (E21 / "reference" / "4320211.txt").read_text(encoding="utf-8")[:20000]
    rng = random.Random(3)
    paths = []
    for name, marks in EDGE_MARKS.items():
        chars = list(base)
        for _ in range(len(chars) // 25):
            chars.insert(rng.randrange(len(chars)), rng.choice(marks))
        paths.append(folder / f"edge-{name}.txt")
        paths[-1].write_text("".join(chars), encoding="utf-8")
    paths.append(folder / "edge-ctrl.txt")
    paths[-1].write_text(base[:3000] + " word\x1cthhe other " + base[3000:9000] + " \x1f recieve "
                         + base[9000:], encoding="utf-8")
    return paths


def cases(tmp: Path) -> list[tuple[str, Path, Lexicon]]:
    out = []
    empty = Lexicon()
    for path in sorted((E21 / "raw").glob("*.txt")):
        out.append((f"e21-empty/{path.stem}", path, empty))
        out.append((f"e21-dict/{path.stem}", path, load_lexicon([E21 / "dictionary" / f"{path.stem}.txt"], None)))
    rocky = load_lexicon([ROOT / "dictionaries" / "rocky-dennis.toml"], None)
    for path in sorted((ROOT / "raw").glob("*.txt")):
        out.append((f"raw/{path.stem}", path, rocky))
    for path in sorted((ROOT / "tests" / "fixtures" / "captions").iterdir()):
        if path.is_file() and is_supported(path):
            out.append((f"fixture/{path.name}", path, empty))
    for path in sorted((ROOT / "tests" / "cases" / "segment").rglob("*.txt")):
        out.append((f"segment/{path.relative_to(ROOT / 'tests' / 'cases' / 'segment')}", path, empty))
    for path in synthetic_files(tmp):
        out.append((f"synthetic/{path.stem}", path, empty))
    for path in edge_files(tmp):
        out.append((f"edge/{path.stem}", path, empty))
    return out


def snapshot_one(path: Path, lexicon: Lexicon) -> dict:
    try:
        document = ingest(path, path.stem)
    except (PipelineError, Exception) as exc:  # fixtures that do not ingest are skipped
        return {"ingest_error": type(exc).__name__}
    document = clean_document(document, lexicon)
    return {
        "text": document.text,
        "corrections": [c.to_json() for c in document.corrections],
        "segments": [{**s.to_json(), "start_char": s.start_char, "end_char": s.end_char}
                     for s in document.segments],
        "units": [[u.start_char, u.end_char, u.start, u.end, u.break_before, u.speaker_change]
                  for u in document.units],
        "warnings": list(document.warnings),
        "stages": list(document.stages),
    }


def compare(new: dict, old: dict, limit: int = 10) -> list[str]:
    problems = []
    for name in sorted(set(old) | set(new)):
        if name not in new or name not in old:
            problems.append(f"{name}: only in {'baseline' if name in old else 'new'}")
            continue
        for key in sorted(set(old[name]) | set(new[name])):
            if old[name].get(key) != new[name].get(key):
                a, b = old[name].get(key), new[name].get(key)
                detail = ""
                if isinstance(a, list) and isinstance(b, list):
                    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                    detail = f" (lengths {len(a)}/{len(b)}, first difference at {i}: " \
                             f"{a[i] if i < len(a) else None!r} vs {b[i] if i < len(b) else None!r})"
                problems.append(f"{name}: {key} differs{detail}")
        if len(problems) >= limit:
            break
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--compare")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = {name: snapshot_one(path, lexicon) for name, path, lexicon in cases(Path(tmp))}
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(result)} inputs, {sum('text' in r for r in result.values())} cleaned -> {args.out}")
    if args.compare:
        old = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        problems = compare(result, old)
        if problems:
            print("DIFFERENT:")
            for p in problems:
                print("  " + p)
            return 1
        print("IDENTICAL to", args.compare)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
