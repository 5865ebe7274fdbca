"""Data inside Markdown is shown as text: the escaping and its round trip."""
import re

from hypothesis import example, given
from hypothesis import strategies as st

from ui.text import WORD_JOINER, plain, shortened


def shown(markdown: str) -> str:
    """What a Markdown renderer shows of escaped text: each backslash escape undone, joiners invisible."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")


def test_markup_is_escaped() -> None:
    assert plain("**粗体**") == r"\*\*粗体\*\*"
    assert plain("[官方通知](http://evil.example/)") == (
        rf"\[官方通知\]\(http\:{WORD_JOINER}\/\/evil\.example\/\)")
    assert plain("![x](y.png)").startswith(r"\!\[x\]")
    assert plain("<b>$x$</b>") == r"\<b\>\$x\$\<\/b\>"


def test_patterns_found_after_parsing_are_broken() -> None:
    """Links in plain text (http://, www., a@b.c), Streamlit's icons and arrows would still be made from the
    text that the escapes leave: a joiner sits inside each."""
    assert f"www{WORD_JOINER}" in plain("www.evil.example")
    assert f"@{WORD_JOINER}" in plain("a@evil.example")
    assert f":{WORD_JOINER}" in plain(":streamlit:")
    assert f"-{WORD_JOINER}" in plain("a -> b")
    assert f"<{WORD_JOINER}" in plain("a <= b") and f"~{WORD_JOINER}" in plain("~= 3")
    assert WORD_JOINER not in plain("2026-13 12:30 x--y a->b")  # an ordinary text gets no joiner
    assert plain("青岩村 高坡片区") == "青岩村 高坡片区"


def test_line_breaks_become_spaces() -> None:
    assert plain("a\n\n# b\r\nc") == r"a \# b c"


@given(st.text())
@example(WORD_JOINER)  # the text's own joiner, which `shown` cannot tell from those `plain` adds
def test_what_is_shown_is_the_text(text: str) -> None:
    """Up to the invisible joiners."""
    assert shown(plain(text)) == re.sub(r"[\r\n\t\v\f\u2028\u2029]+", " ", text).replace(WORD_JOINER, "")


def test_shortened() -> None:
    assert shortened("abc", 3) == "abc"
    assert shortened("abcd", 3) == "ab…"
    assert len(shortened("9" * 5000)) == 60
