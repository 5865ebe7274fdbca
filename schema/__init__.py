"""SQLAlchemy models of the governance database, one module per area of 「一网四同」."""
from schema.base import Base
from schema.evaluation import POINT_SOURCES, PointsEntry, StudyAttendance, StudySession
from schema.imports import ImportLog
from schema.issues import ESCALATION_LEVELS, EVENT_KINDS, ISSUE_SOURCES, SERVICE_LINES, Callback, Issue, IssueEvent
from schema.organisation import (
    GRID_KINDS,
    SIX_HAVES,
    Grid,
    ServicePoint,
    Township,
    Village,
    VillageBoundary,
    VillagerGroup,
)
from schema.people import LEAVE_REASONS, ContactLink, Household, HouseholdResidence, PartyMember, Visit
from schema.summaries import IssueStateSummary, LoopSummary, RankSummary, RunningMark, StandingSummary, SummaryMark
from schema.talent import (
    ENTERPRISE_KINDS,
    LINK_KINDS,
    TALENT_BASES,
    TALENT_CATEGORIES,
    Enterprise,
    EnterpriseHousehold,
    Talent,
)
from schema.volunteers import ACTIVITY_KINDS, Volunteer, VolunteerActivity, VolunteerService, VolunteerTeam

__all__ = [
    "ACTIVITY_KINDS", "ENTERPRISE_KINDS", "ESCALATION_LEVELS", "EVENT_KINDS", "GRID_KINDS", "ISSUE_SOURCES",
    "LEAVE_REASONS", "LINK_KINDS", "POINT_SOURCES", "SERVICE_LINES", "SIX_HAVES", "TALENT_BASES", "TALENT_CATEGORIES",
    "Base", "Callback", "ContactLink", "Enterprise", "EnterpriseHousehold", "Grid", "Household", "HouseholdResidence",
    "ImportLog", "Issue", "IssueEvent", "IssueStateSummary", "LoopSummary", "PartyMember", "PointsEntry",
    "RankSummary", "RunningMark", "ServicePoint", "StandingSummary", "StudyAttendance", "StudySession", "SummaryMark",
    "Talent", "Township", "Village",
    "VillageBoundary", "VillagerGroup", "Visit", "Volunteer", "VolunteerActivity", "VolunteerService", "VolunteerTeam",
]
