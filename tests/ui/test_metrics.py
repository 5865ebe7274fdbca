"""The loop figures' one definition: every figure the SQL gives has a label and a rule in both languages."""
import pytest

from data_access.issues import CALLBACK_COUNTS, CALLBACK_RATES
from data_access.loop import AVERAGES, COUNTS, RATES
from ui import metrics


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_loop_and_callback_figure_has_a_label_and_a_rule(lang: str) -> None:
    assert set(metrics.METRICS) == {*COUNTS, *RATES, *AVERAGES, *CALLBACK_COUNTS, *CALLBACK_RATES,
                                    "evaluation_index"}
    for key in metrics.METRICS:
        assert metrics.label(key, lang) and "{" not in metrics.rule(key, lang, "P")


def test_the_filing_rate_says_why_it_can_exceed_100_percent() -> None:
    assert "可超过 100 %" in metrics.rule("filing_rate", "zh", "2026年11月")
    assert "can exceed 100 %" in metrics.rule("filing_rate", "en", "Nov 2026")


def test_a_page_note_follows_the_rule_in_the_languages_way() -> None:
    assert metrics.help_text("reported", "zh", "P", "变化。") == metrics.rule("reported", "zh", "P") + "变化。"
    assert metrics.help_text("reported", "en", "P", "Change.") == metrics.rule("reported", "en", "P") + " Change."


def test_a_rate_reads_its_formula_then_the_rules_of_its_parts() -> None:
    assert metrics.rule("rework_rate", "en", "Nov 2026") == (
        "Rework rate = Reworked ÷ Due (Nov 2026). "
        "Reworked: Closed issues sent back to be done again in Nov 2026, by the moment they were reopened. "
        f"Due: {metrics.DUE_RULE[1]}"
    )
    assert metrics.rule("filing_rate", "zh", "2026年11月").startswith(
        "立案率 = 立案数 ÷ 受理数（2026年11月）。两数各按2026年11月内的时间计：上期受理、本期才立案的也计入立案数，"
        "所以可超过 100 %。立案数：2026年11月立案")


def test_which_way_is_better_colours_the_change() -> None:
    assert [metrics.delta_colour(key) for key in ("on_time_rate", "extension_rate", "reported")] == [
        "normal", "inverse", "off"]
