"""Stance through extract(): negation, denial, contrast, hedges, questions and background,
in English, Russian and Ukrainian. `N` means neutral or no statement at all: both move nothing."""

from __future__ import annotations

import pytest

from bot.extract import extract
from bot.model import Claim, Config, Side, Stance
from tests.builders import make_text

S, R, N = Stance.SUPPORTS, Stance.REFUTES, Stance.NEUTRAL
M, W, U = "Russian MoD", "Wagner", "Ukraine"

CONFIG = Config(
    path="test",
    sides=(
        Side(M, ("Russian defence ministry", "Konashenkov", "Минобороны России", "Конашенков", "Міноборони Росії")),
        Side(W, ("Prigozhin", "Пригожин")),
        Side(U, ("Zelensky", "Syrskyi", "Зеленський", "Сирський", "Генштаб ЗСУ")),
    ),
    claims=(
        Claim("retreat", "Russian forces retreated near Bakhmut", match=("Bakhmut", "Бахмут"),
              supports=("fell back", "retreat", "regroup", "rout", "breakthrough", "отошли", "отступ", "отход",
                        "перегруппир", "бегств", "прорыв", "відступ", "відійшли", "прорив"),
              refutes=("repelled", "holding", "отразил", "отбил", "удержива", "відбили", "утримують")),
    ),
)  # fmt: skip


def stance(text: str, side: str | None, speaker: str) -> Stance:
    found = {s.side: s.stance for s in extract(make_text(text, side=side), CONFIG) if s.claim == "retreat"}
    return found.get(speaker, N)


@pytest.mark.parametrize(
    ("text", "side", "speaker", "expected"),
    [
        ("Konashenkov said Russian units near Bakhmut had not retreated.", None, M, R),
        ("There was no retreat near Bakhmut, Konashenkov said.", None, M, R),
        ("Russian forces did not retreat from Bakhmut, the ministry said.", M, M, R),
        ("Конашенков заявил, что российские подразделения под Бахмутом не отступали.", None, M, R),
        ("Отступления под Бахмутом не было, заявили в Минобороны России.", None, M, R),
        ("Прорыва под Бахмутом нет.", M, M, R),
        ("Никакого прорыва под Бахмутом не было.", M, M, R),
        ("Відступу під Бахмутом не було, заявив Конашенков.", None, M, R),
        ("Прориву під Бахмутом немає.", M, M, R),
        ("Це фейк: ніякого відступу під Бахмутом немає, заявив Конашенков.", None, M, R),
    ],
)
def test_negation_before_and_after_the_cue(text: str, side: str | None, speaker: str, expected: Stance) -> None:
    assert stance(text, side, speaker) is expected


@pytest.mark.parametrize(
    ("text", "side", "speaker", "expected"),
    [
        ("Konashenkov dismissed claims that units fled Bakhmut as fake.", None, M, R),
        ("Konashenkov called reports of a retreat from Bakhmut fake.", None, M, R),
        ("The ministry denied reports that troops had retreated near Bakhmut.", M, M, R),
        ("В Минобороны России опровергли сообщения об отступлении под Бахмутом.", None, M, R),
        ("Информация об отступлении от Бахмута — фейк, заявил Конашенков.", None, M, R),
        ("Сообщения об отступлении под Бахмутом не соответствуют действительности.", M, M, R),
        ("Інформація про відступ від Бахмута не відповідає дійсності, повідомили в Міноборони Росії.", None, M, R),
        ("Міноборони Росії спростовує відступ від Бахмута.", None, M, R),
        # a denial before the clause that carries the point does not govern it
        ("Prigozhin called that a lie near Bakhmut, saying the troops fled and are retreating.", None, W, S),
        ("The ministry denied the reports, but admitted troops fell back near Bakhmut.", M, M, S),
    ],
)
def test_denial_and_falsity(text: str, side: str | None, speaker: str, expected: Stance) -> None:
    assert stance(text, side, speaker) is expected


@pytest.mark.parametrize(
    ("text", "side", "speaker", "expected"),
    [
        ("Konashenkov said the troops repelled 26 attacks near Bakhmut but fell back to regroup.", None, M, S),
        ("Все атаки под Бахмутом отбиты, однако подразделения отошли на более выгодные рубежи.", M, M, S),
        ("Сили оборони утримують позиції під Бахмутом, проте росіяни відступили на флангах.", U, U, S),
        # "a rout, not a regrouping": a word refused is not a fact denied
        ("It is a rout, not a regrouping, Prigozhin said of Bakhmut.", None, W, S),
        ("«Это бегство, а не перегруппировка», — заявил Пригожин о ситуации под Бахмутом.", M, W, S),
        ("Prigozhin said what Konashenkov described as regrouping near Bakhmut was a rout.", None, W, S),
        ("Пригожин заявил, что то, что Конашенков называет перегруппировкой под Бахмутом, является бегством.",
         None, W, S),
        # a negated refutation is support only when it is "no longer"
        ("Russian units are no longer holding their positions near Bakhmut, Prigozhin said.", None, W, S),
        ("Подразделения под Бахмутом больше не удерживают позиции, заявил Пригожин.", None, W, S),
        ("Konashenkov said the troops near Bakhmut were holding their positions.", None, M, R),
        ("Конашенков: подразделения удерживают позиции под Бахмутом.", None, M, R),
    ],
)  # fmt: skip
def test_contrast_and_refused_words(text: str, side: str | None, speaker: str, expected: Stance) -> None:
    assert stance(text, side, speaker) is expected


@pytest.mark.parametrize(
    ("text", "side", "speaker"),
    [
        ("If confirmed, the retreat near Bakhmut would be a blow, Prigozhin said.", None, W),
        ("Konashenkov said it could not be verified whether troops fell back near Bakhmut.", None, M),
        ("Did Russian troops retreat near Bakhmut?", M, M),
        ("Russian units may have fallen back near Bakhmut, Konashenkov said.", None, M),
        ("Russian units reportedly fell back near Bakhmut.", M, M),
        ("Claims by hackers that troops retreated from Bakhmut are unverified.", M, M),
        ("Если информация об отходе от Бахмута подтвердится, это будет ударом.", M, M),
        ("Не исключено, что войска отошли от Бахмута, сообщил Конашенков.", None, M),
        ("Отошли ли войска от Бахмута?", M, M),
        ("Якобы войска отошли от Бахмута.", M, M),
        ("Чи відступили війська від Бахмута?", U, U),
        ("Якщо підтвердиться, відступ від Бахмута стане ударом для ворога.", U, U),
        ("Росіяни нібито відступили від Бахмута.", U, U),
        ("Можливо, ворог відступив від Бахмута.", U, U),
        ("Konashenkov declined to comment on reports that troops fell back near Bakhmut.", None, M),
        ("Минобороны России не подтвердило отход войск от Бахмута.", None, M),
    ],
)
def test_hedges_questions_and_conditionals_are_neutral(text: str, side: str | None, speaker: str) -> None:
    assert stance(text, side, speaker) is N


@pytest.mark.parametrize(
    ("text", "side", "speaker"),
    [
        ("The ministry had for years denied any retreat near Bakhmut.", M, M),
        ("Konashenkov had said troops repelled attacks near Bakhmut.", None, M),
        ("Ранее Минобороны России отрицало отход от Бахмута.", None, M),
        ("Раніше Міноборони Росії заперечувало відступ від Бахмута.", None, M),
        ("Previously, the ministry said all attacks near Bakhmut were repelled.", M, M),
    ],
)
def test_what_was_said_before_is_background(text: str, side: str | None, speaker: str) -> None:
    assert stance(text, side, speaker) is N


def test_earlier_as_a_whole_word_only() -> None:
    # "ранены" is not "ранее": a current statement stays one
    assert stance("Под Бахмутом ранены бойцы, подразделения отошли.", M, M) is S


def test_in_a_mixed_item_the_clause_after_the_turn_and_each_speaker_decide() -> None:
    text = make_text("Konashenkov said troops repelled attacks near Bakhmut. "
                     "Prigozhin called that a lie, saying the troops fled and are retreating.")  # fmt: skip
    assert {(s.side, s.stance) for s in extract(text, CONFIG)} == {(M, R), (W, S)}


def test_a_channel_post_reports_a_withdrawal_after_an_earlier_line() -> None:
    text = make_text("Под Бахмутом подразделения отошли на более выгодные рубежи. "
                     "Ранее сообщалось, что все атаки отражены.", side=M)  # fmt: skip
    assert [s.stance for s in extract(text, CONFIG)] == [S]


def test_a_negated_cue_with_a_complement_governs_it() -> None:
    config = Config(
        path="t",
        sides=(Side("Optus", ("Optus",)),),
        claims=(Claim("breach", "Customer data was stolen from Optus", match=("Optus",),
                      supports=("stolen", "accessed"), refutes=("no evidence",)),),
    )  # fmt: skip
    text = make_text("At this stage Optus has found no evidence that customer data was accessed.")
    assert [s.stance for s in extract(text, config)] == [R]
    mixed = make_text("Optus said data was accessed and there was no evidence of harm.")
    assert [s.stance for s in extract(mixed, config)] == [N]  # disagreeing cues, no turn: no clear word


@pytest.mark.parametrize(
    ("claim", "text", "expected"),
    [
        # "войска не": a word ending in "а" before "не" is no "а не" refusal
        ("Российские войска отступили из Херсона", "Российские войска не отступили из Херсона.", R),
        ("Российские войска отступили из Херсона", "Российские войска отступили из Херсона.", S),
        # a negated past is mostly imperfective: "не отступали" states what "отступили" does
        ("Российские войска отступили из Херсона", "Войска не отступали из Херсона, а перегруппировались.", R),
        ("Российские войска отступили из Херсона", "Войска не покидали Херсон.", R),
        ("Українська армія відступила з Вугледара", "Армія не відступала з Вугледара, заявив речник.", R),
    ],
)
def test_a_text_only_claims_predicate_negated_in_either_aspect(claim: str, text: str, expected: Stance) -> None:
    config = Config(path="t", sides=(Side("MoD", ("речник",)),), claims=(Claim("c", claim),))
    assert [s.stance for s in extract(make_text(text, side="MoD"), config)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Speaker said Ukrainian forces captured Robotyne.", S),
        ("Speaker said Ukrainian troops had failed to capture Robotyne.", R),
        ("Speaker said Ukrainian forces could not capture Robotyne.", R),
        ("Speaker said Ukrainian forces were trying to capture Robotyne.", N),
        ("Speaker said Ukrainian forces could soon capture Robotyne.", N),
        ("In May Ukrainian forces captured Robotyne, Speaker said.", S),  # a month, not a modal
        ("Украинским войскам не удалось взять Работино, заявил Спикер.", R),
        ("ВСУ могут взять Работино в ближайшие дни, заявил Спикер.", N),
        ("Спикер заявил, что ВСУ пытаются захватить Работино.", N),
        ("Речник заявив, що ЗСУ не змогли взяти Роботине.", R),
        ("Речник заявив, що ЗСУ змогли взяти Роботине.", S),  # "managed to" is the fact, not a possibility
    ],
)
def test_attempts_failures_and_possibilities(text: str, expected: Stance) -> None:
    claim = Claim("c", "Ukrainian forces captured Robotyne", match=("Robotyne", "Работино", "Роботине"))
    config = Config(path="t", sides=(Side("MoD", ("Speaker", "Спикер", "Речник")),), claims=(claim,))
    assert [s.stance for s in extract(make_text(text, side="MoD"), config)] in (
        [expected],
        [] if expected is N else [expected],
    )


def test_a_prediction_after_a_when_clause_is_no_stance_but_an_announcement_is() -> None:
    claim = Claim("ground", "The 737 MAX fleet should be grounded", match=("737 MAX",), supports=("ground",),
                  refutes=("safe", "no basis"))  # fmt: skip
    config = Config(path="t", sides=(Side("Boeing", ("Boeing",)),), claims=(claim,))
    prediction = ("We are finishing a software update, and when it is done the 737 MAX will be one of the safest "
                  "airplanes ever to fly.")  # fmt: skip
    assert [s.stance for s in extract(make_text(prediction, side="Boeing"), config)] in ([], [N])
    announcement = "The 737 MAX will continue to fly: it is safe, and we see no basis to ground it."
    assert [s.stance for s in extract(make_text(announcement, side="Boeing"), config)] == [R]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Российские войска удерживают позиции в Лимане, заявил речник.", R),  # holding is no withdrawal
        ("ВСУ отбили атаки российских войск под Лиманом, заявил речник.", N),  # another country's forces hold
        ("Российские войска отведены из Красного Лимана на более выгодные рубежи, заявил речник.", S),
    ],
)
def test_holding_is_the_opposite_of_withdrawing_when_the_claims_agent_holds(text: str, expected: Stance) -> None:
    claim = Claim("c", "Russian forces withdrew from Lyman (Krasny Liman) in Donetsk region")
    config = Config(path="t", sides=(Side("MoD", ("речник",)),), claims=(claim,))
    assert [s.stance for s in extract(make_text(text, side="MoD"), config)] in (
        [expected],
        [] if expected is N else [expected],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OpenAI has reached an agreement in principle for Sam Altman to come back as chief executive.", S),
        ("Sam Altman is back as chief executive of OpenAI.", S),
        ("Altman will not return, OpenAI said.", R),
    ],
)
def test_coming_back_is_returning(text: str, expected: Stance) -> None:
    config = Config(path="t", sides=(Side("OpenAI", ("OpenAI",)),),
                    claims=(Claim("back", "Sam Altman will return as chief executive of OpenAI"),))  # fmt: skip
    assert [s.stance for s in extract(make_text(text, side="OpenAI"), config)] == [expected]


def test_held_back_is_no_holding() -> None:
    claim = Claim("ammo", "Russia's defence ministry held back ammunition from Wagner fighters in Bakhmut")
    config = Config(path="t", sides=(Side("Wagner", ("Prigozhin",)),), claims=(claim,))
    text = ("Prigozhin said Wagner had been promised all the ammunition it needed to continue operations, a day "
            "after threatening to pull out of Bakhmut.")  # fmt: skip
    assert [s.stance for s in extract(make_text(text), config)] in ([], [N])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Сергей Собянин: принято решение об обязательной вакцинации работников сферы услуг в Москве.", S),
        ("Вакцинация в Москве остаётся добровольной.", R),  # the opposite state
        ("Обязательной вакцинации для работников сферы услуг в Москве не будет.", R),  # a long subject, then "не будет"
    ],
)
def test_mandatory_and_voluntary_are_opposites(text: str, expected: Stance) -> None:
    claim = Claim("c", "Covid-19 vaccination will be made mandatory for service-sector workers in Moscow")
    config = Config(path="t", sides=(Side("Moscow", ("Собянин",)),), claims=(claim,))
    assert [s.stance for s in extract(make_text(text, side="Moscow"), config)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hungary will not give its consent to the 50 billion euro package for Ukraine.", S),  # consent withheld
        ("Hungary has given its consent to the 50 billion euro support package for Ukraine.", R),
        (
            "Hungary is ready to agree to financing Ukraine if the money is approved every year.",
            N,
        ),  # an offer, a condition
    ],
)
def test_consent_is_the_opposite_of_a_block(text: str, expected: Stance) -> None:
    claim = Claim("c", "Hungary will block the EU's 50 billion euro support package for Ukraine")
    config = Config(path="t", sides=(Side("Hungary", ("Hungary",)),), claims=(claim,))
    assert [s.stance for s in extract(make_text(text, side="Hungary"), config)] in (
        [expected],
        [] if expected is N else [expected],
    )


def test_the_act_from_inside_is_another_cause_than_the_claims_missile() -> None:
    claim = Claim("c", "Барак с военнопленными в Еленовке был разрушен ракетой HIMARS, выпущенной ВСУ")
    config = Config(path="t", sides=(Side("Ukraine", ("Kyiv",)),), claims=(claim,))
    (said,) = extract(make_text("Kyiv says the barracks in Olenivka were blown up from inside."), config)
    assert said.stance is R


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Делать вакцинацию обязательной для работников сферы услуг в Москве не планируется.", R),
        ("Собянин заявил, что всеобщей обязательной вакцинации в Москве не будет.", N),  # everyone, not the group
        ("Президент против обязательной вакцинации в масштабах всей страны, сказал Собянин.", N),
    ],
)
def test_what_is_not_planned_refutes_and_a_broader_word_says_nothing_of_the_group(text: str, expected: Stance
                                                                                  ) -> None:  # fmt: skip
    claim = Claim("c", "Covid-19 vaccination will be made mandatory for service-sector workers in Moscow")
    config = Config(path="t", sides=(Side("Moscow", ("Собянин",)),), claims=(claim,))
    assert [s.stance for s in extract(make_text(text, side="Moscow"), config)] in (
        [expected],
        [] if expected is N else [expected],
    )


ARMENIA = Config(
    path="t",
    sides=(Side("Armenia", ("Армения", "Пашинян", "Armenia", "Pashinyan")), Side("Russia", ("Песков", "Кремль"))),
    claims=(Claim("csto", "Армения выйдет из Организации Договора о коллективной безопасности (ОДКБ)"),),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a claim about what will be done: an intent states it, its negation refuses it
        ("«Армения не собирается выходить из ОДКБ», — заявил Пашинян.", R),
        ("Пашинян заявил, что Армения намерена выйти из ОДКБ.", S),
        ("«Армения выйдет из ОДКБ», — заявил Пашинян.", S),  # a quoted statement is no quoted name
        # what follows a condition is conditional too: a threat is not the decision
        ("Пашинян: если ОДКБ не ответит на вопросы Еревана, Армения выйдет из организации ОДКБ.", N),
        # the question of leaving named: closed, it refuses; open, it says nothing
        ("Пашинян заявил, что вопрос о выходе Армении из ОДКБ сейчас не стоит.", R),
        ("Пашинян заявил, что вопрос о выходе Армении из ОДКБ обсуждается.", N),
    ],
)
def test_intents_conditions_and_questions_for_a_claim_about_what_will_be_done(text: str, expected: Stance) -> None:
    said = [s.stance for s in extract(make_text(text), ARMENIA) if s.side == "Armenia"]
    assert said in ([expected], [] if expected is N else [expected])


RECOGNITION = Config(
    path="t",
    sides=(Side("Kremlin", ("Кремль", "Кремля", "Кремлю", "Путин", "Путина", "Песков")),
           Side("Duma", ("Госдума", "Володин")), Side("DPR", ("Пушилин", "глава ДНР"))),
    claims=(Claim("recognition", "Россия признает независимость ДНР и ЛНР", match=("ДНР", "ЛНР")),),
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "speaker", "expected"),
    [
        # "признать" before its object is the claim's own predicate (recognise) …
        ("Путин признал независимость ДНР и ЛНР.", "Kremlin", S),
        # … and before a clause an admission of something else
        ("Песков признал, что обращение Госдумы о признании ДНР поступило в администрацию.", "Kremlin", N),
        # an initiative or a question about recognition is no recognition; off the agenda, refused
        ("Песков, комментируя инициативу КПРФ о признании ДНР и ЛНР, сказал, что важно избегать эскалации.",
         "Kremlin", N),
        ("Песков: признание ДНР и ЛНР не стоит на повестке.", "Kremlin", R),
        # what one asks another to do is nobody's word; a name in the dative speaks for nobody
        ("КПРФ предложила попросить Путина признать ДНР и ЛНР.", None, N),
        ("Лояльный Кремлю глава ДНР Денис Пушилин приветствовал инициативу коммунистов о признании ДНР.", "DPR", N),
        # another side's position, as reported, is that side's word
        ("Мы слышали позицию Кремля о том, что вопрос о признании ДНР сейчас не стоит на повестке, — написал Володин.",
         "Duma", N),
    ],
)  # fmt: skip
def test_recognising_admitting_asking_and_reporting_another_sides_position(text: str, speaker: str | None,
                                                                          expected: Stance) -> None:  # fmt: skip
    said = extract(make_text(text), RECOGNITION)
    assert [s.stance for s in said if s.side == speaker] in ([expected], [] if expected is N else [expected])
    assert all(s.stance is N for s in said if s.side != speaker)


TAKEOVER = Config(
    path="t",
    sides=(Side("Musk", ("Musk", "Elon Musk")),),
    claims=(Claim("takeover", "Elon Musk will complete his takeover of Twitter", match=("Twitter", "takeover")),),
)


@pytest.mark.parametrize(
    "text",
    [
        # dismissing a person is no denial; "fake"/"false" before a noun describe it
        "Elon Musk took control of Twitter, completing the takeover and dismissing chief executive Parag Agrawal.",
        "Musk said the Twitter takeover was on hold until he saw data on spam and fake accounts.",
    ],
)
def test_a_dismissal_or_a_fake_thing_is_no_denial(text: str) -> None:
    assert all(s.stance is not R for s in extract(make_text(text), TAKEOVER))


def test_a_report_dismissed_or_called_false_is_still_denied() -> None:
    for text in ("Musk dismissed the reports of a Twitter takeover as false.",
                 "Musk said reports of a Twitter takeover were false.",
                 "Musk accused a rival of spreading false rumours about a Twitter takeover."):  # fmt: skip
        assert [s.stance for s in extract(make_text(text), TAKEOVER)] == [R]


IZIUM = Config(
    path="t",
    sides=(Side("Russian MoD", ("Минобороны России", "Минобороны")),),
    claims=(Claim("izium", "Российские войска ушли из Изюма и Балаклеи"),),
)


def test_a_regrouping_away_from_the_towns_is_leaving_them() -> None:
    text = ("Командование приняло решение о перегруппировке российских войск, находившихся в районах Балаклеи и "
            "Изюма, сообщили в Минобороны.")  # fmt: skip
    assert [s.stance for s in extract(make_text(text), IZIUM)] == [S]


def test_a_headline_told_by_a_named_outsider_is_not_the_bodys_speakers() -> None:
    text = make_text(
        "Один из чиновников ДНР написал, что российские подразделения ушли из Изюма. "
        "В Минобороны России ситуацию не комментировали.",
        title="В ДНР заявили об уходе российских войск из Изюма",
    )
    assert all(s.stance is N for s in extract(text, IZIUM))


BLOCK = Config(
    path="t",
    sides=(Side("Roskomnadzor", ("Роскомнадзор",)), Side("Telegram", ("Telegram", "Дуров"))),
    claims=(Claim("block", "Доступ к Telegram в России должен быть ограничен", match=("Telegram",),
                  supports=("блокир", "огранич"), refutes=("разблок",)),),
)  # fmt: skip


def test_a_claims_word_about_another_name_is_not_about_the_claim() -> None:
    text = make_text("Роскомнадзор с 14 марта ограничит доступ к Instagram. Блокировать Telegram ведомство не будет, "
                     "сообщили в Роскомнадзоре.")  # fmt: skip
    assert [(s.side, s.stance) for s in extract(text, BLOCK)] == [("Roskomnadzor", R)]


def test_what_a_court_ruled_is_the_courts_word_not_the_feeds() -> None:
    text = make_text("Суд в Москве постановил ограничить доступ к Telegram в России.", side="Telegram")
    assert all(s.stance is N for s in extract(text, BLOCK))


@pytest.mark.parametrize(
    "text",
    [
        "Оскільки росіяни показують відео з начебто живим Соколовим, ССО уточнюють інформацію.",
        "The special operations forces said they were clarifying the information about Sokolov.",
    ],
)
def test_clarifying_the_information_and_an_alleged_sighting_are_hedges(text: str) -> None:
    config = Config(path="t", sides=(Side("SOF", ("ССО", "special operations forces")),),
                    claims=(Claim("sokolov", "Admiral Viktor Sokolov was killed", match=("Соколов", "Sokolov"),
                                  supports=("загинув", "killed"), refutes=("живим", "alive")),))  # fmt: skip
    assert all(s.stance is N for s in extract(make_text(text, side="SOF"), config))


def test_a_side_named_in_the_dative_is_not_the_speaker() -> None:
    text = make_text("Лояльный Кремлю политолог Сергей Марков заявил, что Россия признала ДНР и ЛНР.")
    assert "Kremlin" not in {s.side for s in extract(text, RECOGNITION)}
