"""Data version: a number that every write to a governance table changes, which the app's query cache follows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00

"""
from typing import Sequence, Union

from alembic import op

from schema.data_version import add_version_triggers, create_data_version, drop_data_version, drop_version_triggers

# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = (  # the governance tables of 0001; a later migration adding a table calls add_version_triggers itself
    "townships", "villages", "service_points", "village_boundaries", "villager_groups", "volunteer_teams", "grids",
    "study_sessions", "enterprises", "households", "party_members", "talents", "volunteer_activities",
    "contact_links", "enterprise_households", "issues", "points_ledger", "study_attendance", "visits", "volunteers",
    "callbacks", "volunteer_services",
)


def upgrade() -> None:
    """Upgrade schema."""
    create_data_version(op.get_bind())
    for table in TABLES:
        add_version_triggers(op.get_bind(), table)


def downgrade() -> None:
    """Downgrade schema."""
    for table in TABLES:
        drop_version_triggers(op.get_bind(), table)
    drop_data_version(op.get_bind())
