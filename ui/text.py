"""Data shown as text inside Markdown: names, titles and URL values never become links, images or formatting."""
import re

WORD_JOINER = "\u2060"  # invisible; breaks a pattern that the Markdown renderer would otherwise turn into markup
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character: CommonMark escapes them all
# After parsing, the renderer still finds links in "http://", "www." and "a@b.c", Streamlit's :streamlit: and
# :material_x: icons and its " -> ", " <= ", " ~= " … arrows (between spaces) in the text itself: a joiner after
# the character that starts each of them stops that, and nothing else gets one.
_TRANSFORMED = re.compile(r"(:(?=[A-Za-z/])|@|(?i:www)(?=\.)|(?:^|(?<=\s))[-<>~](?=(?:->|[->=])(?:\s|$)))")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


def plain(value: object) -> str:
    """Markdown source that Streamlit shows as exactly `value` (on one line, line breaks become spaces)."""
    text = _LINE_BREAKS.sub(" ", str(value))
    return _PUNCTUATION.sub(r"\\\1", _TRANSFORMED.sub(rf"\1{WORD_JOINER}", text))


def shortened(value: str, limit: int = 60) -> str:
    """At most `limit` characters, the cut marked with "…" (a URL value quoted back to the viewer)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
