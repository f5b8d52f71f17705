"""Matching scale: per-item cost of extract + compare with 10, 100 and 1,000 claims.

Target: 1,000 claims cost at most 2x what 10 claims cost, per item. Claims are generated in
English, Russian and Ukrainian (places, actions, side aliases); items are real Russian news
posts from ../shared/corpus/war when present, plus generated English and Ukrainian sentences.

    .venv/bin/python bench/matching.py [--items 600] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

from bot.compare import number_change, stance_flip
from bot.extract import extract
from bot.model import Claim, Config, ItemText, Side, Statement

CORPUS_PART = Path("corpus/war/nktkln-telegram-news-classifier/data/raw")


def find_corpus() -> Path | None:
    """The shared corpus beside any checkout (a worktree sits deeper than a clone): the first
    `shared/` above this file that has it, or CLAIMWATCH_CORPUS."""
    if os.environ.get("CLAIMWATCH_CORPUS"):
        return Path(os.environ["CLAIMWATCH_CORPUS"])
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / CORPUS_PART
        if candidate.is_dir():
            return candidate
    return None


SYLLABLES = ["ba", "kh", "mut", "ov", "ka", "lyn", "sk", "ivk", "ro", "dan", "zel", "pol", "vor", "nik", "tur"]
RU = ["ба", "хм", "ут", "ов", "ка", "лин", "ск", "ивк", "ро", "дан", "зел", "пол", "вор", "ник", "тур"]


def town(n: int, alphabet: list[str]) -> str:
    rng = random.Random(n)
    return "".join(rng.choice(alphabet) for _ in range(3)).capitalize() + str(n % 7 if n > 100 else "")


def make_config(claims: int) -> Config:
    sides = (
        Side("Russian MoD", ("Russian Defence Ministry", "Konashenkov", "Минобороны России", "Конашенков")),
        Side("Ukraine", ("General Staff", "Zelensky", "Генштаб ЗСУ", "Зеленськ", "Зеленск")),
        Side("Wagner", ("Prigozhin", "Пригожин")),
    )
    made = []
    for n in range(claims):
        en, ru = town(n, SYLLABLES), town(n, RU)
        made.append(
            Claim(
                id=f"claim-{n}",
                text=f"Forces withdrew from {en}",
                match=(en, ru, ru[:-1] + "і"),
                supports=("withdrew", "retreat", "fell back", "отступ", "отошли", "відступ"),
                refutes=("repelled", "holding", "отразили", "утримують"),
            )
        )
    return Config(path="bench", sides=sides, claims=tuple(made))


def make_items(count: int, claims: int, corpus: Path | None) -> list[ItemText]:
    texts: list[str] = []
    for path in sorted(corpus.glob("*_messages.json")) if corpus else []:
        texts += [m["text"] for m in json.loads(path.read_text(encoding="utf-8")) if m.get("text")]
    rng = random.Random(7)
    generated = [
        "Russia's defence ministry said its forces repelled attacks near {en} and held their positions.",
        "Konashenkov said troops fell back to regroup near {en}.",
        "Генштаб ЗСУ повідомив, що підрозділи утримують позиції біля {ru}.",
        "Минобороны России заявило, что подразделения отошли от {ru} на более выгодные рубежи.",
        "Six civilians were injured in {en}, officials said.",
    ]
    rng.shuffle(texts)
    texts = texts[: count // 2]  # half real posts (mostly about no claim), half about claims
    while len(texts) < count:
        n = rng.randrange(max(claims, 1))
        texts.append(rng.choice(generated).format(en=town(n, SYLLABLES), ru=town(n, RU)))
    rng.shuffle(texts)
    return [
        ItemText(
            source="Bench",
            url=f"https://example.org/{i}",
            title="",
            text=t[:2000],
            published=None,
            source_side="Russian MoD" if i % 3 == 0 else None,
            item_id=i,
            revision_id=i,
        )
        for i, t in enumerate(texts[:count])
    ]


def per_item_seconds(config: Config, items: list[ItemText], repeat: int) -> tuple[float, int, float, float]:
    """Best of `repeat`: seconds per item overall, statements found, and seconds per item for
    items that name a claim (give a statement) and for those that do not."""
    extract(items[0], config)  # build and cache the matcher outside the timed loop
    best = (float("inf"), 0, float("inf"), float("inf"))
    for _ in range(repeat):
        history: dict[tuple[str, str], list[Statement]] = {}
        naming: list[float] = []
        other: list[float] = []
        found = 0
        for n, item in enumerate(items):
            started = time.perf_counter()
            said_here = extract(item, config)
            for statement in said_here:
                said = history.setdefault((statement.claim, statement.side), [])
                said.append(Statement(**{**statement.__dict__, "id": n}))
                stance_flip.find(said[-2:], [])  # compared with its slice, as the poll does
                number_change.find(said[-2:], [])
            (naming if said_here else other).append(time.perf_counter() - started)
            found += len(said_here)
        total = (sum(naming) + sum(other)) / len(items)
        if total < best[0]:
            best = (total, found, sum(naming) / max(len(naming), 1), sum(other) / max(len(other), 1))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = find_corpus()
    if corpus is None:
        print("corpus NOT found (no shared/corpus above this checkout; set CLAIMWATCH_CORPUS): generated items only")
    else:
        print(f"corpus: {corpus}")
    results = {}
    for claims in (10, 100, 1000):
        config = make_config(claims)
        items = make_items(args.items, claims, corpus)
        seconds, found, naming, other = per_item_seconds(config, items, args.repeat)
        results[claims] = seconds
        print(f"{claims:>5} claims: {seconds * 1e6:9.1f} µs per item ({found} statements from {len(items)} items); "
              f"naming a claim {naming * 1e6:.1f} µs, naming none {other * 1e6:.1f} µs")  # fmt: skip
    ratio = results[1000] / results[10]
    print(f"ratio 1000 vs 10 claims: {ratio:.2f}x (target <= 2.00x) {'OK' if ratio <= 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
