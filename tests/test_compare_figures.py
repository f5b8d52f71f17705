"""number_change within an incident: histories of one side's figures in, alert drafts out."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.compare import incidents, number_change
from bot.model import Statement
from tests.builders import day, make_figure, make_statement


def changes(history: list[Statement]) -> list[tuple[float | None, float | None]]:
    return [(d.before.value, d.after.value) for d in number_change.find(history, []) if d.before and d.after]


def said(at: float, *figures: object) -> Statement:
    return make_statement(at=day(at), figures=list(figures))  # type: ignore[arg-type]


def test_a_figure_revised_for_the_same_incident_is_a_change() -> None:
    history = [said(0, make_figure(12)), said(2.5, make_figure(45, update=True))]  # "Остаточні дані"
    assert changes(history) == [(12, 45)]


def test_the_next_nights_attack_is_another_incident() -> None:
    night_25 = make_figure(71, "drone|downed|", when="2023-11-25/night")
    revised = make_figure(74, "drone|downed|", when="2023-11-25/night", update=True)
    night_26 = make_figure(8, "drone|downed|", when="2023-11-26/night")
    assert changes([said(0, night_25), said(0.3, revised), said(1, night_26)]) == [(71, 74)]


def test_a_day_and_the_night_next_to_it_are_one_incident_but_two_nights_are_not() -> None:
    assert incidents.compatible_keys("2024-04-13", "2024-04-14/night")
    assert not incidents.fits("2023-11-26/night", {"2023-11-25/night", "2023-11-25"})


def test_another_place_without_an_update_is_another_incident() -> None:
    dnipro = make_figure(64, "person|injured|", places=("dnapr", "nabarazn"))
    nikopol = make_figure(2, "person|injured|", places=("marhanack", "nakapalsk"))
    final = make_figure(79, "person|injured|", places=("dnapr", "nabarazn"), update=True)
    assert changes([said(0, dnipro), said(1, nikopol), said(2.5, final)]) == [(64, 79)]


def test_figures_for_different_years_are_compared_year_by_year_however_long_after() -> None:
    july = said(
        0,
        make_figure(58, "inflation||percent", when="2023/end"),
        make_figure(33, "inflation||percent", when="2024/end"),
    )
    november = said(98, make_figure(65, "inflation||percent", when="2023/end"),
                    make_figure(36, "inflation||percent", when="2024/end"))  # fmt: skip
    drafts = number_change.find([july, november], [])
    assert sorted((d.before.value, d.after.value, d.counted) for d in drafts) == [  # type: ignore[union-attr]
        (33, 36, "inflation||percent#2024/end"), (58, 65, "inflation||percent#2023/end")]  # fmt: skip


def test_a_long_silence_without_an_update_starts_a_new_incident() -> None:
    assert changes([said(0, make_figure(3, "person|injured|")), said(5, make_figure(5, "person|injured|"))]) == []


def test_rounded_and_approximate_restatements_are_not_changes() -> None:
    history = [
        said(0, make_figure(121, "person|hospitalised|")),
        said(0.1, make_figure(100, "person|hospitalised|", qualifier="lower_bound")),  # "more than a hundred"
        said(1, make_figure(221, "person|hospitalised|", update=True)),
    ]
    assert changes(history) == [(121, 221)]
    assert changes([said(0, make_figure(7920, "person|evacuated|")),
                    said(0.2, make_figure(8000, "person|evacuated|", qualifier="upper_bound"))]) == []  # fmt: skip
    assert changes([said(0, make_figure(3_942_000, "customer|affected|")),
                    said(0.2, make_figure(3_900_000, "customer|affected|"))]) == []  # fmt: skip


def test_a_moved_approximation_is_a_change() -> None:
    history = [said(0, make_figure(200, "drone|launched|", qualifier="lower_bound")),
               said(0.4, make_figure(300, "drone|launched|", qualifier="lower_bound"))]  # fmt: skip
    assert changes(history) == [(200, 300)]


def test_a_bound_made_exact_is_a_restatement_but_a_bound_overtaken_is_a_change() -> None:
    at_least_60 = make_figure(60, "person|killed|", qualifier="lower_bound")  # "не менее 60 погибших"
    assert changes([said(0, at_least_60), said(0.5, make_figure(93, "person|killed|"))]) == [(60, 93)]
    more_than_100 = make_figure(100, "person|killed|", qualifier="lower_bound")
    assert changes([said(0, more_than_100), said(0.2, make_figure(107, "person|killed|"))]) == []
    # Said the other way round, the bound is the exact figure rounded down: no change.
    assert changes([said(0, make_figure(93, "person|killed|")), said(0.5, make_figure(60, "person|killed|",
                                                                                     qualifier="lower_bound"))]) == []  # fmt: skip


def test_another_attack_the_same_day_is_another_incident_but_its_own_update_is_not() -> None:
    morning = make_figure(5, "person|killed|")
    evening = make_figure(3, "person|killed|", fresh=True)  # "Ще одна атака: загинули троє"
    later = make_figure(4, "person|killed|", fresh=True, update=True)  # "Жертв нової атаки вже четверо"
    assert changes([said(0, morning), said(0.4, evening)]) == []
    assert changes([said(0, morning), said(0.4, evening), said(0.5, later)]) == [(3, 4)]


def test_subsets_increments_and_background_values_are_never_compared() -> None:
    history = [
        said(0, make_figure(64, "person|injured|")),
        said(0.1, make_figure(12, "person|injured|", qualifier="subset")),
        said(0.2, make_figure(6, "person|injured|", qualifier="increment")),
        said(0.3, make_figure(50, "person|injured|", qualifier="reference")),
        said(0.4, make_figure(9, "person|injured|", qualifier="period")),
        said(0.5, make_figure(70, "person|injured|", qualifier="other_side")),
    ]
    assert changes(history) == []


def test_an_alerted_change_is_not_raised_again_and_its_key_names_the_incident() -> None:
    a, b = said(0, make_figure(3.7e3, "uk:мазут|spilled|tonne", when="2024-12-15")), said(9, make_figure(
        2.4e3, "uk:мазут|spilled|tonne", when="2024-12-15"))  # fmt: skip
    (draft,) = number_change.find([a, b], [])
    assert draft.counted == "uk:мазут|spilled|tonne#2024-12-15" and draft.key.endswith(f"#2024-12-15:{b.id}")
    assert number_change.find([a, b], [(a.id, b.id, draft.counted)]) == []


def test_incidents_are_assigned_in_publication_order() -> None:
    first = make_figure(10, when="2024-01-01")
    late = make_figure(11, when="2024-01-01", update=True)
    other = make_figure(3)
    assigned = incidents.assign([(first, day(0)), (other, day(9)), (late, day(9) + timedelta(hours=1))])
    assert assigned[0] is assigned[2] and assigned[1] is not assigned[0]


def test_an_incident_that_later_gains_a_date_does_not_raise_its_change_again() -> None:
    first, second = said(0, make_figure(8)), said(0.3, make_figure(11, update=True))
    (draft,) = number_change.find([first, second], [])
    assert draft.counted == "person|killed|"  # no date named yet
    dated = said(2, make_figure(15, when=day(0).date().isoformat(), update=True))
    known = [(first.id, second.id, draft.counted)]
    assert changes_after([first, second, dated], known) == [(11, 15)]


def changes_after(history: list[Statement], known: list[tuple[int | None, int | None, str | None]]
                  ) -> list[tuple[float | None, float | None]]:  # fmt: skip
    return [(d.before.value, d.after.value) for d in number_change.find(history, known) if d.before and d.after]


# ── incidents: the second pass (#9) ────────────────────────────────────────────────────────


def test_a_night_borders_the_evening_before_and_the_morning_after_only() -> None:
    assert incidents.compatible_keys("2024-03-15/night", "2024-03-14")
    assert incidents.compatible_keys("2024-03-15/night", "2024-03-15")
    assert not incidents.compatible_keys("2024-03-15/night", "2024-03-16")


def test_the_next_days_strike_reported_without_a_date_is_another_incident() -> None:
    """Belgorod: Thursday evening's strike (3 wounded, revised the next morning), then Saturday
    morning's strike (5 wounded), no date said in either post."""
    thursday = said(0, make_figure(3, "person|injured|"))
    morning = said(0.6, make_figure(3, "person|injured|", update=True))
    saturday = said(1.75, make_figure(5, "person|injured|"))
    assert changes([thursday, morning, saturday]) == []
    late_roundup = said(0.9, make_figure(4, "person|injured|"))  # the same night's roundup, next morning
    assert changes([thursday, late_roundup]) == [(3, 4)]


def test_an_incident_is_not_about_a_night_that_began_after_it_was_reported() -> None:
    """Tbilisi: 43 detained, reported on the morning of the 29th; 107 "in the night to Saturday
    the 30th" is the next night, not a revision."""
    first = make_statement(at=day(0).replace(hour=6), figures=[make_figure(43, "person|detained|")])
    second = make_statement(at=day(0).replace(hour=6) + timedelta(hours=22),
                            figures=[make_figure(107, "person|detained|", when=(day(1).date()).isoformat() + "/night")])  # fmt: skip
    assert changes([first, second]) == []
    assert not incidents.reported_within((day(1).date()).isoformat() + "/night", day(0).replace(hour=6))
    assert incidents.reported_within(day(0).date().isoformat() + "/night", day(0).replace(hour=6))


def test_a_running_total_is_never_one_nights_count() -> None:
    night = make_figure(43, "person|detained|", when="2024-11-29/night")
    total = make_figure(224, "person|detained|", when="since:2024-11-28")
    later_total = make_figure(293, "person|detained|", when="since")  # "с начала протестов"
    unkeyed = make_figure(49, "person|detained|")  # a night's count with no date, after the totals
    assert changes([said(0, night), said(3, total), said(5, later_total), said(5.1, unkeyed)]) == [(224, 293)]
    assert not incidents.compatible_keys("since:2024-11-28", "2024-11-29/night")
    assert incidents.compatible_keys("since:2024-11-28", "since")


def test_something_new_never_revises_what_began_days_before() -> None:
    """ "Число погибших при новом землетрясении выросло до шести": an update word, but a new quake."""
    old_quake = said(0, make_figure(49133, "person|injured|"))
    new_quake = said(14, make_figure(294, "person|injured|", update=True, fresh=True))
    assert changes([old_quake, new_quake]) == []
    first_report = said(14, make_figure(213, "person|injured|", fresh=True))
    assert changes([old_quake, first_report, said(14.4, make_figure(294, "person|injured|", update=True, fresh=True))]
                   ) == [(213, 294)]  # fmt: skip


def test_another_place_is_another_incident_even_in_an_update() -> None:
    lahaina = make_figure(2170, "|burned|acre", places=("lahan",))
    kula = make_figure(678, "|burned|acre", places=("kal",), update=True)  # "Maui wildfires update #41"
    assert changes([said(0, lahaina), said(10, kula)]) == []


def test_about_a_round_number_is_a_revision_when_it_is_more_than_rounding() -> None:
    assert changes([said(0, make_figure(10_100, "person|missing|")),
                    said(2, make_figure(9_000, "person|missing|", qualifier="approx", update=True))]) == [(10_100, 9_000)]  # fmt: skip
    assert changes([said(0, make_figure(232_400, "customer|without power|")),
                    said(0.1, make_figure(230_000, "customer|without power|", qualifier="approx"))]) == []  # fmt: skip


def test_an_alert_under_a_key_its_incident_still_holds_is_not_raised_again() -> None:
    first = said(0, make_figure(224, "person|detained|", when="since:2024-11-28"))
    second = said(2, make_figure(293, "person|detained|", when="since"))
    (draft,) = number_change.find([first, second], [])
    third = said(2.1, make_figure(293, "person|detained|", when="since:2024-11-28"))
    assert number_change.find([first, second, third], [(first.id, second.id, draft.counted)]) == []


def test_figures_are_grouped_by_side_thing_and_incident_as_they_are_compared() -> None:
    night_25 = make_figure(71, "drone|downed|", when="2023-11-25/night")
    revised = make_figure(74, "drone|downed|", when="2023-11-25/night", update=True)
    night_26 = make_figure(8, "drone|downed|", when="2023-11-26/night")
    subset = make_figure(66, "drone|downed|", qualifier="subset", when="2023-11-25/night")
    other_side = make_statement(at=day(0.1), side="Other", figures=[make_figure(80, "drone|downed|")])
    history = [said(0, night_25, subset), other_side, said(0.3, revised), said(1, night_26)]
    groups = number_change.by_incident(history)
    assert [(g.side, g.counted, [f.value for _, f in g.said]) for g in groups] == [
        ("S", "drone|downed|#2023-11-25/night", [71, 74]),
        ("Other", "drone|downed|", [80]),
        ("S", "drone|downed|#2023-11-26/night", [8]),
    ]


def test_a_running_total_sums_up_a_recent_incident_but_not_one_days_old() -> None:
    """Kostenko: "32 погибших", then "Всего в результате аварии погибли 46 человек" 38 hours later
    is one toll; Kharkiv: "пострадали семь человек" on the 19th and "всего ... уже 13 пострадавшим"
    after a strike six days later are two."""
    toll = [said(0, make_figure(32)), said(1.6, make_figure(46, running=True))]
    assert changes(toll) == [(32, 46)]
    strikes = [said(0, make_figure(7, "person|injured|")), said(6, make_figure(13, "person|injured|", running=True))]
    assert changes(strikes) == []


def test_a_quarters_figures_are_compared_within_that_quarter_only() -> None:
    expected = make_figure(900e6, "pre-tax damage||CHF", when="2021-Q1")
    reported = make_figure(757e6, "pre-tax damage||CHF", when="2021-Q1")
    next_quarter = make_figure(253e6, "pre-tax damage||CHF", when="2021-Q2")
    assert changes([said(0, expected), said(16, reported), said(114, next_quarter)]) == [(900e6, 757e6)]
    assert not incidents.compatible_keys("2021-Q1", "2021/end")
    assert not incidents.compatible_keys("2021-Q1", "2021-01")


def test_a_night_that_falls_after_the_first_report_is_another_incident() -> None:
    from datetime import UTC, datetime

    def at(when: str, figure: object) -> Statement:
        return make_statement(at=datetime.fromisoformat(when).replace(tzinfo=UTC), figures=[figure])  # type: ignore[list-item]

    morning = at("2024-08-26T07:05", make_figure(96, "missile|downed|", when="2024-08-26"))
    # the next night borders the 26th's evening, but the 26th's figures were reported that morning
    next_night = at("2024-08-27T06:20", make_figure(5, "missile|downed|", when="2024-08-27/night"))
    assert changes([morning, next_night]) == []
    # the night that ended that morning is the same attack
    same_night = at("2024-08-26T12:30", make_figure(102, "missile|downed|", when="2024-08-26/night", update=True))
    assert changes([morning, same_night]) == [(96, 102)]


def test_a_figure_that_names_the_value_it_revises_joins_that_incident_however_late() -> None:
    estimate = make_figure(1.9e9, "cost||USD")
    revised = make_figure(4.3e9, "cost||USD", update=True)
    # seventeen months on, an update word alone reaches back no further than UPDATE_WINDOW
    assert changes([said(0, estimate), said(540, revised)]) == []
    named = replace(make_figure(4.3e9, "cost||USD", update=True), replaces=1.9e9)
    assert changes([said(0, estimate), said(540, named)]) == [(1.9e9, 4.3e9)]
    # the towns' damage revised by the region's words ("в Иркутской области ... а не 35 млрд"): places
    # named at another grain do not part what the named value ties together
    towns = replace(make_figure(35e9, "damage||RUB"), places=("tulun",))
    region = replace(make_figure(43.5e9, "damage||RUB", update=True), places=("arkatsk",), replaces=35e9)
    assert changes([said(0, towns), said(42, region)]) == [(35e9, 43.5e9)]


def test_a_figure_edited_in_place_is_a_change_from_the_revision_it_replaced() -> None:
    first = replace(said(0, make_figure(8, when="2024-04-17")), item_id=7, revision_id=1)  # "Попередньо — 8 загиблих"
    edited = replace(said(0, make_figure(10, when="2024-04-17")), item_id=7, revision_id=2)  # quietly made 10
    (draft,) = number_change.revised_in_place([first], [edited], [])
    assert (draft.before.value, draft.after.value, draft.counted) == (8, 10, "person|killed|#2024-04-17")  # type: ignore[union-attr]
    # the same figure said again, another post's revision, or an alert already raised: nothing
    same = replace(edited, figures=(make_figure(8, when="2024-04-17"),))
    other_post = replace(edited, item_id=8)
    assert number_change.revised_in_place([first], [same], []) == []
    assert number_change.revised_in_place([first], [other_post], []) == []
    assert number_change.revised_in_place([first], [edited], [(first.id, edited.id, draft.counted)]) == []


def test_a_part_of_a_total_told_alone_later_is_no_revision_of_the_total() -> None:
    tally = said(0, make_figure(25, "drone|downed|"), make_figure(14, "drone|downed|", qualifier="subset"))
    one_region = said(0.05, make_figure(14, "drone|downed|"))  # "14 над Краснодарским краем"
    assert changes([tally, one_region]) == []
    # a part given months before says nothing of a new toll that happens to equal it
    toll = said(0, make_figure(5, "person|killed|"), make_figure(4, "person|hospitalised|", qualifier="subset"))
    later = [said(90, make_figure(4, "person|killed|")), said(90.5, make_figure(9, "person|killed|", update=True))]
    assert changes([toll, *later]) == [(4, 9)]
    assert changes([tally, said(0.05, make_figure(35, "drone|downed|"))]) == [(25, 35)]


def test_a_cost_revised_a_week_later_is_a_change_but_a_count_is_the_next_incident() -> None:
    assert changes([said(0, make_figure(500e6, "cost||USD", qualifier="approx")),
                    said(8, make_figure(550e6, "cost||USD"))]) == [(500e6, 550e6)]  # fmt: skip
    assert (
        changes([said(0, make_figure(500, "flight|cancelled|")), said(8, make_figure(550, "flight|cancelled|"))]) == []
    )


def test_a_part_read_as_another_thing_is_still_a_part_of_its_statements_total() -> None:
    tally = said(0, make_figure(25, "drone|downed|"), make_figure(14, "ru:край|destroyed|", qualifier="subset"))
    assert changes([tally, said(0.05, make_figure(14, "drone|downed|"))]) == []
