"""Loop summaries: the closed loop's figures per grid and closed month, quarter and year, written once
(`loop_summaries`), and how far they reach per period kind (`summary_marks`), with the data-version triggers (pages
read them, so the app's cache follows them). Empty after the upgrade: the app writes them on its first page run of the
day (data_access.summaries), and pages read the case history for what is not written.

Revision ID: 0008_loop_summaries
Revises: 0007_indexes
Create Date: 2026-12-07 02:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from schema.data_version import add_version_triggers, drop_version_triggers

# revision identifiers, used by Alembic.
revision: str = "0008_loop_summaries"
down_revision: Union[str, Sequence[str], None] = "0007_indexes"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = ("loop_summaries", "summary_marks")
COUNTS = ("reported", "filed", "dispatched", "reopened", "extended", "due", "closed", "closed_on_time",
          "overdue_open", "open_at_end")


def upgrade() -> None:
    op.create_table(
        "loop_summaries",
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("period_kind", sa.String(length=7), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        sa.Column("days_to_close_sum", sa.Double(), nullable=False),
        sa.Column("days_to_close_count", sa.Integer(), nullable=False),
        sa.Column("days_to_dispatch_sum", sa.Double(), nullable=False),
        sa.Column("days_to_dispatch_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name=op.f("fk_loop_summaries_grid_id_grids")),
        sa.PrimaryKeyConstraint("grid_id", "period_kind", "period_start", name=op.f("pk_loop_summaries")),
    )
    op.create_table(
        "summary_marks",
        sa.Column("period_kind", sa.String(length=7), nullable=False),
        sa.Column("summarised_until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("period_kind", name=op.f("pk_summary_marks")),
    )
    for table in TABLES:
        add_version_triggers(op.get_bind(), table)


def downgrade() -> None:
    for table in reversed(TABLES):
        drop_version_triggers(op.get_bind(), table)
        op.drop_table(table)
