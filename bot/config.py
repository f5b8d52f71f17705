"""feeds.yaml → a frozen `Config`, validated whole before anything starts.

Every mistake in the file is reported at once, each on its own line naming the file, the entry
and the field, e.g.
`feeds.yaml: sources[2] "MoD channel": every: expected a duration like 30s, 5m or 2h, got "5 minutes"`.
Nothing is half-applied: the caller gets a whole Config or one `ConfigError` listing every
problem. What is legal but probably not meant (a config with nothing to watch) is a warning
(`warnings`), never an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from bot.errors import ConfigError
from bot.extract.claims import claim_terms
from bot.extract.lexicon import STOPWORDS
from bot.model import Claim, Config, Settings, Side, Source, SourceKind
from bot.text import fold

DEFAULT_EVERY = 300.0
MIN_EVERY = 10.0  # seconds; a faster poll is abuse of someone else's server
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
CLAIM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
CLAIM_ID_RULE = "one word of at most 64 letters, digits, '-', '_' or '.', starting with a letter or digit"
_CHANNEL = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,63}$")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3}

_TOP_KEYS = {"sides", "sources", "claims", "settings"}
_SIDE_KEYS = {"name", "aliases"}
_SOURCE_KEYS = {"name", "kind", "url", "every", "side", "channel"}
_CLAIM_KEYS = {"id", "text", "match", "supports", "refutes"}
_SETTING_KEYS = {
    "timeout", "max_bytes", "max_redirects", "backfill_pages", "concurrency", "user_agent",
    "retention_days", "semantic", "confidence",
}  # fmt: skip


def parse_duration(value: object) -> float:
    """`30s`, `5m`, `2h`, `1d` or a bare number of seconds → seconds. ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return float(value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(value)
    return float(match.group(1)) * _UNITS[match.group(2)]


def format_duration(seconds: float) -> str:
    """The shortest of `1d`, `2h`, `5m`, `30s` that says `seconds` exactly (`parse_duration`'s inverse)."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    first_line: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        try:
            hash(key)
        except TypeError:  # an unhashable key: construct_mapping says so
            continue
        if key in first_line:
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} is given twice (first at line {first_line[key] + 1})", key_node.start_mark
            )
        first_line[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_config(path: str | Path) -> Config:
    """Read and validate a feeds.yaml file."""
    path = Path(path)
    label = str(path)
    try:
        raw_text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(label, None, "no such file (set --config or CLAIMWATCH_CONFIG)") from None
    except IsADirectoryError:
        raise ConfigError(label, None, "is a folder, not a feeds.yaml file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(label, None, f"cannot be read: {exc}") from exc
    try:
        data = yaml.load(raw_text, Loader=_UniqueKeyLoader)  # a SafeLoader that refuses repeated keys
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(label, None, f"not valid YAML{where}: {problem}") from exc
    return parse_config(data, label, base_dir=path.resolve().parent)


def parse_config(data: object, label: str, base_dir: Path) -> Config:
    """Validate already-loaded YAML data. `base_dir` resolves relative source paths.

    Raises one ConfigError carrying every problem found (`ConfigError.problems`).
    """
    found = _Problems(label)
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(label, None, "expected a mapping with sides, sources and claims")
    found.unknown_keys(None, data, _TOP_KEYS)
    sides = _parse_sides(found, found.list(None, data, "sides"))
    side_names = {s.name for s in sides}
    sources = _parse_sources(found, found.list(None, data, "sources"), side_names, base_dir)
    claims = _parse_claims(found, found.list(None, data, "claims"))
    settings = _parse_settings(found, data.get("settings"))
    found.raise_any()
    return Config(path=label, sides=sides, sources=sources, claims=claims, settings=settings)


def warnings(config: Config) -> list[str]:
    """What is valid but probably not meant, one line each, naming the file."""
    said: list[str] = []
    if not config.sources and not config.claims:
        said.append(f"{config.path}: no sources and no claims: there is nothing to watch (see README.md)")
    elif not config.sources:
        said.append(f"{config.path}: no sources: nothing will be polled")
    elif not config.claims and not any(s.side for s in config.sources):
        said.append(
            f"{config.path}: no claims and no source with a side: no alert can be raised"
            " (add claims, or give sources a side to hear of their edits and deletions)"
        )
    return said


def dump_config(config: Config) -> str:
    """A Config as feeds.yaml text that `load_config` reads back as the same config (comments,
    and values left at their defaults, are not kept)."""
    data: dict[str, Any] = {}
    if config.sides:
        data["sides"] = [{"name": s.name, "aliases": list(s.aliases)} for s in config.sides]
    if config.sources:
        data["sources"] = [_source_data(s) for s in config.sources]
    if config.claims:
        data["claims"] = [_claim_data(c) for c in config.claims]
    defaults = Settings()
    changed = {k: v for k, v in config.settings.__dict__.items() if v != getattr(defaults, k)}
    if "timeout" in changed:
        changed["timeout"] = format_duration(changed["timeout"])
    if changed:
        data["settings"] = changed
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _claim_data(claim: Claim) -> dict[str, Any]:
    data: dict[str, Any] = {"id": claim.id, "text": claim.text}
    for key, terms in (("match", claim.match), ("supports", claim.supports), ("refutes", claim.refutes)):
        if terms:
            data[key] = list(terms)
    return data


def _source_data(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {"name": source.name, "kind": str(source.kind)}
    if source.channel:
        data["channel"] = source.channel
    if not (source.channel and source.url == f"https://t.me/s/{source.channel}"):
        data["url"] = source.url
    if source.every != DEFAULT_EVERY:
        data["every"] = format_duration(source.every)
    if source.side:
        data["side"] = source.side
    return data


# ── collecting problems ────────────────────────────────────────────────────────────────────


class _Problems:
    """Every problem in one file, in the order met. Parsing goes on past a problem so that the
    operator fixes the whole file in one go."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[tuple[str | None, str]] = []

    def add(self, entry: str | None, message: str) -> None:
        self.problems.append((entry, message))

    def raise_any(self) -> None:
        if self.problems:
            (entry, message), *more = self.problems
            raise ConfigError(self.label, entry, message, more=more)

    def unknown_keys(self, entry: str | None, data: Mapping[Any, Any], known: set[str]) -> None:
        for key in data:
            if key not in known:
                self.add(entry, f"{key}: unknown key (expected one of: {', '.join(sorted(known))})")

    def list(self, entry: str | None, data: Mapping[Any, Any], key: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(entry, f"{key}: expected a list, got {_kind(value)}")
            return []
        return value

    def text(self, entry: str, data: Mapping[Any, Any], key: str, *, required: bool) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(entry, f"{key}: missing")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(entry, f"{key}: expected text, got {_kind(value)}")
            return None
        value = str(value).strip()
        if not value:
            if required:
                self.add(entry, f"{key}: must not be empty")
            return None
        return value

    def terms(self, entry: str, data: Mapping[Any, Any], key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            # `match: Bakhmut, Бахмут` is one term with a comma in it, not two: say how to write a list.
            self.add(entry, f"{key}: expected a list of terms like [{value}], got a bare string {value!r}")
            return ()
        if not isinstance(value, list):
            self.add(entry, f"{key}: expected a list of terms, got {_kind(value)}")
            return ()
        terms: list[str] = []
        for i, term in enumerate(value):
            if isinstance(term, bool) or not isinstance(term, str | int | float) or not str(term).strip():
                self.add(entry, f"{key}[{i}]: expected a non-empty term, got {term!r}")
                continue
            if str(term).strip() not in terms:
                terms.append(str(term).strip())
        return tuple(terms)

    def mapping(self, entry: str, value: object) -> Mapping[Any, Any] | None:
        if not isinstance(value, Mapping):
            self.add(entry, f"expected a mapping, got {_kind(value)}")
            return None
        return value


def _kind(value: object) -> str:
    """A YAML reader's word for a value's type."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _entry(section: str, index: int, name: object = None) -> str:
    return f'{section}[{index}] "{name}"' if isinstance(name, str) and name else f"{section}[{index}]"


def _named(item: object, key: str) -> object:
    return item.get(key) if isinstance(item, Mapping) else None


# ── pieces ─────────────────────────────────────────────────────────────────────────────────


def _parse_sides(found: _Problems, raw: list[Any]) -> tuple[Side, ...]:
    sides: list[Side] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        entry = _entry("sides", i, _named(item, "name"))
        data = found.mapping(entry, item)
        if data is None:
            continue
        found.unknown_keys(entry, data, _SIDE_KEYS)
        name = found.text(entry, data, "name", required=True)
        aliases = found.terms(entry, data, "aliases")
        if name is None:
            continue
        if name in seen:
            found.add(entry, "name: duplicate side name")
            continue
        seen.add(name)
        sides.append(Side(name=name, aliases=aliases))
    return tuple(sides)


def _resolve_url(found: _Problems, entry: str, url: str, base_dir: Path) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https", "file") and re.search(r"\s", url):
        found.add(entry, f"url: {url!r} has a space in it (write it as %20, or check for a missing comma or quote)")
        return None
    if parsed.scheme in ("http", "https"):
        if not parsed.netloc:
            found.add(entry, f"url: {url!r} has no host")
            return None
        return url
    if parsed.scheme == "file":
        return url
    if parsed.scheme and len(parsed.scheme) > 1:  # one letter is a Windows drive
        found.add(entry, f"url: unsupported scheme {parsed.scheme!r} (use https, http, file or a path)")
        return None
    path = Path(url).expanduser()
    return str(path if path.is_absolute() else (base_dir / path).resolve())


def _parse_sources(found: _Problems, raw: list[Any], side_names: set[str], base_dir: Path) -> tuple[Source, ...]:
    sources: list[Source] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        entry = _entry("sources", i, _named(item, "name"))
        data = found.mapping(entry, item)
        if data is None:
            continue
        before = len(found.problems)
        found.unknown_keys(entry, data, _SOURCE_KEYS)
        name = found.text(entry, data, "name", required=True)
        if name is not None and name in seen:
            found.add(entry, "name: duplicate source name")
        if name is not None:
            seen.add(name)
        kind_text = found.text(entry, data, "kind", required=True)
        kind: SourceKind | None = None
        if kind_text is not None:
            try:
                kind = SourceKind(kind_text.lower())
            except ValueError:
                found.add(entry, f"kind: expected rss or telegram, got {kind_text!r}")
        channel = found.text(entry, data, "channel", required=False)
        if channel is not None:
            channel = channel.removeprefix("@").removeprefix("https://t.me/s/").removeprefix("https://t.me/")
            if kind is not None and kind is not SourceKind.TELEGRAM:
                found.add(entry, "channel: only telegram sources have a channel")
            elif not _CHANNEL.match(channel):
                found.add(entry, f"channel: {channel!r} is not a public channel name")
        url = found.text(entry, data, "url", required=False)
        if url is None and "url" not in data:
            if kind is SourceKind.TELEGRAM and channel:
                url = f"https://t.me/s/{channel}"
            elif kind is SourceKind.TELEGRAM:
                found.add(entry, "url: missing (a telegram source needs a channel or a url)")
            elif kind is not None:
                found.add(entry, "url: missing")
        elif url is None and data.get("url") is not None:
            pass  # not text: already reported
        elif url is None:
            found.add(entry, "url: must not be empty")
        resolved = _resolve_url(found, entry, url, base_dir) if url is not None else None
        every_raw = data.get("every", DEFAULT_EVERY)
        every = DEFAULT_EVERY
        try:
            every = parse_duration(every_raw)
        except ValueError:
            found.add(entry, f'every: expected a duration like 30s, 5m or 2h, got "{every_raw}"')
        else:
            if every < MIN_EVERY:
                found.add(entry, f"every: {every_raw} is too often (the least is {MIN_EVERY:g}s)")
        side = found.text(entry, data, "side", required=False)
        if side is not None and side not in side_names:
            known = ", ".join(sorted(side_names)) or "none are defined"
            found.add(entry, f"side: {side!r} is not a side in sides ({known})")
        if len(found.problems) == before and name is not None and kind is not None and resolved is not None:
            sources.append(Source(name=name, kind=kind, url=resolved, every=every, side=side, channel=channel))
    return tuple(sources)


def _parse_claims(found: _Problems, raw: list[Any]) -> tuple[Claim, ...]:
    claims: list[Claim] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        entry = _entry("claims", i, _named(item, "id"))
        data = found.mapping(entry, item)
        if data is None:
            continue
        before = len(found.problems)
        found.unknown_keys(entry, data, _CLAIM_KEYS)
        claim_id = found.text(entry, data, "id", required=True)
        if claim_id is not None and not CLAIM_ID.match(claim_id):
            found.add(entry, f"id: {claim_id!r} is not a valid id ({CLAIM_ID_RULE})")
        elif claim_id is not None and claim_id in seen:
            found.add(entry, "id: duplicate claim id")
        if claim_id is not None:
            seen.add(claim_id)
        text = found.text(entry, data, "text", required=True)
        match = found.terms(entry, data, "match")
        supports = found.terms(entry, data, "supports")
        refutes = found.terms(entry, data, "refutes")
        if len(found.problems) > before or claim_id is None or text is None:
            continue
        claim = Claim(id=claim_id, text=text, match=match, supports=supports, refutes=refutes)
        problem = claim_words_problem(claim)
        if problem:
            found.add(entry, problem)
            continue
        claims.append(claim)
    return tuple(claims)


def claim_words_problem(claim: Claim) -> str | None:
    """Why a claim could never match anything (its terms are all common words), or None."""
    if claim.match:
        if all(set(fold(t).split()) <= STOPWORDS for t in claim.match):
            return f"match: every term is a common word ({', '.join(claim.match)}): name places, people or things"
        return None
    if not claim_terms(claim).anchors:
        return (
            f"text: {claim.text!r} has only common words to match on: name places, people or things, or add match terms"
        )
    return None


def _parse_settings(found: _Problems, raw: object) -> Settings:
    if raw is None:
        return Settings()
    entry = "settings"
    data = found.mapping(entry, raw)
    if data is None:
        return Settings()
    found.unknown_keys(entry, data, _SETTING_KEYS)
    defaults = Settings()
    values: dict[str, Any] = {}
    if "timeout" in data:
        try:
            timeout = parse_duration(data["timeout"])
        except ValueError:
            found.add(entry, f'timeout: expected a duration like 20s, got "{data["timeout"]}"')
        else:
            if timeout <= 0:
                found.add(entry, "timeout: must be more than 0")
            values["timeout"] = timeout
    if "max_bytes" in data:
        match = _SIZE.match(str(data["max_bytes"]))
        if not match or isinstance(data["max_bytes"], bool):
            found.add(entry, f'max_bytes: expected a size like 10MB, got "{data["max_bytes"]}"')
        else:
            values["max_bytes"] = int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "b").lower()])
    for key, least in (("max_redirects", 0), ("backfill_pages", 0), ("concurrency", 1), ("retention_days", 1)):
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                found.add(entry, f"{key}: expected a whole number of at least {least}, got {value!r}")
            else:
                values[key] = value
    if "semantic" in data:
        if not isinstance(data["semantic"], bool):
            found.add(entry, f"semantic: expected true or false, got {data['semantic']!r}")
        else:
            values["semantic"] = data["semantic"]
    if "confidence" in data:
        value = data["confidence"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            found.add(entry, f"confidence: expected a number from 0 to 1, got {value!r}")
        else:
            values["confidence"] = float(value)
    if "user_agent" in data:
        agent = found.text(entry, data, "user_agent", required=True)
        if agent is not None:
            values["user_agent"] = agent
    return Settings(**{**defaults.__dict__, **values})


_merged: dict[Config, Config] = {}


def with_chat_additions(config: Config, claims: Sequence[Claim], sources: Sequence[Source]) -> Config:
    """feeds.yaml's config with the claims and sources admins added from chat.

    feeds.yaml wins a clash of claim id or source name, so the operator's file always says the
    last word; a chat source's side that feeds.yaml no longer has is dropped. Configs are
    values: an equal merge gives back the very same object, so what is compiled per config
    (the claims matcher, its embeddings) is built once, not on every poll and command.
    """
    claim_ids = {c.id for c in config.claims}
    source_names = {s.name for s in config.sources}
    side_names = config.side_names()
    extra_claims = tuple(c for c in claims if c.id not in claim_ids)
    extra_sources = tuple(
        s if s.side is None or s.side in side_names else replace(s, side=None)
        for s in sources
        if s.name not in source_names
    )
    if not extra_claims and not extra_sources:
        return config
    merged = replace(config, claims=config.claims + extra_claims, sources=config.sources + extra_sources)
    if len(_merged) > 32:
        _merged.clear()
    return _merged.setdefault(merged, merged)
