"""Customer lifetime value: transactions, RFM summaries and the BG/NBD,
Pareto/NBD and Gamma-Gamma models, with the Python ``lifetimes`` package's
names (``BetaGeoFitter``, ``conditional_probability_alive`` ...).

Dates are days since 1970-01-01 inside the library; this module accepts
``"YYYY-MM-DD"`` strings, :class:`datetime.date` and ``numpy.datetime64``.

Examples
--------
>>> from cseg import clv
>>> tx = clv.Transactions.read("data/cdnow/CDNOW_sample.txt", id_column=0,
...                            date_column=2, amount_column=4, quantity_column=3)  # doctest: +SKIP
>>> s = clv.summary_data_from_transactions(tx, "1997-09-30")                    # doctest: +SKIP
>>> bg = clv.BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])          # doctest: +SKIP
>>> bg.params_                                                                  # doctest: +SKIP
{'r': 0.2426, 'alpha': 4.4135, 'a': 0.7929, 'b': 2.4258}
"""

from __future__ import annotations

import datetime
import os
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np

from . import _cseg
from ._errors import FormatError, InvalidArgumentError, MissingValuesError, NotFittedError
from ._handle import _Handle

__all__ = ["Transactions", "summary_data_from_transactions", "BetaGeoFitter",
           "ParetoNBDFitter", "GammaGammaFitter", "tiers"]

_DATE_NONE = -(2 ** 63)
_EPOCH = np.datetime64("1970-01-01", "D")


class _TxOptionsHandle(_Handle):
    _kind = "transaction reader options"
    _free = staticmethod(_cseg.cseg_tx_options_free)


class _TransactionsHandle(_Handle):
    _kind = "transactions"
    _free = staticmethod(_cseg.cseg_transactions_free)


class _SummaryHandle(_Handle):
    _kind = "CLV summary"
    _free = staticmethod(_cseg.cseg_clv_summary_free)


class _ClvModelHandle(_Handle):
    _kind = "CLV model"
    _free = staticmethod(_cseg.cseg_clv_model_free)


def _day(value: Any) -> int:
    """Days since 1970-01-01 of a date-like value."""
    if isinstance(value, str):
        return int(_cseg.cseg_date_parse(value))
    if isinstance(value, (datetime.date, np.datetime64)):
        return int((np.datetime64(value, "D") - _EPOCH).astype(np.int64))
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    raise InvalidArgumentError(f"expected a date ('YYYY-MM-DD', date or datetime64), got {value!r}")


def _days(values: Any) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return np.ascontiguousarray(arr, dtype=np.int64)
    if arr.dtype.kind == "M":
        return np.ascontiguousarray((arr.astype("datetime64[D]") - _EPOCH).astype(np.int64))
    return np.array([_day(str(v)) for v in arr.ravel()], dtype=np.int64)


def _column(values: Any, name: str, n: Optional[int] = None) -> np.ndarray:
    """A C-contiguous float64 1-D copy-if-needed of @p values, of length @p n."""
    arr = np.ascontiguousarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise InvalidArgumentError(f"{name}: expected a 1-D array")
    if n is not None and arr.shape[0] != n:
        raise InvalidArgumentError(f"{name}: expected {n} values, got {arr.shape[0]}")
    if arr.shape[0] == 0:
        raise InvalidArgumentError(f"{name}: no values")
    return arr


def _columns(**cols: Any) -> Tuple[int, Dict[str, np.ndarray]]:
    """Columns of one common length (the length the C calls are given)."""
    out: Dict[str, np.ndarray] = {}
    n: Optional[int] = None
    for name, values in cols.items():
        out[name] = _column(values, name, n)
        n = out[name].shape[0]
    assert n is not None
    return n, out


_ATTRIBUTES = {"channel": _cseg.CSEG_TX_COLUMN_CHANNEL, "region": _cseg.CSEG_TX_COLUMN_REGION,
               "category": _cseg.CSEG_TX_COLUMN_CATEGORY}


def _attribute_key(attribute: str) -> int:
    if attribute not in _ATTRIBUTES:
        raise InvalidArgumentError(f"attribute: expected one of {list(_ATTRIBUTES)}, got {attribute!r}")
    return _ATTRIBUTES[attribute]


def _frame_days(col: Any, what: str) -> np.ndarray:
    """Days since 1970-01-01 of a DataFrame column; errors name @p what and the row."""
    arr = col.to_numpy()
    if arr.dtype.kind == "M" or str(col.dtype).startswith("datetime64"):
        if getattr(col.dt, "tz", None) is not None:
            col = col.dt.tz_localize(None)
        arr = col.to_numpy(dtype="datetime64[ns]")
        bad = np.flatnonzero(np.isnat(arr))
        if bad.size:
            raise InvalidArgumentError(f"{what}: missing date (NaT) at row {bad[0]}")
        return np.ascontiguousarray(arr.astype("datetime64[D]").astype(np.int64))
    if arr.dtype.kind in "iu":
        return np.ascontiguousarray(arr, dtype=np.int64)
    if arr.dtype.kind != "O" and arr.dtype.kind not in "US":
        raise InvalidArgumentError(f"{what}: expected dates (datetime64, date objects, 'YYYY-MM-DD' "
                                   f"strings or day numbers), got dtype {col.dtype}")
    import pandas as pd

    out = np.empty(len(arr), dtype=np.int64)
    seen: Dict[Any, int] = {}
    for i, v in enumerate(arr):
        if v is None or (not isinstance(v, str) and bool(pd.isna(v))):
            raise InvalidArgumentError(f"{what}: missing date at row {i}")
        d = seen.get(v)
        if d is None:
            try:
                d = _day(v) if not isinstance(v, (bool, np.bool_, float)) else None
            except (InvalidArgumentError, FormatError):
                d = None
            if d is None:
                raise InvalidArgumentError(f"{what}: row {i}: {v!r} is not a date "
                                           "(YYYY-MM-DD, YYYYMMDD, date or datetime64)") from None
            seen[v] = d
        out[i] = d
    return out


def _frame_numbers(col: Any, what: str) -> np.ndarray:
    """A float64 copy of a numeric DataFrame column; NaN is an error naming @p what and the row."""
    if col.dtype.kind not in "iufb":
        try:
            arr = np.asarray(col.to_numpy(), dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidArgumentError(f"{what}: expected numbers, got dtype {col.dtype}") from None
    else:
        arr = col.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = np.flatnonzero(np.isnan(arr))
    if bad.size:
        raise MissingValuesError(f"{what}: NaN at row {bad[0]} (of {len(arr)})")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise InvalidArgumentError(f"{what}: infinite value at row {bad[0]}")
    return np.ascontiguousarray(arr)


class Transactions:
    """Purchase records: one row per transaction (customer ID, date, amount, quantity).

    Build with :meth:`read` (a delimited file), :meth:`from_frame` (a
    ``pandas.DataFrame`` of orders) or :meth:`from_arrays`. Optional channel,
    region and category attributes (:meth:`set_attribute`) feed the share
    columns of :func:`cseg.features`.
    """

    def __init__(self, handle: _TransactionsHandle) -> None:
        self._handle = handle

    @classmethod
    def read(cls, path: Union[str, "os.PathLike[str]"], *, id_column: Union[int, str] = 0,
             date_column: Union[int, str] = 1, amount_column: Union[int, str] = 2,
             quantity_column: Union[int, str, None] = None, delimiter: Optional[str] = None,
             header: Optional[bool] = None, skip_bad_rows: bool = False,
             date_format: str = "auto", channel_column: Union[int, str, None] = None,
             region_column: Union[int, str, None] = None,
             category_column: Union[int, str, None] = None) -> "Transactions":
        """Read a CSV, tab- or blank-separated transaction file.

        Parameters
        ----------
        path : str or path-like
        id_column, date_column, amount_column : int or str
            0-based position, or header name (needs a header line).
        quantity_column : int, str or None
            Optional quantity column; None means a quantity of 1 per row.
        delimiter : str, optional
            One character; default: ',' if the first line has one, else tab,
            else runs of blanks (``" "`` forces runs of blanks).
        header : bool, optional
            Default: a header when the first line's date cell is not a date.
        skip_bad_rows : bool, default False
            Skip and count malformed rows (:attr:`n_skipped`) instead of failing.
        date_format : {'auto', 'iso', 'yyyymmdd'}
        channel_column, region_column, category_column : int, str or None
            Optional string attributes (an empty cell is unknown); they give
            the ``share_<attribute>_<level>`` columns of :func:`cseg.features`.

        Raises
        ------
        cseg.FileError, cseg.FormatError, cseg.InvalidArgumentError
        """
        opts = _TxOptionsHandle(_cseg.cseg_tx_options_new())
        try:
            p = opts.ptr
            for key, col in ((_cseg.CSEG_TX_COLUMN_ID, id_column), (_cseg.CSEG_TX_COLUMN_DATE, date_column),
                             (_cseg.CSEG_TX_COLUMN_AMOUNT, amount_column),
                             (_cseg.CSEG_TX_COLUMN_QUANTITY, -1 if quantity_column is None else quantity_column),
                             (_cseg.CSEG_TX_COLUMN_CHANNEL, -1 if channel_column is None else channel_column),
                             (_cseg.CSEG_TX_COLUMN_REGION, -1 if region_column is None else region_column),
                             (_cseg.CSEG_TX_COLUMN_CATEGORY, -1 if category_column is None else category_column)):
                if isinstance(col, str):
                    _cseg.cseg_tx_options_set_string(p, key, col)
                else:
                    _cseg.cseg_tx_options_set_int(p, key, int(col))
            if delimiter is not None:
                if len(delimiter) != 1:
                    raise InvalidArgumentError(f"delimiter: expected one character, got {delimiter!r}")
                _cseg.cseg_tx_options_set_int(p, _cseg.CSEG_TX_DELIMITER, ord(delimiter))
            if header is not None:
                _cseg.cseg_tx_options_set_int(p, _cseg.CSEG_TX_HEADER, int(bool(header)))
            _cseg.cseg_tx_options_set_int(p, _cseg.CSEG_TX_SKIP_BAD_ROWS, int(bool(skip_bad_rows)))
            formats = {"auto": _cseg.CSEG_DATE_AUTO, "iso": _cseg.CSEG_DATE_ISO,
                       "yyyymmdd": _cseg.CSEG_DATE_YYYYMMDD}
            if date_format not in formats:
                raise InvalidArgumentError(f"date_format must be one of {sorted(formats)}, got {date_format!r}")
            _cseg.cseg_tx_options_set_int(p, _cseg.CSEG_TX_DATE_FORMAT, formats[date_format])
            return cls(_TransactionsHandle(_cseg.cseg_transactions_read(os.fspath(path), p)))
        finally:
            opts.close()

    @classmethod
    def from_arrays(cls, ids: Any, dates: Any, amounts: Any, quantities: Any = None) -> "Transactions":
        """Transactions from columns (copied).

        Parameters
        ----------
        ids : sequence
            Customer of each row (converted with ``str``).
        dates : array-like of datetime64, ``"YYYY-MM-DD"`` strings or day numbers
        amounts, quantities : array-like of float
            ``quantities`` defaults to 1 per row.
        """
        id_list = [str(i) for i in ids]
        n = len(id_list)
        days = _days(dates)
        if days.shape != (n,):
            raise InvalidArgumentError(f"dates: expected {n} values, got {days.shape[0]}")
        amt = _column(amounts, "amounts", n)
        qty = None if quantities is None else _column(quantities, "quantities", n)
        if n == 0:
            raise InvalidArgumentError("ids: no transactions")
        return cls(_TransactionsHandle(_cseg.cseg_transactions_new(id_list, days, amt, qty, n)))

    @classmethod
    def from_frame(cls, frame: Any, *, id_column: str = "customer_id", date_column: str = "date",
                   amount_column: str = "amount", quantity_column: Optional[str] = None,
                   channel_column: Optional[str] = None, region_column: Optional[str] = None,
                   category_column: Optional[str] = None) -> "Transactions":
        """Transactions from a ``pandas.DataFrame`` of orders, one row per order (copied).

        Parameters
        ----------
        frame : pandas.DataFrame
        id_column, date_column, amount_column : str
            Column names. IDs are converted with ``str``; dates may be
            ``datetime64`` (times are dropped), ``datetime.date`` objects,
            ``"YYYY-MM-DD"`` / ``"YYYYMMDD"`` strings or day numbers since
            1970-01-01 (integers); amounts are numbers, negative for returns.
        quantity_column : str, optional
            Default: a quantity of 1 per row.
        channel_column, region_column, category_column : str, optional
            String attributes; missing values (None, NaN) are unknown.

        Raises
        ------
        cseg.InvalidArgumentError
            An unknown column (the message names the argument and lists the
            columns), no rows, a missing ID, a cell that is not a date, a
            non-numeric or infinite amount.
        cseg.MissingValuesError
            A NaN amount or quantity (the message names the argument and the row).

        Examples
        --------
        >>> import pandas as pd
        >>> from cseg import clv
        >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a"],
        ...                        "date": ["2024-01-02", "2024-01-05", "2024-02-01"],
        ...                        "amount": [20.0, 35.5, -5.0]})
        >>> tx = clv.Transactions.from_frame(orders)
        >>> tx.n_rows, tx.n_customers, tx.n_returns
        (3, 2, 1)
        """
        cols = {"id_column": id_column, "date_column": date_column, "amount_column": amount_column,
                "quantity_column": quantity_column, "channel_column": channel_column,
                "region_column": region_column, "category_column": category_column}
        if not hasattr(frame, "columns") or not hasattr(frame, "iloc"):
            raise TypeError(f"frame: expected a pandas.DataFrame, got {type(frame).__name__}")
        for arg, name in cols.items():
            if name is not None and name not in frame.columns:
                raise InvalidArgumentError(f"{arg}: no column {name!r} in the DataFrame; its columns are "
                                           f"{[str(c) for c in frame.columns]}")
        n = len(frame)
        if n == 0:
            raise InvalidArgumentError("frame: no rows (orders)")
        ids = frame[id_column]
        bad = np.flatnonzero(ids.isna().to_numpy())
        if bad.size:
            raise InvalidArgumentError(f"id_column {id_column!r}: missing customer ID at row {bad[0]}")
        days = _frame_days(frame[date_column], f"date_column {date_column!r}")
        amt = _frame_numbers(frame[amount_column], f"amount_column {amount_column!r}")
        qty = None if quantity_column is None else _frame_numbers(
            frame[quantity_column], f"quantity_column {quantity_column!r}")
        tx = cls(_TransactionsHandle(_cseg.cseg_transactions_new(
            [str(i) for i in ids.tolist()], days, amt, qty, n)))
        for attr in _ATTRIBUTES:
            name = cols[f"{attr}_column"]
            if name is not None:
                tx.set_attribute(attr, frame[name])
        return tx

    def set_attribute(self, attribute: str, values: Any) -> "Transactions":
        """Set (or, with None, remove) the channel, region or category of every row.

        Parameters
        ----------
        attribute : {'channel', 'region', 'category'}
        values : sequence of str, one per row in row order, or None
            None, NaN and "" mean unknown; other values are converted with ``str``.
        """
        key = _attribute_key(attribute)
        if values is None:
            _cseg.cseg_transactions_set_attribute(self._handle.ptr, key, None)
            return self
        if isinstance(values, (str, bytes)):
            raise TypeError("values: expected one value per row, got a single string")
        vals = ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in list(values)]
        if len(vals) != self.n_rows:
            raise InvalidArgumentError(f"values: expected {self.n_rows} values (one per row), got {len(vals)}")
        _cseg.cseg_transactions_set_attribute(self._handle.ptr, key, vals)
        return self

    def has_attribute(self, attribute: str) -> bool:
        """Whether the log has the channel, region or category column."""
        return bool(_cseg.cseg_transactions_has_column(self._handle.ptr, _attribute_key(attribute)))

    def levels(self, attribute: str) -> List[str]:
        """Distinct non-empty values of an attribute, in order of first appearance ([] when absent)."""
        key = _attribute_key(attribute)
        p = self._handle.ptr
        return [_cseg.cseg_transactions_level(p, key, i)
                for i in range(int(_cseg.cseg_transactions_n_levels(p, key)))]

    @property
    def n_returns(self) -> int:
        """Rows with a negative amount (returns)."""
        return int(_cseg.cseg_transactions_n_returns(self._handle.ptr))

    @property
    def n_rows(self) -> int:
        """Transactions kept."""
        return int(_cseg.cseg_transactions_n_rows(self._handle.ptr))

    @property
    def n_customers(self) -> int:
        """Distinct customers."""
        return int(_cseg.cseg_transactions_n_customers(self._handle.ptr))

    @property
    def n_skipped(self) -> int:
        """Malformed rows skipped by :meth:`read` with ``skip_bad_rows``."""
        return int(_cseg.cseg_transactions_n_skipped(self._handle.ptr))

    @property
    def date_range(self) -> Tuple[np.datetime64, np.datetime64]:
        """First and last transaction dates."""
        first, last = _cseg.cseg_transactions_date_range(self._handle.ptr)
        return _EPOCH + np.timedelta64(first, "D"), _EPOCH + np.timedelta64(last, "D")

    def to_arrays(self) -> Dict[str, np.ndarray]:
        """The rows as arrays: customer_id (str), date (datetime64[D]), amount, quantity."""
        p = self._handle.ptr
        n = self.n_rows
        cust = np.empty(n, dtype=np.int64)
        days = np.empty(n, dtype=np.int64)
        amt = np.empty(n)
        qty = np.empty(n)
        _cseg.cseg_transactions_copy_rows(p, cust, days, amt, qty, n)
        names = np.array([_cseg.cseg_transactions_customer_id(p, i) for i in range(self.n_customers)],
                         dtype=object)
        return {"customer_id": names[cust], "date": _EPOCH + days.astype("timedelta64[D]"),
                "amount": amt, "quantity": qty}

    def to_frame(self) -> Any:
        """The rows as a ``pandas.DataFrame`` (:meth:`to_arrays`); :meth:`from_frame` reads it back."""
        import pandas as pd

        return pd.DataFrame(self.to_arrays())

    def close(self) -> None:
        """Free the C object now; idempotent."""
        self._handle.close()

    def __repr__(self) -> str:
        if self._handle.closed:
            return "<cseg.clv.Transactions (closed)>"
        a, b = self.date_range
        return f"<cseg.clv.Transactions {self.n_rows} rows, {self.n_customers} customers, {a} .. {b}>"


def summary_data_from_transactions(transactions: Transactions, calibration_end: Any,
                                   observation_end: Any = None, unit: str = "weeks") -> Any:
    """Per-customer frequency, recency, age and mean spend (``lifetimes``' RFM summary).

    Purchases on one day are merged; customers who first buy after
    ``calibration_end`` are left out.

    Parameters
    ----------
    transactions : Transactions
    calibration_end : date-like
        Last day of the calibration period, included.
    observation_end : date-like, optional
        Last day of a holdout period (adds ``frequency_holdout`` and
        ``monetary_value_holdout``).
    unit : {'weeks', 'days'}

    Returns
    -------
    pandas.DataFrame
        Indexed by customer ID: ``frequency`` (repeat purchases), ``recency``,
        ``T``, ``monetary_value`` (mean repeat purchase value) and, with a
        holdout, ``frequency_holdout``, ``monetary_value_holdout``, ``duration_holdout``.
    """
    import pandas as pd

    units = {"weeks": _cseg.CSEG_TIME_WEEKS, "days": _cseg.CSEG_TIME_DAYS}
    if unit not in units:
        raise InvalidArgumentError(f"unit must be 'weeks' or 'days', got {unit!r}")
    obs = _DATE_NONE if observation_end is None else _day(observation_end)
    h = _SummaryHandle(_cseg.cseg_clv_summary_new(transactions._handle.ptr, _day(calibration_end),
                                                  obs, units[unit]))
    try:
        p = h.ptr
        n = int(_cseg.cseg_clv_summary_n_customers(p))
        col = {c: _cseg.cseg_clv_summary_copy_column(p, c, n) for c in range(7)}
        ids = [_cseg.cseg_clv_summary_id(p, i) for i in range(n)]
        df = pd.DataFrame({
            "frequency": col[_cseg.CSEG_CLV_X], "recency": col[_cseg.CSEG_CLV_T_X],
            "T": col[_cseg.CSEG_CLV_T], "monetary_value": col[_cseg.CSEG_CLV_ZBAR],
        }, index=pd.Index(ids, name="customer_id"))
        if observation_end is not None:
            df["frequency_holdout"] = col[_cseg.CSEG_CLV_X_HOLDOUT]
            df["monetary_value_holdout"] = col[_cseg.CSEG_CLV_ZBAR_HOLDOUT]
            df["duration_holdout"] = float(_cseg.cseg_clv_summary_holdout_length(p))
        df["first_purchase"] = _EPOCH + col[_cseg.CSEG_CLV_FIRST_DAY].astype(np.int64).astype("timedelta64[D]")
        return df
    finally:
        h.close()


class _ClvFitter:
    """Common state of the CLV models: options, fitted parameters, pickling."""

    _kind_code: int = 0

    def __init__(self, *, n_starts: int = 4, max_iter: int = 500, random_state: int = 0) -> None:
        self.n_starts = n_starts
        self.max_iter = max_iter
        self.random_state = random_state

    def _new_model(self) -> _ClvModelHandle:
        h = _ClvModelHandle(_cseg.cseg_clv_model_new(self._kind_code))
        _cseg.cseg_clv_model_set_int(h.ptr, _cseg.CSEG_CLV_N_STARTS, int(self.n_starts))
        _cseg.cseg_clv_model_set_int(h.ptr, _cseg.CSEG_CLV_MAX_ITER, int(self.max_iter))
        _cseg.cseg_clv_model_set_int(h.ptr, _cseg.CSEG_CLV_SEED, int(self.random_state))
        return h

    def _set_fitted(self, h: _ClvModelHandle) -> None:
        p = h.ptr
        k = int(_cseg.cseg_clv_model_n_params(p))
        names = [_cseg.cseg_clv_model_param_name(p, i) for i in range(k)]
        self._model = h
        self.params_ = dict(zip(names, (float(v) for v in _cseg.cseg_clv_model_get_params(p, k))))
        self.standard_errors_ = dict(zip(names, (float(v) for v in _cseg.cseg_clv_model_get_std_errors(p, k))))
        self.log_likelihood_ = float(_cseg.cseg_clv_model_get_double(p, _cseg.CSEG_CLV_LOGLIK))
        self.n_iter_ = int(_cseg.cseg_clv_model_get_int(p, _cseg.CSEG_CLV_N_ITER))

    def _ptr(self) -> Any:
        h = self.__dict__.get("_model")
        if h is None:
            raise NotFittedError(f"This {type(self).__name__} is not fitted yet: call fit first.")
        return h.ptr

    def set_params(self, **params: float) -> "_ClvFitter":
        """Use known parameters (e.g. published values) instead of fitting."""
        h = self._new_model()
        p = h.ptr
        k = int(_cseg.cseg_clv_model_n_params(p))
        names = [_cseg.cseg_clv_model_param_name(p, i) for i in range(k)]
        if sorted(params) != sorted(names):
            raise InvalidArgumentError(f"expected parameters {names}, got {sorted(params)}")
        _cseg.cseg_clv_model_set_params(p, np.array([params[n] for n in names], dtype=np.float64))
        self._model = h
        self.params_ = {n: float(params[n]) for n in names}
        return self

    def __getstate__(self) -> Dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_model", None)
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        if "params_" in state:  # rebuild the C model from the parameters
            fitted = {k: v for k, v in state.items() if k.endswith("_")}
            self.set_params(**state["params_"])
            self.__dict__.update(fitted)

    def __repr__(self) -> str:
        fitted = ", ".join(f"{k}: {v:.4g}" for k, v in self.__dict__.get("params_", {}).items())
        return f"<cseg.clv.{type(self).__name__}{': ' + fitted if fitted else ''}>"


class _PurchaseFitter(_ClvFitter):
    def fit(self, frequency: Any, recency: Any, T: Any, weights: Any = None) -> "_PurchaseFitter":
        """Maximum-likelihood fit on per-customer summaries.

        Parameters
        ----------
        frequency : array-like
            Repeat purchases x (whole numbers >= 0).
        recency : array-like
            t_x, time between first and last purchase (0 when x = 0).
        T : array-like
            Age: time between first purchase and the calibration end.
        weights : array-like, optional
            Counts of identical customers.

        Returns
        -------
        self
        """
        n, c = _columns(frequency=frequency, recency=recency, T=T)
        w = None if weights is None else _column(weights, "weights", n)
        h = self._new_model()
        _cseg.cseg_clv_model_fit(h.ptr, c["frequency"], c["recency"], c["T"], w, n)
        self._set_fitted(h)
        return self

    def conditional_expected_number_of_purchases_up_to_time(self, t: float, frequency: Any,
                                                            recency: Any, T: Any) -> np.ndarray:
        """Expected purchases in the next ``t`` time units, given each customer's history."""
        n, c = _columns(frequency=frequency, recency=recency, T=T)
        out = np.empty(n)
        _cseg.cseg_clv_expected_purchases(self._ptr(), out, float(t), c["frequency"], c["recency"], c["T"], n)
        return out

    def conditional_probability_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Probability that each customer is still active at T."""
        n, c = _columns(frequency=frequency, recency=recency, T=T)
        out = np.empty(n)
        _cseg.cseg_clv_prob_alive(self._ptr(), out, c["frequency"], c["recency"], c["T"], n)
        return out

    def expected_number_of_purchases_up_to_time(self, t: Any) -> np.ndarray:
        """Expected purchases of a new customer in (0, t], for each t."""
        ts = _column(np.atleast_1d(t), "t")
        out = np.empty(ts.shape[0])
        _cseg.cseg_clv_expected_purchases_new(self._ptr(), out, ts, ts.shape[0])
        return out


class BetaGeoFitter(_PurchaseFitter):
    """BG/NBD purchase model (Fader, Hardie & Lee 2005): parameters r, alpha, a, b.

    Parameters
    ----------
    n_starts : int, default 4
        Starting points of the optimiser; the best is kept.
    max_iter : int, default 500
        BFGS iterations per start.
    random_state : int, default 0
        Seed of the extra starting points.
    """

    _kind_code = _cseg.CSEG_CLV_BGNBD

    def probability_of_n_purchases_up_to_time(self, t: float, n: Any) -> np.ndarray:
        """Probability that a new customer makes exactly n purchases in (0, t]."""
        counts = np.ascontiguousarray(np.atleast_1d(n), dtype=np.int64)
        out = np.empty(counts.shape[0])
        _cseg.cseg_clv_prob_n_purchases(self._ptr(), out, float(t), counts, counts.shape[0])
        return out


class ParetoNBDFitter(_PurchaseFitter):
    """Pareto/NBD purchase model (Schmittlein et al. 1987): parameters r, alpha, s, beta.

    Parameters as :class:`BetaGeoFitter`.
    """

    _kind_code = _cseg.CSEG_CLV_PARETO_NBD


class GammaGammaFitter(_ClvFitter):
    """Gamma-Gamma spend model (Fader & Hardie 2013): parameters p, q, gamma.

    Parameters as :class:`BetaGeoFitter`.
    """

    _kind_code = _cseg.CSEG_CLV_GAMMA_GAMMA

    def fit(self, frequency: Any, monetary_value: Any, weights: Any = None) -> "GammaGammaFitter":
        """Fit on the customers with frequency > 0 (others are ignored)."""
        n, c = _columns(frequency=frequency, monetary_value=monetary_value)
        w = None if weights is None else _column(weights, "weights", n)
        h = self._new_model()
        _cseg.cseg_clv_model_fit_spend(h.ptr, c["frequency"], c["monetary_value"], w, n)
        self._set_fitted(h)
        return self

    def conditional_expected_average_profit(self, frequency: Any, monetary_value: Any) -> np.ndarray:
        """Expected mean spend per purchase of each customer."""
        n, c = _columns(frequency=frequency, monetary_value=monetary_value)
        out = np.empty(n)
        _cseg.cseg_clv_expected_spend(self._ptr(), out, c["frequency"], c["monetary_value"], n)
        return out

    def customer_lifetime_value(self, transaction_prediction_model: _PurchaseFitter, frequency: Any,
                                recency: Any, T: Any, monetary_value: Any, *, n_periods: int = 12,
                                period_length: float = 4.345, discount_rate: float = 0.01,
                                margin: float = 1.0) -> np.ndarray:
        """Discounted value of each customer over ``n_periods`` periods, as ``lifetimes``.

        Parameters
        ----------
        transaction_prediction_model : BetaGeoFitter or ParetoNBDFitter
            Fitted purchase model.
        frequency, recency, T, monetary_value : array-like
        n_periods : int, default 12
        period_length : float, default 4.345
            In the models' time unit (4.345 weeks = one month).
        discount_rate : float, default 0.01
            Per period.
        margin : float, default 1.0
            Profit margin applied to spend.
        """
        n, c = _columns(frequency=frequency, recency=recency, T=T, monetary_value=monetary_value)
        out = np.empty(n)
        _cseg.cseg_clv_value(transaction_prediction_model._ptr(), self._ptr(), out, int(n_periods),
                             float(period_length), float(discount_rate), float(margin),
                             c["frequency"], c["recency"], c["T"], c["monetary_value"], n)
        return out


def tiers(values: Any, n_tiers: Optional[int] = None, cuts: Any = None) -> Tuple[Any, np.ndarray]:
    """Value tiers 1..n_tiers, 1 the highest, for segmentation on customer value.

    Without ``cuts``, the tiers are quantiles of ``values`` with ties always
    in one tier (the balanced bins of :class:`cseg.RFM`, counted from the
    top): every tier is non-empty when there are at least ``n_tiers``
    distinct values. With ``cuts`` (e.g. the cuts of an earlier call), the
    same rule classifies new customers: a value v is in tier
    ``1 + #{j : v <= cuts[j]}``, so tier 1 holds ``v > cuts[0]``.

    Parameters
    ----------
    values : array-like of float, or pandas.Series
        One finite value per customer, e.g. from
        :meth:`GammaGammaFitter.customer_lifetime_value`.
    n_tiers : int, optional
        2..1000 and at most the number of values; default 5, or
        ``len(cuts) + 1`` with ``cuts``.
    cuts : array-like of float, optional
        ``n_tiers - 1`` finite, non-increasing cut points.

    Returns
    -------
    tiers : ndarray of int64, or pandas.Series named ``clv_tier`` (with the
        index of a Series ``values``)
    cuts : ndarray of float64
        The cut points (given or computed): the highest value of the tiers
        below each; rules such as ``clv > cuts[0] -> "Top value"`` reproduce tier 1.

    Raises
    ------
    cseg.InvalidArgumentError
        No values, a NaN or infinite value (the message names the row),
        ``n_tiers`` out of range, or cuts that are not finite and non-increasing.

    Examples
    --------
    >>> from cseg import clv
    >>> t, c = clv.tiers([10.0, 500.0, 40.0, 40.0, 3.0, 90.0], n_tiers=3)
    >>> t.tolist(), c.tolist()
    ([3, 1, 2, 2, 3, 1], [40.0, 10.0])
    >>> clv.tiers([1000.0, 5.0], cuts=c)[0].tolist()
    [1, 3]
    """
    index = getattr(values, "index", None) if hasattr(values, "to_numpy") else None
    try:
        v = np.ascontiguousarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidArgumentError("values: expected numbers") from None
    if v.ndim != 1:
        raise InvalidArgumentError(f"values: expected a 1-D array, got {v.ndim} dimensions")
    if v.shape[0] == 0:
        raise InvalidArgumentError("values: no customers")
    if n_tiers is not None and (isinstance(n_tiers, (bool, np.bool_)) or not isinstance(n_tiers, (int, np.integer))):
        raise InvalidArgumentError(f"n_tiers: expected an int, got {n_tiers!r}")
    if cuts is None:
        t, c = _cseg.cseg_py_clv_tiers(v, 5 if n_tiers is None else int(n_tiers))
    else:
        c = np.array(cuts, dtype=np.float64).reshape(-1)
        if c.shape[0] < 1 or c.shape[0] > 999:
            raise InvalidArgumentError(f"cuts: expected 1..999 cut points, got {c.shape[0]}")
        if n_tiers is not None and int(n_tiers) != c.shape[0] + 1:
            raise InvalidArgumentError(f"n_tiers = {n_tiers} but cuts has {c.shape[0]} values "
                                       "(n_tiers - 1 expected)")
        if not np.isfinite(c).all() or (np.diff(c) > 0).any():
            raise InvalidArgumentError(f"cuts: expected finite, non-increasing values, got {c.tolist()}")
        bad = np.flatnonzero(~np.isfinite(v))
        if bad.size:
            raise InvalidArgumentError(f"values: row {bad[0]}: value {v[bad[0]]} must be finite")
        # 1 + #{j : v <= cuts[j]}: cuts ascending after the flip, count those >= v.
        t = 1 + (c.shape[0] - np.searchsorted(c[::-1], v, side="left")).astype(np.int64)
    if index is not None:
        import pandas as pd

        return pd.Series(t, index=index, name="clv_tier"), c
    return t, c
