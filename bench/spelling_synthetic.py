"""Precision and recall of the spelling stage on synthetic slips in real English text.

Takes human-written text (default: the Earnings-21 reference transcripts), puts one slip into
a seeded random sample of common lower-case words (a letter dropped, doubled, changed, or two
letters swapped, only where the result is not an English word) and runs some closed-class
words into the next word; then runs the stage and counts each change as a right fix, a wrong
fix of a slip, or damage to a word that had no slip.

    PYTHONPATH=. python bench/spelling_synthetic.py [--rate 0.02] [--seed 1] [FILE ...]
"""
from __future__ import annotations

import argparse
import random
import string
from pathlib import Path

import regex

from pipeline.dictionaries import Lexicon
from pipeline.document import Source
from pipeline.ingest import build_document, parse_txt
from pipeline.normalize import normalize
from pipeline.spelling import is_known, resources, spelling

WORD = regex.compile(r"(?<![\w'’-])[a-z]{4,}(?![\w'’-])")


def slip(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "change", "swap"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "change":
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def corrupt(text: str, rng: random.Random, rate: float):
    """The text with slips, and {offset in new text: (slip, original)}."""
    res = resources()
    out, truth, pos = [], {}, 0
    joiners = {"off", "even", "every", "some", "any", "no", "all"}
    for m in regex.finditer(r"\S+|\s+", text):
        piece = m.group()
        new = piece
        if WORD.fullmatch(piece) and rng.random() < rate and res.zipf(piece) >= 3.5 and piece in res.cmu:
            for _ in range(5):
                candidate = slip(piece, rng)
                if not is_known(candidate):
                    new = candidate
                    break
        out.append(new)
        if new != piece:
            truth[pos] = (new, piece)
        pos += len(new)
    joined = "".join(out)
    # run a closed-class word into the next word
    result, truth2, shift, last = [], {}, 0, 0
    for m in regex.finditer(r"(?<![\w'’-])(\w+) ([a-z]{4,})(?![\w'’-])", joined):
        if m.group(1) in joiners and rng.random() < rate * 5 and not is_known(m.group(1) + m.group(2)) \
                and not any(m.start() <= p < m.end() for p in truth):
            result.append(joined[last:m.start()])
            truth2[m.start() - shift] = (m.group(1) + m.group(2), m.group(1) + " " + m.group(2))
            result.append(m.group(1) + m.group(2))
            last = m.end()
            shift += 1
    result.append(joined[last:])
    final = "".join(result)
    # re-map slip offsets after the joins
    moved = {}
    for p, v in truth.items():
        before = sum(1 for q in truth2 if q + 0 < p - 0) if truth2 else 0
        moved[p - sum(1 for q, (j, o) in truth2.items() if q < p - before)] = v
    moved.update(truth2)
    return final, {p: v for p, v in moved.items() if final[p:p + len(v[0])] == v[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rate", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = args.files or sorted(Path("/work/shared/eval/earnings21/reference").glob("*.txt"))
    rng = random.Random(args.seed)
    right = wrong = damage = slips = joins = 0
    examples = []
    by_rule: dict[str, int] = {}
    for path in files:
        text, truth = corrupt(path.read_text(encoding="utf-8"), rng, args.rate)
        slips += len(truth)
        joins += sum(1 for s, o in truth.values() if " " in o)
        document = normalize(build_document(path.stem, Source(str(path), "", "txt", "utf-8"),
                                            parse_txt(text, path)))
        result = spelling(document, Lexicon())
        for c in result.corrections:
            if c.stage != "spelling":
                continue
            by_rule[c.rule] = by_rule.get(c.rule, 0) + 1
            # offsets of normalize's input and the spelling input differ only by spacing fixes
            original = next((o for p, (s, o) in truth.items() if s == c.original), None)
            if original is None:
                damage += 1
                examples.append(("DAMAGE", c.original, c.replacement))
            elif original == c.replacement:
                right += 1
            else:
                wrong += 1
                examples.append(("WRONG", c.original, c.replacement, original))
    print(f"files {len(files)}  slips {slips}  right fixes {right}  wrong fixes {wrong}  "
          f"damage to clean words {damage}")
    print(f"of the slips, words run together: {joins};  changes by rule: {by_rule}")
    if right + wrong + damage:
        print(f"precision {right / (right + wrong + damage):.3f}  recall {right / max(slips, 1):.3f}")
    for e in examples:
        print("  ", *e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
