"""Internal validity metrics, with scikit-learn's names and conventions.

Each agrees with the function of the same name in :mod:`sklearn.metrics` to
1e-9 relative, computed by the C library with the GIL released. Labels may be
of any type (they are encoded to 0..k-1 as scikit-learn does).
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from . import _cseg
from ._errors import InvalidArgumentError
from ._validation import as_matrix, encode_labels, seed_from
from .dataset import Dataset

__all__ = ["silhouette_score", "silhouette_samples", "calinski_harabasz_score",
           "davies_bouldin_score", "inertia"]


def _prepare(X: Any, labels: Any) -> "tuple[np.ndarray, np.ndarray]":
    X = as_matrix(X)
    return X, encode_labels(labels, X.shape[0])


def _check_metric(metric: str) -> None:
    if metric != "euclidean":
        raise InvalidArgumentError(f"metric: only 'euclidean' is supported, got {metric!r}")


def silhouette_score(X: Any, labels: Any, *, metric: str = "euclidean",
                     sample_size: Optional[int] = None, random_state: Any = None) -> float:
    """Mean silhouette coefficient over all rows (Rousseeuw 1987).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
        Segment of each row; 2 to n_samples - 1 distinct values.
    metric : {'euclidean'}, default 'euclidean'
        Only Euclidean distances are supported.
    sample_size : int, optional
        Compute on this many rows drawn without replacement (2..n_samples);
        default all rows, exactly, in O(n_samples) memory.
    random_state : int, RandomState instance or None
        Seed of the sample (only with ``sample_size``).

    Returns
    -------
    float
        In [-1, 1]; higher means tighter, better separated segments.
    """
    _check_metric(metric)
    X, codes = _prepare(X, labels)
    size = 0 if sample_size is None else int(sample_size)
    seed = seed_from(random_state) if size else 0
    with Dataset(X) as ds:
        return _cseg.cseg_metric_silhouette(ds._ptr, codes, size, seed)


def silhouette_samples(X: Any, labels: Any, *, metric: str = "euclidean") -> np.ndarray:
    """Silhouette coefficient of each row (0 for members of singleton segments).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)
    metric : {'euclidean'}, default 'euclidean'

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    _check_metric(metric)
    X, codes = _prepare(X, labels)
    with Dataset(X) as ds:
        return _cseg.cseg_metric_silhouette_samples(ds._ptr, codes)


def calinski_harabasz_score(X: Any, labels: Any) -> float:
    """Calinski-Harabasz index: between- over within-segment dispersion, scaled by (n-k)/(k-1).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)

    Returns
    -------
    float
        Higher is better.
    """
    X, codes = _prepare(X, labels)
    with Dataset(X) as ds:
        return _cseg.cseg_metric_calinski_harabasz(ds._ptr, codes)


def davies_bouldin_score(X: Any, labels: Any) -> float:
    """Davies-Bouldin index: mean over segments of the worst (s_i + s_j) / d(c_i, c_j).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)

    Returns
    -------
    float
        Lower is better; 0 is the minimum.
    """
    X, codes = _prepare(X, labels)
    with Dataset(X) as ds:
        return _cseg.cseg_metric_davies_bouldin(ds._ptr, codes)


def inertia(X: Any, labels: Any) -> float:
    """Sum of squared distances of the rows to the mean of their segment.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)

    Returns
    -------
    float
    """
    X, codes = _prepare(X, labels)
    with Dataset(X) as ds:
        return _cseg.cseg_metric_inertia(ds._ptr, codes)
