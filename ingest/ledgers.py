"""The ledgers: one sheet per governance table, its Chinese headers, how each cell is read, which columns name a
row of another table (村, 片区, 网格, 身份证号 …) and the ledger's own key that a re-import updates by.

Templates, the reader, the validation, the writer and the export all follow these specs.
"""
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Select, Table, select

from schema import (
    Callback, ContactLink, Enterprise, EnterpriseHousehold, Grid, Household, HouseholdResidence, Issue, IssueEvent,
    PartyMember, PointsEntry, ServicePoint, StudyAttendance, StudySession, Talent, Township, Village, VillageBoundary,
    VillagerGroup, Visit, Volunteer, VolunteerActivity, VolunteerService, VolunteerTeam,
)

YES_NO = "是/否"


@dataclass(frozen=True)
class Column:
    """A column of a ledger: its header, how a cell is read (kind), the table column it fills (none when it only
    names another row), whether it is required, the allowed labels → stored values, other headers people use."""

    header: str
    kind: str  # text, int, decimal, float, date, datetime, month, bool, choice, phone, id_number
    attr: str | None = None
    required: bool = False
    choices: dict[str, object] | None = None
    aliases: tuple[str, ...] = ()
    length: int | None = None
    low: int | None = None
    high: int | None = None
    note: str = ""
    places: str | None = None  # the drop-down of place names this column gets: village, service_point, grid


@dataclass(frozen=True)
class Ref:
    """Columns that together name a row of another ledger (the lookup `target`), filling the id column `attr`."""

    attr: str
    target: str
    headers: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class Ledger:
    sheet: str
    name_en: str
    book: str  # the template workbook the sheet is in
    table: Table
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # table columns (after references are resolved) that identify a row
    refs: tuple[Ref, ...] = ()
    orders: tuple[tuple[str, str], ...] = ()  # (earlier, later) headers: later may not be before earlier
    strict_orders: tuple[tuple[str, str], ...] = ()  # later must be after earlier
    example: tuple[object, ...] = field(default=())

    def column(self, header: str) -> Column:
        return next(column for column in self.columns if column.header == header)


def labels(codes: tuple, names: str) -> dict[str, object]:
    return dict(zip(names.split("/"), codes, strict=True))


GRID_KINDS = labels(("industry", "governance", "study", "service"), "产业型/治理型/学习型/服务型")
SERVICE_LINES = labels(("info", "policy", "dispute", "hazard", "poverty", "livelihood"),
                       "基础信息采集/法规政策宣传/矛盾纠纷排查/事件隐患报告/防返贫动态监测/民生事项服务")
ISSUE_SOURCES = labels(("visit", "grid_worker", "phone", "meeting", "online"), "入户走访/网格员上报/电话反映/屋场会/线上群")
LEVELS = labels((0, 1, 2, 3), "片区/村/乡镇/县直部门")
EVENT_KINDS = labels(("reported", "filed", "dispatched", "handled", "fed_back", "closed", "reopened", "escalated",
                      "extended"), "受理/立案/派遣/处置/反馈/结案/返工/升级/延期")
LEAVE_REASONS = labels(("transferred_out", "died"), "转出/去世")
TALENT_CATEGORIES = labels(("industry", "technology", "management", "party_government"), "产业人才/科技人才/管理人才/党政人才")
TALENT_BASES = labels(("registration", "business", "workplace"), "户籍所在地/产业所在地/工作所在地")
ENTERPRISE_KINDS = labels(("enterprise", "cooperative"), "龙头企业/合作社")
LINK_KINDS = labels(("employed", "linked"), "就业/联农带农")
ACTIVITY_KINDS = labels(("cleaning", "teaching", "elderly_care", "child_care", "policy", "other"),
                        "卫生清扫/送教上门/关爱老人/关爱儿童/政策宣讲/其他")
POINT_SOURCES = labels(("study", "volunteer", "issue", "evaluation"), "学习参与/志愿服务/民情办理/群众评价")
SIX_HAVES = {"has_culture_square": "有文化广场", "has_meeting_hall": "有议事大厅", "has_bulletin_board": "有宣传专栏",
             "has_office_equipment": "有办公设施", "has_rules_on_wall": "有制度上墙", "has_work_ledger": "有工作台账"}


def text(header: str, attr: str | None = None, required: bool = True, length: int = 40, **more: object) -> Column:
    return Column(header, "text", attr, required, length=length, **more)


def village(header: str = "行政村", required: bool = True) -> Column:
    return text(header, required=required, length=60, places="village", aliases=("村", "村名", "所属村"))


def grid(header: str = "网格", required: bool = True) -> Column:
    return text(header, required=required, length=60, places="grid", aliases=("网格名称", "所属网格"))


def coordinates() -> tuple[Column, Column]:
    return (Column("纬度", "float", "lat", True, note="WGS-84，如 29.2"),
            Column("经度", "float", "lon", True, note="WGS-84，如 110.3"))


def member_ref(attr: str = "member_id", required: bool = True) -> tuple[tuple[Column, ...], Ref]:
    return ((text("党员姓名", required=required), Column("党员电话", "phone", required=required)),
            Ref(attr, "member", ("党员姓名", "党员电话"), required))


def household_id(header: str = "户主身份证号", required: bool = True) -> Column:
    return Column(header, "id_number", required=required, aliases=("身份证号", "户主身份证", "身份证号码"))


ISSUE_NO = text("编号", length=40, aliases=("问题编号", "台账编号", "序号"))
MEMBER_COLUMNS, MEMBER_REF = member_ref()
OPTIONAL_MEMBER_COLUMNS, OPTIONAL_MEMBER_REF = member_ref(required=False)
ACTIVITY_COLUMNS = (text("志愿队伍", length=60, aliases=("队伍", "队伍名称")), Column("活动日期", "date", required=True),
                    Column("活动类别", "choice", required=True, choices=ACTIVITY_KINDS),
                    text("活动地点", length=80, aliases=("地点",)))


def session_columns(filled: bool) -> tuple[Column, ...]:
    """The columns naming a study session; `filled` on the session's own sheet."""
    return (village(), text("片区", length=60, places="service_point"),
            Column("学习日期", "date", "held_on" if filled else None, True),
            text("学习主题", "topic" if filled else None, length=120, aliases=("主题",)))


ISSUE_STAMPS = ("受理时间", "立案时间", "派遣时间", "处置时间", "反馈时间", "结案时间")

LEDGERS: tuple[Ledger, ...] = (
    Ledger("乡镇", "township", "网格台账", Township.__table__, (
        text("乡镇名称", "name", length=60, aliases=("乡镇",)),
        text("网格化服务管理中心", "centre_name", length=80, aliases=("中心名称",)),
        *coordinates(),
        Column("面积（平方公里）", "float", "area_km2", aliases=("面积",)),
        Column("耕地（亩）", "int", "farmland_mu", aliases=("耕地",), low=0),
        text("边界GeoJSON", "boundary_geojson", required=False, length=1_000_000),
        Column("演示数据", "bool", "is_demo", note="是：界面提示演示数据"),
    ), key=("name",), example=("罗水乡", "罗水乡网格化服务管理中心", 29.2, 110.3, 86.5, 21000, None, "否")),
    Ledger("行政村", "village", "网格台账", Village.__table__, (
        text("乡镇", length=60), text("行政村", "name", length=60, aliases=("村", "村名")),
        text("工作站名称", "station_name", length=80, aliases=("网格化服务管理工作站",)), *coordinates(),
    ), key=("name",), refs=(Ref("township_id", "township", ("乡镇",)),),
        example=("罗水乡", "青岩村", "青岩村网格化服务管理工作站", 29.21, 110.28)),
    Ledger("村界", "village boundary", "网格台账", VillageBoundary.__table__, (
        village(), text("边界GeoJSON", "geojson", length=1_000_000, note="GeoJSON Polygon（WGS-84）"),
    ), key=("village_id",), refs=(Ref("village_id", "village", ("行政村",)),),
        example=("青岩村", '{"type": "Polygon", "coordinates": [[[110.27, 29.2], [110.29, 29.2], [110.29, 29.22], '
                          '[110.27, 29.2]]]}')),
    Ledger("村民小组", "villager group", "网格台账", VillagerGroup.__table__, (
        village(), text("村民小组", "name", aliases=("小组", "组名")),
    ), key=("village_id", "name"), refs=(Ref("village_id", "village", ("行政村",)),), example=("青岩村", "第一村民小组")),
    Ledger("片区", "service point (片区)", "网格台账", ServicePoint.__table__, (
        village(), text("片区", "name", length=60, aliases=("片区名称",)), *coordinates(),
        text("片区党小组组长", "leader_name", aliases=("组长", "片区长")), text("乡干部指导员", "instructor_name", aliases=("指导员",)),
        *(Column(header, "bool", attr, note="「六有」" + YES_NO) for attr, header in SIX_HAVES.items()),
    ), key=("village_id", "name"), refs=(Ref("village_id", "village", ("行政村",)),),
        example=("青岩村", "彭家垭片区", 29.21, 110.28, "李婷", "王俊", "是", "是", "是", "否", "是", "是")),
    Ledger("网格", "grid", "网格台账", Grid.__table__, (
        village(), text("片区", length=60, places="service_point"), text("网格", "name", length=60, aliases=("网格名称",)),
        Column("网格类型", "choice", "kind", True, GRID_KINDS), text("网格长", "head_name"), text("网格员", "worker_name"),
        Column("网格员电话", "phone", "worker_phone", True, aliases=("电话", "联系电话")),
    ), key=("service_point_id", "name"), refs=(Ref("service_point_id", "service_point", ("行政村", "片区")),),
        example=("青岩村", "彭家垭片区", "彭家垭片区第一网格", "产业型", "李婷", "覃磊", "13800138000")),
    Ledger("住户", "household", "网格台账", Household.__table__, (
        village(), grid(), text("村民小组", aliases=("小组",)),
        text("户主姓名", "head_name", aliases=("户主",)),
        Column("户主电话", "phone", "head_phone", True, aliases=("联系电话", "电话")),
        Column("户主身份证号", "id_number", "head_id_number", True, aliases=("身份证号", "身份证号码")),
        Column("家庭人口", "int", "size", True, aliases=("人口数", "人口"), low=1, high=30),
        Column("防返贫监测对象", "bool", "poverty_watch", aliases=("监测户",)), *coordinates(),
    ), key=("head_id_number",), refs=(Ref("grid_id", "grid", ("行政村", "网格")),
                                      Ref("villager_group_id", "villager_group", ("行政村", "村民小组"))),
        example=("青岩村", "彭家垭片区第一网格", "第一村民小组", "谷建国", "15234435540", "430802197110021127", 3, "否",
                 29.195, 110.291)),
    Ledger("居住记录", "residence", "网格台账", HouseholdResidence.__table__, (
        household_id(), village(), grid(),
        Column("起始日期", "date", "started_on", note="空：记录开始前已居住"),
        Column("结束日期", "date", "ended_on", note="空：仍居住；搬走当天"),
    ), key=("household_id", "started_on"), refs=(Ref("household_id", "household", ("户主身份证号",)),
                                                Ref("grid_id", "grid", ("行政村", "网格"))),
        strict_orders=(("起始日期", "结束日期"),), example=("430802197110021127", "青岩村", "彭家垭片区第一网格", None, None)),
    Ledger("党员", "party member", "党员联系户名册", PartyMember.__table__, (
        village(), grid(), text("姓名", "name", aliases=("党员姓名",)),
        Column("电话", "phone", "phone", True, aliases=("联系电话", "党员电话")),
        Column("星级", "int", "star_level", aliases=("评星定级",), low=1, high=5, note="1–5"),
        Column("入党年份", "int", "joined_year", low=1921, high=2100),
        Column("迁入日期", "date", "arrived_on", note="空：记录开始前已在"), Column("离开日期", "date", "left_on"),
        Column("离开原因", "choice", "left_reason", choices=LEAVE_REASONS),
    ), key=("name", "phone"), refs=(Ref("grid_id", "grid", ("行政村", "网格")),),
        strict_orders=(("迁入日期", "离开日期"),),
        example=("青岩村", "彭家垭片区第一网格", "胡勇", "13403481122", 4, 2018, None, None, None)),
    Ledger("联系户", "household link", "党员联系户名册", ContactLink.__table__, (
        *MEMBER_COLUMNS, household_id(), Column("开始日期", "date", "started_on", True, aliases=("联系起始日期",)),
        Column("结束日期", "date", "ended_on", note="空：仍在联系；移交当天"),
    ), key=("household_id", "started_on"), refs=(MEMBER_REF, Ref("household_id", "household", ("户主身份证号",))),
        strict_orders=(("开始日期", "结束日期"),), example=("胡勇", "13403481122", "430802197110021127", "2023-01-01", None)),
    Ledger("走访", "visit", "党员联系户名册", Visit.__table__, (
        household_id(), village(), grid(), *OPTIONAL_MEMBER_COLUMNS,
        Column("走访日期", "date", "visited_on", True, aliases=("日期",)),
    ), key=("household_id", "visited_on", "member_id"),
        refs=(Ref("household_id", "household", ("户主身份证号",)), Ref("grid_id", "grid", ("行政村", "网格")),
              OPTIONAL_MEMBER_REF), example=("430802197110021127", "青岩村", "彭家垭片区第一网格", "胡勇", "13403481122",
                                             "2024-3-5")),
    Ledger("民情台账", "issue", "民情台账", Issue.__table__, (
        Column("编号", "text", "ledger_no", True, length=40, aliases=("问题编号", "台账编号")),
        village(), grid(), household_id(required=False),
        Column("服务类别", "choice", "service_line", True, SERVICE_LINES, aliases=("类别",)),
        Column("来源", "choice", "source", True, ISSUE_SOURCES, aliases=("问题来源",)),
        text("事项", "title", length=200, aliases=("问题描述", "民情事项", "标题")),
        *(Column(header, "datetime", f"{stage}_at", header == "受理时间")
          for header, stage in zip(ISSUE_STAMPS, ("reported", "filed", "dispatched", "handled", "fed_back", "closed"))),
        Column("办结期限", "date", "due_date", aliases=("期限",)), Column("首次办结期限", "date", "first_due_date"),
        text("责任人", "owner_name", required=False), Column("升级层级", "choice", "escalation_level", choices=LEVELS),
        text("承办部门", "target_department", required=False, length=60),
        Column("返工次数", "int", "reopen_count", low=0, high=99),
    ), key=("ledger_no",), refs=(Ref("grid_id", "grid", ("行政村", "网格")),
                                 Ref("household_id", "household", ("户主身份证号",), required=False)),
        orders=tuple(itertools.combinations(ISSUE_STAMPS, 2)),
        example=("MQ2024-0001", "青岩村", "彭家垭片区第一网格", "430802197110021127", "基础信息采集", "入户走访", "独居老人信息摸排",
                 "2024-3-5 08:20", "2024-3-6", "2024-3-6 10:00", "2024-3-8", "2024-3-9", "2024-3-10", "2024-3-13", "2024-3-13",
                 "刘永红", "片区", None, 0)),
    Ledger("案卷流转", "issue event", "民情台账", IssueEvent.__table__, (
        ISSUE_NO, Column("环节", "choice", "kind", True, EVENT_KINDS, aliases=("状态", "流转环节")),
        Column("时间", "datetime", "at", True, aliases=("发生时间",)), text("经办人", "actor_name", required=False),
        Column("升级层级", "choice", "level", choices=LEVELS, note="升级时填"),
        text("承办部门", "department", required=False, length=60, note="升级时填"),
        Column("办结期限", "date", "due_date", note="立案、延期时填"),
    ), key=("issue_id", "kind", "at"), refs=(Ref("issue_id", "issue", ("编号",)),),
        example=("MQ2024-0001", "立案", "2024-3-6 09:00", "杨宏", None, None, "2024-3-13")),
    Ledger("回访记录", "callback", "民情台账", Callback.__table__, (
        ISSUE_NO, Column("回访日期", "date", "called_on", True), Column("是否解决", "bool", "solved", True),
        Column("是否满意", "bool", "satisfied", True),
        *(Column(header, "int", attr, True, low=1, high=5, note="1–5 分")
          for header, attr in (("效果评分", "effect_score"), ("时长评分", "duration_score"), ("态度评分", "attitude_score"))),
    ), key=("issue_id", "called_on"), refs=(Ref("issue_id", "issue", ("编号",)),),
        example=("MQ2024-0001", "2024-3-20", "是", "是", 5, 4, 5)),
    Ledger("志愿队伍", "volunteer team", "志愿服务登记", VolunteerTeam.__table__, (
        text("乡镇", length=60), village(required=False), text("队伍名称", "name", length=60, aliases=("志愿队伍", "队伍")),
    ), key=("name",), refs=(Ref("township_id", "township", ("乡镇",)), Ref("village_id", "village", ("行政村",), False)),
        example=("罗水乡", None, "关爱孤寡老人志愿服务队")),
    Ledger("志愿者", "volunteer", "志愿服务登记", Volunteer.__table__, (
        text("志愿队伍", length=60, aliases=("队伍",)), text("姓名", "name", aliases=("志愿者姓名",)),
        Column("电话", "phone", "phone", True, aliases=("联系电话",)), village(required=False), grid(required=False),
        *OPTIONAL_MEMBER_COLUMNS,
    ), key=("team_id", "name", "phone"), refs=(Ref("team_id", "team", ("志愿队伍",)),
                                              Ref("grid_id", "grid", ("行政村", "网格"), False), OPTIONAL_MEMBER_REF),
        example=("关爱孤寡老人志愿服务队", "胡勇", "13403481122", "青岩村", "彭家垭片区第一网格", "胡勇", "13403481122")),
    Ledger("志愿活动", "volunteer activity", "志愿服务登记", VolunteerActivity.__table__, (
        text("志愿队伍", length=60, aliases=("队伍",)), Column("活动日期", "date", "held_on", True),
        Column("活动类别", "choice", "kind", True, ACTIVITY_KINDS), text("活动地点", "place", length=80, aliases=("地点",)),
        village(required=False), grid(required=False), Column("每月固定活动", "bool", "is_monthly"),
    ), key=("team_id", "held_on", "kind", "place"),
        refs=(Ref("team_id", "team", ("志愿队伍",)), Ref("grid_id", "grid", ("行政村", "网格"), False)),
        example=("关爱孤寡老人志愿服务队", "2024-3-5", "关爱老人", "杨家台议事大厅", "青岩村", "彭家垭片区第一网格", "是")),
    Ledger("服务时长", "volunteer service", "志愿服务登记", VolunteerService.__table__, (
        *ACTIVITY_COLUMNS, text("志愿者姓名"), Column("志愿者电话", "phone", required=True),
        Column("服务时长（小时）", "decimal", "hours", True, aliases=("时长", "服务时长"), low=0, high=24),
    ), key=("activity_id", "volunteer_id"),
        refs=(Ref("activity_id", "activity", ("志愿队伍", "活动日期", "活动类别", "活动地点")),
              Ref("volunteer_id", "volunteer", ("志愿队伍", "志愿者姓名", "志愿者电话"))),
        example=("关爱孤寡老人志愿服务队", "2024-3-5", "关爱老人", "杨家台议事大厅", "胡勇", "13403481122", 2)),
    Ledger("学习会", "study session", "积分认定表", StudySession.__table__, session_columns(True),
           key=("service_point_id", "held_on", "topic"), refs=(Ref("service_point_id", "service_point", ("行政村", "片区")),),
           example=("青岩村", "彭家垭片区", "2024-3-5", "学习党的二十届三中全会精神")),
    Ledger("学习签到", "study attendance", "积分认定表", StudyAttendance.__table__, (
        *session_columns(False), *MEMBER_COLUMNS, Column("是否出席", "bool", "present", True, aliases=("出席",)),
    ), key=("session_id", "member_id"),
        refs=(Ref("session_id", "session", ("行政村", "片区", "学习日期", "学习主题")), MEMBER_REF),
        example=("青岩村", "彭家垭片区", "2024-3-5", "学习党的二十届三中全会精神", "胡勇", "13403481122", "是")),
    Ledger("积分", "points", "积分认定表", PointsEntry.__table__, (
        *MEMBER_COLUMNS, Column("获得日期", "date", "earned_on", True, aliases=("日期",)),
        Column("积分来源", "choice", "source", True, POINT_SOURCES, aliases=("来源",)),
        Column("分值", "decimal", "points", True, aliases=("积分",), low=-100, high=100),
        Column("认定月份", "month", "confirmed_month", note="每月一认定，如 2024-03"), text("说明", "note", False, 120),
    ), key=("member_id", "earned_on", "source", "note"), refs=(MEMBER_REF,),
        example=("胡勇", "13403481122", "2024-3-5", "学习参与", 2, "2024-04", "参加片区党小组学习1次")),
    Ledger("人才", "talent", "人才库", Talent.__table__, (
        village(), grid(required=False), text("姓名", "name"), Column("电话", "phone", "phone", True, aliases=("联系电话",)),
        Column("人才类别", "choice", "category", True, TALENT_CATEGORIES, aliases=("类别",)),
        Column("入库依据", "choice", "basis", True, TALENT_BASES, aliases=("依据",)),
        Column("回乡人才", "bool", "returned", aliases=("是否回乡",)), Column("回乡年份", "int", "returned_year", low=1949,
                                                                      high=2100),
    ), key=("name", "phone"), refs=(Ref("village_id", "village", ("行政村",)),
                                    Ref("grid_id", "grid", ("行政村", "网格"), False)),
        example=("青岩村", "彭家垭片区第一网格", "向明", "13900000000", "产业人才", "户籍所在地", "是", 2021)),
    Ledger("企业", "enterprise", "人才库", Enterprise.__table__, (
        village(), grid(), text("企业名称", "name", length=80, aliases=("名称", "合作社名称")),
        Column("类型", "choice", "kind", True, ENTERPRISE_KINDS), text("产业", "industry"),
        Column("网格龙头", "bool", "is_leading", aliases=("龙头",)),
    ), key=("grid_id", "name"), refs=(Ref("grid_id", "grid", ("行政村", "网格")),),
        example=("青岩村", "彭家垭片区第一网格", "青岩茶叶专业合作社", "合作社", "茶叶", "是")),
    Ledger("企业联户", "enterprise household", "人才库", EnterpriseHousehold.__table__, (
        village(), grid(), text("企业名称", length=80), household_id(),
        Column("联结方式", "choice", "link", True, LINK_KINDS),
    ), key=("enterprise_id", "household_id"),
        refs=(Ref("enterprise_id", "enterprise", ("行政村", "网格", "企业名称")),
              Ref("household_id", "household", ("户主身份证号",))),
        example=("青岩村", "彭家垭片区第一网格", "青岩茶叶专业合作社", "430802197110021127", "就业")),
)
BY_SHEET = {ledger.sheet: ledger for ledger in LEDGERS}
BOOKS = tuple(dict.fromkeys(ledger.book for ledger in LEDGERS))


def _lookups() -> dict[str, Callable[[], Select]]:
    """Per target: a SELECT of (id, the parts that name it), as the ledgers' reference columns read them."""
    grid_village = (select(Grid.id, Village.name, Grid.name).join(ServicePoint, Grid.service_point_id == ServicePoint.id)
                    .join(Village, ServicePoint.village_id == Village.id))
    return {
        "township": lambda: select(Township.id, Township.name),
        "village": lambda: select(Village.id, Village.name),
        "villager_group": lambda: select(VillagerGroup.id, Village.name, VillagerGroup.name).join(Village, VillagerGroup.village_id == Village.id),
        "service_point": lambda: select(ServicePoint.id, Village.name, ServicePoint.name).join(Village, ServicePoint.village_id == Village.id),
        "grid": lambda: grid_village,
        "household": lambda: select(Household.id, Household.head_id_number),
        "member": lambda: select(PartyMember.id, PartyMember.name, PartyMember.phone),
        "issue": lambda: select(Issue.id, Issue.ledger_no),
        "team": lambda: select(VolunteerTeam.id, VolunteerTeam.name),
        "volunteer": lambda: (select(Volunteer.id, VolunteerTeam.name, Volunteer.name, Volunteer.phone)
                                    .join(VolunteerTeam, Volunteer.team_id == VolunteerTeam.id)),
        "activity": lambda: select(VolunteerActivity.id, VolunteerTeam.name, VolunteerActivity.held_on,
                                   VolunteerActivity.kind, VolunteerActivity.place)
                           .join(VolunteerTeam, VolunteerActivity.team_id == VolunteerTeam.id),
        "session": lambda: select(StudySession.id, Village.name, ServicePoint.name, StudySession.held_on,
                                  StudySession.topic).join(ServicePoint, StudySession.service_point_id == ServicePoint.id)
                          .join(Village, ServicePoint.village_id == Village.id),
        "enterprise": lambda: (select(Enterprise.id, Village.name, Grid.name, Enterprise.name).join(Grid, Enterprise.grid_id == Grid.id)
                               .join(ServicePoint, Grid.service_point_id == ServicePoint.id)
                               .join(Village, ServicePoint.village_id == Village.id)),
    }


LOOKUPS = _lookups()
TARGET_NAMES = {"township": ("乡镇", "township"), "village": ("行政村", "village"), "villager_group": ("村民小组", "villager "
                "group"), "service_point": ("片区", "片区"), "grid": ("网格", "grid"), "household": ("住户", "household"),
                "member": ("党员", "party member"), "issue": ("问题编号", "issue number"), "team": ("志愿队伍", "team"),
                "volunteer": ("志愿者", "volunteer"), "activity": ("志愿活动", "activity"),
                "session": ("学习会", "study session"), "enterprise": ("企业", "enterprise")}


def issue_number(issue_id: int, ledger_no: str | None) -> str:
    """An issue's 编号: the ledger's own, or MQ and its id for an issue entered otherwise."""
    return ledger_no or f"MQ{issue_id:06d}"
