"""The labelled tables of figure and stance sentences, and how extraction is scored against them.

    python -m tests.tables            # per-language accuracy of both tables
    python -m tests.tables --errors   # and every entry extraction gets wrong

The tables (tests/data/figures/*.yaml, tests/data/stance/*.yaml) were labelled by reading,
independently of the code; their format and labelling decisions are in the README beside them.
`tests/test_tables.py` keeps the accuracy from falling below the floors it states.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from bot.extract import Reading, concepts, extract, morph
from bot.extract.figures import Context, figures
from bot.model import Claim, Config, Figure, ItemText, Qualifier, Settings, Side, Stance

DATA = Path(__file__).parent / "data"
LANGUAGES = ("en", "ru", "uk")
PUBLISHED = datetime(2024, 11, 30, 9, 0, tzinfo=UTC)

# The tables name events in plain English; these are the same events under our concept names.
_EVENT_SYNONYMS = {
    "shot down": "downed", "intercepted": "downed", "died": "killed", "dead": "killed", "arrested": "detained",
    "trapped": "missing", "hurt": "injured", "wounded": "injured", "in serious condition": "injured",
    "in critical condition": "injured", "needed surgery": "injured", "exchanged": "returned", "released": "returned",
}  # fmt: skip


def load(kind: str, lang: str) -> Any:
    return yaml.safe_load((DATA / kind / f"{kind}-{lang}.yaml").read_text(encoding="utf-8"))


@dataclass
class FigureScore:
    entries: int = 0
    exact: int = 0  # every figure found, with its qualifier, thing and unit, and nothing else
    expected: int = 0
    found: int = 0  # expected figures whose value was found
    extra: int = 0  # figures found that the table does not have (compared qualifiers only)
    qualifier: int = 0  # of the found, qualifier right
    thing: int = 0
    event: int = 0
    unit: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self, lang: str) -> str:
        def pct(n: int, d: int) -> str:
            return f"{100 * n / d:5.1f}%" if d else "   - "

        return (
            f"{lang}  sentences {self.entries:4d}  exact {pct(self.exact, self.entries)}  "
            f"values found {pct(self.found, self.expected)}  extra {self.extra:3d}  "
            f"qualifier {pct(self.qualifier, self.found)}  thing {pct(self.thing, self.found)}  "
            f"event {pct(self.event, self.found)}  unit {pct(self.unit, self.found)}"
        )


def _thing_ok(figure: Figure, expected: dict[str, Any], lang: str) -> bool:
    want = expected.get("thing")
    if want is None:
        return not figure.thing
    got = figure.thing
    head = expected.get("head")
    concept = concepts.thing_concept(morph.lemma(str(want).split()[-1], "en"), "en")
    if got in (concept, want):
        return True
    if head and got.endswith(":" + morph.lemma(str(head), lang).replace("ё", "е")):
        return True
    return bool(head) and got == concepts.thing_concept(morph.lemma(str(head), lang), lang)


def _event_ok(figure: Figure, expected: dict[str, Any]) -> bool:
    want = expected.get("event")
    if want is None:
        return not figure.event
    want = _EVENT_SYNONYMS.get(str(want), str(want))
    if figure.event == want:
        return True
    return figure.event == concepts.event_concept(morph.lemma(want.split()[0], "en"), "en")


def _unit_ok(figure: Figure, expected: dict[str, Any]) -> bool:
    want = expected.get("unit")
    got = figure.unit or None
    if want is None:
        return got is None
    return got == (concepts.unit_concept(str(want).lower()) or str(want))


def score_figures(lang: str, errors: bool = False) -> FigureScore:
    score = FigureScore()
    for entry in load("figures", lang):
        score.entries += 1
        context_text = entry.get("context") or ""
        header_figures = tuple(f.figure for f in figures(context_text, Context(published=PUBLISHED, lang=lang)))
        context = Context(header=context_text, header_figures=header_figures if context_text.rstrip().endswith(":")
                          else (), published=PUBLISHED, lang=lang)  # fmt: skip
        got = [f.figure for f in figures(entry["text"], context)]
        expected = entry.get("figures") or []
        score.expected += len(expected)
        unmatched = list(got)
        ok = True
        problems: list[str] = []
        for want in expected:
            match = next((f for f in unmatched if abs(f.value - float(want["value"])) < 1e-6), None)
            if match is None:
                ok = False
                problems.append(f"missed {want['value']} {want.get('thing')}|{want.get('event')} {want['qualifier']}")
                continue
            unmatched.remove(match)
            score.found += 1
            q = match.qualifier == Qualifier(want["qualifier"])
            t, e, u = _thing_ok(match, want, lang), _event_ok(match, want), _unit_ok(match, want)
            score.qualifier += q
            score.thing += t
            score.event += e
            score.unit += u
            if not (q and t and u):
                ok = False
            if not (q and t and u and e):
                problems.append(
                    f"{want['value']}: want {want.get('thing')}|{want.get('event')}|{want.get('unit')} "
                    f"{want['qualifier']}, got {match.counted} {match.qualifier}"
                )
        extra = [f for f in unmatched if f.qualifier.compared]
        score.extra += len(extra)
        if extra:
            ok = False
            problems += [f"extra {f.value:g} {f.counted} {f.qualifier}" for f in extra]
        score.exact += ok
        if errors and problems:
            score.errors.append(f"{entry['id']}: {entry['text']}\n      " + "\n      ".join(problems))
    return score


@dataclass
class StanceScore:
    entries: int = 0
    exact: int = 0  # speaker and stance both right
    stance: int = 0
    speaker: int = 0
    decided: int = 0  # entries labelled supports/refutes
    decided_right: int = 0
    said_wrong: int = 0  # a supports/refutes where the table has neutral or the other one
    by_frame: dict[str, list[int]] = field(default_factory=dict)  # frame → [right, total]
    errors: list[str] = field(default_factory=list)

    def line(self, lang: str) -> str:
        def pct(n: int, d: int) -> str:
            return f"{100 * n / d:5.1f}%" if d else "   - "

        return (
            f"{lang}  sentences {self.entries:4d}  exact {pct(self.exact, self.entries)}  "
            f"stance {pct(self.stance, self.entries)}  speaker {pct(self.speaker, self.entries)}  "
            f"decided found {pct(self.decided_right, self.decided)}  wrong stances {self.said_wrong:3d}"
        )


def _stance_config(table: dict[str, Any]) -> Config:
    sides = tuple(Side(s["name"], tuple(s.get("aliases") or ())) for s in table["sides"])
    claims = tuple(
        Claim(
            c["id"],
            c["text"],
            tuple(c.get("match") or ()),
            tuple(c.get("supports") or ()),
            tuple(c.get("refutes") or ()),
        )
        for c in table["claims"]
    )
    return Config(path="stance-table", sides=sides, claims=claims, settings=Settings(semantic=False))


def score_stance(lang: str, errors: bool = False) -> StanceScore:
    table = load("stance", lang)
    config = _stance_config(table)
    score = StanceScore()
    for entry in table["entries"]:
        score.entries += 1
        context = (entry.get("context") or "").strip()
        text = f"{context}\n{entry['text']}" if context else entry["text"]
        item = ItemText(source="table", url=None, title="", text=text, published=PUBLISHED,
                        source_side=entry.get("source_side"), item_id=1, revision_id=1)  # fmt: skip
        readings: list[Reading] = []
        extract(item, config, readings)
        last = max((r.segment for r in readings), default=-1)
        mine = [r for r in readings if r.claim == entry["claim"] and r.segment == last and (
            not context or last > 0)]  # fmt: skip
        said = next((r for r in mine if r.stance is not Stance.NEUTRAL), mine[0] if mine else None)
        got_stance = str(said.stance) if said else "neutral"
        got_speaker = said.side if said else None
        want_stance, want_speaker = entry["stance"], entry.get("speaker")
        stance_ok = got_stance == want_stance
        speaker_ok = got_speaker == want_speaker or (want_stance == "neutral" and stance_ok and got_speaker is None)
        score.stance += stance_ok
        score.speaker += speaker_ok
        score.exact += stance_ok and speaker_ok
        if want_stance != "neutral":
            score.decided += 1
            score.decided_right += stance_ok and speaker_ok
        if got_stance != "neutral" and not stance_ok:
            score.said_wrong += 1
        tally = score.by_frame.setdefault(entry.get("frame", "?"), [0, 0])
        tally[0] += stance_ok and speaker_ok
        tally[1] += 1
        if errors and not (stance_ok and speaker_ok):
            score.errors.append(
                f"{entry['id']} [{entry.get('frame')}] {entry['claim']}: {entry['text']}\n"
                f"      want {want_speaker}/{want_stance}, got {got_speaker}/{got_stance}"
            )
    return score


def figure_scores(errors: bool = False) -> Iterator[tuple[str, FigureScore]]:
    for lang in LANGUAGES:
        yield lang, score_figures(lang, errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the entries extraction gets wrong")
    parser.add_argument("--lang", choices=LANGUAGES, help="one language only")
    parser.add_argument("--kind", choices=("figures", "stance"), action="append", help="one table only")
    parser.add_argument("--frames", action="store_true", help="stance accuracy per frame")
    args = parser.parse_args(argv)
    parser_kinds = args.kind or ["figures", "stance"]
    if "figures" in parser_kinds:
        print("figures")
        for lang, score in figure_scores(args.errors):
            if args.lang and lang != args.lang:
                continue
            print(" ", score.line(lang))
            for error in score.errors:
                print("    ", error)
    if "stance" in parser_kinds:
        print("stance")
        for lang in LANGUAGES:
            if args.lang and lang != args.lang:
                continue
            stance_score = score_stance(lang, args.errors)
            print(" ", stance_score.line(lang))
            if args.frames:
                for frame, (right, total) in sorted(stance_score.by_frame.items()):
                    print(f"      {frame:15s} {right:3d}/{total:3d}")
            for error in stance_score.errors:
                print("    ", error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
