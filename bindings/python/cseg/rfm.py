"""RFM analysis: recency, frequency and monetary scores, cells and named segments."""

from __future__ import annotations

import numbers
from typing import Any, Dict, List, Mapping, Optional, Sequence

import numpy as np

from . import _cseg
from ._errors import FormatError, InvalidArgumentError, RuleSyntaxError
from ._handle import RfmHandle
from .dataset import Dataset, _is_dataframe

__all__ = ["RFM", "default_segment_rules"]

_BINNINGS = {"balanced": _cseg.CSEG_RFM_BINNING_BALANCED, "rank": _cseg.CSEG_RFM_BINNING_RANK}
_DIMS = {"recency": _cseg.CSEG_RFM_RECENCY, "frequency": _cseg.CSEG_RFM_FREQUENCY,
         "monetary": _cseg.CSEG_RFM_MONETARY}


def default_segment_rules() -> str:
    """Rule text of the default segment table (Champions, Loyal, ..., Lost)."""
    return _cseg.cseg_rfm_default_segment_rules()


def _vector(values: Any, name: str) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise InvalidArgumentError(f"{name}: expected a 1-D array, got shape {arr.shape}")
    return np.ascontiguousarray(arr)


class RFM:
    """RFM scoring: a score 1..n_bins on each of recency, frequency and monetary value.

    The most recent customers get the highest recency score; frequency and
    monetary scores grow with the values. Each customer also gets the cell
    ``R*100 + F*10 + M`` (e.g. 555) and a named segment (Champions, Loyal,
    Potential Loyalists, New, Promising, Need Attention, About to Sleep,
    Can't Lose Them, At Risk, Hibernating, Lost) or one of user rules.

    Parameters
    ----------
    n_bins : int, default 5
        Scores per dimension, 2..10.
    binning : {'balanced', 'rank'}, default 'balanced'
        ``'balanced'`` never gives equal values different scores and still
        fills every bin when there are at least ``n_bins`` distinct values
        (on CDNOW, where most customers bought once, frequency gets 5 real
        scores). ``'rank'`` puts the row of rank p (0-based, ties broken by
        row order) in bin ``1 + p * n_bins // n``: equal-size bins, but ties
        are split by row order. This is ``pandas.qcut(x.rank(method="first"),
        n_bins)`` when ``n_bins`` divides n; otherwise a few rows at the bin
        borders differ by one.
    cuts : mapping of str to sequence of float, optional
        Fixed cut points for some dimensions (``"recency"`` in days,
        ``"frequency"``, ``"monetary"``): ``n_bins - 1`` increasing values;
        bin b holds ``cuts[b-2] < v <= cuts[b-1]``.
    segment_rules : str, optional
        Rules (see :mod:`cseg.rules`) replacing the default table; they see
        ``r``, ``f``, ``m`` (scores), ``fm`` = (f + m) / 2, ``cell`` and the
        raw ``recency``, ``frequency``, ``monetary``. Unmatched customers are
        in segment ``"Other"``.

    Attributes
    ----------
    scores_ : pandas.DataFrame
        One row per customer: ``r_score``, ``f_score``, ``m_score``, ``cell``
        and ``segment`` (categorical, in segment order); indexed like the
        DataFrame given to :meth:`fit`.
    cuts_ : dict of str to ndarray
        Cut points used per dimension (the largest value of each bin but the last).
    segment_names_ : list of str
        Names of the segments, ``"Other"`` last.
    segment_sizes_ : pandas.Series
        Customers per segment, indexed by name.
    labels_ : ndarray of int64
        Segment of each customer, an index into ``segment_names_``.

    Examples
    --------
    >>> import cseg
    >>> rfm = cseg.RFM(n_bins=3).fit([1, 10, 100], [5, 2, 1], [500.0, 80.0, 20.0])
    >>> rfm.scores_["cell"].tolist()
    [333, 222, 111]
    """

    def __init__(self, n_bins: int = 5, binning: str = "balanced",
                 cuts: Optional[Mapping[str, Sequence[float]]] = None,
                 segment_rules: Optional[str] = None) -> None:
        self.n_bins = n_bins
        self.binning = binning
        self.cuts = cuts
        self.segment_rules = segment_rules

    def _new_handle(self) -> RfmHandle:
        if isinstance(self.n_bins, (bool, np.bool_)) or not isinstance(self.n_bins, numbers.Integral):
            raise InvalidArgumentError(f"n_bins must be an int, got {self.n_bins!r}")
        if not isinstance(self.binning, str) or self.binning not in _BINNINGS:
            raise InvalidArgumentError(
                f"binning must be one of {sorted(_BINNINGS)}, got {self.binning!r}")
        h = RfmHandle(_cseg.cseg_rfm_new())
        p = h.ptr
        _cseg.cseg_rfm_set_int(p, _cseg.CSEG_RFM_N_BINS, int(self.n_bins))
        _cseg.cseg_rfm_set_int(p, _cseg.CSEG_RFM_BINNING, _BINNINGS[self.binning])
        for name, values in (self.cuts or {}).items():
            if name not in _DIMS:
                raise InvalidArgumentError(
                    f"cuts: unknown dimension {name!r}; expected one of {list(_DIMS)}")
            c = _vector(values, f"cuts[{name!r}]")
            if c.shape[0] != int(self.n_bins) - 1:
                raise InvalidArgumentError(
                    f"cuts[{name!r}]: expected n_bins - 1 = {int(self.n_bins) - 1} values, "
                    f"got {c.shape[0]}")
            _cseg.cseg_rfm_set_cuts(p, _DIMS[name], c)
        if self.segment_rules is not None:
            if not isinstance(self.segment_rules, str):
                raise TypeError(f"segment_rules: expected str, got {type(self.segment_rules).__name__}")
            if "\0" in self.segment_rules:
                raise RuleSyntaxError("segment_rules: the text contains a NUL character")
            try:
                _cseg.cseg_rfm_set_segment_rules(p, self.segment_rules)
            except FormatError as e:
                raise RuleSyntaxError._from(e) from None
        return h

    def fit(self, *args: Any, recency: Any = None, frequency: Any = None,
            monetary: Any = None) -> "RFM":
        """Score customers.

        Call as ``fit(recency, frequency, monetary)`` with three arrays (or
        the same as keywords), or ``fit(data, recency="recency",
        frequency="frequency", monetary="monetary")`` with a DataFrame or a
        :class:`cseg.Dataset` and the names of its columns (these are the
        defaults).

        Parameters
        ----------
        recency : array-like or str
            Days since each customer's last purchase (lower is better).
        frequency : array-like or str
            Purchases per customer.
        monetary : array-like or str
            Money per customer (total or mean, as you prefer).

        Returns
        -------
        self : RFM

        Raises
        ------
        cseg.InvalidArgumentError
            Arrays of different lengths, no customers, infinite values, an
            unknown column, or bad options.
        cseg.MissingValuesError
            A NaN (the message names the array and the row).
        cseg.RuleSyntaxError
            ``segment_rules`` does not parse.
        """
        index = None
        names = {"recency": recency, "frequency": frequency, "monetary": monetary}
        h = self._new_handle()
        try:
            if len(args) == 1 and (_is_dataframe(args[0]) or isinstance(args[0], Dataset)):
                cols = {k: (k if v is None else v) for k, v in names.items()}
                for k, v in cols.items():
                    if not isinstance(v, str):
                        raise TypeError(f"{k}: with a table, expected a column name, got {type(v).__name__}")
                data = args[0]
                if isinstance(data, Dataset):
                    _cseg.cseg_rfm_compute_dataset(h.ptr, data._ptr, cols["recency"],
                                                   cols["frequency"], cols["monetary"])
                else:
                    missing = [v for v in cols.values() if v not in data.columns]
                    if missing:
                        raise InvalidArgumentError(
                            f"no column {missing[0]!r} in the DataFrame; its columns are "
                            f"{[str(c) for c in data.columns]}")
                    index = data.index
                    _cseg.cseg_rfm_compute(h.ptr, *(_vector(data[cols[k]], k) for k in _DIMS))
            elif len(args) in (0, 3):
                if len(args) == 3:
                    if any(v is not None for v in names.values()):
                        raise TypeError("fit: give the three arrays positionally or as keywords, not both")
                    names = dict(zip(_DIMS, args))
                if any(v is None for v in names.values()):
                    raise TypeError("fit: recency, frequency and monetary are all required")
                _cseg.cseg_rfm_compute(h.ptr, *(_vector(names[k], k) for k in _DIMS))
            else:
                raise TypeError("fit: expected (recency, frequency, monetary) or one DataFrame / Dataset")
            self._read(h, index)
        finally:
            h.close()
        return self

    def fit_transform(self, *args: Any, **kwargs: Any) -> Any:
        """:meth:`fit`, then return :attr:`scores_`."""
        return self.fit(*args, **kwargs).scores_

    def _read(self, h: RfmHandle, index: Any) -> None:
        import pandas as pd

        p = h.ptr
        n = int(_cseg.cseg_rfm_n_rows(p))
        b = int(_cseg.cseg_rfm_get_int(p, _cseg.CSEG_RFM_N_BINS))
        k = int(_cseg.cseg_rfm_n_segments(p))
        names = [_cseg.cseg_rfm_segment_name(p, s) for s in range(k)]
        labels = _cseg.cseg_rfm_get_segments(p, n)
        sizes = _cseg.cseg_rfm_get_segment_sizes(p, k)
        self.n_bins_ = b
        self.cuts_: Dict[str, np.ndarray] = {
            name: _cseg.cseg_rfm_get_cuts(p, d, b - 1) for name, d in _DIMS.items()}
        self.segment_names_: List[str] = names
        self.labels_ = labels
        self.segment_sizes_ = pd.Series(sizes, index=pd.Index(names, name="segment"), name="customers")
        self.scores_ = pd.DataFrame({
            "r_score": _cseg.cseg_rfm_get_scores(p, _cseg.CSEG_RFM_RECENCY, n),
            "f_score": _cseg.cseg_rfm_get_scores(p, _cseg.CSEG_RFM_FREQUENCY, n),
            "m_score": _cseg.cseg_rfm_get_scores(p, _cseg.CSEG_RFM_MONETARY, n),
            "cell": _cseg.cseg_rfm_get_cells(p, n),
            # Names may repeat only if the C table did; categories must be unique.
            "segment": pd.Categorical.from_codes(labels, categories=pd.Index(names))
            if len(set(names)) == len(names) else np.array(names, dtype=object)[labels],
        }, index=index)

    def __repr__(self) -> str:
        return (f"RFM(n_bins={self.n_bins!r}, binning={self.binning!r}"
                + (f", cuts={self.cuts!r}" if self.cuts else "")
                + (", segment_rules=..." if self.segment_rules is not None else "") + ")")
