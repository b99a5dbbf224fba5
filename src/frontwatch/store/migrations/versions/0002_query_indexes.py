"""indexes for the API's event queries

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

The API pages events by keyset on (sort key, event_id); each sort key gets an index in that exact
form (NULLs folded by coalesce, as frontwatch.store.queries writes them), so a page is an index
range scan however deep it is. The map reads every event's few columns from one covering index
(ix_events_map) instead of the wide rows. Sides, countries and coordinates get indexes for their filters;
names get covering indexes so that a name search reads the index, not the wide event rows; the
columns that /api/stats counts by get indexes so that counting reads no event row.
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_INDEXES = [
    ("ix_events_sort_date", "events", [sa.text("coalesce(date, '')"), "event_id"]),
    ("ix_events_map", "events", ["date", "event_id", "certainty", "type", "mode", "lat", "lon", "place_id",
                                 "place_name", "control_status", "independent_sources", "grade", "fatalities"]),
    ("ix_events_sort_toll", "events", [sa.text("coalesce(fatalities, -1)"), "event_id"]),
    ("ix_events_sort_sources", "events", ["independent_sources", "event_id"]),
    ("ix_events_type_sort_date", "events", ["type", sa.text("coalesce(date, '')"), "event_id"]),
    ("ix_events_country", "events", ["country"]),
    ("ix_events_lon_lat", "events", ["lon", "lat"]),
    ("ix_events_place_name", "events", ["place_name", "place_id"]),
    ("ix_events_certainty_grade", "events", ["certainty", "grade"]),
    ("ix_event_actors_side", "event_actors", ["side", "event_id"]),
    ("ix_event_actors_name", "event_actors", ["name", "actor_id"]),
    ("ix_event_actors_actor_event", "event_actors", ["actor_id", "event_id"]),
    ("ix_control_dates", "control_periods", ["start", "end"]),
]


def upgrade() -> None:
    for name, table, cols in _INDEXES:
        op.create_index(name, table, cols, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
