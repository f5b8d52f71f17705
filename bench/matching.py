"""Matching scale: per-item cost of extract + compare with 10, 100 and 1,000 claims.

Target: 1,000 claims cost at most 2x what 10 claims cost, per item. Claims are generated in
English, Russian and Ukrainian (places, actions, side aliases); items are real Russian news
posts from ../shared/corpus/war when present, plus generated English and Ukrainian sentences.

    .venv/bin/python bench/matching.py [--items 600] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from bot.compare import number_change, stance_flip
from bot.extract import extract
from bot.model import Claim, Config, ItemText, Side, Statement

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/war/nktkln-telegram-news-classifier/data/raw"
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


def make_items(count: int, claims: int) -> list[ItemText]:
    texts: list[str] = []
    for path in sorted(CORPUS.glob("*_messages.json")):
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


def per_item_seconds(config: Config, items: list[ItemText], repeat: int) -> tuple[float, int]:
    extract(items[0], config)  # build and cache the matcher outside the timed loop
    best = float("inf")
    found = 0
    for _ in range(repeat):
        history: dict[tuple[str, str], list[Statement]] = {}
        started = time.perf_counter()
        found = 0
        for n, item in enumerate(items):
            for statement in extract(item, config):
                found += 1
                said = history.setdefault((statement.claim, statement.side), [])
                said.append(Statement(**{**statement.__dict__, "id": n}))
                stance_flip.find(said, [])
                number_change.find(said, [])
        best = min(best, (time.perf_counter() - started) / len(items))
    return best, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for claims in (10, 100, 1000):
        config = make_config(claims)
        items = make_items(args.items, claims)
        seconds, found = per_item_seconds(config, items, args.repeat)
        results[claims] = seconds
        print(f"{claims:>5} claims: {seconds * 1e6:9.1f} µs per item ({found} statements from {len(items)} items)")
    ratio = results[1000] / results[10]
    print(f"ratio 1000 vs 10 claims: {ratio:.2f}x (target <= 2.00x) {'OK' if ratio <= 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
