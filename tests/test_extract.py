"""The claims engine, module by module, in English, Russian and Ukrainian."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.extract import extract, matcher_for
from bot.extract.claims import claim_terms
from bot.extract.sentences import split
from bot.extract.terms import matches, stem
from bot.model import Claim, Config, Settings, Side, Stance
from tests.builders import make_text

# ── terms ─────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("term", "text", "hit"),
    [
        ("retreat", "Troops retreated overnight", True),
        ("отступ", "Войска отступили ночью", True),
        ("Бахмут", "под Бахмутом", True),
        ("fell back", "they fell   back to regroup", True),
        ("fell back", "they fell and went back", False),
        ("no breakthrough", "there was not breakthrough", False),
        ("treat", "they retreated", False),  # only at the start of a word
        ("Пасечник", "сообщил Леонид Пасечника", True),
        ("Министерство обороны", "Министерства обороны России", True),  # the first word inflects too
        ("Слов'янськ", "у Слов’янську", True),  # both apostrophes
        ("ёлка", "ЕЛКА", True),
        ("«Вагнер»", "бойцы «Вагнера»", True),
    ],
)
def test_terms_match_at_word_starts_and_may_be_cut_short(term: str, text: str, hit: bool) -> None:
    assert matches(term, text) is hit


@given(st.sampled_from(["Бахмут", "Отступили", "Київ", "withdrew"]), st.sampled_from(["", " ", "  \u00a0"]))
def test_case_yo_and_whitespace_never_change_a_match(word: str, space: str) -> None:
    text = f"Сегодня{space} {word.upper()} и {word.lower()}".replace("е", "ё")
    assert matches(word, text)
    assert matches(word.replace("е", "ё"), text.lower())


def test_stems_are_only_for_long_cyrillic_words() -> None:
    assert stem("пасечника") == "пасечник"
    assert stem("кива") == "кива" and stem("retreated") == "retreated"


# ── sentences ─────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Gen. Syrskyi said so. Lt. Col. Smith agreed.", 2),
        ("Площадь 40 кв. км занята. Это т.е. всё.", 2),
        ("«Мы отошли. Это факт», — заявил Ю. Подоляка. Далее.", 2),
        ('He said: "We left. We had to." Then he went home.', 2),
        ("Власти подтвердили,\nчто аэропорт закрыт.\nНовая строка.", 2),
        ("Ціна 1.5 тис. грн. Далі текст.", 2),
    ],
)
def test_sentences_do_not_break_on_abbreviations_initials_or_quotes(text: str, count: int) -> None:
    assert len(split(text)) == count


# ── numbers ───────────────────────────────────────────────────────────────────────────────


# ── stance and attribution, through extract ───────────────────────────────────────────────

CONFIG = Config(
    path="test",
    sides=(
        Side("Russian MoD", ("Russian defence ministry", "Konashenkov", "Минобороны России", "Конашенков")),
        Side("Wagner", ("Prigozhin", "Пригожин")),
        Side("Ukraine", ("Zelensky", "Зеленськ", "Сирськ", "General Staff", "Генштаб ЗСУ")),
    ),
    claims=(
        Claim("retreat", "Russian forces retreated near Bakhmut", match=("Bakhmut", "Бахмут"),
              supports=("fell back", "retreat", "regroup", "rout", "отошли", "отступ", "відступ"),
              refutes=("repelled", "no breakthrough", "отразили", "прорыва не", "утримують")),
        Claim("founder", "Yevgeny Prigozhin founded the Wagner private military group"),
    ),
)  # fmt: skip


def said(text: str, side: str | None = None, title: str = "") -> dict[tuple[str, str], Stance]:
    return {(s.claim, s.side): s.stance for s in extract(make_text(text, side=side, title=title), CONFIG)}


@pytest.mark.parametrize(
    ("text", "side", "expected"),
    [
        # explicit speakers, in three languages
        ("Konashenkov said troops repelled attacks near Bakhmut.", None, {("retreat", "Russian MoD"): Stance.REFUTES}),
        (
            "Минобороны России заявило, что войска отошли от Бахмута.",
            None,
            {("retreat", "Russian MoD"): Stance.SUPPORTS},
        ),
        ("Як заявив Сирський, війська відступили від Бахмута.", None, {("retreat", "Ukraine"): Stance.SUPPORTS}),
        # a speaker quoting another side keeps the words
        (
            'Prigozhin said what Konashenkov described "is called a rout, not a regrouping" near Bakhmut.',
            None,
            {("retreat", "Wagner"): Stance.SUPPORTS},
        ),
        # contrast: the clause after "but" carries the point
        (
            "Konashenkov said troops repelled 26 attacks near Bakhmut but fell back to regroup.",
            None,
            {("retreat", "Russian MoD"): Stance.SUPPORTS},
        ),
        # negation before and after the cue
        ("Konashenkov said troops did not retreat from Bakhmut.", None, {("retreat", "Russian MoD"): Stance.REFUTES}),
        ("Под Бахмутом прорыва нет.", "Russian MoD", {("retreat", "Russian MoD"): Stance.REFUTES}),
        # denial of the proposition
        (
            "Сообщения об отступлении от Бахмута не соответствуют действительности.",
            "Russian MoD",
            {("retreat", "Russian MoD"): Stance.REFUTES},
        ),
        # hedges, questions, conditionals: neutral
        (
            "Konashenkov said troops had reportedly fell back near Bakhmut.",
            None,
            {("retreat", "Russian MoD"): Stance.NEUTRAL},
        ),
        ("Отошли ли войска от Бахмута?", "Russian MoD", {("retreat", "Russian MoD"): Stance.NEUTRAL}),
        (
            "If confirmed, a retreat from Bakhmut would be a blow, Konashenkov said.",
            None,
            {("retreat", "Russian MoD"): Stance.NEUTRAL},
        ),
        # no side: unnamed sources, untracked speakers, or no source side
        ("According to unnamed bloggers, troops fell back near Bakhmut.", "Russian MoD", {}),
        ("Western analysts said troops fell back near Bakhmut.", None, {}),
        ("Troops fell back near Bakhmut.", None, {}),
        # background is not today's word
        ("Konashenkov had said troops repelled attacks near Bakhmut.", None, {}),
    ],
)
def test_who_says_what(text: str, side: str | None, expected: dict[tuple[str, str], Stance]) -> None:
    assert said(text, side) == expected


def test_the_source_side_speaks_when_no_one_else_does() -> None:
    assert said("Подразделения отошли от Бахмута.", "Russian MoD") == {("retreat", "Russian MoD"): Stance.SUPPORTS}


def test_a_pronoun_continues_the_last_speaker() -> None:
    text = "Konashenkov spoke on Friday about Bakhmut. He said the troops fell back to regroup."
    assert said(text) == {("retreat", "Russian MoD"): Stance.SUPPORTS}


def test_a_claim_given_only_as_text() -> None:
    terms = claim_terms(CONFIG.claims[1])
    assert terms.derived and {"Prigozhin", "Wagner"} <= set(terms.anchors) and "found" in terms.supports
    assert said("Prigozhin said he founded the Wagner group in 2014.") == {("founder", "Wagner"): Stance.SUPPORTS}
    assert said("Prigozhin's company denied any connection to Wagner.") == {("founder", "Wagner"): Stance.REFUTES}
    # a denial about something else that names both is not about founding
    assert said("Prigozhin denied that army units fought in Soledar alongside Wagner.") == {
        ("founder", "Wagner"): Stance.NEUTRAL
    }


def test_nothing_about_a_claim_gives_nothing() -> None:
    assert said("The weather in Kyiv was sunny.", "Ukraine") == {}


def test_the_matcher_is_compiled_once_per_config() -> None:
    assert matcher_for(CONFIG) is matcher_for(CONFIG)


# ── the optional semantic layer ───────────────────────────────────────────────────────────

SEMANTIC = Config(
    path="test",
    sides=(Side("Prigozhin", ("Prigozhin", "Пригожин", "Concord")),),
    claims=(Claim("founder", "Yevgeny Prigozhin founded the Wagner private military group"),),
)


@pytest.mark.skipif(not __import__("bot.extract.semantic").extract.semantic.available(), reason="semantic extra")
def test_a_text_only_claim_is_matched_across_languages_with_the_semantic_extra() -> None:
    def found(text: str) -> dict[tuple[str, str], Stance]:
        return {(s.claim, s.side): s.stance for s in extract(make_text(text), SEMANTIC)}

    assert found("Пригожин заявил, что основал группу Вагнера в 2014 году.") == {
        ("founder", "Prigozhin"): Stance.SUPPORTS
    }
    assert found("Пригожин заявив, що заснував групу Вагнера у 2014 році.") == {
        ("founder", "Prigozhin"): Stance.SUPPORTS
    }
    assert found("Пригожин заявил, что его компания основала сеть ресторанов.") == {}


def test_without_the_extra_a_text_only_claim_meets_other_languages_through_names_and_predicates() -> None:
    off = Config(path="t", sides=SEMANTIC.sides, claims=SEMANTIC.claims, settings=Settings(semantic=False))

    def found(text: str) -> dict[tuple[str, str], Stance]:
        return {(s.claim, s.side): s.stance for s in extract(make_text(text), off)}

    # the names sound alike and "основал" is in the predicate table: lexical, no model needed
    assert found("Пригожин заявил, что основал группу Вагнера в 2014 году.") == {
        ("founder", "Prigozhin"): Stance.SUPPORTS
    }
    # a paraphrase with neither the predicate nor a second participant is left to the extra
    assert found("Пригожин заявил, что он создатель ЧВК.") == {}


def test_a_speaker_relaying_another_partys_claim_is_not_taking_a_stance() -> None:
    assert said("Konashenkov said Ukraine claimed Russian troops fell back near Bakhmut.") == {
        ("retreat", "Russian MoD"): Stance.NEUTRAL
    }
    assert said("Минобороны России заявило, что Киев утверждает, будто войска отошли от Бахмута.") == {
        ("retreat", "Russian MoD"): Stance.NEUTRAL
    }


def test_a_figure_about_one_claim_is_not_given_to_another_claim_of_the_item() -> None:
    config = Config(
        path="t",
        sides=(Side("Gov", ("the governor",)),),
        claims=(
            Claim("port", "A strike on the port injured people", match=("port",)),
            Claim("bridge", "The bridge was destroyed", match=("bridge",), supports=("destroyed",)),
        ),
    )
    text = "Nine people were injured in the strike on the port, the governor said. The bridge is fine, he said."
    statements = {s.claim: s for s in extract(make_text(text), config)}
    assert [f.value for f in statements["port"].figures] == [9]
    assert "bridge" not in statements or statements["bridge"].figures == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a word that both reports and denies ("denied") is both
        ("The General Staff denied that Russian forces retreated from Bakhmut.", {("retreat", "Ukraine"): Stance.REFUTES}),
        # declining to comment, or not confirming, is not a stance
        ("Konashenkov declined to comment on reports that troops fell back near Bakhmut.",
         {("retreat", "Russian MoD"): Stance.NEUTRAL}),
        ("Минобороны России не подтвердило отход войск от Бахмута.", {("retreat", "Russian MoD"): Stance.NEUTRAL}),
        # someone's reports named as such are theirs, unless denied
        ("Konashenkov said reports that troops fell back near Bakhmut were circulating.",
         {("retreat", "Russian MoD"): Stance.NEUTRAL}),
        ("Konashenkov dismissed reports that troops fell back near Bakhmut.", {("retreat", "Russian MoD"): Stance.REFUTES}),
    ],
)  # fmt: skip
def test_reports_comments_and_confirmations(text: str, expected: dict[tuple[str, str], Stance]) -> None:
    assert said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an inflected multi-word alias ("Генштаб ЗСУ" → "Генштабу ЗСУ")
        ("За даними Генштабу ЗСУ, війська відступили від Бахмута.", {("retreat", "Ukraine"): Stance.SUPPORTS}),
        # a word after an opening apostrophe-quote is a word ('a rout')
        ("Prigozhin said the retreat near Bakhmut was 'a rout'.", {("retreat", "Wagner"): Stance.SUPPORTS}),
        # "claims" as a noun does not make the speaker a relay
        ("The General Staff said Russian claims of a retreat from Bakhmut were a lie.", {("retreat", "Ukraine"): Stance.REFUTES}),
        # an apposition with a relative clause between the speaker and its verb
        ("Konashenkov, who has repeatedly denied any retreat, said on Monday troops fell back near Bakhmut.",
         {("retreat", "Russian MoD"): Stance.SUPPORTS}),
        # having no information is not a stance
        ("Konashenkov said he had no information about a retreat from Bakhmut.", {("retreat", "Russian MoD"): Stance.NEUTRAL}),
    ],
)  # fmt: skip
def test_more_attribution_and_wording(text: str, expected: dict[tuple[str, str], Stance]) -> None:
    assert said(text) == expected


def test_negation_stays_in_its_clause() -> None:
    config = Config(
        path="t",
        sides=(Side("Ukraine", ("Сирськ",)),),
        claims=(
            Claim(
                "pok",
                "Forces withdrew from Pokrovsk",
                match=("Покровськ",),
                supports=("вийшли",),
                refutes=("тримають оборону",),
            ),
        ),
    )
    text = make_text("Прориву під Покровськом немає, підрозділи тримають оборону.", side="Ukraine")
    assert [s.stance for s in extract(text, config)] == [Stance.REFUTES]


def test_daily_reports_and_forces_described_give_no_figures_to_compare() -> None:
    config = Config(
        path="t",
        sides=(Side("Russian MoD", ("Минобороны России",)),),
        claims=(Claim("kup", "Kupiansk front", match=("Купянск",)),),
    )
    daily = make_text("За сутки на Купянском направлении потери ВСУ составили до 140 военнослужащих.\n"
                      "Уничтожены 3 танка.", side="Russian MoD")  # fmt: skip
    assert all(s.figures == () for s in extract(daily, config))  # kept by extraction only as counts for a day
    forces = make_text("У Купянска сосредоточено 1 000 военнослужащих.", side="Russian MoD")
    assert all(s.figures == () for s in extract(forces, config))
    toll = make_text("В Купянске погибли 4 военнослужащих.", side="Russian MoD")
    assert [(f.value, f.counted) for s in extract(toll, config) for f in s.figures] == [(4, "soldier|killed|")]


def test_a_results_line_is_the_feeds_word_not_the_named_partys() -> None:
    config = Config(
        path="t",
        sides=(Side("CEC", ("election commission",)), Side("Dream", ("Georgian Dream",))),
        claims=(Claim("vote", "Georgian Dream won the election", match=("election",)),),
        settings=Settings(semantic=False),
    )
    text = "The election commission announces the preliminary results of the election:\nGeorgian Dream: 54.08%\n" \
           "Coalition for Change: 10.92%"  # fmt: skip
    figures = {(s.side, f.counted, f.value) for s in extract(make_text(text, side="CEC"), config) for f in s.figures}
    assert figures == {("CEC", "en:georgian dream||percent", 54.08), ("CEC", "en:coalition for change||percent", 10.92)}
    # a colon before words, not a bare figure, still gives the name the word
    quoted = extract(make_text("Georgian Dream: we won the election with 54%", side="CEC"), config)
    assert [s.side for s in quoted] == ["Dream"]


def test_the_town_a_post_opens_with_is_the_place_of_its_figures_not_the_region() -> None:
    config = Config(
        path="t",
        sides=(Side("Gov", ("губернатор Белгородской области", "мэрия Белгорода")),),
        claims=(Claim("shelling", "Shelling damages homes in Belgorod region", match=("Белгород",)),),
        settings=Settings(semantic=False),
    )
    town = "Белгород и Белгородский район подверглись обстрелу.\n\nПо предварительной информации:\n" \
           "— повреждены 17 частных домов;"  # fmt: skip
    region = "В Белгородской области после обстрела повреждены 17 частных домов."
    (town_figure,) = [f for s in extract(make_text(town, side="Gov"), config) for f in s.figures]
    (region_figure,) = [f for s in extract(make_text(region, side="Gov"), config) for f in s.figures]
    assert town_figure.places and not region_figure.places


def _figures_of(text: str, claim: Claim, side: str, title: str = "", at: str = "2021-01-31T21:00:00+00:00"
                ) -> list[tuple[float, str | None]]:  # fmt: skip
    from datetime import datetime

    config = Config(path="t", sides=(Side(side, (side,)),), claims=(claim,))
    item = make_text(text, title=title, side=side, at=datetime.fromisoformat(at))
    return [(f.value, f.when) for s in extract(item, config) for f in s.figures]


def test_the_leads_first_time_cue_names_the_incident() -> None:
    claim = Claim("detained", "Detentions at the Navalny protests", match=("Navalny", "detain"))
    # "on Sunday" comes first: the January 23 after it is the record compared with, not this post's day
    text = ("Police detained more than 5,000 people on Sunday at protests for Navalny, a record after the 4,002 "
            "counted on January 23.")  # fmt: skip
    assert _figures_of(text, claim, "OVD-Info") == [(5000, None)]


def test_a_claim_about_one_dated_day_dates_the_figures_that_name_none() -> None:
    claim = Claim("result", "Лукашенко победил на президентских выборах в Беларуси 9 августа 2020 года")
    text = "ЦИК утвердил итоги выборов в Беларуси: Лукашенко А.Г. — 80,10%."
    assert _figures_of(text, claim, "ЦИК", at="2020-08-14T14:00:00+00:00") == [(80.1, "2020-08-09")]
    # a figure from another town is not the dated incident's
    strike = Claim("strike", "Ракетный удар по дому в Днепре 14 января 2023 года", match=("удар",))
    elsewhere = "Ракетный удар по Марганцу: ранены 2 человека, сообщил ОВА."
    assert _figures_of(elsewhere, strike, "ОВА", at="2023-01-15T21:00:00+00:00") == [(2, None)]


def test_a_year_in_the_lead_dates_no_figure_of_the_post() -> None:
    claim = Claim("cost", "Replacing the Key Bridge will cost billions of dollars", match=("Key Bridge",))
    title = "Maryland puts cost of new Key Bridge at $1.9 billion"
    text = "The authority said the Key Bridge rebuild is due to open in 2028."
    assert _figures_of(text, claim, "MDTA", title=title, at="2024-05-02T17:20:00+00:00") == [(1.9e9, None)]


def test_an_item_that_names_only_another_day_is_not_the_claims_day() -> None:
    claim = Claim("barrage", "Russia's missile attack on Ukraine on 29 December 2023", match=("missiles",))
    # four days on, "on Tuesday" is the next attack: its figures are not the 29th's
    text = "Russia fired 99 missiles at Ukraine on Tuesday, the air force said; 72 were shot down."
    assert [w for _, w in _figures_of(text, claim, "Air Force", at="2024-01-02T11:00:00+00:00")] == [None, None]
    same_day = "Russia fired 122 missiles at Ukraine, the air force said; 87 were shot down."
    assert {w for _, w in _figures_of(same_day, claim, "Air Force", at="2023-12-29T18:00:00+00:00")} == {"2023-12-29"}


def test_a_sentence_about_another_town_does_not_borrow_the_posts_claim() -> None:
    config = Config(
        path="t",
        sides=(Side("OVA", ("Харківська ОВА",)),),
        claims=(Claim("kharkiv", "Russian strikes on Kharkiv", match=("Харків",)),),
        settings=Settings(semantic=False),
    )
    digest = ("Внаслідок удару по Харкову поранено 5 людей.\n\nПошкоджено 12 будинків.\n\n"
              "У Чугуєві окупанти вдарили по приватному сектору, поранено 3 людей.")  # fmt: skip
    figures = [(f.value, f.counted) for s in extract(make_text(digest, side="OVA"), config) for f in s.figures]
    assert figures == [(5, "person|injured|"), (12, "house|damaged|")]


def test_a_digests_bullet_that_names_no_claim_does_not_borrow_its_siblings() -> None:
    claim = Claim("c", "Russian missiles struck the centre of Chernihiv", match=("Чернігів",))
    config = Config(path="t", sides=(Side("OVA", ("Чернігівська ОВА",)),), claims=(claim,),
                    settings=Settings(semantic=False))  # fmt: skip
    digest = ("Підсумки дня на Чернігівщині:\n▪️ Чернігів. Унаслідок ракетного удару загинули 17 людей. 61 людина "
              "поранена, серед них троє дітей.\n▪️ Прикордоння. Ворог 9 разів обстріляв громади. Поранено 1 людину.")  # fmt: skip
    figures = [(f.value, f.counted, str(f.qualifier)) for s in extract(make_text(digest, side="OVA"), config)
               for f in s.figures]  # fmt: skip
    # (the three children are kept as a part of the 61, never compared)
    assert figures == [
        (17, "person|killed|", "total"),
        (61, "person|injured|", "total"),
        (3, "child|injured|", "subset"),
    ]


def test_bullets_without_a_topic_label_are_parts_of_one_event() -> None:
    claim = Claim("c", "Russian strikes hit the Dnipro hydroelectric plant", match=("ДніпроГЕС",))
    config = Config(path="t", sides=(Side("OVA", ("Запорізька ОВА",)),), claims=(claim,),
                    settings=Settings(semantic=False))  # fmt: skip
    post = ("Наслідки ранкової атаки:\n— 8 влучань по об'єктах енергетики, зокрема по ДніпроГЕС;\n"
            "— знеструмлено 46 тис. абонентів.")  # fmt: skip
    figures = [(f.value, f.counted) for s in extract(make_text(post, side="OVA"), config) for f in s.figures]
    assert (46_000, "customer|without power|") in figures


def test_the_posts_own_total_wins_over_the_districts_it_lists() -> None:
    claim = Claim("c", "Russian missiles struck Kyiv on 8 July 2024", match=("Київ", "столиц"))
    config = Config(path="t", sides=(Side("KMVA", ("КМВА",)),), claims=(claim,), settings=Settings(semantic=False))
    post = ("Наслідки ракетної атаки на Київ 8 липня:\n\nШевченківський район:\n— житловий будинок: загинули 7 людей, "
            "18 поранених;\n— промисловий об’єкт: 2 загиблих.\n\nДніпровський район:\n— медичний центр: 9 загиблих.\n\n"
            "Загалом у столиці: загинули 27 людей; поранено 82.")  # fmt: skip
    (said,) = extract(make_text(post, side="KMVA"), config)
    assert {(f.value, f.counted) for f in said.figures if f.qualifier.compared} >= {(27, "person|killed|"),
                                                                                  (82, "person|injured|")}  # fmt: skip
    assert not any(f.value in (7, 2, 9) and f.counted == "person|killed|" for f in said.figures)


def test_what_an_earlier_report_of_the_day_counted_is_background() -> None:
    claim = Claim("c", "Gunmen attacked the Crocus City Hall concert venue near Moscow and killed concert-goers")
    config = Config(path="t", sides=(Side("SK", ("Следственный комитет",)),), claims=(claim,),
                    settings=Settings(semantic=False))  # fmt: skip
    text = ("Следственный комитет сообщил, что число погибших в «Крокус Сити Холле» выросло до 93 человек. "
            "Ночью ведомство называло 60 погибших.")  # fmt: skip
    (said,) = extract(make_text(text), config)
    assert [(f.value, f.counted) for f in said.figures if f.qualifier.compared] == [(93, "person|killed|")]


def test_a_sides_count_as_of_a_time_is_its_own() -> None:
    # "По информации на 10:15" names when it was counted, not another side's information
    claim = Claim("perm", "При стрельбе в Пермском университете погибли люди", match=("Перм",))
    text = "По информации на 10:15 мск, в результате стрельбы в Пермском университете погибли 8 человек."
    assert [v for v, _ in _figures_of(text, claim, "Minzdrav")] == [8]
    cited = "По информации городских властей, в результате стрельбы в Пермском университете погибли 8 человек."
    assert _figures_of(cited, claim, "Minzdrav") == []  # the city's figure, not the ministry's own


def test_a_declared_day_of_mourning_does_not_date_the_incident() -> None:
    claim = Claim("beach", "Ракетный удар по пляжу в Севастополе", match=("Севастопол",))
    text = "24 июня в Севастополе объявлен днём траура. Число пострадавших выросло до 151."
    assert _figures_of(text, claim, "Razvozhaev", at="2024-06-24T06:30:00+00:00") == [(151, None)]


def _updates(text: str, claim: Claim) -> list[tuple[float, bool]]:
    config = Config(path="t", sides=(Side("MChS", ("MChS",)),), claims=(claim,))
    return [(f.value, f.update) for s in extract(make_text(text, side="MChS"), config) for f in s.figures]


def test_a_running_total_of_a_claim_about_one_incident_revises_that_incident() -> None:
    text = "Всего в результате обрушения подъезда в Магнитогорске погибли 39 человек."
    one = Claim("collapse", "A gas explosion brought down part of an apartment block in Magnitogorsk",
                match=("Магнитогорск",))  # fmt: skip
    topic = Claim("collapses", "Buildings collapse in Russian cities", match=("Магнитогорск",))
    assert _updates(text, one) == [(39, True)]
    assert _updates(text, topic) == [(39, False)]  # a topic's "in total" sums up only a fresh incident


@pytest.mark.parametrize(
    ("text", "one"),
    [
        ("A gas explosion brought down part of an apartment block in Magnitogorsk", True),
        ("Fire at a college building on Troitska Street in Odesa killed people", True),
        ("Обрушение подъезда жилого дома в Магнитогорске унесло жизни жильцов", True),
        ("Пожар на складе Wildberries в Шушарах", True),
        ("Russian strikes on Kharkiv kill civilians", False),  # many incidents
        ("Ukrainian shelling damages homes and cars in Russia's Belgorod region", False),  # told as what goes on
        ("Police detained protesters at rallies against mobilisation", False),
    ],
)
def test_a_claim_about_one_incident(text: str, one: bool) -> None:
    from bot.extract import _one_incident

    assert _one_incident(text) is one


def test_a_source_cited_inside_a_quotation_is_the_quoted_speakers_source() -> None:
    # "Труханов: «За даними ДСНС, ...»": the mayor speaks; the service's figures are not the service's word here
    claim = Claim("fire", "Fire at a college building in Odesa killed people", match=("Троїцьк",))
    sides = (Side("Council", ("Труханов",)), Side("DSNS", ("ДСНС",)))
    text = (
        "Труханов: «Я на місці пожежі на Троїцькій. За даними ДСНС, загинула одна людина. У лікарнях 9 постраждалих»."
    )
    [statement] = extract(make_text(text), Config(path="t", sides=sides, claims=(claim,)))
    assert statement.side == "Council"
    assert not any(f.qualifier.compared for f in statement.figures)
