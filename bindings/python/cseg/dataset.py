"""Customer datasets: ``n_rows`` customers by ``n_cols`` numeric features."""

from __future__ import annotations

import os
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _cseg
from ._handle import DatasetHandle

__all__ = ["Dataset"]

PathLike = Union[str, "os.PathLike[str]"]


def _is_dataframe(obj: Any) -> bool:
    return hasattr(obj, "columns") and hasattr(obj, "index") and hasattr(obj, "to_numpy")


def _viewable(arr: Any) -> bool:
    """True when the C library may borrow @p arr without a copy."""
    return (isinstance(arr, np.ndarray) and arr.ndim == 2 and arr.dtype == np.float64
            and arr.dtype.isnative and arr.flags.c_contiguous and arr.flags.aligned)


class Dataset:
    """A feature matrix with column names and customer IDs, held by the C library.

    Parameters
    ----------
    data : array-like or pandas.DataFrame of shape (n_rows, n_cols)
        Numeric features; NaN marks a missing value, infinite values are
        refused. A C-ordered ``float64`` array is borrowed, not copied: the
        dataset keeps a reference to it, and it must not be modified while the
        dataset is open. Anything else (other dtypes, Fortran order, lists,
        DataFrames) is copied into the dataset.
    columns : sequence of str, optional
        Column names; default the DataFrame's columns, else ``"x0"``, ``"x1"``, ...
    ids : sequence of str, optional
        Customer IDs; default the DataFrame's index (as str), else ``"0"``, ``"1"``, ...
    copy : bool, default False
        Copy even a C-ordered ``float64`` array.

    Raises
    ------
    cseg.InvalidArgumentError
        Empty data, an infinite value (the message names row and column),
        or names/IDs of the wrong number.

    Examples
    --------
    >>> import numpy as np, cseg
    >>> ds = cseg.Dataset(np.array([[1.0, 2.0], [3.0, np.nan]]), columns=["a", "b"])
    >>> ds.shape, ds.n_missing, ds.columns
    ((2, 2), 1, ['a', 'b'])
    """

    def __init__(self, data: Any, *, columns: Optional[Sequence[str]] = None,
                 ids: Optional[Sequence[Any]] = None, copy: bool = False) -> None:
        self._base: Optional[np.ndarray] = None
        if _is_dataframe(data):
            if columns is None:
                columns = [str(c) for c in data.columns]
            if ids is None:
                ids = list(data.index)
            data = data.to_numpy(dtype=np.float64)
        if _viewable(data) and not copy:
            ptr = _cseg.cseg_dataset_new_view(data)
            self._base = data  # borrowed by the C dataset until close()
        else:
            arr = np.asarray(data, dtype=np.float64)
            if arr.ndim != 2:
                raise ValueError(
                    f"data: expected a 2-D array, got {arr.ndim}-D; reshape 1-D data with "
                    "x.reshape(-1, 1) for one feature or x.reshape(1, -1) for one customer")
            ptr = _cseg.cseg_dataset_new(arr)
        self._handle = DatasetHandle(ptr)
        if columns is not None:
            self.columns = columns  # type: ignore[assignment]
        if ids is not None:
            self.ids = ids  # type: ignore[assignment]

    @classmethod
    def _wrap(cls, ptr: Any) -> "Dataset":
        self = cls.__new__(cls)
        self._base = None
        self._handle = DatasetHandle(ptr)
        return self

    @classmethod
    def read_csv(cls, path: PathLike, *, delimiter: str = ",", id_column: Optional[str] = None,
                 columns: Optional[Sequence[str]] = None) -> "Dataset":
        """Read a dataset from a CSV file with a header line.

        Parameters
        ----------
        path : str or path-like
            File to read (RFC 4180: quotes, CRLF or LF).
        delimiter : str, default ","
            One-character field separator, e.g. ``";"`` or ``"\\t"``.
        id_column : str, optional
            Header name of the customer ID column; default numbers customers
            ``"1"``, ``"2"``, ... by line.
        columns : sequence of str, optional
            Feature columns in the order wanted; default every column except
            the ID column.

        Returns
        -------
        Dataset

        Raises
        ------
        cseg.FileError
            The file cannot be read.
        cseg.FormatError
            Malformed CSV or a non-numeric cell (the message gives file:line:column).
        cseg.InvalidArgumentError
            Unknown or duplicated column name, or no data rows.
        """
        if not isinstance(delimiter, str) or len(delimiter) != 1:
            raise ValueError(f"delimiter: expected one character, got {delimiter!r}")
        cols = None if columns is None else [str(c) for c in columns]
        return cls._wrap(_cseg.cseg_dataset_read_csv(os.fspath(path), delimiter, id_column, cols))

    # -- lifetime -------------------------------------------------------------

    def close(self) -> None:
        """Free the C dataset now (and drop the borrowed array); idempotent."""
        self._handle.close()
        self._base = None

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has been called."""
        return self._handle.closed

    def __enter__(self) -> "Dataset":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def _ptr(self) -> Any:
        return self._handle.ptr

    # -- queries --------------------------------------------------------------

    @property
    def n_rows(self) -> int:
        """Number of customers."""
        return int(_cseg.cseg_dataset_n_rows(self._ptr))

    @property
    def n_cols(self) -> int:
        """Number of features."""
        return int(_cseg.cseg_dataset_n_cols(self._ptr))

    @property
    def n_missing(self) -> int:
        """Number of missing (NaN) cells."""
        return int(_cseg.cseg_dataset_n_missing(self._ptr))

    @property
    def shape(self) -> Tuple[int, int]:
        """``(n_rows, n_cols)``."""
        return (self.n_rows, self.n_cols)

    def __len__(self) -> int:
        return self.n_rows

    @property
    def columns(self) -> List[str]:
        """Column names (settable with a list of distinct, non-empty str)."""
        ptr = self._ptr
        return [_cseg.cseg_dataset_column_name(ptr, j) for j in range(self.n_cols)]

    @columns.setter
    def columns(self, names: Iterable[str]) -> None:
        if isinstance(names, (str, bytes)):
            raise TypeError("columns: expected a sequence of str, got a single string")
        _cseg.cseg_dataset_set_column_names(self._ptr, [str(n) for n in names])

    @property
    def ids(self) -> List[str]:
        """Customer IDs (settable; values are converted with ``str``)."""
        ptr = self._ptr
        return [_cseg.cseg_dataset_id(ptr, i) for i in range(self.n_rows)]

    @ids.setter
    def ids(self, ids: Iterable[Any]) -> None:
        if isinstance(ids, (str, bytes)):
            raise TypeError("ids: expected a sequence, got a single string")
        _cseg.cseg_dataset_set_ids(self._ptr, [str(i) for i in ids])

    def to_numpy(self) -> np.ndarray:
        """A new C-ordered ``float64`` copy of the matrix (missing cells are NaN)."""
        n, d = self.shape
        return _cseg.cseg_dataset_copy_data(self._ptr, n * d).reshape(n, d)

    def __array__(self, dtype: Any = None) -> np.ndarray:
        arr = self.to_numpy()
        return arr if dtype is None else arr.astype(dtype, copy=False)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with the column names and the IDs as index."""
        import pandas as pd

        return pd.DataFrame(self.to_numpy(), columns=self.columns, index=pd.Index(self.ids, name="id"))

    def __repr__(self) -> str:
        if self.closed:
            return "<cseg.Dataset (closed)>"
        n, d = self.shape
        return f"<cseg.Dataset {n} x {d}, {self.n_missing} missing, columns={self.columns[:6]}{'...' if d > 6 else ''}>"

    def __reduce__(self) -> Any:
        return (_rebuild_dataset, (self.to_numpy(), self.columns, self.ids))


def _rebuild_dataset(data: np.ndarray, columns: List[str], ids: List[str]) -> Dataset:
    return Dataset(data, columns=columns, ids=ids)
