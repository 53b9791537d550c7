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
from typing import Any, Dict, Optional, Tuple, Union

import numpy as np

from . import _cseg
from ._errors import InvalidArgumentError, NotFittedError
from ._handle import _Handle

__all__ = ["Transactions", "summary_data_from_transactions", "BetaGeoFitter",
           "ParetoNBDFitter", "GammaGammaFitter"]

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


class Transactions:
    """Purchase records: one row per transaction (customer ID, date, amount, quantity).

    Build with :meth:`read` (a delimited file) or :meth:`from_arrays`.
    """

    def __init__(self, handle: _TransactionsHandle) -> None:
        self._handle = handle

    @classmethod
    def read(cls, path: Union[str, "os.PathLike[str]"], *, id_column: Union[int, str] = 0,
             date_column: Union[int, str] = 1, amount_column: Union[int, str] = 2,
             quantity_column: Union[int, str, None] = None, delimiter: Optional[str] = None,
             header: Optional[bool] = None, skip_bad_rows: bool = False,
             date_format: str = "auto") -> "Transactions":
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

        Raises
        ------
        cseg.FileError, cseg.FormatError, cseg.InvalidArgumentError
        """
        opts = _TxOptionsHandle(_cseg.cseg_tx_options_new())
        try:
            p = opts.ptr
            for key, col in ((_cseg.CSEG_TX_COLUMN_ID, id_column), (_cseg.CSEG_TX_COLUMN_DATE, date_column),
                             (_cseg.CSEG_TX_COLUMN_AMOUNT, amount_column),
                             (_cseg.CSEG_TX_COLUMN_QUANTITY, -1 if quantity_column is None else quantity_column)):
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
