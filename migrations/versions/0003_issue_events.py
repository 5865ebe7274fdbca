"""Issue events: the case history (案卷流转) of every issue, backfilled from today's issue rows.

The rows keep only each issue's current state, so the backfill writes what they can tell:
- one event per stamp that is set: reported, filed (carrying first_due_date, or due_date where that is unset),
  dispatched, handled (by owner_name, the one person a row names), fed_back and closed; no other actor is known;
- escalation_level > 0 → one escalated event to the current level and department (the levels in between are not
  kept), at dispatched_at, else filed_at, else reported_at: escalation is decided when the issue is dispatched;
- due_date ≠ first_due_date → one extended event to due_date at that same moment (the due date moved with the
  escalation);
- reopen_count = n > 0 → n reopened events at the last stage recorded before closing (fed_back_at, else
  handled_at, dispatched_at, filed_at): when an issue was reopened, and its earlier closings, are not kept, so a
  backfilled issue has one closing at most and its 返工 counts where its last round was fed back.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from schema.data_version import add_version_triggers, drop_version_triggers

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

EVENT_KINDS = ("reported", "filed", "dispatched", "handled", "fed_back", "closed", "reopened", "escalated", "extended")
STAMPS = ("reported", "filed", "dispatched", "handled", "fed_back", "closed")

issues = sa.table(
    "issues",
    *(sa.column(f"{stage}_at", sa.DateTime()) for stage in STAMPS),
    sa.column("id", sa.Integer()),
    sa.column("due_date", sa.Date()),
    sa.column("first_due_date", sa.Date()),
    sa.column("owner_name", sa.String()),
    sa.column("escalation_level", sa.SmallInteger()),
    sa.column("target_department", sa.String()),
    sa.column("reopen_count", sa.SmallInteger()),
)
events = sa.table(
    "issue_events",
    sa.column("issue_id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("at", sa.DateTime()),
    sa.column("actor_name", sa.String()),
    sa.column("level", sa.SmallInteger()),
    sa.column("department", sa.String()),
    sa.column("due_date", sa.Date()),
)


def upgrade() -> None:
    op.create_table(
        "issue_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum(*EVENT_KINDS, name="issue_event_kind", native_enum=False), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_name", sa.String(length=40), nullable=True),
        sa.Column("level", sa.SmallInteger(), nullable=True),
        sa.Column("department", sa.String(length=60), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["issue_id"], ["issues.id"], name=op.f("fk_issue_events_issue_id_issues")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue_events")),
    )
    with op.batch_alter_table("issue_events", schema=None) as batch_op:
        batch_op.create_index("ix_issue_events_issue_at", ["issue_id", "at"], unique=False)
        batch_op.create_index("ix_issue_events_kind_at", ["kind", "at"], unique=False)
    add_version_triggers(op.get_bind(), "issue_events")  # first: the backfill is a write the app's cache must see
    backfill(op.get_bind())


def backfill(conn: sa.Connection) -> None:
    """The events today's issue rows can tell (see the module docstring), one INSERT … SELECT per kind."""
    i = issues.c
    nothing = sa.null()
    decided = sa.func.coalesce(i.dispatched_at, i.filed_at, i.reported_at)
    last_stage = sa.func.coalesce(i.fed_back_at, i.handled_at, i.dispatched_at, i.filed_at)
    selects = [
        _events(stage, i[f"{stage}_at"], i[f"{stage}_at"].is_not(None),
                actor=i.owner_name if stage == "handled" else nothing,
                due=sa.func.coalesce(i.first_due_date, i.due_date) if stage == "filed" else nothing)
        for stage in STAMPS
    ]
    selects.append(_events("escalated", decided, i.escalation_level > 0, level=i.escalation_level,
                           department=i.target_department))
    selects.append(_events("extended", decided, i.due_date != i.first_due_date, due=i.due_date))
    most_reopens = conn.execute(sa.select(sa.func.max(i.reopen_count))).scalar() or 0
    selects.extend(_events("reopened", last_stage, i.reopen_count >= n) for n in range(1, most_reopens + 1))
    for select in selects:
        conn.execute(events.insert().from_select(list(events.c.keys()), select))


def _events(
    kind: str, at: sa.ColumnElement, where: sa.ColumnElement[bool], *, actor: sa.ColumnElement = sa.null(),
    level: sa.ColumnElement = sa.null(), department: sa.ColumnElement = sa.null(), due: sa.ColumnElement = sa.null(),
) -> sa.Select:
    """SELECT issue_id, kind, at, actor_name, level, department, due_date FROM issues WHERE `where`."""
    columns = [issues.c.id, sa.literal(kind), at, actor, level, department, due]
    return sa.select(*columns).where(where).order_by(issues.c.id)


def downgrade() -> None:
    drop_version_triggers(op.get_bind(), "issue_events")
    op.drop_table("issue_events")  # its indexes with it (MariaDB refuses to drop the one its foreign key uses)
