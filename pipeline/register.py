"""Register: how much a sentence sounds like someone speaking rather than the narrator.

A small, explainable scoring model. Each feature of ``data/register.json`` adds its weight
per match (up to a cap) to a sentence's score (a word feature with ``unless_words`` does not
count in a sentence that has one of them: present tense only without a past form): first and second person, questions and short
answers, disfluencies ("um", "uh"), interjections, vocatives ("…, Mr. Sims."), spoken
grammar ("he seen", "real normal", "what they said was"), greetings; and, with negative
weights, the narrator's marks: long sentences, written connectives, years, names the
document keeps repeating, and the narrator's frames ("subscribe", "this episode").

:func:`score` returns the total and the features that fired, so a reviewer can see *why* a
sentence was called speech (the ``evidence`` field of a segment).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

# a capitalized first and last name that does not start the sentence (nor follow a title:
# "Mr. Sims" is how a speaker addresses someone)
FULL_NAME = regex.compile(r"(?<=[\p{Ll},;]\s)(?<!(?:Mr|Mrs|Ms|Dr)\.\s)\p{Lu}\p{Ll}+\s\p{Lu}\p{Ll}+(?!\p{L})")
WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*|'cause")


@dataclass(frozen=True)
class RegisterModel:
    word_features: tuple  # (name, weight, cap, frozenset(words), frozenset(unless_words))
    pattern_features: tuple  # (name, weight, cap, any-pattern test, (compiled patterns))
    length: dict
    frequent_name: dict
    second_person_generic: dict
    full_name: dict


@lru_cache(maxsize=1)
def load_model() -> RegisterModel:
    """The register model from the package data ``data/register.json``."""
    raw = json.loads(resources.files("pipeline").joinpath("data/register.json").read_text(encoding="utf-8"))
    words = tuple(
        (name, float(f["weight"]), float(f["cap"]), frozenset(f["words"]), frozenset(f.get("unless_words", ())))
        for name, f in raw["word_features"].items()
    )
    # each pattern counts its own matches; the alternation of a feature's patterns is only a
    # quick test of whether any of them matches at all
    patterns = tuple(
        (name, float(f["weight"]), float(f["cap"]),
         regex.compile("|".join(f"(?:{p})" for p in f["patterns"])),
         tuple(regex.compile(p) for p in f["patterns"]))
        for name, f in raw["pattern_features"].items()
    )
    return RegisterModel(words, patterns, raw["length"], raw["frequent_name"], raw["second_person_generic"], raw["full_name"])


def words_of(text: str) -> list[str]:
    """The lowercased words of ``text`` (apostrophes as ``'``)."""
    return [w.lower() for w in WORD.findall(text.replace("’", "'").replace("‘", "'"))]


def _capped(weight: float, cap: float, count: int) -> float:
    total = weight * count
    return max(total, cap) if weight < 0 else min(total, cap)


def score(text: str, frequent_names: frozenset[str] = frozenset(),
          model: RegisterModel | None = None) -> tuple[float, dict[str, float]]:
    """The spoken-register score of one sentence and the contribution of each feature.

    ``frequent_names`` are the names the document mentions often (lowercased): the
    narrator names the people of the story, a clip mostly says "he" and "they".
    """
    model = model or load_model()
    words = words_of(text)
    lowered = " ".join(text.replace("’", "'").replace("‘", "'").lower().split())
    evidence: dict[str, float] = {}
    present = set(words)
    for name, weight, cap, vocabulary, unless in model.word_features:
        if unless and not unless.isdisjoint(present):
            continue
        count = sum(1 for w in words if w in vocabulary)
        if count:
            evidence[name] = _capped(weight, cap, count)
    for name, weight, cap, any_pattern, patterns in model.pattern_features:
        if not any_pattern.search(lowered):
            continue
        count = sum(len(p.findall(lowered)) for p in patterns)
        if count:
            evidence[name] = _capped(weight, cap, count)
    n = len(words)
    generic = model.second_person_generic
    if ("second_person" in evidence and "first_person_singular" not in evidence
            and "first_person_plural" not in evidence and n >= generic["long_words"]):
        evidence["second_person"] = round(evidence["second_person"] * generic["factor"], 4)
    length = model.length
    if 0 < n <= length["short_words"]:
        evidence["short"] = length["short_weight"]
    if n > length["long_words"]:
        evidence["long"] = length["long_weight"] + (length["very_long_weight"] if n > length["very_long_words"] else 0.0)
    full = len(FULL_NAME.findall(text))
    if full:
        fn = model.full_name
        evidence["full_name"] = _capped(fn["weight"], fn["cap"], full)
    if frequent_names:
        original = WORD.findall(text.replace("’", "'"))
        count = sum(1 for w in original if w[:1].isupper() and w.lower().removesuffix("'s") in frequent_names)
        if count:
            fn = model.frequent_name
            evidence["frequent_name"] = _capped(fn["weight"], fn["cap"], count)
    return round(sum(evidence.values()), 4), evidence
