"""Customer features from transactions at an as-of date (the C ``cseg_features_*`` calls).

One row per customer with a purchase on or before the as-of date, one column
per feature: ``recency``, ``frequency``, ``monetary``, ``aov``, ``tenure``,
``ipt_mean``, ``ipt_std``, ``n_returns``, ``frequency_seasonal``, the
``share_<attribute>_<level>`` columns of the channel, region and category
attributes, and with a holdout end ``holdout_frequency`` and
``holdout_monetary``. The definitions are those of ``include/cseg/cseg_features.h``
(days are whole days; missing values are NaN).

Examples
--------
>>> import pandas as pd, cseg
>>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "a"],
...                        "date": ["2024-01-01", "2024-01-10", "2024-01-11", "2024-01-31"],
...                        "amount": [20.0, 35.0, 10.0, 30.0]})
>>> f = cseg.features(orders, as_of="2024-02-01", columns=["recency", "frequency", "monetary"])
>>> f.loc["a"].tolist(), f.loc["b"].tolist()
([1.0, 3.0, 60.0], [22.0, 1.0, 35.0])
"""

from __future__ import annotations

import numbers
import os
from typing import Any, Optional, Sequence

import numpy as np

from . import _cseg
from ._errors import FormatError, InvalidArgumentError
from ._handle import _Handle
from .clv import _DATE_NONE, Transactions, _day
from .dataset import Dataset

__all__ = ["features", "features_holdout"]

_FREQUENCY = {"days": _cseg.CSEG_FEAT_DAYS, "orders": _cseg.CSEG_FEAT_ORDERS}


class _FeatureOptionsHandle(_Handle):
    _kind = "feature options"
    _free = staticmethod(_cseg.cseg_feature_options_free)


def _date_arg(value: Any, name: str) -> int:
    """Days since 1970-01-01 of a date argument; errors name the argument."""
    try:
        return _day(value)
    except (InvalidArgumentError, FormatError) as e:
        raise InvalidArgumentError(f"{name}: {e}") from None


def _int_arg(value: Any, name: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise InvalidArgumentError(f"{name}: expected an int, got {value!r}")
    return int(value)


def _transactions(transactions: Any, frame_columns: dict) -> Transactions:
    """A Transactions from a Transactions, a DataFrame of orders or a file path."""
    if isinstance(transactions, Transactions):
        if frame_columns:
            raise TypeError(f"unexpected column arguments {sorted(frame_columns)} with a Transactions")
        return transactions
    if hasattr(transactions, "columns") and hasattr(transactions, "iloc"):
        return Transactions.from_frame(transactions, **frame_columns)
    if isinstance(transactions, (str, os.PathLike)):
        return Transactions.read(transactions, **frame_columns)
    raise TypeError("transactions: expected a cseg.clv.Transactions, a pandas.DataFrame of orders "
                    f"or a file path, got {type(transactions).__name__}")


def _options(frequency: str, onboarding_days: int, active_within: int,
             columns: Optional[Sequence[str]]) -> _FeatureOptionsHandle:
    if not isinstance(frequency, str) or frequency not in _FREQUENCY:
        raise InvalidArgumentError(f"frequency: expected one of {list(_FREQUENCY)}, got {frequency!r}")
    onb = _int_arg(onboarding_days, "onboarding_days")
    act = _int_arg(active_within, "active_within")
    if columns is not None and isinstance(columns, (str, bytes)):
        raise TypeError("columns: expected a sequence of feature names, got a single string")
    h = _FeatureOptionsHandle(_cseg.cseg_feature_options_new())
    try:
        p = h.ptr
        _cseg.cseg_feature_options_set_int(p, _cseg.CSEG_FEAT_FREQUENCY, _FREQUENCY[frequency])
        for key, value, name in ((_cseg.CSEG_FEAT_ONBOARDING_DAYS, onb, "onboarding_days"),
                                 (_cseg.CSEG_FEAT_ACTIVE_WITHIN, act, "active_within")):
            try:
                _cseg.cseg_feature_options_set_int(p, key, value)
            except InvalidArgumentError as e:
                raise InvalidArgumentError(f"{name}: {e}") from None
        if columns is not None:
            _cseg.cseg_feature_options_select(p, [str(c) for c in columns])
    except BaseException:
        h.close()
        raise
    return h


def _result(ptr: Any, as_frame: Optional[bool]) -> Any:
    ds = Dataset._wrap(ptr)
    if as_frame is None:
        try:
            import pandas  # noqa: F401
            as_frame = True
        except ImportError:
            as_frame = False
    if not as_frame:
        return ds
    try:
        df = ds.to_pandas()
        df.index.name = "customer_id"
        return df
    finally:
        ds.close()


def features(transactions: Any, as_of: Any, *, frequency: str = "days", onboarding_days: int = 0,
             active_within: int = 0, holdout_end: Any = None,
             columns: Optional[Sequence[str]] = None, as_frame: Optional[bool] = None,
             **frame_columns: Any) -> Any:
    """Customer features at the as-of date.

    Parameters
    ----------
    transactions : cseg.clv.Transactions, pandas.DataFrame or path
        The orders. A DataFrame goes through :meth:`Transactions.from_frame`
        and a path through :meth:`Transactions.read`, with ``frame_columns``
        (``id_column=``, ``date_column=``, ``amount_column=``,
        ``channel_column=`` ...) passed on.
    as_of : date-like
        ``"YYYY-MM-DD"``, :class:`datetime.date` or ``numpy.datetime64``; rows
        dated after it are ignored (except for the holdout columns).
    frequency : {'days', 'orders'}, default 'days'
        What ``frequency`` counts: distinct purchase days or purchase rows.
    onboarding_days : int, default 0
        Days after each customer's first purchase left out of the behaviour
        features (frequency, monetary, aov, inter-purchase times, shares).
    active_within : int, default 0
        Keep only customers whose recency is below this many days; 0 keeps
        every customer, inactive ones included.
    holdout_end : date-like, optional
        Adds ``holdout_frequency`` and ``holdout_monetary`` over (as_of, holdout_end].
    columns : sequence of str, optional
        Features to return, in this order: names, a share group such as
        ``"share_channel"`` or one level column such as ``"share_channel_web"``.
    as_frame : bool, optional
        Return a ``pandas.DataFrame`` indexed by customer ID (default when
        pandas is installed) or a :class:`cseg.Dataset`.

    Returns
    -------
    pandas.DataFrame or cseg.Dataset
        Customers in order of first appearance in the log.

    Raises
    ------
    cseg.InvalidArgumentError
        A bad date or option (the message names the argument), an as-of date
        before every transaction, a holdout end not after it, an unknown or
        unavailable feature name, or no customer left after the filters.
    """
    tx = _transactions(transactions, frame_columns)
    a = _date_arg(as_of, "as_of")
    h = _options(frequency, onboarding_days, active_within, columns)
    try:
        p = h.ptr
        _cseg.cseg_feature_options_set_int(p, _cseg.CSEG_FEAT_AS_OF, a)
        if holdout_end is not None:
            _cseg.cseg_feature_options_set_int(p, _cseg.CSEG_FEAT_HOLDOUT_END,
                                               _date_arg(holdout_end, "holdout_end"))
        ptr = _cseg.cseg_features_compute(tx._handle.ptr, p)
    finally:
        h.close()
    return _result(ptr, as_frame)


def features_holdout(transactions: Any, calibration_end: Any, holdout_end: Any, *,
                     frequency: str = "days", onboarding_days: int = 0, active_within: int = 0,
                     columns: Optional[Sequence[str]] = None, as_frame: Optional[bool] = None,
                     **frame_columns: Any) -> Any:
    """Calibration features at ``calibration_end`` plus the holdout columns for
    (calibration_end, holdout_end], for validating a model fitted on the
    calibration features.

    Same as ``features(transactions, calibration_end, holdout_end=holdout_end, ...)``;
    customers whose first purchase is in the holdout period are not rows.
    """
    tx = _transactions(transactions, frame_columns)
    c = _date_arg(calibration_end, "calibration_end")
    e = _date_arg(holdout_end, "holdout_end")
    if e == _DATE_NONE:
        raise InvalidArgumentError("holdout_end: required")
    h = _options(frequency, onboarding_days, active_within, columns)
    try:
        ptr = _cseg.cseg_features_compute_holdout(tx._handle.ptr, h.ptr, c, e)
    finally:
        h.close()
    return _result(ptr, as_frame)
