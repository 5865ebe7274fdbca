"""Query results cached by their arguments (the frozen Filter is hashable) and by the database's data version,
which app.py reads once per script run: a rerun after any write to the database reads fresh figures."""
from collections.abc import Callable
from functools import cache
from typing import ParamSpec, TypeVar

import streamlit as st

from data_access.db import data_version

CACHE_TTL_SECONDS = 600  # only bounds the memory kept for versions no longer read
DATA_VERSION = "data_version"
P = ParamSpec("P")
R = TypeVar("R")


def read_data_version() -> None:
    """Once per script run, before any cached query: the version every cached result of this run is keyed on."""
    st.session_state[DATA_VERSION] = data_version()


@cache
def cached(query: Callable[P, R]) -> Callable[P, R]:
    """`query` with its results cached, e.g. `headline_counts = cached(organisation.headline_counts)`."""

    def at_version(version: int, *args: P.args, **kwargs: P.kwargs) -> R:
        return query(*args, **kwargs)

    at_version.__module__, at_version.__qualname__ = query.__module__, query.__qualname__  # Streamlit's cache key
    cached_query = st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)(at_version)

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return cached_query(st.session_state[DATA_VERSION], *args, **kwargs)

    return run
