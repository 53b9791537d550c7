"""Segment profiles: sizes, per-feature statistics, distinguishing features, names."""

from __future__ import annotations

from typing import Any, Dict, Hashable, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from . import _cseg
from ._errors import InvalidArgumentError
from ._handle import ProfileHandle
from ._tables import dataset_of

__all__ = ["profile", "Profile"]

_STATS = {"mean": _cseg.CSEG_PROFILE_MEAN, "median": _cseg.CSEG_PROFILE_MEDIAN,
          "std": _cseg.CSEG_PROFILE_STD, "index": _cseg.CSEG_PROFILE_INDEX,
          "smd": _cseg.CSEG_PROFILE_SMD}


def _codes(labels: Any, n_rows: int, n_segments: Optional[int]) -> Tuple[np.ndarray, np.ndarray, int]:
    """(codes 0..k-1, segment label per code, k).

    Non-negative integer labels are used as they are (segment s is label s,
    as for ``KMeans.labels_``, keeping empty segments when ``n_segments`` says
    so); any other labels are sorted and numbered, as ``numpy.unique``.
    """
    lab = np.asarray(labels)
    if lab.ndim == 2 and 1 in lab.shape:
        lab = lab.reshape(-1)
    if lab.ndim != 1:
        raise InvalidArgumentError(f"labels: expected a 1-D array, got shape {lab.shape}")
    if lab.shape[0] != n_rows:
        raise InvalidArgumentError(f"labels: found {lab.shape[0]} labels for {n_rows} rows of X")
    if lab.dtype.kind in "iu" and (n_rows == 0 or lab.min() >= 0):
        codes = np.ascontiguousarray(lab, dtype=np.int64)
        k = int(codes.max()) + 1 if n_rows else 0
        if n_segments is not None:
            if n_segments < k:
                raise InvalidArgumentError(
                    f"n_segments: {n_segments} is less than the largest label + 1 ({k})")
            k = int(n_segments)
        return codes, np.arange(k), k
    if n_segments is not None:
        raise InvalidArgumentError("n_segments: only with non-negative integer labels")
    if lab.dtype.kind == "f" and np.isnan(lab).any():
        raise InvalidArgumentError(f"labels: missing label (NaN) in row {int(np.flatnonzero(np.isnan(lab))[0])}")
    uniq, codes = np.unique(lab, return_inverse=True)
    return np.ascontiguousarray(codes, dtype=np.int64), uniq, len(uniq)


class Profile:
    """Profile of a segmentation, made by :func:`profile`.

    Tables are indexed by segment label (rows) and feature (columns).

    Attributes
    ----------
    segments : pandas.Index
        The segment labels.
    features : list of str
        Feature names.
    """

    def __init__(self, handle: ProfileHandle, segments: np.ndarray) -> None:
        import pandas as pd

        self._handle = handle
        p = handle.ptr
        self.k = int(_cseg.cseg_profile_n_segments(p))
        self.d = int(_cseg.cseg_profile_n_features(p))
        self.segments = pd.Index(segments, name="segment")
        self.features: List[str] = [_cseg.cseg_profile_feature_name(p, j) for j in range(self.d)]
        self._tables: Dict[str, Any] = {}

    @property
    def _ptr(self) -> Any:
        return self._handle.ptr

    # -- sizes --------------------------------------------------------------

    @property
    def sizes(self) -> Any:
        """Customers per segment (``pandas.Series``)."""
        import pandas as pd

        return pd.Series(_cseg.cseg_profile_get_sizes(self._ptr, self.k), index=self.segments,
                         name="size")

    @property
    def shares(self) -> Any:
        """Share of the customers per segment, summing to 1 (``pandas.Series``)."""
        import pandas as pd

        return pd.Series(_cseg.cseg_profile_get_shares(self._ptr, self.k), index=self.segments,
                         name="share")

    # -- statistics -----------------------------------------------------------

    def stat(self, name: str) -> Any:
        """One statistic as a segments x features ``pandas.DataFrame``.

        Parameters
        ----------
        name : {'mean', 'median', 'std', 'index', 'smd'}
            ``std`` is the sample standard deviation (as pandas), ``index`` is
            segment mean / population mean * 100, ``smd`` the standardised
            mean difference (segment mean - population mean) / population std.
            Missing values are skipped feature by feature.
        """
        import pandas as pd

        if name not in _STATS:
            raise InvalidArgumentError(f"stat: expected one of {list(_STATS)}, got {name!r}")
        if name not in self._tables:
            v = _cseg.cseg_profile_get_stat(self._ptr, _STATS[name], self.k * self.d)
            self._tables[name] = pd.DataFrame(v.reshape(self.k, self.d), index=self.segments,
                                              columns=pd.Index(self.features, name="feature"))
        return self._tables[name].copy()

    mean = property(lambda self: self.stat("mean"), doc="Mean per segment and feature.")
    median = property(lambda self: self.stat("median"), doc="Median per segment and feature.")
    std = property(lambda self: self.stat("std"), doc="Sample standard deviation per segment and feature.")
    index = property(lambda self: self.stat("index"), doc="Mean index against the population (100 = average).")
    smd = property(lambda self: self.stat("smd"), doc="Standardised mean difference against the population.")

    @property
    def population(self) -> Any:
        """Population statistics: a stats x features ``pandas.DataFrame``."""
        import pandas as pd

        rows = {s: _cseg.cseg_profile_get_population(self._ptr, key, self.d) for s, key in _STATS.items()}
        return pd.DataFrame.from_dict(rows, orient="index", columns=self.features)

    def ranking(self, segment: Hashable) -> List[str]:
        """Features of @p segment, most distinguishing (largest |SMD|) first."""
        s = self._position(segment)
        return [self.features[j] for j in _cseg.cseg_profile_get_ranking(self._ptr, s, self.d)]

    def top_features(self, n: int = 3) -> Any:
        """The @p n most distinguishing features of every segment, with their SMD.

        Returns
        -------
        pandas.DataFrame
            Columns ``segment``, ``rank`` (1 = strongest), ``feature``, ``smd``, ``index``.
        """
        import pandas as pd

        smd, idx = self.stat("smd"), self.stat("index")
        rows = []
        for s, seg in enumerate(self.segments):
            order = _cseg.cseg_profile_get_ranking(self._ptr, s, self.d)[: max(int(n), 0)]
            for r, j in enumerate(order, 1):
                f = self.features[j]
                rows.append((seg, r, f, smd.iloc[s, j], idx.iloc[s, j]))
        return pd.DataFrame(rows, columns=["segment", "rank", "feature", "smd", "index"])

    # -- names ----------------------------------------------------------------

    @property
    def names(self) -> Any:
        """Name of each segment (automatic until renamed), a ``pandas.Series``."""
        import pandas as pd

        p = self._ptr
        return pd.Series([_cseg.cseg_profile_segment_name(p, s) for s in range(self.k)],
                         index=self.segments, name="name")

    def rename(self, names: Mapping[Hashable, str]) -> "Profile":
        """Rename segments, e.g. ``prof.rename({0: "Big spenders"})``; returns self.

        Names must be 1..256 bytes and distinct once all the renames are
        done (so two segments may swap names); on an error no name changes.
        """
        old = list(self.names)
        new = list(old)
        for seg, name in dict(names).items():
            if not isinstance(name, str):
                raise TypeError(f"rename: name of segment {seg!r} must be str")
            new[self._position(seg)] = name
        if len(set(new)) != len(new):
            dup = next(n for n in new if new.count(n) > 1)
            raise InvalidArgumentError(f"rename: two segments would be called {dup!r}")
        p = self._ptr
        changed = [s for s in range(self.k) if new[s] != old[s]]
        try:
            # Through placeholder names, so that swapped names never collide.
            for s in changed:
                _cseg.cseg_profile_set_segment_name(p, s, f"\x01renaming {s}")
            for s in changed:
                _cseg.cseg_profile_set_segment_name(p, s, new[s])
        except Exception:
            for s in changed:
                _cseg.cseg_profile_set_segment_name(p, s, f"\x01renaming {s}")
            for s in changed:
                _cseg.cseg_profile_set_segment_name(p, s, old[s])
            raise
        return self

    def summary(self, n_features: int = 3) -> Any:
        """One row per segment: ``name``, ``size``, ``share`` and its top features."""
        import pandas as pd

        top = [", ".join(f"{f} {'+' if v >= 0 else ''}{v:.2f}" for f, v in zip(
                   self.ranking(seg)[:n_features],
                   self.stat("smd").loc[seg, self.ranking(seg)[:n_features]]))
               for seg in self.segments]
        return pd.DataFrame({"name": self.names, "size": self.sizes, "share": self.shares,
                             "top_features (smd)": pd.Series(top, index=self.segments)})

    def _position(self, segment: Hashable) -> int:
        try:
            pos = self.segments.get_loc(segment)
        except KeyError:
            raise InvalidArgumentError(f"no segment {segment!r}; segments are {list(self.segments)}") from None
        if not isinstance(pos, (int, np.integer)):
            raise InvalidArgumentError(f"segment {segment!r} is ambiguous")
        return int(pos)

    # -- lifetime -------------------------------------------------------------

    def close(self) -> None:
        """Free the C profile now; idempotent."""
        self._handle.close()

    def __enter__(self) -> "Profile":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._handle.closed:
            return "<cseg.Profile (closed)>"
        return f"<cseg.Profile {self.k} segments x {self.d} features: {list(self.names)}>"


def profile(X: Any, labels: Any, *, columns: Optional[Sequence[str]] = None,
            n_segments: Optional[int] = None) -> Profile:
    """Profile a segmentation of customers.

    Parameters
    ----------
    X : DataFrame, cseg.Dataset or array-like of shape (n_rows, n_features)
        Customer features (a DataFrame's numeric columns); NaN values are
        skipped feature by feature.
    labels : array-like of shape (n_rows,)
        Segment of each row: ``KMeans.labels_``, ``RulesResult.labels``,
        ``RFM.labels_`` or any labels (strings are sorted, as ``numpy.unique``).
    columns : sequence of str, optional
        Feature names of an array (default ``x0``, ``x1``, ...).
    n_segments : int, optional
        With integer labels 0..k-1: the number of segments, to keep empty
        segments at the end.

    Returns
    -------
    Profile

    Examples
    --------
    >>> import pandas as pd, cseg
    >>> df = pd.DataFrame({"spend": [10.0, 12, 11, 300, 280], "visits": [1.0, 2, 1, 9, 8]})
    >>> prof = cseg.profile(df, [0, 0, 0, 1, 1])
    >>> prof.sizes.tolist(), prof.mean.loc[1, "spend"]
    ([3, 2], 290.0)
    >>> list(prof.rename({1: "Big spenders"}).names)
    ['Low-spend occasional', 'Big spenders']
    """
    with dataset_of(X, columns) as (ds, _):
        codes, segments, k = _codes(labels, ds.n_rows, n_segments)
        handle = ProfileHandle(_cseg.cseg_profile_new(ds._ptr, codes, k))
    return Profile(handle, segments)
