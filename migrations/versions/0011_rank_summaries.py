"""The 积分排名 of the running month, quarter and year over the whole district (`rank_summaries`, with the
data-version triggers): a leader's district pages read the ranks from them instead of ranking every party member of
the district from the points ledger (100 townships: the top three members 870 ms, the townships 400 ms). Empty after
the upgrade, and the running marks are taken away, so that no page takes the empty table for the ranks: the app writes
them again with the other running summaries (data_access.summaries.write_running).

Revision ID: 0011_rank_summaries
Revises: 0010_grid_record_indexes
Create Date: 2026-12-07 18:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from schema.data_version import add_version_triggers, drop_version_triggers

# revision identifiers, used by Alembic.
revision: str = "0011_rank_summaries"
down_revision: Union[str, Sequence[str], None] = "0010_grid_record_indexes"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

WHOLE_NUMBERS = ("study", "volunteer", "issue", "evaluation", "total", "members_with_points")


def upgrade() -> None:
    op.create_table(
        "rank_summaries",
        sa.Column("period_kind", sa.String(length=7), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("level", sa.String(length=13), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("star_level", sa.Double(), nullable=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in WHOLE_NUMBERS),
        sa.Column("per_member", sa.Integer(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("ranked_units", sa.Integer(), nullable=False),
        sa.Column("previous_rank", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("period_kind", "period_start", "level", "unit_id", name=op.f("pk_rank_summaries")),
    )
    add_version_triggers(op.get_bind(), "rank_summaries")
    op.execute(sa.text("DELETE FROM running_marks"))


def downgrade() -> None:
    drop_version_triggers(op.get_bind(), "rank_summaries")
    op.drop_table("rank_summaries")
