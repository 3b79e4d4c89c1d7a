"""Second-run driver: cleaning clean output must change nothing.

Composes random documents from the example documents (``raw/*.txt``), the earnings-21 calls'
lines (``../shared/eval/earnings21/raw``) and dictionary terms (``dictionaries/rocky-dennis.toml``
and one call's ``dictionary/*.txt``) with mishearings (small letters, capitals, camel case
split, words joined, a letter swapped, dropped or added, a possessive, a period inside a
name), periods with or without a capital after them, lines in capitals or small letters, and
with ``--marks`` quotes, apostrophes and glued words. Each is cleaned (``clean_document``),
the output cleaned again in the same lines, and the two clean texts compared; every
difference is printed as one JSON line (seed, dictionary, input, first output, what the
second run changed). Seeded: the same seeds give the same documents.

    PYTHONPATH=. python bench/second_run.py [--seeds 0:2000] [--marks] [--eval-dir ../shared/eval]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from pipeline.core import clean_document
from pipeline.dictionaries import load_lexicon
from pipeline.document import Source, replay_all
from pipeline.ingest import build_document, parse_txt
from pipeline.segment import clean_text

ROOT = Path(__file__).resolve().parent.parent
SUBS = [("ph", "f"), ("c", "k"), ("k", "c"), ("ee", "ea"), ("ie", "y"), ("s", "z"), ("o", "oe"), ("er", "ur"),
        ("a", "e"), ("i", "y"), ("th", "t"), ("ll", "l"), ("tt", "t"), ("v", "f")]


def doc_from_text(text: str):
    return build_document("test", Source("test.txt", "0" * 64, "txt", "utf-8"), parse_txt(text, Path("test.txt")))


def mishear(rng: random.Random, term: str) -> str:
    k = rng.randrange(12)
    if k == 0:
        return term.lower()
    if k == 1:
        return term.upper()
    if k == 2:
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", term).lower()
    if k == 3:
        return term.replace(" ", "").lower()
    if k == 4:
        for a, b in rng.sample(SUBS, len(SUBS)):
            if a in term.lower():
                i = term.lower().index(a)
                return term[:i] + b + term[i + len(a):]
        return term
    if k == 5:
        return term + "'s"
    if k == 6 and " " in term:
        words = term.split()
        i = rng.randrange(1, len(words))
        return " ".join(words[:i]) + ". " + " ".join(words[i:])
    if k == 7:
        return term + "s"
    if k == 8 and len(term) > 4:
        i = rng.randrange(len(term) - 1)
        return term[:i] + term[i + 1:]
    if k == 9:
        return " ".join(w.lower() if rng.random() < .5 else w for w in term.split())
    return term


def compose(rng: random.Random, lines: list[str], terms: list[str], marks: bool) -> str:
    terms = rng.sample(terms, min(len(terms), rng.randint(1, 4)))
    out = []
    for _ in range(rng.randint(1, 4)):
        words: list[str] = []
        for _ in range(rng.randint(1, 3)):
            words += rng.choice(lines).split()[:rng.randint(3, 14)]
        for _ in range(rng.randint(0, 5)):
            words.insert(rng.randint(0, len(words)), mishear(rng, rng.choice(terms)))
        for _ in range(rng.randint(0, 4)):  # a period, and maybe a capital after it
            i = rng.randrange(len(words))
            words[i] += "."
            if i + 1 < len(words) and rng.random() < .6:
                words[i + 1] = words[i + 1][:1].upper() + words[i + 1][1:]
        if marks:
            for _ in range(rng.randint(0, 4)):
                i = rng.randrange(len(words))
                w = words[i]
                words[i] = rng.choice(["“" + w, w + "”", "‘" + w, w + "’", w + "’s", w + "'s", '"' + w, w + ",", w + "."])
            for _ in range(rng.randint(0, 2)):
                i = rng.randrange(len(words) - 1) if len(words) > 1 else 0
                if i + 1 < len(words):
                    words[i:i + 2] = [words[i] + rng.choice([".", ",", "", "“", "”"]) + words[i + 1]]
        line = (" " * rng.choice([1, 1, 1, 2]) if marks else " ").join(words)
        r = rng.random()
        line = line.upper() if r < .15 else line.lower() if r < .3 else line
        out.append(line)
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="0:2000", help="first:end")
    parser.add_argument("--marks", action="store_true", help="quotes, apostrophes, glued words too")
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    e21 = args.eval_dir / "earnings21"
    lines = []
    for path in sorted((ROOT / "raw").glob("*.txt")) + sorted((e21 / "raw").glob("*.txt")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                  if 3 <= len(line.split()) <= 30]
    dictionaries = sorted((e21 / "dictionary").glob("*.txt"))
    lexicons: dict = {}
    first, end = (int(x) for x in args.seeds.split(":"))
    unstable = 0
    for seed in range(first, end):
        rng = random.Random(seed)
        dictionary = rng.choice(dictionaries)
        if dictionary not in lexicons:
            lexicons[dictionary] = load_lexicon([ROOT / "dictionaries" / "rocky-dennis.toml", dictionary], None)
        lexicon = lexicons[dictionary]
        text = compose(rng, lines, [t.canonical for t in lexicon.terms], args.marks)
        ingested = doc_from_text(text)
        once = clean_document(ingested, lexicon)
        assert replay_all(ingested.text, once.corrections) == once.text
        twice = clean_document(doc_from_text("\n".join(once.unit_text(u) for u in once.units)), lexicon)
        if clean_text(twice) != clean_text(once):
            unstable += 1
            print(json.dumps({"seed": seed, "dictionary": dictionary.name, "input": text, "once": once.text,
                              "second run": [[c.stage, c.rule, c.original, c.replacement] for c in twice.corrections]},
                             ensure_ascii=False), flush=True)
    print(f"{unstable} of {end - first} documents changed on a second run", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
