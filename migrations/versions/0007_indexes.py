"""Indexes for a district of 100 townships (bench.backlog, bench.pages):
- drop `ix_issue_events_kind_at`: every query reads an issue's events by issue (`ix_issue_events_issue_at`), and
  with PostgreSQL's planner costed for data in memory (random_page_cost 1.1, data_access.db) the kind index drew
  the month-by-month backlog into reading half the events through it, 1.6× slower;
- add `ix_visits_visited_on` and `ix_issues_reported_at`: the first and last month with data, which every page
  reads for its period choices, took 0.5–2.3 s by scanning all 6 million visits.

Revision ID: 0007_indexes
Revises: 0006_import_log
Create Date: 2026-11-26 19:20:00
"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007_indexes"
down_revision: Union[str, Sequence[str], None] = "0006_import_log"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("issue_events") as batch_op:
        batch_op.drop_index("ix_issue_events_kind_at")
    op.create_index("ix_visits_visited_on", "visits", ["visited_on"], unique=False)
    op.create_index("ix_issues_reported_at", "issues", ["reported_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_issues_reported_at", table_name="issues")
    op.drop_index("ix_visits_visited_on", table_name="visits")
    with op.batch_alter_table("issue_events") as batch_op:
        batch_op.create_index("ix_issue_events_kind_at", ["kind", "at"], unique=False)
