"""Summaries of the running periods: what stands on each grid on the last day of the running month, quarter and year
(`standing_summaries`) and each issue's state (`issue_state_summaries`), both with the data-version triggers, and how
long those and the running periods' loop summaries hold (`running_marks`: the data version they were written at, the
moment they were read at and until when that moment's figures hold; without triggers). Empty after the upgrade: the app writes them on its first page run and after
every change of the data (data_access.summaries.write_running).

Revision ID: 0009_running_summaries
Revises: 0008_loop_summaries
Create Date: 2026-12-07 10:45:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from schema.data_version import add_version_triggers, drop_version_triggers

# revision identifiers, used by Alembic.
revision: str = "0009_running_summaries"
down_revision: Union[str, Sequence[str], None] = "0008_loop_summaries"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


STANDING = ("households", "residents", "party_members", "linked_households", "watch_households", "watch_visited",
            "members_in_norm", "member_visits")


def upgrade() -> None:
    op.create_table(
        "standing_summaries",
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("period_kind", sa.String(length=7), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in STANDING),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name=op.f("fk_standing_summaries_grid_id_grids")),
        sa.PrimaryKeyConstraint("grid_id", "period_kind", "period_start", name=op.f("pk_standing_summaries")),
    )
    add_version_triggers(op.get_bind(), "standing_summaries")
    op.create_table(
        "issue_state_summaries",
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("period_kind", sa.String(length=7), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("filed", sa.Integer(), nullable=False),
        sa.Column("filed_at", sa.DateTime(), nullable=True),
        sa.Column("open", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("reopen_count", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("reported", sa.Integer(), nullable=False),
        sa.Column("settled", sa.Integer(), nullable=False),
        sa.Column("escalation_level", sa.SmallInteger(), nullable=False),
        sa.Column("target_department", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name=op.f("fk_issue_state_summaries_grid_id_grids")),
        sa.ForeignKeyConstraint(["issue_id"], ["issues.id"], name=op.f("fk_issue_state_summaries_issue_id_issues")),
        sa.PrimaryKeyConstraint("issue_id", "period_kind", "period_start", name=op.f("pk_issue_state_summaries")),
    )
    op.create_index("ix_issue_state_summaries_grid_kind", "issue_state_summaries", ["grid_id", "period_kind"])
    add_version_triggers(op.get_bind(), "issue_state_summaries")
    op.create_table(
        "running_marks",
        sa.Column("period_kind", sa.String(length=7), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=False),
        sa.Column("data_version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("period_kind", name=op.f("pk_running_marks")),
    )


def downgrade() -> None:
    op.drop_table("running_marks")
    drop_version_triggers(op.get_bind(), "issue_state_summaries")
    op.drop_table("issue_state_summaries")
    drop_version_triggers(op.get_bind(), "standing_summaries")
    op.drop_table("standing_summaries")
