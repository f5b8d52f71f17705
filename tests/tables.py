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

from bot.extract import concepts, morph
from bot.extract.figures import Context, figures
from bot.model import Figure, Qualifier

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


def figure_scores(errors: bool = False) -> Iterator[tuple[str, FigureScore]]:
    for lang in LANGUAGES:
        yield lang, score_figures(lang, errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the entries extraction gets wrong")
    parser.add_argument("--lang", choices=LANGUAGES, help="one language only")
    args = parser.parse_args(argv)
    print("figures")
    for lang, score in figure_scores(args.errors):
        if args.lang and lang != args.lang:
            continue
        print(" ", score.line(lang))
        for error in score.errors:
            print("    ", error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
