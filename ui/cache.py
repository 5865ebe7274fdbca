"""Query results cached by their arguments (the frozen Filter is hashable) for a few minutes."""
from collections.abc import Callable
from typing import ParamSpec

import pandas as pd
import streamlit as st

CACHE_TTL_SECONDS = 600
P = ParamSpec("P")


def cached(query: Callable[P, pd.DataFrame]) -> Callable[P, pd.DataFrame]:
    """`query` with its DataFrames cached, e.g. `headline_counts = cached(organisation.headline_counts)`."""
    return st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)(query)
