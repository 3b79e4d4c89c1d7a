"""Run every benchmark in bench/ (``make bench``), one after another, each in its own process.

A benchmark is a ``bench/*.py`` script with a ``main()`` function; this file and helper
modules without one are skipped. Each runs from the checkout's root with this Python; the
exit status is 1 if any benchmark failed (or missed a target it checks).

    python bench/run_all.py [NAME ...]     (default: every benchmark; NAME without .py)
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def benchmarks() -> list[Path]:
    return [p for p in sorted(BENCH.glob("*.py"))
            if p.name != Path(__file__).name and not p.name.startswith("_")
            and re.search(r"^def main\(", p.read_text(encoding="utf-8"), re.MULTILINE)]


def main(argv: list[str] | None = None) -> int:
    names = argv if argv is not None else sys.argv[1:]
    scripts = benchmarks()
    if names:
        scripts = [p for p in scripts if p.stem in names]
        missing = set(names) - {p.stem for p in scripts}
        if missing:
            print(f"no such benchmark: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    outcomes = []
    for script in scripts:
        print(f"\n=== {script.relative_to(REPO)} ===", flush=True)
        started = time.perf_counter()
        status = subprocess.call([sys.executable, str(script)], cwd=REPO, env=env)
        outcomes.append((script.name, status, time.perf_counter() - started))
    print("\n=== summary ===")
    for name, status, seconds in outcomes:
        print(f"{name:32} {'ok' if status == 0 else f'exit {status}':>8}  {seconds:6.0f} s")
    return 0 if all(status == 0 for _, status, _ in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
