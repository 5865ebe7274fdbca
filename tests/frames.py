"""Frames compared by what they hold, whatever dtype pandas gave a column of a few rows."""
import pandas as pd


def cells(frame: pd.DataFrame) -> list[list[object]]:
    """The frame's rows, any missing value as None."""
    return frame.astype(object).where(frame.notna(), None).values.tolist()
