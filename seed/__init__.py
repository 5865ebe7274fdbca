"""Deterministic demo data for the 一网四同 cockpit: `python -m seed`, or build(engine, as_of, scale) from code."""
from seed.load import AlreadySeeded, build

__all__ = ["AlreadySeeded", "build"]
