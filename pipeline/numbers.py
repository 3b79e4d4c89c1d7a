"""How a number in a dictionary term is said, in words, as speech recognition writes it.

A term such as `GLP-1`, `COVID-19`, `Boeing 737` or `Phillips 66` is often heard with its
number in words: "glp one", "covid nineteen", "boeing seven thirty seven", "phillips sixty
six". :func:`spoken_forms` lists those forms of a term (as word tuples), so that the correct
stage finds them as exactly as the term itself.

A number of up to four digits is read the ways people say it: as a cardinal ("nineteen",
"sixty six", "one hundred fifty", "one hundred and fifty"), a number of three digits also in
two parts ("one fifty", "seven thirty seven", "one oh five"), and one of four digits also as
a year is said ("nineteen ninety nine", "twenty twenty four", "two thousand five", "nineteen
oh five"). Longer numbers and numbers with a leading zero are left as they are.

A word made of letters and digits is said as its letters and its numbers ("S24": "s twenty
four"). A Roman numeral of I, V and X at a name's end, after a word with a capital, is said as its
ordinal after "the" ("Henry VIII": "henry the eighth"), after two words also as its number
("World War II": "world war two"; "Henry eight times" is no king; "The King and I" has no
number). "Jr." and "Sr." are "junior" and "senior".
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


ORDINALS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
            "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split()
_ORDINAL_TENS = "_ _ twentieth thirtieth".split()
ORDINAL_WORDS = frozenset(ORDINALS) | frozenset(_ORDINAL_TENS[2:])
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")  # 1-39, written the usual way
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_SUFFIXES = {"jr": ("junior",), "sr": ("senior",)}
_LETTERS_AND_DIGITS = re.compile(r"[^\W\d_]+|[0-9]+")
_LETTERS_DOT_DIGITS = re.compile(r"[^\W\d_]+\.[0-9]+")  # a model's name: "ID.4"
DECIMAL = re.compile(r"([0-9]+)\.([0-9]{1,2})")  # a version: "3.1", "2.0", "3.11"


def _digit_by_digit(digits: str) -> list[tuple[str, ...]]:
    """The digits after a point, each said alone: "1" -> one; "0" -> oh or zero."""
    said = [("oh", "zero") if d == "0" else (ONES[int(d)],) for d in digits]
    return [tuple(words) for words in itertools.product(*said)]


def roman_value(token: str) -> int | None:
    """The value of a Roman numeral of I, V and X in capitals ("VIII": 8), else None."""
    if not token or _ROMAN.fullmatch(token) is None:
        return None
    values = [_ROMAN_VALUES[c] for c in token]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))


def generation(word: str) -> str | None:
    """The generation a name's last word tells: "junior" for "Jr" or "junior", "senior" for
    "Sr" or "senior", the number of a Roman numeral from II ("III": "3"); else None."""
    low = word.casefold().rstrip(".")
    for short, (said,) in _SUFFIXES.items():
        if low in (short, said):
            return said
    n = roman_value(word)
    return str(n) if n is not None and n >= 2 else None


def _ordinal(n: int) -> tuple[str, ...]:
    if n < 20:
        return (ORDINALS[n],)
    tens, ones = divmod(n, 10)
    return (_ORDINAL_TENS[tens],) if not ones else (TENS[tens], ORDINALS[ones])


def _said(token: str, position: int, count: int, before: str = "") -> list[tuple[str, ...]] | None:
    """How word ``position`` of a term of ``count`` words is said, or None where it is said
    as written (``before``: the word before it). [] for a word this module cannot say (the
    term then has no spoken forms)."""
    if token.isdigit():  # ("²" and "①" are digits too, which this module does not say)
        return readings(token)
    last = 0 < position == count - 1
    if last and token.casefold() in _SUFFIXES:
        return [_SUFFIXES[token.casefold()]]
    if last and before[:1].isupper() and (n := roman_value(token)) is not None:
        # a name's number: "Henry VIII", "World War II"; not after a word in small letters
        # ("The King and I": "the king and one of his men" is no title)
        # said as a number only after two words: "Henry eight times" is no Henry VIII
        return [("the",) + _ordinal(n)] + (readings(str(n)) if position >= 2 else [])
    if (m := DECIMAL.fullmatch(token)) is not None:  # "3.1": "three point one", "2.0": "two point oh"
        fractions = _digit_by_digit(m[2]) + (readings(m[2])[:1] if m[2][0] != "0" and len(m[2]) == 2 else [])
        return [whole + ("point",) + fraction for whole in readings(m[1])[:1] for fraction in fractions]
        # ("3.11": "three point one one" or "three point eleven")
    parts = _LETTERS_AND_DIGITS.findall(token)
    if len(parts) > 1 and any(p.isdigit() for p in parts) and (
            "".join(parts) == token or _LETTERS_DOT_DIGITS.fullmatch(token)):  # "S24", "5G", "ID.4"
        spelled: list[list[tuple[str, ...]]] = []
        for part in parts:
            said = readings(part) if part.isdigit() else [(part.casefold(),)] + (
                [tuple(part.casefold())] if "." in token and 1 < len(part) <= 3 and part.isupper() else [])
            # (a model's letters before a point are said one by one too: "ID.4", "i d four")
            if not said:
                return []
            spelled.append(said)
        return [tuple(w for p in combination for w in p) for combination in itertools.product(*spelled)]
    return None


def spoken_forms(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The term's words (casefolded) with each number of it said in words: ("GLP", "1") ->
    [("glp", "one")]; ("Henry", "VIII") -> [("henry", "the", "eighth"), ("henry", "eight")].
    Only for a term that also has a word which is no number word (a name of numbers alone,
    "7-Eleven", is not found this way: "seven eleven" is a time)."""
    choices = []
    for k, token in enumerate(tokens):
        said = _said(token, k, len(tokens), tokens[k - 1] if k else "")
        if said is None:
            choices.append([(token.casefold(),)])
        elif not said:
            return []
        else:
            choices.append(said)
    if all(len(c) == 1 and len(c[0]) == 1 for c in choices) and \
            all(c[0][0] == t.casefold() for c, t in zip(choices, tokens)):
        return []  # nothing said otherwise
    if not any(not t.isdigit() and not DECIMAL.fullmatch(t) and t.casefold() not in NUMBER_WORDS for t in tokens):
        return []
    forms = []
    for combination in itertools.islice(itertools.product(*choices), MAX_FORMS):
        forms.append(tuple(word for part in combination for word in part))
    return forms
