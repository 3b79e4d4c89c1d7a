"""A snapshot of everything the pipeline decides, to prove a speed-up of ``correct`` changes
nothing: every correction (``Correction.to_json()``) and the final text, for each input of
:mod:`bench.correct_corpus`, through :func:`pipeline.core.clean_document`.

    PYTHONPATH=. python bench/correct_snapshot.py OUT.json             # write a snapshot
    PYTHONPATH=. python bench/correct_snapshot.py OUT.json --compare REF.json
                                                            # and compare with an earlier one

Exit status 1 when ``--compare`` finds a difference (each one is listed).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.correct_corpus import cases  # noqa: E402
from pipeline.core import clean_document  # noqa: E402


def snapshot() -> dict:
    out = {}
    for name, document, lexicon in cases():
        started = time.perf_counter()
        timings: dict = {}
        doc = clean_document(document, lexicon, timings=timings)
        out[name] = {"corrections": [c.to_json() for c in doc.corrections], "text": doc.text}
        print(f"{name:50} {len(doc.corrections):5d} corrections  correct {timings['correct'] / 1000:7.3f}s"
              f"  all {time.perf_counter() - started:6.2f}s", flush=True)
    return out


def compare(new: dict, ref: dict) -> list[str]:
    problems = []
    for name in sorted(set(new) | set(ref)):
        if name not in new or name not in ref:
            problems.append(f"{name}: only in {'reference' if name in ref else 'new'}")
            continue
        a, b = new[name], ref[name]
        if a["text"] != b["text"]:
            problems.append(f"{name}: final text differs")
        if a["corrections"] != b["corrections"]:
            ca, cb = a["corrections"], b["corrections"]
            problems.append(f"{name}: corrections differ ({len(ca)} vs {len(cb)} in the reference)")
            for x, y in zip(ca, cb):
                if x != y:
                    problems.append(f"    first difference: {x}\n    reference:        {y}")
                    break
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args(argv)
    data = snapshot()
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    if args.compare:
        problems = compare(data, json.loads(args.compare.read_text(encoding="utf-8")))
        for p in problems:
            print(p)
        print("IDENTICAL" if not problems else f"{len(problems)} DIFFERENCES")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
