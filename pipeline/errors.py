"""Errors the pipeline reports to its users: one line, naming the file (and line or cue)."""
from __future__ import annotations

import re


class PipelineError(Exception):
    """A problem with an input that the user can fix. ``str()`` is the one-line message."""

    code = "E000"

    def __init__(self, path, message: str, line: int | None = None, cue: int | None = None):
        self.path = str(path)
        self.line = line
        self.cue = cue
        self.message = message
        super().__init__(self.describe())

    def describe(self) -> str:
        where = one_line(self.path)
        if self.line is not None:
            where += f":{self.line}"
        if self.cue is not None:
            where += f" (cue {self.cue})"
        return f"{where}: {self.message}"


_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def unprintable(name: str) -> bool:
    """Whether ``name`` holds a byte that is not UTF-8, a control character or a line
    separator (not a no-break space, an ideographic space or a zero-width joiner)."""
    return _BREAKING.search(name) is not None


def one_line(name: str) -> str:
    """A file name as it is shown in a line for the user: a byte that is not UTF-8 (kept as
    a surrogate) and a control character or line separator escaped (``caf\\xe9.txt``,
    ``two\\nlines.txt``), so that every message stays one line."""
    return _BREAKING.sub(_escape, name) if _BREAKING.search(name) else name


def _escape(m: re.Match) -> str:
    c = m.group()
    if "\udc80" <= c <= "\udcff":  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{ord(c) - 0xDC00:02x}"
    return c.encode("unicode_escape").decode("ascii")


def system_error(exc: OSError) -> str:
    """An OSError as one line for a user: the file it names, if any, and the system's reason
    ("clean/doc/v0003: Permission denied", "No space left on device")."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


class InputError(PipelineError):
    """A transcript that cannot be read: binary, broken structure, unknown format."""

    code = "E100"


class DictionaryError(PipelineError):
    """A dictionary, decisions file or settings file that cannot be read."""

    code = "E200"


class ConfigError(PipelineError):
    """A settings file (``transcripts.toml``) that cannot be read."""

    code = "E300"


def toml_error_line(exc: Exception, text: str) -> int | None:
    """The line a TOML parse error names ("... (at line 3, column 7)"); for an error "at end of
    document" (a table or list left open), the last line that has text."""
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return lineno
    m = re.search(r"line (\d+)", str(exc))
    if m:
        return int(m.group(1))
    if "end of document" in str(exc):
        return text.rstrip().count("\n") + 1
    return None
