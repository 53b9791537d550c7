"""Choosing the number of segments: a table of criteria over a range of k.

:func:`select_k` fits k-means for every k in ``[k_min, k_max]`` and returns
the table (inertia, silhouette, Calinski-Harabasz, Davies-Bouldin, the gap
statistic of R's ``cluster::clusGap``, the smallest segment, bootstrap
stability, mixture BIC/ICL) with a recommended k that respects the limits the
business can act on (``max_segments``, ``min_size``). :func:`gap_choose`,
:func:`knee` and :func:`adjusted_rand_score` are the building blocks.
"""

from __future__ import annotations

import numbers
from typing import Any, Dict, Optional

import numpy as np

from . import _cseg
from ._errors import InvalidArgumentError
from ._handle import KSelectHandle
from ._validation import as_matrix, seed_from
from .dataset import Dataset

__all__ = ["select_k", "KSelection", "gap_choose", "knee", "adjusted_rand_score",
           "CRITERIA", "GAP_RULES"]

#: Criteria of the recommendation, by name (aliases share a code).
CRITERIA: Dict[str, int] = {
    "silhouette": _cseg.CSEG_CRITERION_SILHOUETTE,
    "calinski": _cseg.CSEG_CRITERION_CALINSKI,
    "calinski_harabasz": _cseg.CSEG_CRITERION_CALINSKI,
    "davies": _cseg.CSEG_CRITERION_DAVIES,
    "davies_bouldin": _cseg.CSEG_CRITERION_DAVIES,
    "gap": _cseg.CSEG_CRITERION_GAP,
    "elbow": _cseg.CSEG_CRITERION_ELBOW,
    "bic": _cseg.CSEG_CRITERION_BIC,
    "icl": _cseg.CSEG_CRITERION_ICL,
    "stability": _cseg.CSEG_CRITERION_STABILITY,
}

#: The rules of R's ``cluster::maxSE``, by its names.
GAP_RULES: Dict[str, int] = {
    "firstSEmax": _cseg.CSEG_GAP_FIRST_SE_MAX,
    "Tibs2001SEmax": _cseg.CSEG_GAP_TIB_SE_MAX,
    "globalSEmax": _cseg.CSEG_GAP_GLOBAL_SE_MAX,
    "firstmax": _cseg.CSEG_GAP_FIRST_MAX,
    "globalmax": _cseg.CSEG_GAP_GLOBAL_MAX,
}

_GAP_SPACES: Dict[str, int] = {
    "scaledPCA": _cseg.CSEG_GAP_SCALED_PCA,
    "original": _cseg.CSEG_GAP_ORIGINAL,
}

# Table columns in C order; "k" is the index of the DataFrame.
_COLUMNS = [
    ("k", _cseg.CSEG_KSEL_K),
    ("inertia", _cseg.CSEG_KSEL_INERTIA),
    ("silhouette", _cseg.CSEG_KSEL_SILHOUETTE),
    ("calinski_harabasz", _cseg.CSEG_KSEL_CALINSKI),
    ("davies_bouldin", _cseg.CSEG_KSEL_DAVIES),
    ("log_w", _cseg.CSEG_KSEL_LOG_W),
    ("gap", _cseg.CSEG_KSEL_GAP),
    ("gap_se", _cseg.CSEG_KSEL_GAP_SE),
    ("min_size", _cseg.CSEG_KSEL_MIN_SIZE),
    ("stability", _cseg.CSEG_KSEL_STABILITY),
    ("bic", _cseg.CSEG_KSEL_BIC),
    ("icl", _cseg.CSEG_KSEL_ICL),
]


def _int(name: str, value: Any) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise InvalidArgumentError(f"{name} must be an int, got {value!r}")
    return int(value)


def _choice(name: str, value: Any, table: Dict[str, int]) -> int:
    if not isinstance(value, str) or value not in table:
        raise InvalidArgumentError(
            f"{name} must be one of {', '.join(repr(k) for k in table)}, got {value!r}")
    return table[value]


def _k_or_none(v: int) -> Optional[int]:
    return int(v) if v > 0 else None


class KSelection:
    """The result of :func:`select_k`.

    Attributes
    ----------
    table : pandas.DataFrame or dict of ndarray
        One row per k (the DataFrame's index, named ``"k"``; a ``"k"`` entry
        of the dict without pandas), columns ``inertia``, ``silhouette``,
        ``calinski_harabasz``, ``davies_bouldin``, ``log_w`` (clusGap's
        logW), ``gap``, ``gap_se`` (clusGap's SE.sim), ``min_size``,
        ``stability`` (mean adjusted Rand index over bootstrap replicates),
        ``bic`` and ``icl``; NaN where not computed (silhouette and the
        other indices at k = 1, the gap with ``gap_b=0`` ...).
    recommended_k : int or None
        The best k by ``criterion`` among those with at most ``max_segments``
        segments and a smallest segment of at least ``min_size``; None when
        no k satisfies the limits.
    elbow_k : int or None
        The knee of the inertia curve (None with fewer than 3 k, or no knee).
    gap_k : int or None
        The k of the gap rule (None without the gap statistic).
    criterion : str
        The criterion of ``recommended_k``.
    """

    def __init__(self, table: Any, recommended_k: Optional[int], elbow_k: Optional[int],
                 gap_k: Optional[int], criterion: str) -> None:
        self.table = table
        self.recommended_k = recommended_k
        self.elbow_k = elbow_k
        self.gap_k = gap_k
        self.criterion = criterion

    def __repr__(self) -> str:
        return (f"KSelection(recommended_k={self.recommended_k}, elbow_k={self.elbow_k}, "
                f"gap_k={self.gap_k}, criterion={self.criterion!r})")


def _table(columns: Dict[str, np.ndarray]) -> Any:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - exercised without pandas
        return columns
    k = pd.Index(columns["k"].astype(np.int64), name="k")
    return pd.DataFrame({c: v for c, v in columns.items() if c != "k"}, index=k)


def select_k(X: Any, k_min: int = 1, k_max: int = 10, *, max_segments: Optional[int] = None,
             min_size: int = 0, criterion: str = "silhouette", gap_b: int = 20,
             gap_rule: str = "firstSEmax", gap_space: str = "scaledPCA", gap_d_power: int = 2,
             gap_se_factor: float = 1.0, silhouette_sample: Optional[int] = 5000,
             bootstrap_b: int = 10, mixtures: bool = False, n_init: int = 4,
             random_state: Any = 0) -> KSelection:
    """Table of clustering criteria for k = k_min..k_max and a recommended k.

    For every k, k-means (k-means++ seeding, ``n_init`` restarts) is fitted
    on ``X`` and the criteria computed; the gap statistic follows
    Tibshirani, Walther & Hastie (2001) as R's ``cluster::clusGap``.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        No missing values; more than ``k_max`` rows. Scale the features
        first when their units differ.
    k_min, k_max : int, default 1 and 10
        The range of k, 1 <= k_min <= k_max.
    max_segments : int or None, default None
        Largest k the business can act on (None: ``k_max``).
    min_size : int, default 0
        Smallest acceptable segment, in customers.
    criterion : str, default "silhouette"
        ``"silhouette"``, ``"calinski"`` (or ``"calinski_harabasz"``),
        ``"davies"`` (``"davies_bouldin"``), ``"gap"``, ``"elbow"``,
        ``"bic"``, ``"icl"`` (both need ``mixtures=True``) or
        ``"stability"`` (needs ``bootstrap_b > 0``).
    gap_b : int, default 20
        Uniform reference sets of the gap statistic (clusGap's ``B``, which
        defaults to 100); 0 skips the gap.
    gap_rule : str, default "firstSEmax"
        The rule of ``cluster::maxSE``: ``"firstSEmax"``,
        ``"Tibs2001SEmax"``, ``"globalSEmax"``, ``"firstmax"`` or
        ``"globalmax"``.
    gap_space : str, default "scaledPCA"
        clusGap's ``spaceH0``: ``"scaledPCA"`` or ``"original"``.
    gap_d_power : int, default 2
        clusGap's ``d.power``: 2 makes W_k half the within sum of squares
        (Tibshirani's definition, O(n d)); 1 sums distances (clusGap's
        default, quadratic in the segment sizes).
    gap_se_factor : float, default 1.0
        ``SE.factor`` of the gap rules.
    silhouette_sample : int or None, default 5000
        Rows of the (seeded) sampled silhouette; None or 0 for all rows.
    bootstrap_b : int, default 10
        Bootstrap replicates of the stability column; 0 for none.
    mixtures : bool, default False
        Also fit full-covariance Gaussian mixtures for the BIC and ICL columns.
    n_init : int, default 4
        k-means restarts per k.
    random_state : int, RandomState instance or None, default 0
        Seed of every random step; an int gives the same table as the C
        library, the CLI, R and Java.

    Returns
    -------
    KSelection
        ``table``, ``recommended_k``, ``elbow_k``, ``gap_k``.

    Raises
    ------
    ValueError
        (:class:`cseg.InvalidArgumentError`) an argument out of range (the
        message names it), ``k_max`` not below the number of rows, a
        criterion whose column is not computed; missing values
        (:class:`cseg.MissingValuesError`).

    Examples
    --------
    >>> import numpy as np, cseg
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(c, 0.2, size=(40, 2)) for c in (0, 3, 6)])
    >>> sel = cseg.select_k(X, 1, 6, gap_b=5, bootstrap_b=0)
    >>> sel.recommended_k, sel.gap_k
    (3, 3)
    >>> sel.table.loc[3, "silhouette"] > 0.8
    True
    """
    X = as_matrix(X)
    crit = _choice("criterion", criterion, CRITERIA)
    settings = [
        (_cseg.CSEG_KSELECT_K_MIN, _int("k_min", k_min)),
        (_cseg.CSEG_KSELECT_K_MAX, _int("k_max", k_max)),
        (_cseg.CSEG_KSELECT_MAX_SEGMENTS, 0 if max_segments is None else _int("max_segments", max_segments)),
        (_cseg.CSEG_KSELECT_MIN_SIZE, _int("min_size", min_size)),
        (_cseg.CSEG_KSELECT_SEED, seed_from(random_state)),
        (_cseg.CSEG_KSELECT_N_INIT, _int("n_init", n_init)),
        (_cseg.CSEG_KSELECT_GAP_B, _int("gap_b", gap_b)),
        (_cseg.CSEG_KSELECT_GAP_RULE, _choice("gap_rule", gap_rule, GAP_RULES)),
        (_cseg.CSEG_KSELECT_GAP_SPACE, _choice("gap_space", gap_space, _GAP_SPACES)),
        (_cseg.CSEG_KSELECT_GAP_D_POWER, _int("gap_d_power", gap_d_power)),
        (_cseg.CSEG_KSELECT_SILHOUETTE_SAMPLE,
         0 if silhouette_sample is None else _int("silhouette_sample", silhouette_sample)),
        (_cseg.CSEG_KSELECT_BOOTSTRAP_B, _int("bootstrap_b", bootstrap_b)),
        (_cseg.CSEG_KSELECT_MIXTURES, 1 if mixtures else 0),
        (_cseg.CSEG_KSELECT_CRITERION, crit),
    ]
    if isinstance(gap_se_factor, (bool, np.bool_)) or not isinstance(gap_se_factor, numbers.Real):
        raise InvalidArgumentError(f"gap_se_factor must be a real number, got {gap_se_factor!r}")
    h = KSelectHandle(_cseg.cseg_kselect_new())
    try:
        p = h.ptr
        for key, value in settings:  # the C library checks the bounds, naming the setting
            _cseg.cseg_kselect_set_int(p, key, value)
        _cseg.cseg_kselect_set_double(p, _cseg.CSEG_KSELECT_GAP_SE_FACTOR, float(gap_se_factor))
        with Dataset(X) as ds:
            _cseg.cseg_kselect_run(p, ds._ptr)
        n = int(_cseg.cseg_kselect_n_rows(p))
        columns = {name: _cseg.cseg_kselect_get_column(p, col, n) for name, col in _COLUMNS}
        rec, elbow, gap = (int(_cseg.cseg_kselect_get_int(p, key)) for key in (
            _cseg.CSEG_KSELECT_RECOMMENDED_K, _cseg.CSEG_KSELECT_ELBOW_K, _cseg.CSEG_KSELECT_GAP_K))
    finally:
        h.close()
    return KSelection(_table(columns), _k_or_none(rec), _k_or_none(elbow), _k_or_none(gap),
                      criterion)


def _vector(name: str, v: Any) -> np.ndarray:
    a = np.asarray(v, dtype=np.float64)
    if a.ndim != 1:
        raise InvalidArgumentError(f"{name}: expected a 1-D array, got shape {a.shape}")
    return np.ascontiguousarray(a)


def gap_choose(gap: Any, se: Any, rule: str = "firstSEmax", se_factor: float = 1.0) -> int:
    """Choose k from gap values and standard errors, as R's ``cluster::maxSE``.

    Parameters
    ----------
    gap, se : array-like of shape (n,)
        Gap values for consecutive k and their standard errors (finite,
        se >= 0).
    rule : str, default "firstSEmax"
        A rule of :data:`GAP_RULES`.
    se_factor : float, default 1.0

    Returns
    -------
    int
        0-based index of the chosen k (``maxSE`` returns it 1-based).

    Examples
    --------
    >>> import cseg
    >>> cseg.gap_choose([0.1, 0.3, 0.35, 0.34, 0.5], [0.044, 0, 0.061, 0.024, 0.056])
    1
    """
    g, s = _vector("gap", gap), _vector("se", se)
    if g.shape != s.shape:
        raise InvalidArgumentError(f"gap has {g.shape[0]} values but se has {s.shape[0]}")
    return int(_cseg.cseg_bind_gap_choose(g, s, _choice("rule", rule, GAP_RULES), float(se_factor)))


def knee(x: Any, y: Any) -> Optional[int]:
    """Knee of a decreasing convex curve such as inertia against k (Kneedle).

    Parameters
    ----------
    x : array-like of shape (n,)
        Increasing abscissae, n >= 3.
    y : array-like of shape (n,)

    Returns
    -------
    int or None
        0-based index of the knee; None when no point lies below the chord.

    Examples
    --------
    >>> import cseg
    >>> cseg.knee([1, 2, 3, 4, 5], [100, 30, 20, 15, 12])
    1
    """
    xs, ys = _vector("x", x), _vector("y", y)
    if xs.shape != ys.shape:
        raise InvalidArgumentError(f"x has {xs.shape[0]} values but y has {ys.shape[0]}")
    i = int(_cseg.cseg_bind_knee(xs, ys))
    return i if i >= 0 else None


def adjusted_rand_score(labels_true: Any, labels_pred: Any) -> float:
    """Adjusted Rand index of two partitions, as ``sklearn.metrics.adjusted_rand_score``.

    1 for identical partitions (whatever the label values), about 0 for
    independent ones. Labels may be of any type.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)

    Returns
    -------
    float
        In [-1, 1].

    Examples
    --------
    >>> import cseg
    >>> cseg.adjusted_rand_score([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    """
    a, b = np.asarray(labels_true), np.asarray(labels_pred)
    if a.ndim != 1 or b.ndim != 1:
        raise InvalidArgumentError(
            f"labels: expected 1-D arrays, got shapes {a.shape} and {b.shape}")
    if a.shape[0] != b.shape[0]:
        raise InvalidArgumentError(
            f"labels_true has {a.shape[0]} labels but labels_pred has {b.shape[0]}")
    codes_a = np.unique(a, return_inverse=True)[1].astype(np.int64) if a.size else a.astype(np.int64)
    codes_b = np.unique(b, return_inverse=True)[1].astype(np.int64) if b.size else b.astype(np.int64)
    return float(_cseg.cseg_bind_adjusted_rand(np.ascontiguousarray(codes_b),
                                               np.ascontiguousarray(codes_a)))
