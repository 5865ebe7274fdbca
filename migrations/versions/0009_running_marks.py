"""Running marks: how long the loop summaries of the running month, quarter and year hold (`running_marks`: the data
version they were written at, the moment they were read at and until when that moment's figures hold). Without
data-version triggers. Empty after the upgrade: the app writes them on its first page run and after every change of
the data (data_access.summaries.write_running).

Revision ID: 0009_running_marks
Revises: 0008_loop_summaries
Create Date: 2026-12-07 10:45:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009_running_marks"
down_revision: Union[str, Sequence[str], None] = "0008_loop_summaries"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
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
