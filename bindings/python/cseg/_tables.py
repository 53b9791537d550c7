"""Tabular input shared by the rules, profiles and RFM: arrays, DataFrames, Datasets."""

from __future__ import annotations

import contextlib
from typing import Any, Iterator, List, Optional, Sequence, Tuple

import numpy as np

from ._errors import InvalidArgumentError
from ._validation import as_matrix
from .dataset import Dataset, _is_dataframe


def numeric_frame(df: Any) -> Any:
    """The numeric and boolean columns of a DataFrame (IDs, text and dates dropped)."""
    return df.select_dtypes(include=["number", "bool"])


@contextlib.contextmanager
def dataset_of(X: Any, columns: Optional[Sequence[str]] = None) -> Iterator[Tuple[Dataset, Optional[Any]]]:
    """A :class:`Dataset` for @p X and the row index to label results with.

    A Dataset is used as is (and not closed); a DataFrame contributes its
    numeric columns, by name, and its index; anything else is a matrix whose
    columns are @p columns or ``x0``, ``x1``, ...
    Missing values are kept: rules test them and profiles skip them.
    """
    if isinstance(X, Dataset):
        if columns is not None:
            raise InvalidArgumentError("columns: not allowed with a cseg.Dataset (it has its own)")
        yield X, None
        return
    index = None
    if _is_dataframe(X):
        if columns is not None:
            raise InvalidArgumentError("columns: not allowed with a DataFrame (it has its own)")
        num = numeric_frame(X)
        columns = [str(c) for c in num.columns]
        index = X.index
        X = num.to_numpy(dtype=np.float64)
    X = as_matrix(X)
    ds = Dataset(X, columns=None if columns is None else [str(c) for c in columns])
    try:
        yield ds, index
    finally:
        ds.close()


def column_list(names: Any, what: str) -> List[str]:
    if isinstance(names, (str, bytes)):
        raise TypeError(f"{what}: expected a sequence of str, got a single string")
    return [str(n) for n in names]
