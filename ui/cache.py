"""Query results cached by their arguments (the frozen Filter is hashable) and by the database's data version,
which app.py reads once per script run: a rerun after any write to the database reads fresh figures."""
import logging
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import ParamSpec, TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data_access.db import DatabaseUnavailable, data_version, get_engine, writing
from data_access.summaries import write_ended

CACHE_TTL_SECONDS = 600  # only bounds the memory kept for versions no longer read
DATA_VERSION = "data_version"
P = ParamSpec("P")
R = TypeVar("R")
log = logging.getLogger(__name__)


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


@st.cache_resource(show_spinner=False)
def summarise_ended(day: date) -> None:
    """Once per app process and day: the loop summaries of the periods ended since they were last written
    (data_access.summaries); pages read the case history for whatever they lack."""
    try:
        with writing(get_engine()) as conn:
            write_ended(conn, day)
    except (DatabaseUnavailable, SQLAlchemyError) as exc:  # an account that may not, another process at the same time
        log.warning("The loop summaries were not written: %s", str(exc).splitlines()[0])
