"""Speed of the spelling stage relative to ftfy on the same text, in one run.

The reference is ``ftfy.fix_text`` over the document text (the kind of whole-text pass the
repair stage makes); the word lists are loaded before timing, and their one-time load is
reported apart. Prints the ratio spelling/ftfy (lower is faster) for each input and in all.

    PYTHONPATH=. python bench/spelling_speed.py [FILE ...]   (default: raw/*.txt and the
                                                              Earnings-21 raw calls)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import ftfy

from pipeline.dictionaries import Lexicon
from pipeline.ingest import ingest
from pipeline.normalize import normalize
from pipeline.repair import repair
from pipeline.spelling import resources, spelling


def best_of(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(Path("raw").glob("*.txt")) + sorted(
        Path("/work/shared/eval/earnings21/raw").glob("*.txt"))
    started = time.perf_counter()
    resources()
    print(f"word lists loaded once in {1000 * (time.perf_counter() - started):.0f} ms")
    lexicon = Lexicon()
    total_spelling = total_ftfy = 0.0
    chars = 0
    for path in paths:
        document = normalize(repair(ingest(path, path.stem)))
        spelling(document, lexicon)  # warm the per-word caches as a real run would
        t_spelling = best_of(lambda: spelling(document, lexicon))
        t_ftfy = best_of(lambda: ftfy.fix_text(document.text))
        total_spelling += t_spelling
        total_ftfy += t_ftfy
        chars += len(document.text)
        print(f"{path.name:32} {len(document.text):>8} chars  spelling {1000 * t_spelling:7.1f} ms"
              f"  ftfy {1000 * t_ftfy:7.1f} ms  ratio {t_spelling / t_ftfy:5.2f}")
    print(f"all {len(paths)} files, {chars} chars: spelling {1000 * total_spelling:.1f} ms, "
          f"ftfy {1000 * total_ftfy:.1f} ms, ratio spelling/ftfy {total_spelling / total_ftfy:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
