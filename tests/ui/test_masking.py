"""The captions' word on masking follows the viewer: what a role reads masked is said masked, what it reads in
full is said in full."""
import pytest

from data_access.filters import Viewer
from ui.masking import NAMES, S, masking_note

OBSERVER, LEADER = Viewer(people_rows=False), Viewer(members_named=True)
UNMASKED = Viewer(members_named=True, residents_named=True)


def test_every_name_a_caption_may_use_has_its_words() -> None:
    assert set(NAMES) <= set(S.table)


@pytest.mark.parametrize(("viewer", "note"), [
    (OBSERVER, "已脱敏：党员姓名、户主姓名、电话。"),
    (Viewer(), "已脱敏：党员姓名、户主姓名、电话。"),
    (LEADER, "已脱敏：户主姓名、电话。完整显示：党员姓名。"),
    (UNMASKED, "完整显示：党员姓名、户主姓名、电话。"),
])
def test_the_note_says_what_this_viewer_reads_masked(viewer: Viewer, note: str) -> None:
    assert masking_note(viewer, "member", "head", "phone") == note


def test_a_volunteer_list_names_party_members_in_full_for_a_leader() -> None:
    assert masking_note(LEADER, "member_volunteer", "volunteer") == "已脱敏：其他志愿者姓名。完整显示：党员志愿者姓名。"
