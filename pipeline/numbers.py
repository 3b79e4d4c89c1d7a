"""How a number in a dictionary term is said, in words, as speech recognition writes it.

A term such as `GLP-1`, `COVID-19`, `Boeing 737` or `Phillips 66` is often heard with its
number in words: "glp one", "covid nineteen", "boeing seven thirty seven", "phillips sixty
six". :func:`spoken_forms` lists those forms of a term (as word tuples), so that the correct
stage finds them as exactly as the term itself.

A number of up to four digits is read the ways people say it: as a cardinal ("nineteen",
"sixty six", "one hundred fifty", "one hundred and fifty"), a number of three digits also in
two parts ("one fifty", "seven thirty seven", "one oh five"), and one of four digits also as
a year is said ("nineteen ninety nine", "twenty twenty four", "two thousand five", "nineteen
oh five"). Longer numbers, numbers with a leading zero and words made of letters and digits
("5G", "H1N1") are left as they are.
"""

from __future__ import annotations

import itertools
import re

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = frozenset(ONES) | frozenset(TENS[2:]) | {"hundred", "thousand", "and", "oh"}
_NUMBER = re.compile(r"[0-9]+")  # ASCII digits only: str.isdigit() also takes "²" and "①"
MAX_FORMS = 24  # of one term: a term with several numbers has the product of their readings


def _below_100(n: int) -> tuple[str, ...]:
    if n < 20:
        return (ONES[n],)
    tens, ones = divmod(n, 10)
    return (TENS[tens],) if not ones else (TENS[tens], ONES[ones])


def _pair(n: int) -> tuple[str, ...]:
    """Two digits said as a part of a longer number: "05" is "oh five", "50" "fifty"."""
    return ("oh", ONES[n]) if n < 10 else _below_100(n)


def _below_1000(n: int) -> list[tuple[str, ...]]:
    if n < 100:
        return [_below_100(n)]
    hundreds, rest = divmod(n, 100)
    head = (ONES[hundreds], "hundred")
    if not rest:
        return [head]
    return [head + _below_100(rest), head + ("and",) + _below_100(rest), (ONES[hundreds],) + _pair(rest)]


def readings(digits: str) -> list[tuple[str, ...]]:
    """The ways a number written with ``digits`` is said, most usual first; [] for one this
    module does not read (more than four digits, a leading zero)."""
    if not _NUMBER.fullmatch(digits) or len(digits) > 4 or (len(digits) > 1 and digits[0] == "0"):
        return []
    n = int(digits)
    if n < 1000:
        return _below_1000(n)
    thousands, rest = divmod(n, 1000)
    head = (ONES[thousands], "thousand")
    forms = [head] if not rest else [head + r for r in _below_1000(rest)[:2]]  # not "... nine oh five"
    if rest and rest < 100:
        forms.append(head + ("and",) + _below_100(rest))
    high, low = divmod(n, 100)
    if low and (high % 10 or low >= 10):  # "nineteen ninety nine", "twenty twenty four", "nineteen oh five"
        forms.insert(0, _below_100(high) + _pair(low))
    elif high % 10 and not low:  # "nineteen hundred"
        forms.append(_below_100(high) + ("hundred",))
    return forms


def spoken_forms(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The term's words (casefolded) with each number of it said in words: ("GLP", "1") ->
    [("glp", "one")]. Only for a term that also has a word which is no number word (a name
    of numbers alone, "7-Eleven", is not found this way: "seven eleven" is a time)."""
    if not any(_NUMBER.fullmatch(t) for t in tokens):
        return []
    choices = []
    for token in tokens:
        if token.isdigit():  # ("²" and "①" are digits too, which this module does not say: no forms)
            said = readings(token)
            if not said:
                return []
            choices.append(said)
        else:
            choices.append([(token.casefold(),)])
    if not any(not t.isdigit() and t.casefold() not in NUMBER_WORDS for t in tokens):
        return []
    forms = []
    for combination in itertools.islice(itertools.product(*choices), MAX_FORMS):
        forms.append(tuple(word for part in combination for word in part))
    return forms
