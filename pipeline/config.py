"""Settings: thresholds and switches, from ``./transcripts.toml`` or ``--config FILE``.

Every field of :class:`Settings` is documented here, once:

``correction_threshold``
    The confidence (0-1) a dictionary correction needs before it is made. Default 0.80.
``correction_context_window``
    How many words either side of a heard term are searched for the dictionary's context
    words (the evidence a risky correction needs). Default 12.
``correction_ordinary_zipf``
    How common a word must be (wordfreq's Zipf scale, 0-8; "mask" is 4.3, "the" 7.7) to count
    as ordinary English: a heard word that common needs more evidence before it is replaced,
    and a dictionary term made only of such words ("United", "Delta") is never matched by
    sound and only recased with evidence. Default 3.5.
``ordinary_english``
    Whether the conservative ordinary-English rules (split/joined words, non-words) run.
``english_rules_threshold``
    The confidence those ordinary-English rules need. Default 0.90.
``max_input_bytes``
    Larger inputs are refused with a clear error rather than read. Default 64 MiB.
``max_line_chars``
    A single line longer than this is refused (a binary or a corrupt file). Default 2,000,000.

``config_sha256`` in each manifest is the hash of these settings in effect, so a change of a
setting that can change output makes a new version.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, toml_error_line

DEFAULT_CONFIG_NAME = "transcripts.toml"


@dataclass(frozen=True)
class Settings:
    correction_threshold: float = 0.80
    correction_context_window: int = 12
    correction_ordinary_zipf: float = 3.5
    ordinary_english: bool = True
    english_rules_threshold: float = 0.90
    max_input_bytes: int = 64 * 1024 * 1024
    max_line_chars: int = 2_000_000

    def sha256(self) -> str:
        blob = json.dumps(dataclasses.asdict(self), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()


def load_settings(path: str | Path | None = None, workdir: Path | None = None) -> tuple[Settings, Path | None]:
    """Settings from ``path``, else ``workdir/transcripts.toml`` if present, else defaults.

    Unknown keys and values of the wrong type are errors naming the file.
    """
    if path is None:
        candidate = (workdir / DEFAULT_CONFIG_NAME) if workdir else Path(DEFAULT_CONFIG_NAME)
        if not candidate.exists():
            return Settings(), None
        path = candidate
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(path, "settings file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(path, f"not valid TOML: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"not valid TOML: {exc}", line=toml_error_line(exc, text)) from None
    section = raw.get("transcripts", raw)
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    values = {}
    for key, value in section.items():
        if key not in fields:
            raise ConfigError(path, f"unknown setting {key!r}; known: {', '.join(sorted(fields))}")
        default = getattr(Settings, key)
        if isinstance(default, bool) != isinstance(value, bool) or not isinstance(value, (type(default), int)):
            raise ConfigError(path, f"setting {key!r} must be {type(default).__name__}, got {value!r}")
        values[key] = type(default)(value)
    settings = Settings(**values)
    for key in ("correction_threshold", "english_rules_threshold"):
        if not 0.0 <= getattr(settings, key) <= 1.0:
            raise ConfigError(path, f"setting {key!r} must be between 0 and 1")
    if settings.correction_context_window < 0:
        raise ConfigError(path, "setting 'correction_context_window' must be 0 or more")
    if not 0.0 <= settings.correction_ordinary_zipf <= 8.0:
        raise ConfigError(path, "setting 'correction_ordinary_zipf' must be between 0 and 8")
    for key in ("max_input_bytes", "max_line_chars"):
        if getattr(settings, key) < 1:
            raise ConfigError(path, f"setting {key!r} must be 1 or more")
    return settings, path
