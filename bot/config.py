"""feeds.yaml → a frozen `Config`, validated whole before anything starts.

Every mistake raises one `ConfigError` naming the file, the entry and the field, e.g.
`feeds.yaml: sources[2] "MoD channel": every: expected a duration like 30s, 5m or 2h, got "5 minutes"`.
Nothing is half-applied: the caller gets a whole Config or an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from bot.errors import ConfigError
from bot.model import Claim, Config, Settings, Side, Source, SourceKind

DEFAULT_EVERY = 300.0
MIN_EVERY = 10.0  # seconds; a faster poll is abuse of someone else's server
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_CLAIM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
_CHANNEL = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,63}$")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3}

_TOP_KEYS = {"sides", "sources", "claims", "settings"}
_SIDE_KEYS = {"name", "aliases"}
_SOURCE_KEYS = {"name", "kind", "url", "every", "side", "channel"}
_CLAIM_KEYS = {"id", "text", "match", "supports", "refutes"}
_SETTING_KEYS = {
    "timeout", "max_bytes", "max_redirects", "backfill_pages", "concurrency", "user_agent",
    "retention_days", "semantic",
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


def load_config(path: str | Path) -> Config:
    """Read and validate a feeds.yaml file."""
    path = Path(path)
    label = str(path)
    try:
        raw_text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(label, None, "no such file (set --config or CLAIMWATCH_CONFIG)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(label, None, f"cannot be read: {exc}") from exc
    try:
        data = yaml.safe_load(raw_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(label, None, f"not valid YAML{where}: {problem}") from exc
    return parse_config(data, label, base_dir=path.resolve().parent)


def parse_config(data: object, label: str, base_dir: Path) -> Config:
    """Validate already-loaded YAML data. `base_dir` resolves relative source paths."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(label, None, "expected a mapping with sides, sources and claims")
    _no_unknown_keys(label, None, data, _TOP_KEYS)
    sides = _parse_sides(label, _list(label, None, data, "sides"))
    side_names = {s.name for s in sides}
    sources = _parse_sources(label, _list(label, None, data, "sources"), side_names, base_dir)
    claims = _parse_claims(label, _list(label, None, data, "claims"))
    settings = _parse_settings(label, data.get("settings"))
    return Config(path=label, sides=sides, sources=sources, claims=claims, settings=settings)


# ── pieces ─────────────────────────────────────────────────────────────────────────────────


def _entry(section: str, index: int, name: object = None) -> str:
    return f'{section}[{index}] "{name}"' if isinstance(name, str) and name else f"{section}[{index}]"


def _no_unknown_keys(label: str, entry: str | None, data: Mapping[Any, Any], known: set[str]) -> None:
    for key in data:
        if key not in known:
            hint = ", ".join(sorted(known))
            raise ConfigError(label, entry, f"{key}: unknown key (expected one of: {hint})")


def _list(label: str, entry: str | None, data: Mapping[Any, Any], key: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(label, entry, f"{key}: expected a list, got {type(value).__name__}")
    return value


def _text(label: str, entry: str, data: Mapping[Any, Any], key: str, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ConfigError(label, entry, f"{key}: missing")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ConfigError(label, entry, f"{key}: expected text, got {type(value).__name__}")
    value = str(value).strip()
    if not value:
        if required:
            raise ConfigError(label, entry, f"{key}: must not be empty")
        return None
    return value


def _terms(label: str, entry: str, data: Mapping[Any, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(label, entry, f"{key}: expected a list of terms, got {type(value).__name__}")
    terms: list[str] = []
    for i, term in enumerate(value):
        if isinstance(term, bool) or not isinstance(term, str | int | float) or not str(term).strip():
            raise ConfigError(label, entry, f"{key}[{i}]: expected a non-empty term, got {term!r}")
        if str(term).strip() not in terms:
            terms.append(str(term).strip())
    return tuple(terms)


def _mapping(label: str, entry: str, value: object) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(label, entry, f"expected a mapping, got {type(value).__name__}")
    return value


def _parse_sides(label: str, raw: list[Any]) -> tuple[Side, ...]:
    sides: list[Side] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        entry = _entry("sides", i, item.get("name") if isinstance(item, Mapping) else None)
        item = _mapping(label, entry, item)
        _no_unknown_keys(label, entry, item, _SIDE_KEYS)
        name = _text(label, entry, item, "name", required=True)
        assert name is not None
        if name in seen:
            raise ConfigError(label, entry, "name: duplicate side name")
        seen.add(name)
        aliases = _terms(label, entry, item, "aliases")
        sides.append(Side(name=name, aliases=aliases))
    return tuple(sides)


def _resolve_url(label: str, entry: str, url: str, base_dir: Path) -> str:
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https"):
        if not parsed.netloc:
            raise ConfigError(label, entry, f"url: {url!r} has no host")
        return url
    if parsed.scheme == "file":
        return url
    if parsed.scheme and len(parsed.scheme) > 1:  # one letter is a Windows drive
        raise ConfigError(label, entry, f"url: unsupported scheme {parsed.scheme!r} (use https, http, file or a path)")
    path = Path(url).expanduser()
    return str(path if path.is_absolute() else (base_dir / path).resolve())


def _parse_sources(label: str, raw: list[Any], side_names: set[str], base_dir: Path) -> tuple[Source, ...]:
    sources: list[Source] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        entry = _entry("sources", i, item.get("name") if isinstance(item, Mapping) else None)
        item = _mapping(label, entry, item)
        _no_unknown_keys(label, entry, item, _SOURCE_KEYS)
        name = _text(label, entry, item, "name", required=True)
        assert name is not None
        if name in seen:
            raise ConfigError(label, entry, "name: duplicate source name")
        seen.add(name)
        kind_text = _text(label, entry, item, "kind", required=True)
        try:
            kind = SourceKind(str(kind_text).lower())
        except ValueError:
            raise ConfigError(label, entry, f"kind: expected rss or telegram, got {kind_text!r}") from None
        channel = _text(label, entry, item, "channel", required=False)
        if channel is not None:
            if kind is not SourceKind.TELEGRAM:
                raise ConfigError(label, entry, "channel: only telegram sources have a channel")
            channel = channel.removeprefix("@").removeprefix("https://t.me/s/").removeprefix("https://t.me/")
            if not _CHANNEL.match(channel):
                raise ConfigError(label, entry, f"channel: {channel!r} is not a public channel name")
        url = _text(label, entry, item, "url", required=False)
        if url is None:
            if kind is SourceKind.TELEGRAM and channel:
                url = f"https://t.me/s/{channel}"
            elif kind is SourceKind.TELEGRAM:
                raise ConfigError(label, entry, "url: missing (a telegram source needs a channel or a url)")
            else:
                raise ConfigError(label, entry, "url: missing")
        url = _resolve_url(label, entry, url, base_dir)
        every_raw = item.get("every", DEFAULT_EVERY)
        try:
            every = parse_duration(every_raw)
        except ValueError:
            raise ConfigError(
                label, entry, f'every: expected a duration like 30s, 5m or 2h, got "{every_raw}"'
            ) from None
        if every < MIN_EVERY:
            raise ConfigError(label, entry, f"every: {every_raw} is too often (the least is {MIN_EVERY:g}s)")
        side = _text(label, entry, item, "side", required=False)
        if side is not None and side not in side_names:
            known = ", ".join(sorted(side_names)) or "none are defined"
            raise ConfigError(label, entry, f"side: {side!r} is not a side in sides ({known})")
        sources.append(Source(name=name, kind=kind, url=url, every=every, side=side, channel=channel))
    return tuple(sources)


def _parse_claims(label: str, raw: list[Any]) -> tuple[Claim, ...]:
    claims: list[Claim] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        entry = _entry("claims", i, item.get("id") if isinstance(item, Mapping) else None)
        item = _mapping(label, entry, item)
        _no_unknown_keys(label, entry, item, _CLAIM_KEYS)
        claim_id = _text(label, entry, item, "id", required=True)
        assert claim_id is not None
        if not _CLAIM_ID.match(claim_id):
            raise ConfigError(
                label, entry, f"id: {claim_id!r} must be letters, digits, '-', '_' or '.', without spaces"
            )
        if claim_id in seen:
            raise ConfigError(label, entry, "id: duplicate claim id")
        seen.add(claim_id)
        text = _text(label, entry, item, "text", required=True)
        assert text is not None
        claims.append(
            Claim(
                id=claim_id,
                text=text,
                match=_terms(label, entry, item, "match"),
                supports=_terms(label, entry, item, "supports"),
                refutes=_terms(label, entry, item, "refutes"),
            )
        )
    return tuple(claims)


def _parse_settings(label: str, raw: object) -> Settings:
    if raw is None:
        return Settings()
    entry = "settings"
    data = _mapping(label, entry, raw)
    _no_unknown_keys(label, entry, data, _SETTING_KEYS)
    defaults = Settings()
    values: dict[str, Any] = {}
    for key in ("timeout",):
        if key in data:
            try:
                values[key] = parse_duration(data[key])
            except ValueError:
                raise ConfigError(label, entry, f'{key}: expected a duration like 20s, got "{data[key]}"') from None
            if values[key] <= 0:
                raise ConfigError(label, entry, f"{key}: must be more than 0")
    if "max_bytes" in data:
        match = _SIZE.match(str(data["max_bytes"]))
        if not match or isinstance(data["max_bytes"], bool):
            raise ConfigError(label, entry, f'max_bytes: expected a size like 10MB, got "{data["max_bytes"]}"')
        values["max_bytes"] = int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "b").lower()])
    for key, least in (("max_redirects", 0), ("backfill_pages", 0), ("concurrency", 1), ("retention_days", 1)):
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise ConfigError(label, entry, f"{key}: expected a whole number of at least {least}, got {value!r}")
            values[key] = value
    if "semantic" in data:
        if not isinstance(data["semantic"], bool):
            raise ConfigError(label, entry, f"semantic: expected true or false, got {data['semantic']!r}")
        values["semantic"] = data["semantic"]
    if "user_agent" in data:
        values["user_agent"] = _text(label, entry, data, "user_agent", required=True)
    return Settings(**{**defaults.__dict__, **values})
