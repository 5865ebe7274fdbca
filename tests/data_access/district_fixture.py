"""Two townships: a hand-built fixture's village 2 moved into a second township, 石溪乡 (id 2).

Applied on top of the community (with the rankings' points) or the issue loop, so that each township's figures
are the ones those fixtures' files give village 1 (township 1) and village 2 (township 2), worked out there by hand.
"""
from sqlalchemy import Engine, insert, update

from schema import Township, Village
from tests.rows import PLACE

SECOND = {"id": 2, "name": "石溪乡", "centre_name": "石溪乡网格化服务管理中心", **PLACE,
          "boundary_geojson": '{"type": "Polygon", "coordinates": [[[110.3, 29.2], [110.4, 29.2], [110.4, 29.3], '
                              '[110.3, 29.2]]]}'}


def split_into_two_townships(engine: Engine) -> Engine:
    """Add 石溪乡 and move village 2 into it; returns the engine."""
    with engine.begin() as conn:
        conn.execute(insert(Township), [SECOND])
        conn.execute(update(Village).where(Village.id == 2).values(township_id=2))
    return engine
