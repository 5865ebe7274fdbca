"""Import log and ledger numbers: `import_log` records every ledger import that wrote (when, file name and
SHA-256, rows added / updated / unchanged, who), and `issues.ledger_no` keeps the 编号 of the township's 民情台账
so that a re-sent ledger updates its issues instead of adding them again (empty for issues entered otherwise;
unique where set). Both with the data-version triggers.

Revision ID: 0006_import_log
Revises: 0005_accounts
Create Date: 2026-11-26 15:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from schema.data_version import add_version_triggers, drop_version_triggers

# revision identifiers, used by Alembic.
revision: str = "0006_import_log"
down_revision: Union[str, Sequence[str], None] = "0005_accounts"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "import_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=60), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_log")),
    )
    op.create_index(op.f("ix_import_log_imported_at"), "import_log", ["imported_at"], unique=False)
    add_version_triggers(op.get_bind(), "import_log")
    op.add_column("issues", sa.Column("ledger_no", sa.String(length=40), nullable=True))  # keeps the triggers
    op.create_index(op.f("ix_issues_ledger_no"), "issues", ["ledger_no"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_issues_ledger_no"), table_name="issues")
    drop_version_triggers(op.get_bind(), "issues")  # SQLite rebuilds the table to drop a column
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_column("ledger_no")
    add_version_triggers(op.get_bind(), "issues")
    drop_version_triggers(op.get_bind(), "import_log")
    op.drop_table("import_log")
