"""What a caption says of the names and phones on a page: masked or in full for this viewer, by the rule that
masked them (data_access.privacy.in_full)."""
from data_access.filters import Viewer
from data_access.privacy import Kind, in_full
from ui.i18n import Strings, current_lang

NAMES: dict[str, Kind] = {  # what a caption names → the kind of personal data it is
    "member": "member", "owner": "member", "worker": "member", "member_volunteer": "member",
    "head": "resident", "volunteer": "resident", "phone": "phone",
}
S = Strings({
    "member": ("党员姓名", "party members' names"),
    "owner": ("责任人姓名", "owners' names"),
    "worker": ("网格员姓名", "grid workers' names"),
    "member_volunteer": ("党员志愿者姓名", "party-member volunteers' names"),
    "head": ("户主姓名", "household heads' names"),
    "volunteer": ("其他志愿者姓名", "other volunteers' names"),
    "phone": ("电话", "phone numbers"),
    "masked": ("已脱敏：{names}。", "Masked: {names}."),
    "in_full": ("完整显示：{names}。", "In full: {names}."),
})


def masking_note(viewer: Viewer, *names: str) -> str:
    """"已脱敏：户主姓名、电话。完整显示：党员姓名。": which of the named data the viewer reads masked, which in full."""
    zh = current_lang() == "zh"
    joined = ("、" if zh else ", ").join
    masked = [S(name) for name in names if not in_full(viewer, NAMES[name])]
    shown = [S(name) for name in names if in_full(viewer, NAMES[name])]
    sentences = [*([S("masked", names=joined(masked))] if masked else []),
                 *([S("in_full", names=joined(shown))] if shown else [])]
    return ("" if zh else " ").join(sentences)
