"""Rule-based and hybrid segments in cseg's small rule language.

One rule per line (or separated by ``;``), first match wins::

    monetary > 1000 and recency < 30 -> "VIP"
    frequency >= 10 or (monetary / frequency) > 200 -> "Loyal"
    recency is missing -> "No purchase yet"
    cluster == 2 and monetary < 50 -> "Bargain hunters"

Columns are named as in the data; ``cluster`` (or ``segment``) names the
cluster labels given to :meth:`Rules.apply`. Comparisons with a missing value
are false; ``x is missing`` tests for one. See the C header ``cseg_rules.h``
for the full grammar.
"""

from __future__ import annotations

import threading
from typing import Any, List, NamedTuple, Optional, Sequence

import numpy as np

from . import _cseg
from ._errors import FormatError, InvalidArgumentError, RuleSyntaxError
from ._handle import RulesHandle
from ._tables import dataset_of

__all__ = ["Rules", "RulesResult"]


def _parse(text: str) -> RulesHandle:
    if not isinstance(text, str):
        raise TypeError(f"rules: expected str, got {type(text).__name__}")
    if "\0" in text:
        raise RuleSyntaxError("rules: the text contains a NUL character")
    try:
        return RulesHandle(_cseg.cseg_rules_parse(text))
    except FormatError as e:
        raise RuleSyntaxError._from(e) from None


def _cluster_labels(clusters: Any, n_rows: int) -> np.ndarray:
    """Cluster labels as int64 0..k-1 (integers only: their value names the cluster)."""
    c = np.asarray(clusters)
    if c.ndim != 1:
        raise InvalidArgumentError(f"clusters: expected a 1-D array, got shape {c.shape}")
    if c.shape[0] != n_rows:
        raise InvalidArgumentError(f"clusters: found {c.shape[0]} labels for {n_rows} rows of X")
    if c.dtype.kind not in "iub":
        if c.dtype.kind == "f" and np.all(np.isfinite(c)) and np.all(c == np.round(c)):
            c = c.astype(np.int64)
        else:
            raise InvalidArgumentError(
                "clusters: expected integer labels 0..k-1 (such as KMeans.labels_), "
                f"got dtype {c.dtype}")
    return np.ascontiguousarray(c, dtype=np.int64)


class RulesResult(NamedTuple):
    """What :meth:`Rules.apply` found.

    Attributes
    ----------
    labels : ndarray of int64, shape (n_rows,)
        Segment of each customer, an index into ``segment_names``.
    segments : ndarray of object (str), shape (n_rows,)
        Segment name of each customer.
    segment_names : list of str
        Distinct rule names in text order, then the fallback segment (or, in
        hybrid mode, ``"Cluster 0"``, ``"Cluster 1"``, ...).
    matched_rule : ndarray of int64, shape (n_rows,)
        Winning rule (0-based, text order) of each customer; -1 for none.
    n_matching : ndarray of int64, shape (n_rows,)
        Rules whose condition each customer meets (more than 1: an overlap).
    report : pandas.DataFrame
        One row per rule: ``line``, ``segment``, ``won`` (customers it
        assigned), ``matched`` (customers meeting its condition, won or not),
        ``unused`` (matched nobody).
    n_overlapping : int
        Customers meeting more than one rule.
    n_unmatched : int
        Customers no rule matched (fallback, or kept cluster in hybrid mode).
    unused_rules : list of int
        Rules (0-based) that match nobody.
    index : pandas.Index or None
        The DataFrame's index, when applied to one.
    """

    labels: np.ndarray
    segments: np.ndarray
    segment_names: List[str]
    matched_rule: np.ndarray
    n_matching: np.ndarray
    report: Any
    n_overlapping: int
    n_unmatched: int
    unused_rules: List[int]
    index: Any = None

    @property
    def segment_sizes(self) -> Any:
        """Customers per segment, as a ``pandas.Series`` indexed by name (in segment order)."""
        import pandas as pd

        counts = np.bincount(self.labels, minlength=len(self.segment_names))
        return pd.Series(counts, index=pd.Index(self.segment_names, name="segment"), name="customers")

    def to_frame(self) -> Any:
        """One row per customer: ``segment``, ``label``, ``rule``, ``n_matching``."""
        import pandas as pd

        return pd.DataFrame({"segment": self.segments, "label": self.labels,
                             "rule": self.matched_rule, "n_matching": self.n_matching},
                            index=self.index)


class Rules:
    """A parsed set of segment rules.

    Parameters
    ----------
    text : str
        The rules (see :mod:`cseg.rules`); empty text is zero rules.
    fallback : str, default "Unclassified"
        Segment of customers no rule matches (without cluster labels).

    Raises
    ------
    cseg.RuleSyntaxError
        A syntax error; a ``ValueError`` whose message and ``line`` /
        ``column`` attributes give the position.

    Examples
    --------
    >>> import pandas as pd, cseg
    >>> df = pd.DataFrame({"recency": [5, 200, 40], "monetary": [1500, 20, 300]})
    >>> rules = cseg.Rules('''
    ... monetary > 1000 and recency < 30 -> "VIP"
    ... recency > 180 -> "Lapsed"
    ... ''', fallback="Regular")
    >>> rules.apply(df).segments.tolist()
    ['VIP', 'Lapsed', 'Regular']
    """

    def __init__(self, text: str, fallback: str = "Unclassified") -> None:
        self._handle = _parse(text)
        self._lock = threading.Lock()  # apply stores its results in the handle
        self.text = text
        if not isinstance(fallback, str):
            raise TypeError(f"fallback: expected str, got {type(fallback).__name__}")
        _cseg.cseg_rules_set_fallback_name(self._handle.ptr, fallback)
        self.fallback = fallback

    @property
    def n_rules(self) -> int:
        """Number of rules."""
        return int(_cseg.cseg_rules_n_rules(self._handle.ptr))

    @property
    def rule_names(self) -> List[str]:
        """Segment name of each rule, in text order."""
        p = self._handle.ptr
        return [_cseg.cseg_rules_rule_name(p, i) for i in range(self.n_rules)]

    @property
    def rule_lines(self) -> List[int]:
        """Line (1-based) on which each rule starts."""
        p = self._handle.ptr
        return [int(_cseg.cseg_rules_rule_line(p, i)) for i in range(self.n_rules)]

    def apply(self, X: Any, clusters: Any = None, *,
              columns: Optional[Sequence[str]] = None) -> RulesResult:
        """Segment every customer of @p X.

        Parameters
        ----------
        X : DataFrame, cseg.Dataset or array-like of shape (n_rows, n_features)
            Customer features; NaN is a missing value. A DataFrame contributes
            its numeric columns (a rule naming another column fails as unknown).
        clusters : array-like of int, shape (n_rows,), optional
            Cluster labels 0..k-1 for hybrid mode: rules override clusters,
            customers no rule matches keep theirs (segment ``"Cluster <k>"``),
            and rules may test ``cluster``.
        columns : sequence of str, optional
            Column names of an array (default ``x0``, ``x1``, ...).

        Returns
        -------
        RulesResult

        Raises
        ------
        cseg.InvalidArgumentError
            A column no rule can find (the message gives its line and column
            and lists the data's columns), clusters of the wrong length or
            negative.
        """
        with dataset_of(X, columns) as (ds, index):
            n = ds.n_rows
            labels = None if clusters is None else _cluster_labels(clusters, n)
            with self._lock:
                p = self._handle.ptr
                _cseg.cseg_rules_apply(p, ds._ptr, labels)
                return self._read(n, index)

    def _read(self, n: int, index: Any) -> RulesResult:
        import pandas as pd

        p = self._handle.ptr
        k = int(_cseg.cseg_rules_n_segments(p))
        names = [_cseg.cseg_rules_segment_name(p, s) for s in range(k)]
        labels = _cseg.cseg_rules_get_segments(p, n)
        r = self.n_rules
        won = _cseg.cseg_rules_get_rule_counts(p, r)
        hits = _cseg.cseg_rules_get_rule_hits(p, r)
        report = pd.DataFrame({"line": np.array(self.rule_lines, dtype=np.int64),
                               "segment": self.rule_names, "won": won, "matched": hits,
                               "unused": hits == 0},
                              index=pd.RangeIndex(r, name="rule"))
        return RulesResult(
            labels=labels,
            segments=np.array(names, dtype=object)[labels] if n else np.empty(0, dtype=object),
            segment_names=names,
            matched_rule=_cseg.cseg_rules_get_matched_rule(p, n),
            n_matching=_cseg.cseg_rules_get_n_matching(p, n),
            report=report,
            n_overlapping=int(_cseg.cseg_rules_get_int(p, _cseg.CSEG_RULES_RESULT_N_OVERLAPPING)),
            n_unmatched=int(_cseg.cseg_rules_get_int(p, _cseg.CSEG_RULES_RESULT_N_UNMATCHED)),
            unused_rules=[int(i) for i in np.flatnonzero(hits == 0)],
            index=index,
        )

    # -- lifetime -------------------------------------------------------------

    def close(self) -> None:
        """Free the parsed rules now; idempotent."""
        self._handle.close()

    def __enter__(self) -> "Rules":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __reduce__(self) -> Any:
        return (Rules, (self.text, self.fallback))

    def __repr__(self) -> str:
        if self._handle.closed:
            return "<cseg.Rules (closed)>"
        return f"<cseg.Rules {self.n_rules} rules -> {sorted(set(self.rule_names))}>"
