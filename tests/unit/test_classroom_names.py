"""Display names are cleaned, limited and made unique, and kept as the text that was typed.

A name is shown with `st.text`, so HTML and Markdown in it are harmless and stay as typed; what
cleaning must remove is what text cannot show safely (control and format characters, line breaks,
bidirectional overrides) and what makes a board unreadable (huge names, runs of spaces). The
properties are checked on arbitrary Unicode with hypothesis; duplicates get " (2)", " (3)"...
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.classroom import small_challenge

from playground.classroom import DisplayNameError, clean_display_name, unique_display_name
from playground.classroom.names import MAX_NAME_LENGTH, name_key

KEPT_AS_TYPED = [
    "<b>Ann</b>",
    "<img src=x onerror=1>",
    "**bold** _it_",
    "[me](javascript:x)",
    "# Heading",
    "$x^2$ & <i>",
    "Zoë 李 🚀",
    "Robert'); DROP TABLE--",
]


@pytest.mark.parametrize("typed", KEPT_AS_TYPED)
def test_html_and_markdown_are_kept_as_plain_text(typed: str) -> None:
    assert clean_display_name(typed).name == typed


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("  Ann  ", "Ann"),
        ("Ann\nLee", "Ann Lee"),
        ("Ann\t\r\n  Lee", "Ann Lee"),
        ("Ann\x00\x07\x1b[31m", "Ann[31m"),
        ("A\u202eB\u202c", "AB"),  # a right-to-left override cannot turn the board around
        ("A\u200bB\u2060C", "ABC"),  # zero-width spaces and joiners
        ("\ufeffAnn", "Ann"),
        ("Ann\u2028Lee", "Ann Lee"),  # the Unicode line separator
        ("e\u0301", "é"),  # composed
        ("x" * 100, "x" * MAX_NAME_LENGTH),
        ("abc " * 10, "abc abc abc abc abc abc"),  # cut, then no space left at the end
    ],
)
def test_control_characters_and_long_names_are_cleaned(typed: str, clean: str) -> None:
    assert clean_display_name(typed).name == clean


@pytest.mark.parametrize("typed", ["", "   ", "\n\t", "\x00\x01", "\u200b\u202e", None, 7, ["a"]])
def test_a_name_with_nothing_left_is_refused_plainly(typed: object) -> None:
    check = clean_display_name(typed)
    assert not check.ok and check.name == "" and check.error.startswith("Type a display name")


def test_a_huge_input_is_refused_without_cleaning() -> None:
    check = clean_display_name("x" * 100_000)
    assert not check.ok and str(MAX_NAME_LENGTH) in check.error


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_any_text_cleans_to_a_short_visible_name_or_a_plain_error(typed: str) -> None:
    check = clean_display_name(typed)
    if not check.ok:
        assert check.name == "" and check.error
        return
    name = check.name
    assert 1 <= len(name) <= MAX_NAME_LENGTH
    assert all(unicodedata.category(symbol)[0] != "C" for symbol in name)
    assert name == name.strip() and "  " not in name
    assert all(symbol == " " or not symbol.isspace() for symbol in name)
    assert clean_display_name(name).name == name  # cleaning twice changes nothing


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=24))
def test_a_short_printable_name_is_kept_exactly(typed: str) -> None:
    assert clean_display_name(typed).name == typed


@settings(max_examples=200, deadline=None)
@given(
    st.text(min_size=1, max_size=200).map(lambda text: clean_display_name(text).name),
    st.sets(st.text(max_size=30), max_size=20),
)
def test_a_unique_name_is_not_taken_and_still_fits(name: str, others: set[str]) -> None:
    if not name:
        return
    taken = {name_key(name)} | {name_key(f"{name} ({n})") for n in range(2, 5)}
    taken |= {name_key(other) for other in others}
    unique = unique_display_name(name, taken)
    assert name_key(unique) not in taken
    assert len(unique) <= MAX_NAME_LENGTH


def test_duplicates_get_a_suffix_and_case_does_not_make_a_name_new() -> None:
    assert unique_display_name("Ann", set()) == "Ann"
    assert unique_display_name("Ann", {"ann"}) == "Ann (2)"
    assert unique_display_name("ANN", {"ann", "ann (2)"}) == "ANN (3)"
    long = "x" * MAX_NAME_LENGTH
    assert unique_display_name(long, {name_key(long)}) == "x" * (MAX_NAME_LENGTH - 4) + " (2)"


def test_the_store_keeps_names_clean_unique_and_as_typed(classroom_store) -> None:
    store = classroom_store
    made = store.create_class(small_challenge())
    joined = [
        store.join(made.code, f"session-{number}", typed).display_name
        for number, typed in enumerate(["<b>Ann</b>", " <b>ann</b>\n", "<B>ANN</B>", "Bob"])
    ]
    assert joined == ["<b>Ann</b>", "<b>ann</b> (2)", "<B>ANN</B> (3)", "Bob"]
    assert store.join(made.code, "session-0", "Someone else").display_name == "<b>Ann</b>"
    assert store.roster(made.code, made.teacher_token) == joined
    with pytest.raises(DisplayNameError, match="Type a display name"):
        store.join(made.code, "session-9", "\x00 \u200b")
    assert len(store.roster(made.code, made.teacher_token)) == 4
