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
    pattern_features: tuple  # (name, weight, cap, ((compiled pattern, required_literal(pattern)), ...))
    length: dict
    frequent_name: dict
    second_person_generic: dict
    full_name: dict
    gates: "PatternGates"  # which patterns can match a sentence (built from pattern_features)


_LEADING_NON_WORD = regex.compile(r"\W*")


@dataclass(frozen=True)
class PatternGates:
    """Which of the model's patterns can match a sentence, told by substring tests instead
    of a search per pattern (most patterns match few sentences).

    A pattern with a required literal (:func:`required_literal`) can only match a sentence
    that contains one of its literals; one anchored at the start as ``^\\W*(?:a|b|…)``
    (:func:`required_start`) only one whose words, after its leading non-word characters,
    start with one of its alternatives; any other pattern is run on every sentence. Each
    literal is tested once per sentence and names the patterns it lets run: a loop over all
    the patterns, each with its own tests, cost more than the searches it saved."""

    patterns: tuple  # (feature index, compiled pattern), in the model's order
    always: tuple[int, ...]  # the patterns run on every sentence
    literals: tuple[str, ...]  # every required literal, once
    by_literal: dict  # literal -> the patterns that need it (or another of their literals)
    starts: tuple[str, ...]  # every required start, once
    by_start: tuple  # (required starts, pattern) of the patterns anchored at the start

    @classmethod
    def build(cls, pattern_features: tuple) -> "PatternGates":
        """The gates of ``RegisterModel.pattern_features``."""
        patterns, always, by_literal, by_start = [], [], {}, []
        for f, (_name, _weight, _cap, compiled) in enumerate(pattern_features):
            for pattern, needs in compiled:
                k = len(patterns)
                patterns.append((f, pattern))
                if needs is not None:
                    for literal in needs:
                        by_literal.setdefault(literal, []).append(k)
                    continue
                starts = required_start(pattern.pattern)
                if starts is not None:
                    by_start.append((starts, k))
                else:
                    always.append(k)
        return cls(tuple(patterns), tuple(always), tuple(by_literal),
                   {literal: tuple(ks) for literal, ks in by_literal.items()},
                   tuple(dict.fromkeys(s for starts, _ in by_start for s in starts)), tuple(by_start))

    def counts(self, lowered: str) -> dict[int, int]:
        """How often each feature's patterns match ``lowered`` (feature index -> the sum of
        ``len(pattern.findall(lowered))`` over its patterns; features without a match left
        out), searching with only the patterns that can match."""
        run = set(self.always)
        by_literal = self.by_literal
        for literal in self.literals:
            if literal in lowered:
                run.update(by_literal[literal])
        if self.by_start:
            at = _LEADING_NON_WORD.match(lowered).end()
            if lowered.startswith(self.starts, at):
                run.update(k for starts, k in self.by_start if lowered.startswith(starts, at))
        counts: dict[int, int] = {}
        patterns = self.patterns
        for k in run:
            f, pattern = patterns[k]
            n = len(pattern.findall(lowered))
            if n:
                counts[f] = counts.get(f, 0) + n
        return counts


@lru_cache(maxsize=1)
def load_model() -> RegisterModel:
    """The register model from the package data ``data/register.json``."""
    raw = json.loads(resources.files("pipeline").joinpath("data/register.json").read_text(encoding="utf-8"))
    words = tuple(
        (name, float(f["weight"]), float(f["cap"]), frozenset(f["words"]), frozenset(f.get("unless_words", ())))
        for name, f in raw["word_features"].items()
    )
    # each pattern counts its own matches; a pattern with a required literal (a word it
    # cannot match without, see required_literal) is only run on a sentence that contains
    # it, one anchored at the start (see required_start) only on a sentence that starts so
    # (most sentences do not: a substring test is much cheaper than a search; PatternGates)
    patterns = tuple(
        (name, float(f["weight"]), float(f["cap"]),
         tuple((regex.compile(p), required_literal(p)) for p in f["patterns"]))
        for name, f in raw["pattern_features"].items()
    )
    return RegisterModel(words, patterns, raw["length"], raw["frequent_name"], raw["second_person_generic"],
                         raw["full_name"], PatternGates.build(patterns))


_META = frozenset(".^$*+?{}[]\\|()")
_QUANTIFIERS = frozenset("?*+{")
MAX_TESTED_ALTERNATIVES = 8  # more substring tests than this cost more than the search (each string is
# tested once per sentence for all the patterns that need it; a search of a sentence costs some 5 µs)
_FLAGS = regex.compile(r"\(\?(?!P[<=>])[a-zA-Z-]")  # inline flags: (?i) (?x) (?-i:...)


def _literal_alternatives(body: str) -> tuple[str, ...] | None:
    """The alternatives of a group's ``body`` when each is plain text, else None."""
    out, text, i = [], "", 0
    while i < len(body):
        ch = body[i]
        if ch == "|":
            out.append(text)
            text = ""
        elif ch == "\\" and i + 1 < len(body) and not body[i + 1].isalnum():
            text += body[i + 1]  # an escaped mark: \? \. \-
            i += 1
        elif ch in _META:
            return None
        else:
            text += ch
        i += 1
    out.append(text)
    return tuple(out)


def required_literal(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (a cheap test before the
    search), or None. Read from the top level of a pattern without top-level alternation
    or inline flags (nor fuzzy matching): a run of plain characters (a quantified last one
    left out), a non-capturing group ``(?:a|b|c)`` of plain alternatives that is not
    quantified, or such runs and groups one right after the other, each way of reading
    them one string ("(?:was|is) ": "was " or "is "; at most MAX_TESTED_ALTERNATIVES).
    Of these, a selective one (every string three characters or more) with the fewest
    strings, the longest where that ties; else the one whose shortest string is longest.
    Patterns anchored with ``^`` get None: they are cheap already."""
    if _FLAGS.search(pattern) or pattern.startswith("^"):
        return None  # (a pattern anchored at the start is tried at one place: cheap already)
    options: list[tuple[str, ...]] = []
    run = ""  # the run of plain characters read so far
    stretch: tuple[str, ...] = ("",)  # the ways of reading the runs and plain groups read so far

    def then(pieces: tuple[str, ...]) -> None:  # the stretch goes on with one of ``pieces``
        nonlocal stretch
        longer = tuple(s + p for s in stretch for p in pieces)
        if len(longer) <= MAX_TESTED_ALTERNATIVES:
            stretch = longer
        else:  # (too many ways: a new stretch starts with the pieces)
            options.append(stretch)
            stretch = pieces

    def plain(ch: str) -> None:
        nonlocal run
        run += ch
        then((ch,))

    def run_ends() -> None:
        nonlocal run
        options.append((run,))
        run = ""

    def stretch_ends() -> None:  # something not plain
        nonlocal stretch
        run_ends()
        options.append(stretch)
        stretch = ("",)

    depth, group_start, i, n = 0, 0, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        quantified = i + 1 < n and pattern[i + 1] in _QUANTIFIERS
        if depth == 0 and ch == "\\" and i + 1 < n and not pattern[i + 1].isalnum():
            ch, i = pattern[i + 1], i + 1  # an escaped mark is a plain character
            quantified = i + 1 < n and pattern[i + 1] in _QUANTIFIERS
            if quantified:
                stretch_ends()
            else:
                plain(ch)
        elif depth == 0 and ch not in _META:
            if quantified:
                stretch_ends()
            else:
                plain(ch)
        else:
            if depth == 0 and ch == "(":
                run_ends()  # (the stretch goes on past a plain group: see ")")
            elif depth == 0 and ch != ")":
                stretch_ends()
            if ch == "\\":
                i += 1
                if i < n and pattern[i] in "pPN" and pattern[i + 1:i + 2] == "{":
                    i = pattern.find("}", i) if "}" in pattern[i:] else n  # \p{L}
            elif ch == "{":  # a repeat count {m,n}
                i = pattern.find("}", i) if "}" in pattern[i:] else n
            elif ch == "[":  # a class: to its closing bracket (a leading ] or ^] is literal)
                i += 1
                if i < n and pattern[i] == "^":
                    i += 1
                if i < n and pattern[i] == "]":
                    i += 1
                while i < n and pattern[i] != "]":
                    i += 2 if pattern[i] == "\\" else 1
            elif ch == "(":
                if depth == 0:
                    group_start = i
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    alternatives = None
                    if not quantified and pattern.startswith("(?:", group_start):
                        alternatives = _literal_alternatives(pattern[group_start + 3:i])
                    if alternatives:
                        options.append(alternatives)
                        then(alternatives)
                    else:
                        stretch_ends()  # (a group of another kind, quantified or not plain)
            elif ch == "|" and depth == 0:
                return None
        i += 1
    stretch_ends()
    tested = [o for o in options if len(o) <= MAX_TESTED_ALTERNATIVES and min(map(len, o)) > 0]
    selective = [o for o in tested if min(map(len, o)) >= 3]
    if selective:
        return max(selective, key=lambda o: (-len(o), min(map(len, o))))
    return max(tested, key=lambda o: (min(map(len, o)), -len(o))) if tested else None


def required_start(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which the text of every match of ``pattern`` starts with after its
    leading non-word characters (``\\W*``), or None. Read from a pattern without inline
    flags that starts with ``^\\W*`` and then a non-capturing group ``(?:a|b|c)`` of plain
    alternatives that is not quantified, or a run of plain characters (a quantified last one
    left out); each alternative without its own leading non-word characters (``'cause``:
    ``cause``). Sound because ``\\W*`` can only give back non-word characters: an
    alternative starts within the leading run of them, and its first word character is the
    run's end."""
    if _FLAGS.search(pattern) or not pattern.startswith("^\\W*"):
        return None
    rest = pattern[len("^\\W*"):]
    if rest.startswith("(?:"):
        depth, i = 0, 0
        while i < len(rest):
            ch = rest[i]
            if ch == "\\":
                i += 1
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        if i >= len(rest) or rest[i + 1:i + 2] in _QUANTIFIERS:
            return None  # unclosed, or quantified
        options = _literal_alternatives(rest[3:i])
    else:
        run, i = "", 0
        while i < len(rest) and (rest[i] not in _META or rest[i] == "\\" and i + 1 < len(rest)
                                 and not rest[i + 1].isalnum()):
            if rest[i] == "\\":
                i += 1
            if i + 1 < len(rest) and rest[i + 1] in _QUANTIFIERS:
                break  # (a quantified character may be absent)
            run += rest[i]
            i += 1
        options = (run,)
    if not options:
        return None
    starts = tuple(_LEADING_NON_WORD.sub("", o, count=1) for o in options)
    return starts if all(starts) else None


_AROUND_WORDS = ".,?!;:\"()"  # marks that are no part of a word, often beside one ("said,", "(1985)")


def written_words(text: str) -> list[str]:
    """``WORD.findall(text)``, read faster. No word holds white space, so the words of the
    text are those of its white-space-delimited chunks, each read on its own (``WORD`` looks
    at nothing around a word); and most chunks are one word of plain ASCII letters and digits,
    perhaps with marks around it that are no part of a word: such a word is taken as it is,
    only the other chunks are searched ("it's", "'cause", "U.S."). Half the time of the search."""
    words: list[str] = []
    for chunk in text.split():
        core = chunk.strip(_AROUND_WORDS)
        if core.isascii() and core.isalnum():
            words.append(core)
        else:
            words.extend(WORD.findall(chunk))
    return words


def words_of(text: str) -> list[str]:
    """The lowercased words of ``text`` (apostrophes as ``'``)."""
    return [w.lower() for w in written_words(text.replace("’", "'").replace("‘", "'"))]


def _capped(weight: float, cap: float, count: int) -> float:
    total = weight * count
    return max(total, cap) if weight < 0 else min(total, cap)


_NOUN_BEFORE = frozenset("the a an every each".split())  # determiners never before the pronoun
_DEMONSTRATIVES = frozenset("this that these those".split())
_PREPOSITIONS = frozenset(
    "in on at of from to into near by for with about inside under below above beside behind outside through "
    "across beyond within toward towards around".split())


def _mine_as_noun(plain: str) -> int:
    """How many times "mine" is a noun, not the pronoun: right after an article or a
    determiner that never comes before the pronoun ("the mine", "a mine", "every mine"), a
    demonstrative that opens the sentence or follows a preposition ("This mine employed …",
    "in that mine"), or a capitalized name's word inside the sentence ("the Harlan Creek
    mine"). A demonstrative elsewhere is a pronoun or a conjunction ("Is this mine?", "I
    think that mine works"), and a word with punctuation between is none ("No, mine is
    bigger.", "Yes John, mine is")."""
    tokens = list(WORD.finditer(plain))
    nouns = 0
    for k, t in enumerate(tokens):
        if not k or t.group().lower() != "mine" or plain[tokens[k - 1].end():t.start()].strip():
            continue
        before = tokens[k - 1].group()
        low = before.lower()
        if low in _NOUN_BEFORE:
            nouns += 1
        elif low in _DEMONSTRATIVES:
            gap = plain[tokens[k - 2].end():tokens[k - 1].start()] if k > 1 else ""
            nouns += k == 1 or any(ch in gap for ch in ".!?;:") \
                or not gap.strip() and tokens[k - 2].group().lower() in _PREPOSITIONS
        elif k > 1 and before[:1].isupper() and before != "I" \
                and not any(ch in plain[tokens[k - 2].end():tokens[k - 1].start()] for ch in ".!?;:"):
            nouns += 1
    return nouns


def score(text: str, frequent_names: frozenset[str] = frozenset(),
          model: RegisterModel | None = None) -> tuple[float, dict[str, float]]:
    """The spoken-register score of one sentence and the contribution of each feature.

    ``frequent_names`` are the names the document mentions often (lowercased): the
    narrator names the people of the story, a clip mostly says "he" and "they".
    """
    model = model or load_model()
    plain = text.replace("’", "'").replace("‘", "'")
    written = written_words(plain)
    words = [w.lower() for w in written]  # words_of(text)
    lowered = " ".join(plain.lower().split())
    evidence: dict[str, float] = {}
    present = set(words)
    for name, weight, cap, vocabulary, unless in model.word_features:
        if unless and not unless.isdisjoint(present):
            continue
        if vocabulary.isdisjoint(present):
            continue
        count = sum(map(vocabulary.__contains__, words))
        if "mine" in vocabulary and "mine" in present:
            count -= _mine_as_noun(plain)
            if not count:
                continue
        evidence[name] = _capped(weight, cap, count)
    # (each pattern is run only where it can match: see PatternGates)
    counts = model.gates.counts(lowered)
    for f in sorted(counts):  # (in the model's order, as the evidence lists them)
        name, weight, cap, _patterns = model.pattern_features[f]
        evidence[name] = _capped(weight, cap, counts[f])
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
        # the words as written, with ’ read as ' (without ‘ in the text: ``written``)
        original = written if "‘" not in text else WORD.findall(text.replace("’", "'"))
        count = sum(1 for w in original if w[:1].isupper() and w.lower().removesuffix("'s") in frequent_names)
        if count:
            fn = model.frequent_name
            evidence["frequent_name"] = _capped(fn["weight"], fn["cap"], count)
    return round(sum(evidence.values()), 4), evidence


def memo_score(frequent_names: frozenset[str] = frozenset()):
    """:func:`score` with ``frequent_names`` fixed, remembering each distinct text's result:
    a document repeats many of its sentences ("Yeah.", "Okay.", a show's recurring lines), and
    a score depends on nothing but the text. Each call returns its own evidence dict (the
    caller may add to it)."""
    memo: dict[str, tuple[float, dict[str, float]]] = {}

    def scored(text: str) -> tuple[float, dict[str, float]]:
        hit = memo.get(text)
        if hit is None:
            hit = memo[text] = score(text, frequent_names)
        return hit[0], dict(hit[1])

    return scored
