"""Field trial: real Russian-language Telegram posts replayed day by day through the real product.

Run by hand (not a test). The corpus is four public channels' posts, October to early December
2024 (shared/corpus/war/nktkln-telegram-news-classifier): BBC News | Русская служба
(@bbcrussian), РИА Новости (@rian_ru), Раньше всех. Ну почти. (@bbbreaking) and Mash (@mash).

How the replay works:

- Days are Moscow days (UTC+3), the channels' own. For each day, each channel that has started
  gets one t.me/s page, written in the web preview's markup (what bot/sources/telegram.py reads):
  all of that day's posts, oldest first, with their real ids and dates. A real page shows the
  newest 20 posts, so a day with fewer than 20 is topped up with the channel's latest earlier
  posts, as the real page would show them; a quiet day shows the last 20 posts again.
- Post text is the export's markdown turned into what the page shows: bold, italic and
  strike-through markers dropped, [text](url) as a link, the rest HTML-escaped, line breaks
  as <br/>.
- feeds.yaml is bench/field_trial.yaml's sides and claims plus the channels as `kind: telegram`
  sources with local file urls (no `side`: these are media, so only a named speaker makes a
  statement count). A channel joins the config on the day of its first post.
- `claimwatch poll --once` runs once per day against one SQLite database, with the claimwatch
  of this checkout (`python -m bot` from it) or --cmd.

At the end it prints every stance_flip and number_change alert with its before and after post,
writes them as JSON lines, and prints a summary. With --labels FILE it scores them: labels are
matched by (kind, claim, side, before url, after url), so they survive re-runs.

    .venv/bin/python bench/field_trial.py [--corpus DIR] [--workdir DIR] [--labels bench/field_trial_labels.yaml]
    .venv/bin/python bench/field_trial.py --from-alerts alerts.jsonl --labels bench/field_trial_labels.yaml
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TextIO

import yaml

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
CLAIMS = HERE / "field_trial.yaml"
LABELS = HERE / "field_trial_labels.yaml"
RAW = Path("war/nktkln-telegram-news-classifier/data/raw")
MOSCOW = timezone(timedelta(hours=3))
PAGE_SIZE = 20  # posts on a real t.me/s page
KINDS = ("stance_flip", "number_change")

# The export names channels by their numeric id; the public names are the channels' own.
CHANNELS = {
    "1001003921752": ("bbcrussian", "BBC News | Русская служба"),
    "1001101170442": ("rian_ru", "РИА Новости"),
    "1001394050290": ("bbbreaking", "Раньше всех. Ну почти."),
    "1001117628569": ("mash", "Mash"),
}


class TrialError(Exception):
    """Something the trial cannot go on without; the message says what and where."""


# ── the corpus ────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Post:
    channel: str  # public name, e.g. "bbcrussian"
    id: int
    published: datetime  # UTC
    text: str  # the export's markdown

    @property
    def url(self) -> str:
        return f"https://t.me/{self.channel}/{self.id}"

    @property
    def day(self) -> date:
        return self.published.astimezone(MOSCOW).date()


@dataclass(frozen=True)
class Channel:
    name: str
    title: str
    posts: tuple[Post, ...]  # by id, ascending


def find_corpus(given: str | None) -> Path:
    """The folder holding the channels' *_messages.json: --corpus, $CLAIMWATCH_CORPUS, or
    shared/corpus found by walking up from this file. Either may name the corpus root
    (shared/corpus) or the raw folder itself."""
    tried: list[str] = []
    candidates: list[Path] = []
    for origin, value in (("--corpus", given), ("CLAIMWATCH_CORPUS", os.environ.get("CLAIMWATCH_CORPUS"))):
        if value:
            candidates.append(Path(value).expanduser())
            tried.append(f"{origin}={value}")
            break  # an explicit location is the only one tried
    else:
        for parent in [HERE, *HERE.parents]:
            candidates.append(parent / "shared" / "corpus")
        tried.append(f"shared/corpus in {HERE} and each folder above it")
    for base in candidates:
        for folder in (base, base / RAW, base / "corpus" / RAW):
            if folder.is_dir() and any(folder.glob("*_messages.json")):
                return folder
    raise TrialError(
        "corpus not found (looked for *_messages.json via " + "; ".join(tried) + "). Point --corpus or "
        "CLAIMWATCH_CORPUS at shared/corpus or at its war/nktkln-telegram-news-classifier/data/raw folder."
    )


def load_channels(folder: Path) -> list[Channel]:
    channels = []
    for path in sorted(folder.glob("*_messages.json")):
        key = path.name.split("_", 1)[0]
        if key not in CHANNELS:
            raise TrialError(f"{path}: unknown channel id {key}; add it to CHANNELS in {Path(__file__).name}")
        name, title = CHANNELS[key]
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            posts = [
                Post(name, int(m["message_id"]), datetime.fromisoformat(m["date"]).astimezone(UTC), m.get("text") or "")
                for m in raw
            ]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TrialError(f"{path}: not a Telethon export this trial can read: {exc}") from exc
        channels.append(Channel(name, title, tuple(sorted(posts, key=lambda p: p.id))))
    if not channels:
        raise TrialError(f"{folder}: no *_messages.json files")
    return channels


# ── the channel pages ─────────────────────────────────────────────────────────────────────

_LINK = re.compile(r"\[([^\]\n]*)\]\((https?://[^)\s]+)\)")
_MARKERS = re.compile(r"\*\*|__|~~")


def markdown_to_html(text: str) -> str:
    """Telethon markdown → the HTML of a post's text div: markers dropped, links kept, the rest
    escaped, newlines as <br/>."""
    out: list[str] = []
    at = 0
    for link in _LINK.finditer(text):
        out.append(_plain(text[at : link.start()]))
        label = _plain(link.group(1))
        out.append(f'<a href="{html.escape(link.group(2))}" target="_blank" rel="noopener">{label}</a>')
        at = link.end()
    out.append(_plain(text[at:]))
    return "".join(out)


def _plain(text: str) -> str:
    return html.escape(_MARKERS.sub("", text), quote=False).replace("\n", "<br/>")


def page_posts(channel: Channel, day: date) -> list[Post]:
    """What the channel's page shows at the end of `day`: the day's posts, topped up to a real
    page's 20 with the latest earlier ones."""
    upto = [p for p in channel.posts if p.day <= day]
    todays = sum(1 for p in upto if p.day == day)
    return upto[-max(todays, PAGE_SIZE) :]


def render_page(channel: Channel, posts: Sequence[Post]) -> str:
    """A t.me/s/<channel> page in the web preview's markup."""
    name, title = html.escape(channel.name), html.escape(channel.title)
    more = ""
    if posts:
        more = (
            '<div class="tgme_widget_message_centered js-messages_more_wrap">'
            f'<a href="/s/{name}?before={posts[0].id}" class="tme_messages_more js-messages_more" '
            f'data-before="{posts[0].id}"></a></div>\n'
        )
    body = "".join(_render_post(channel, p) for p in posts)
    return (
        '<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8">'
        f'<title>{title} – Telegram</title><meta property="og:title" content="{title}">'
        f'<link rel="canonical" href="/s/{name}"></head>\n'
        '<body class="widget_frame_base tgme_webpreview_body">\n'
        f'<main class="tgme_main" data-url="/s/{name}">\n'
        f'<section class="tgme_channel_history js-message_history">\n{more}{body}</section>\n'
        "</main>\n</body>\n</html>\n"
    )


def _render_post(channel: Channel, post: Post) -> str:
    name, title = html.escape(channel.name), html.escape(channel.title)
    moment = post.published.isoformat()
    return (
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        f'<div class="tgme_widget_message js-widget_message" data-post="{name}/{post.id}">\n'
        '<div class="tgme_widget_message_bubble">\n'
        f'<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" '
        f'href="https://t.me/{name}"><span dir="auto">{title}</span></a></div>\n'
        f'<div class="tgme_widget_message_text js-message_text" dir="auto">{markdown_to_html(post.text)}</div>\n'
        '<div class="tgme_widget_message_footer compact js-message_footer">'
        '<div class="tgme_widget_message_info short js-message_info"><span class="tgme_widget_message_meta">'
        f'<a class="tgme_widget_message_date" href="https://t.me/{name}/{post.id}">'
        f'<time datetime="{moment}" class="time">{post.published:%H:%M}</time></a></span></div></div>\n'
        "</div>\n</div></div>\n"
    )


def write_config(path: Path, claims: dict[str, Any], channels: Iterable[Channel]) -> None:
    sources = [
        {"name": c.title, "kind": "telegram", "channel": c.name, "url": f"{c.name}.html", "every": "1d"}
        for c in channels
    ]
    config = {"sides": claims["sides"], "sources": sources, "claims": claims["claims"]}
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


# ── running the product ───────────────────────────────────────────────────────────────────


def product_command(given: str | None) -> list[str]:
    """--cmd, or this checkout's claimwatch: `python -m bot` with the checkout first on the path."""
    if given:
        return shlex.split(given)
    venv = CHECKOUT / ".venv" / "bin" / "python"
    return [str(venv if venv.exists() else Path(sys.executable)), "-m", "bot"]


def checkout_version() -> str:
    """The checkout's commit, marked when it has uncommitted changes, for the record."""
    try:
        head = subprocess.run(["git", "-C", str(CHECKOUT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()  # fmt: skip
        dirty = subprocess.run(["git", "-C", str(CHECKOUT), "status", "--porcelain", "--", "bot", "storage"],
                               capture_output=True, text=True, timeout=10).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head or "unknown") + (" with uncommitted changes in bot/ or storage/" if dirty else "")


def product_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHECKOUT), env.get("PYTHONPATH")]))
    for name in ("TELEGRAM_BOT_TOKEN", "CLAIMWATCH_CONFIG", "CLAIMWATCH_DB", "CLAIMWATCH_METRICS_PORT"):
        env.pop(name, None)
    env.setdefault("CLAIMWATCH_LOG_LEVEL", "WARNING")
    return env


def run_product(
    cmd: list[str], workdir: Path, args: list[str], log: TextIO, timeout: float
) -> subprocess.CompletedProcess[str]:
    full = [*cmd, "--config", str(workdir / "feeds.yaml"), "--db", str(workdir / "claimwatch.db"), *args]
    try:
        done = subprocess.run(full, cwd=CHECKOUT, env=product_env(), capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError as exc:
        raise TrialError(f"cannot run {shlex.join(cmd)}: {exc}") from exc
    except subprocess.TimeoutExpired as exc:
        raise TrialError(f"{shlex.join(full)} took longer than {timeout:.0f}s") from exc
    log.write(f"$ {shlex.join(full)}\n# exit {done.returncode}\n{done.stdout}{done.stderr}\n")
    return done


@dataclass
class Replay:
    days: int = 0
    pages: int = 0
    posts: int = 0  # distinct posts shown on some page
    poll_seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # sources reported failed, by day
    unexpected: list[str] = field(default_factory=list)  # polls that exited 1
    total_seconds: float = 0.0


def replay(channels: list[Channel], claims: dict[str, Any], workdir: Path, cmd: list[str],
           first: date | None, last: date | None, timeout: float) -> Replay:  # fmt: skip
    workdir.mkdir(parents=True, exist_ok=True)
    for stale in ("claimwatch.db", "claimwatch.db-wal", "claimwatch.db-shm"):
        (workdir / stale).unlink(missing_ok=True)
    days = sorted({p.day for c in channels for p in c.posts})
    start, end = max(days[0], first or days[0]), min(days[-1], last or days[-1])
    report = Replay()
    shown: set[str] = set()
    started = time.perf_counter()
    with (workdir / "poll.log").open("w", encoding="utf-8") as log:
        day = start
        while day <= end:
            live = [c for c in channels if c.posts[0].day <= day]
            for channel in live:
                posts = page_posts(channel, day)
                (workdir / f"{channel.name}.html").write_text(render_page(channel, posts), encoding="utf-8")
                shown.update(p.url for p in posts)
                report.pages += 1
            write_config(workdir / "feeds.yaml", claims, live)
            began = time.perf_counter()
            done = run_product(cmd, workdir, ["poll", "--once"], log, timeout)
            report.poll_seconds.append(time.perf_counter() - began)
            if done.returncode == 2:
                raise TrialError(f"poll on {day} refused to run (exit 2): {done.stderr.strip() or done.stdout.strip()}")
            if done.returncode == 1:
                report.unexpected.append(f"{day}: {done.stderr.strip()[-300:]}")
            report.failures += [f"{day}: {line.strip()}" for line in done.stdout.splitlines() if "FAILED" in line]
            report.days += 1
            print(
                f"  {day}  {len(live)} channels  {sum(1 for c in live for p in c.posts if p.day == day):4d} new posts  "
                f"poll {report.poll_seconds[-1]:5.1f}s  {done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ''}",
                flush=True,
            )
            day += timedelta(days=1)
    report.posts = len(shown)
    report.total_seconds = time.perf_counter() - started
    return report


def read_alerts(cmd: list[str], workdir: Path, timeout: float) -> list[dict[str, Any]]:
    with (workdir / "poll.log").open("a", encoding="utf-8") as log:
        done = run_product(cmd, workdir, ["alerts", "--json"], log, timeout)
    if done.returncode != 0:
        raise TrialError(f"`alerts --json` failed (exit {done.returncode}): {done.stderr.strip()}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def database_counts(db: Path) -> dict[str, Any]:
    """Items and statements as stored; read-only, and tolerant of a schema that has moved on."""
    counts: dict[str, Any] = {}
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return {"error": str(exc)}
    with conn:
        for label, query in (
            ("items", "SELECT count(*) FROM items"),
            ("revisions", "SELECT count(*) FROM revisions"),
            ("statements", "SELECT count(*) FROM statements"),
        ):
            try:
                counts[label] = conn.execute(query).fetchone()[0]
            except sqlite3.Error:
                counts[label] = "n/a"
        try:
            counts["statements by stance"] = dict(
                conn.execute("SELECT stance, count(*) FROM statements GROUP BY stance")
            )
        except sqlite3.Error:
            pass
        try:
            counts["statements with a side"] = conn.execute(
                "SELECT count(*) FROM statements WHERE side IS NOT NULL AND side != ''"
            ).fetchone()[0]
        except sqlite3.Error:
            pass
    conn.close()
    return counts


# ── alerts and labels ─────────────────────────────────────────────────────────────────────

Key = tuple[str, str | None, str | None, str | None, str | None]


def alert_key(alert: dict[str, Any]) -> Key:
    before, after = alert.get("before") or {}, alert.get("after") or {}
    return (alert["kind"], alert.get("claim"), alert.get("side"), before.get("url"), after.get("url"))


def _what(side: dict[str, Any], kind: str) -> str:
    if kind == "number_change":
        return str(side.get("value"))
    return str(side.get("stance"))


def _quote(text: str | None, width: int) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def print_alerts(alerts: list[dict[str, Any]], posts: dict[str, Post], full: bool) -> None:
    for a in alerts:
        before, after = a.get("before") or {}, a.get("after") or {}
        counted = f"  counted: {a['counted']}" if a.get("counted") else ""
        print(f"\n#{a['id']} {a['kind']}  claim={a.get('claim')}  side={a.get('side')}{counted}")
        print(f"   {_what(before, a['kind'])} → {_what(after, a['kind'])}")
        for label, end in (("before", before), ("after", after)):
            print(f"   {label}: {end.get('url')}  ({end.get('published')})")
            print(f"      “{_quote(end.get('text'), 700)}”")
            post = posts.get(end.get("url") or "")
            if full and post is not None:
                print(f"      post: {_quote(post.text.replace('**', ''), 2500)}")


@dataclass(frozen=True)
class Label:
    key: Key
    verdict: bool
    cause: str | None


def load_labels(path: Path) -> list[Label]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise TrialError(f"{path}: cannot read labels: {exc}") from exc
    entries = data.get("labels") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise TrialError(f"{path}: expected a mapping with a `labels:` list")
    labels: list[Label] = []
    seen: set[Key] = set()
    for n, entry in enumerate(entries):
        where = f"{path}: labels[{n}]"
        if not isinstance(entry, dict):
            raise TrialError(f"{where}: expected a mapping")
        missing = [k for k in ("kind", "claim", "side", "before", "after", "verdict") if k not in entry]
        if missing:
            raise TrialError(f"{where}: missing {', '.join(missing)}")
        if not isinstance(entry["verdict"], bool):
            raise TrialError(f"{where}: verdict must be true or false, got {entry['verdict']!r}")
        cause = entry.get("cause")
        if not entry["verdict"] and not (isinstance(cause, str) and cause.strip()):
            raise TrialError(f"{where}: a false alert needs a one-line `cause`")
        key: Key = (entry["kind"], entry["claim"], entry["side"], entry["before"], entry["after"])
        if key in seen:
            raise TrialError(f"{where}: labels this alert twice")
        seen.add(key)
        labels.append(Label(key, entry["verdict"], cause.strip() if isinstance(cause, str) else None))
    return labels


def score(alerts: list[dict[str, Any]], labels: list[Label]) -> None:
    by_key = {label.key: label for label in labels}
    found = {alert_key(a): a for a in alerts}
    print("\n== Precision (labels matched by kind, claim, side, before url, after url)")
    false_causes: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for kind in KINDS:
        mine = [a for a in alerts if a["kind"] == kind]
        verdicts = [by_key[alert_key(a)] for a in mine if alert_key(a) in by_key]
        true = sum(1 for v in verdicts if v.verdict)
        unlabelled = len(mine) - len(verdicts)
        ratio = f"{true / len(verdicts):.2f}" if verdicts else "n/a"
        print(f"   {kind:14s} {true:3d} true of {len(verdicts):3d} labelled  precision {ratio}"
              + (f"   ({unlabelled} not labelled)" if unlabelled else ""))  # fmt: skip
        for a in mine:
            label = by_key.get(alert_key(a))
            if label is not None and not label.verdict:
                false_causes[str(label.cause)].append(
                    (a["id"], f"#{a['id']} {kind} {a.get('claim')} / {a.get('side')}")
                )
    if false_causes:
        groups: Counter[str] = Counter()
        for cause, which in false_causes.items():
            groups[cause.split(":", 1)[0].strip()] += len(which)
        print("\n== False alerts by cause")
        for group, count in groups.most_common():
            print(f"   {count:3d}  {group}")
        print("\n== Each false alert")
        for _, what, cause in sorted((n, w, c) for c, which in false_causes.items() for n, w in which):
            print(f"   {what}: {cause}")
    stale = [label for label in labels if label.key not in found]
    if stale:
        print(
            f"\n   {len(stale)} label(s) match no alert of this run (the product changed, the labels are stale, or the run was partial):"
        )
        for label in stale:
            print(f"     {label.key}")


def write_todo(path: Path, alerts: list[dict[str, Any]], labels: list[Label]) -> int:
    """Stubs for the alerts no label covers, to fill in by reading the posts."""
    known = {label.key for label in labels}
    lines = []
    for a in alerts:
        if alert_key(a) in known:
            continue
        kind, claim, side, before, after = alert_key(a)
        b, f = a.get("before") or {}, a.get("after") or {}
        lines += [
            f"  # #{a['id']} {_what(b, kind)} -> {_what(f, kind)}",
            f"  - {{kind: {kind}, claim: {claim}, side: {json.dumps(side, ensure_ascii=False)},",
            f"     before: {before}, after: {after},",
            "     verdict: null, cause: null}",
        ]
    path.write_text("labels:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) // 4


# ── main ──────────────────────────────────────────────────────────────────────────────────


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-11-21, got {value!r}") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--corpus", help="shared/corpus, or the folder with the *_messages.json (env CLAIMWATCH_CORPUS)"
    )
    parser.add_argument("--claims", default=str(CLAIMS), help="sides and claims (default: bench/field_trial.yaml)")
    parser.add_argument(
        "--workdir", help="where pages, feeds.yaml, the database and the log go (default: a new temp dir)"
    )
    parser.add_argument(
        "--out", help="JSON lines of the stance_flip and number_change alerts (default: WORKDIR/alerts.jsonl)"
    )
    parser.add_argument("--cmd", help="the claimwatch command to run (default: python -m bot from this checkout)")
    parser.add_argument("--first", type=_day, help="first Moscow day to replay (default: the corpus's first)")
    parser.add_argument("--last", type=_day, help="last Moscow day to replay (default: the corpus's last)")
    parser.add_argument("--labels", help="labels file to score the alerts with (e.g. bench/field_trial_labels.yaml)")
    parser.add_argument("--from-alerts", help="score this alerts.jsonl instead of replaying")
    parser.add_argument("--todo", help="write label stubs for the alerts no label covers to this file")
    parser.add_argument("--posts", action="store_true", help="print each alert's whole before/after posts")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one product command may take (default 900)")
    args = parser.parse_args(argv)

    try:
        corpus = find_corpus(args.corpus) if not args.from_alerts or args.posts else None
        channels = load_channels(corpus) if corpus else []
        posts = {p.url: p for c in channels for p in c.posts}
        report: Replay | None = None
        counts: dict[str, Any] = {}
        if args.from_alerts:
            source = Path(args.from_alerts)
            try:
                alerts = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
            except (OSError, ValueError) as exc:
                raise TrialError(f"{source}: cannot read alerts: {exc}") from exc
            out = None
        else:
            assert corpus is not None
            try:
                claims = yaml.safe_load(Path(args.claims).read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError) as exc:
                raise TrialError(f"{args.claims}: cannot read the claims: {exc}") from exc
            if not isinstance(claims, dict) or not {"sides", "claims"} <= claims.keys():
                raise TrialError(f"{args.claims}: expected `sides:` and `claims:`")
            workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="claimwatch-field-trial-"))
            cmd = product_command(args.cmd)
            print(f"corpus:  {corpus} ({len(posts)} posts, {len(channels)} channels)")
            print(f"product: {shlex.join(cmd)} (from {CHECKOUT} at {checkout_version()})")
            print(f"workdir: {workdir}")
            report = replay(channels, claims, workdir.resolve(), cmd, args.first, args.last, args.timeout)
            every = read_alerts(cmd, workdir.resolve(), args.timeout)
            counts = database_counts(workdir / "claimwatch.db")
            counts["alerts by kind (all)"] = dict(Counter(a["kind"] for a in every))
            alerts = every
            out = Path(args.out) if args.out else workdir / "alerts.jsonl"
        chosen = sorted((a for a in alerts if a["kind"] in KINDS), key=lambda a: a["id"])
        if out is not None:
            out.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in chosen), encoding="utf-8")

        print(f"\n== {len(chosen)} stance_flip and number_change alerts")
        print_alerts(chosen, posts, args.posts)

        print("\n== Summary")
        by_kind = Counter(a["kind"] for a in chosen)
        for kind in KINDS:
            print(f"   {kind:14s} {by_kind.get(kind, 0)}")
        for label, value in counts.items():
            print(f"   {label}: {value}")
        if report is not None:
            polls = sorted(report.poll_seconds)
            print(f"   days replayed: {report.days}, pages written: {report.pages}, posts shown: {report.posts}")
            print(f"   time: {report.total_seconds:.0f}s in all; a poll {polls[0]:.1f}s min, "
                  f"{polls[len(polls) // 2]:.1f}s median, {polls[-1]:.1f}s max")  # fmt: skip
            for line in report.failures:
                print(f"   source failed: {line}")
            for line in report.unexpected:
                print(f"   poll exited 1 (unexpected error in a source): {line}")
        if out is not None:
            print(f"   alerts written to {out}")

        labels = load_labels(Path(args.labels)) if args.labels else []
        if args.labels:
            score(chosen, labels)
        if args.todo:
            n = write_todo(Path(args.todo), chosen, labels)
            print(f"\n   {n} alert(s) without a label: stubs in {args.todo}")
    except TrialError as exc:
        print(f"field_trial: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
