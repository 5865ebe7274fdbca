"""The loop figures' one definition: every figure the SQL gives has a label and a rule in both languages."""
import pytest

from data_access.loop import AVERAGES, COUNTS, RATES
from ui import metrics


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_loop_figure_has_a_label_and_a_rule(lang: str) -> None:
    assert set(metrics.METRICS) == {*COUNTS, *RATES, *AVERAGES} - {"open_at_end"}
    for key in metrics.METRICS:
        assert metrics.label(key, lang) and "{" not in metrics.rule(key, lang, "P")


def test_a_rate_reads_its_formula_then_the_rules_of_its_parts() -> None:
    assert metrics.rule("rework_rate", "en", "Nov 2026") == (
        "Rework rate = Reworked ÷ Due (Nov 2026). "
        "Reworked: Closed issues sent back to be done again in Nov 2026, by the moment they were reopened. "
        f"Due: {metrics.DUE_RULE[1]}"
    )
    assert metrics.rule("filing_rate", "zh", "2026年11月").startswith(
        "立案率 = 立案数 ÷ 受理数（2026年11月）。立案数：2026年11月立案")


def test_which_way_is_better_colours_the_change() -> None:
    assert [metrics.delta_colour(key) for key in ("on_time_rate", "extension_rate", "reported")] == [
        "normal", "inverse", "off"]
