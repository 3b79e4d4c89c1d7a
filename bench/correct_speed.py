"""Speed of the correct stage against ``ftfy.fix_text`` on the same text, in one run.

Input: the 15 Earnings-21 calls concatenated (one document, ~685k characters) with the
1,371-term dictionary of every call's terms and distractors (see :mod:`bench.correct_corpus`).
The lexicon is compiled before timing (its disk cache is the normal case). Reported:

- ``correct, first run``: the stage in a fresh process, per-word caches (sound keys, word
  frequencies) empty, as a ``transcripts reprocess`` of one file sees it;
- ``correct, best of N``: the stage again with those caches warm;
- ``ftfy.fix_text``: best of N over the stage's input text;

and the ratios correct/ftfy (lower is faster; the product target is the whole pipeline at
>= 1/4 of ftfy's throughput).

    PYTHONPATH=. python bench/correct_speed.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ftfy  # noqa: E402

from bench.correct_corpus import big_file, big_lexicon, stages_to_correct  # noqa: E402
from pipeline.config import Settings  # noqa: E402
from pipeline.correct import compile_lexicon, correct  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    settings = Settings()
    lexicon = big_lexicon()
    document = stages_to_correct(ingest(big_file(), "earnings21-all"))
    compile_s = timed(lambda: compile_lexicon(lexicon, settings))
    first = timed(lambda: correct(document, lexicon, settings))
    warm = min(timed(lambda: correct(document, lexicon, settings)) for _ in range(args.repeat))
    t_ftfy = min(timed(lambda: ftfy.fix_text(document.text)) for _ in range(args.repeat))
    print(f"input: {len(document.text)} chars, {len(document.text.split())} words; "
          f"{len(lexicon.terms)} terms (compiled/loaded in {compile_s:.3f}s)")
    print(f"correct, first run      {first:8.3f} s   correct/ftfy {first / t_ftfy:6.2f}")
    print(f"correct, best of {args.repeat}       {warm:8.3f} s   correct/ftfy {warm / t_ftfy:6.2f}")
    print(f"ftfy.fix_text, best of {args.repeat} {t_ftfy:8.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
