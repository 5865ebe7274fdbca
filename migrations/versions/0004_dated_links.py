"""Dated links, membership and residence: 党员联系户 links with a start and an end, party members' time here
(left_on, left_reason) and households' residences, so that past figures read what was in force then.

Backfill from today's rows: each link starts at its `since` and is still in force; each household lives on its
grid since before the records (empty start); every member is here since before the records.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 11:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from schema.data_version import add_version_triggers, drop_version_triggers

# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

KEPT = "contact_links_kept"  # today's links while contact_links is rebuilt with its surrogate key


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('household_residences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.CheckConstraint('ended_on > started_on', name=op.f('ck_household_residences_ends_after_start')),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_household_residences_grid_id_grids')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'],
                            name=op.f('fk_household_residences_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_residences'))
    )
    with op.batch_alter_table('household_residences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_residences_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_residences_household_id'), ['household_id'], unique=False)
    add_version_triggers(op.get_bind(), 'household_residences')
    op.execute("INSERT INTO household_residences (household_id, grid_id) SELECT id, grid_id FROM households "
               "ORDER BY id")

    drop_version_triggers(op.get_bind(), 'party_members')  # a batch that rebuilds the table would lose them
    with op.batch_alter_table('party_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('arrived_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('left_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('left_reason', sa.Enum('transferred_out', 'died', name='leave_reason',
                                                             native_enum=False), nullable=True))
    add_version_triggers(op.get_bind(), 'party_members')

    op.execute(f"CREATE TABLE {KEPT} AS SELECT household_id, member_id, since FROM contact_links")
    op.drop_table('contact_links')
    op.create_table('contact_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.CheckConstraint('ended_on > started_on', name=op.f('ck_contact_links_ends_after_start')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_contact_links_household_id_households')),
    sa.ForeignKeyConstraint(['member_id'], ['party_members.id'], name=op.f('fk_contact_links_member_id_party_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_links')),
    sa.UniqueConstraint('household_id', 'started_on', name=op.f('uq_contact_links_household_id'))
    )
    with op.batch_alter_table('contact_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_links_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_links_member_id'), ['member_id'], unique=False)
    add_version_triggers(op.get_bind(), 'contact_links')  # the old table's went with it
    op.execute(f"INSERT INTO contact_links (household_id, member_id, started_on) "
               f"SELECT household_id, member_id, since FROM {KEPT} ORDER BY household_id")
    op.drop_table(KEPT)


def downgrade() -> None:
    """Downgrade schema: one link per household again (the one in force), no residences, no departures."""
    op.execute(f"CREATE TABLE {KEPT} AS SELECT household_id, member_id, started_on AS since FROM contact_links "
               f"WHERE ended_on IS NULL")
    op.drop_table('contact_links')
    op.create_table('contact_links',
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_contact_links_household_id_households')),
    sa.ForeignKeyConstraint(['member_id'], ['party_members.id'], name=op.f('fk_contact_links_member_id_party_members')),
    sa.PrimaryKeyConstraint('household_id', name=op.f('pk_contact_links'))
    )
    with op.batch_alter_table('contact_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_links_member_id'), ['member_id'], unique=False)
    add_version_triggers(op.get_bind(), 'contact_links')
    op.execute(f"INSERT INTO contact_links (household_id, member_id, since) "
               f"SELECT household_id, member_id, since FROM {KEPT}")
    op.drop_table(KEPT)

    drop_version_triggers(op.get_bind(), 'party_members')
    with op.batch_alter_table('party_members', schema=None) as batch_op:
        batch_op.drop_column('left_reason')
        batch_op.drop_column('left_on')
        batch_op.drop_column('arrived_on')
    add_version_triggers(op.get_bind(), 'party_members')
    op.drop_table('household_residences')  # with its indexes
