"""Text normalisation: the single definition of "the same text"."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.text import fingerprint, fold, html_to_text, shorten, squeeze, words

sentences = st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"]), min_size=1, max_size=80)
noise = st.sampled_from([" ", "  ", "\u00a0", "\n", "\t", "🔥", "⚡️", "❗", "<b></b>", " ."])


def test_fold_ignores_case_yo_and_apostrophe_style() -> None:
    assert fold("Отступили ЁЛКИ") == fold("отступили елки")
    assert fold("п’ятнадцять") == fold("п'ятнадцять") == fold("пʼятнадцять")


@given(sentences, noise)
def test_whitespace_emoji_and_markup_noise_never_make_an_edit_material(text: str, extra: str) -> None:
    noisy = extra + text.replace(" ", " " + extra + " ") + extra
    assert fingerprint(html_to_text(noisy)) == fingerprint(text)


letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ '", min_size=1)


@given(letters)
def test_case_never_makes_an_edit_material(text: str) -> None:
    assert fingerprint(text.upper()) == fingerprint(text.lower())


def test_a_changed_word_or_figure_is_material() -> None:
    assert fingerprint("Six children were injured") != fingerprint("Nine children were injured")
    assert fingerprint("6 injured") != fingerprint("9 injured")


def test_html_to_text_keeps_lines_and_drops_scripts() -> None:
    markup = "<p>Line one<br/>line&nbsp;two</p><script>alert(1)</script><p>Three &amp; four</p>"
    assert html_to_text(markup) == "Line one\nline two\n\nThree & four"


def test_html_to_text_survives_broken_markup() -> None:
    assert html_to_text("<b>bold <i>never closed") == "bold never closed"
    assert html_to_text("plain   text") == "plain text"


def test_words_and_squeeze() -> None:
    assert words("Don't stop: 1,000 — «Бахмут»!") == ["don't", "stop", "1", "000", "бахмут"]
    assert squeeze(" a \u00a0 b \n\n\n c ") == "a b\n\nc"


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short", 10) == "short"


def test_clock_times_and_relative_times_are_not_material() -> None:
    assert fingerprint("Six injured. Updated 10:32 GMT") == fingerprint("Six injured. Updated 11:05 GMT")
    assert fingerprint("Six injured, 3 hours ago") == fingerprint("Six injured, 5 hours ago")
    assert fingerprint("Six injured") != fingerprint("Seven injured")
