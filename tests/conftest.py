"""Shared fixtures: the repository's folders and small documents built in memory."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from pipeline.dictionaries import Lexicon
from pipeline.document import Source
from pipeline.ingest import build_document, parse_txt

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
SHARED = ROOT.parent / "shared"

# `make test` (and so CI) runs the property tests on a fixed sequence of examples
# (HYPOTHESIS_PROFILE=ci): a counterexample that a random draw happens upon would turn an
# unrelated change red. `pytest` alone draws new examples each time, which is how they find
# new counterexamples (each found one stays as an @example).
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def load_cases(folder: str) -> list:
    """Every case of ``tests/cases/<folder>/*.json`` as pytest params; ``expect: fail``
    cases run as strict xfail, so a fix is noticed."""
    params = []
    for path in sorted((CASES / folder).glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            marks = [pytest.mark.xfail(strict=True, reason=case.get("comment", "known failure"))] \
                if case.get("expect") == "fail" else []
            params.append(pytest.param(case, id=f"{path.stem}:{case['label']}", marks=marks))
    return params


def doc_from_text(text: str, doc_id: str = "test"):
    """A document from plain text, as the .txt reader would make it."""
    return build_document(doc_id, Source("test.txt", "0" * 64, "txt", "utf-8"), parse_txt(text, Path("test.txt")))


@pytest.fixture
def empty_lexicon():
    return Lexicon()


def growth(work, small, big, repeat: int = 2) -> float:
    """How many times longer ``work(big)`` takes than ``work(small)``, each the best of
    ``repeat`` tries: a check that work grows in proportion to its input, not its square,
    that does not depend on how fast or busy the machine is (both are timed in the same
    moment; the best of the tries drops a stall of the other processes)."""
    import time

    def best(arg) -> float:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            work(arg)
            times.append(time.perf_counter() - started)
        return min(times)

    return best(big) / max(best(small), 1e-4)
