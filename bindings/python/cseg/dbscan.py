"""DBSCAN as a scikit-learn estimator backed by the cseg C library."""

from __future__ import annotations

from typing import Any, Dict, Tuple

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin

from . import _cseg
from ._assignment import Assignment
from ._errors import InvalidArgumentError
from ._handle import ModelHandle
from ._model import PathLike, _CsegModel
from ._validation import MATRIX_OPTIONS, check_float, check_int, check_weights, validate_data

__all__ = ["DBSCAN"]


class DBSCAN(_CsegModel, ClusterMixin, BaseEstimator):
    """Density-based clustering (DBSCAN) computed by the cseg C library.

    A drop-in for :class:`sklearn.cluster.DBSCAN` with Euclidean distances:
    same parameters and attributes, and ``labels_`` equal to scikit-learn's
    (same numbering: clusters in order of their first core sample, a border
    point reachable from two clusters goes to the lower-numbered one; noise
    is -1). A k-d tree keeps the fit far from quadratic in low dimension and
    no neighbourhood lists are stored, so memory stays O(n d).

    Unlike scikit-learn's, the fitted estimator also assigns new customers
    (:meth:`predict`): the cluster of the nearest core sample within ``eps``,
    else -1 (noise).

    Parameters
    ----------
    eps : float > 0, default 0.5
        Neighbourhood radius; a point at exactly ``eps`` is a neighbour.
    min_samples : int >= 1, default 5
        A point is a core sample when the (weighted) number of points within
        ``eps``, itself included, is at least this.
    metric : 'euclidean', default 'euclidean'
        Only Euclidean distances are supported (``'minkowski'`` with
        ``p`` None or 2 is accepted as the same).
    metric_params, algorithm, leaf_size, n_jobs
        Accepted for compatibility and ignored: cseg always uses its own k-d
        tree, and its threads are set by :func:`cseg.set_max_threads`.
    p : float or None, default None
        Minkowski power; only None or 2.

    Attributes
    ----------
    core_sample_indices_ : ndarray of int64, shape (n_core_samples,)
        Rows of the core samples, increasing.
    components_ : ndarray of shape (n_core_samples, n_features)
        The core samples.
    labels_ : ndarray of int64, shape (n_samples,)
        Cluster of each training row, -1 for noise (absent after :meth:`load`).
    n_clusters_ : int
        Number of clusters found.
    cluster_centers_ : ndarray of shape (n_clusters_, n_features)
        (Weighted) mean of each cluster's members, core and border.
    inertia_ : float
        Weighted sum of squared distances of the members to their cluster mean.
    n_features_in_, feature_names_in_
        As scikit-learn.

    Notes
    -----
    A fit in which no point is a core sample raises
    :class:`cseg.InvalidArgumentError` (a ``ValueError``) with a message
    suggesting a larger ``eps`` or a smaller ``min_samples``, where
    scikit-learn would label everything noise.

    Examples
    --------
    >>> import numpy as np, cseg
    >>> X = np.array([[1, 2], [2, 2], [2, 3], [8, 7], [8, 8], [25, 80]])
    >>> db = cseg.DBSCAN(eps=3, min_samples=2).fit(X)
    >>> db.labels_.tolist()
    [0, 0, 0, 1, 1, -1]
    >>> db.predict([[1.5, 2.5], [50, 50]]).tolist()
    [0, -1]
    """

    _algo = _cseg.CSEG_ALGO_DBSCAN
    _algo_name = "DBSCAN"

    def __init__(self, eps: float = 0.5, *, min_samples: int = 5, metric: str = "euclidean",
                 metric_params: Any = None, algorithm: str = "auto", leaf_size: int = 30,
                 p: Any = None, n_jobs: Any = None) -> None:
        self.eps = eps
        self.min_samples = min_samples
        self.metric = metric
        self.metric_params = metric_params
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.n_jobs = n_jobs

    def _new_model(self) -> ModelHandle:
        euclidean = self.metric == "euclidean" or (
            self.metric == "minkowski" and self.p in (None, 2, 2.0))
        if not euclidean or self.p not in (None, 2, 2.0):
            raise InvalidArgumentError(
                f"only the Euclidean metric is supported, got metric={self.metric!r}, p={self.p!r}")
        if self.algorithm not in ("auto", "ball_tree", "kd_tree", "brute"):
            raise InvalidArgumentError(
                "algorithm must be one of 'auto', 'ball_tree', 'kd_tree', 'brute', "
                f"got {self.algorithm!r}")
        eps = check_float("eps", self.eps, _cseg.CSEG_PARAM_DBSCAN_EPS)
        min_samples = check_int("min_samples", self.min_samples,
                                _cseg.CSEG_PARAM_DBSCAN_MIN_SAMPLES)
        model = ModelHandle(_cseg.cseg_model_new(_cseg.CSEG_ALGO_DBSCAN))
        _cseg.cseg_model_set_double(model.ptr, _cseg.CSEG_PARAM_DBSCAN_EPS, eps)
        _cseg.cseg_model_set_int(model.ptr, _cseg.CSEG_PARAM_DBSCAN_MIN_SAMPLES, min_samples)
        return model

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "DBSCAN":
        """Find the clusters.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : Ignored
        sample_weight : array-like of shape (n_samples,), optional
            Non-negative weight of each row (scikit-learn's semantics: a point
            is core when the weights within ``eps`` sum to ``min_samples``).

        Returns
        -------
        self : DBSCAN
        """
        X = validate_data(self, X, reset=True, **MATRIX_OPTIONS)
        weights = check_weights(sample_weight, X.shape[0])
        model = self._new_model()
        self._fit_model(model, X, weights)
        self.labels_ = np.asarray(_cseg.cseg_model_get_labels(model.ptr, X.shape[0]),
                                  dtype=np.int64)
        return self

    def fit_predict(self, X: Any, y: Any = None, sample_weight: Any = None) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(X, sample_weight=sample_weight).labels_

    def _read_fitted(self, ptr: Any, k: int, d: int) -> None:
        rows, _ = _cseg.cseg_model_array_shape(ptr, "components")
        n_core = int(rows)
        self.n_clusters_ = k
        self.cluster_centers_ = _cseg.cseg_model_get_centroids(ptr, k * d).reshape(k, d)
        self.inertia_ = float(_cseg.cseg_model_get_double(ptr, _cseg.CSEG_RESULT_INERTIA))
        self.core_sample_indices_ = np.asarray(
            _cseg.cseg_model_get_array(ptr, "core_sample_indices", n_core)).astype(np.int64)
        self.components_ = np.asarray(
            _cseg.cseg_model_get_array(ptr, "components", n_core * d)).reshape(n_core, d)

    def predict_details(self, X: Any) -> Assignment:
        """Cluster of new rows with distances, runner-up and confidence.

        ``labels`` is the cluster of the nearest core sample within ``eps``
        (-1: noise); ``distances`` the distance to that core sample (for
        noise, to the nearest core sample); ``runner_up`` the cluster of the
        nearest core sample of another cluster within ``eps`` (-1: none), and
        ``borderline`` marks rows that have one; ``margins`` is the runner-up's
        distance (or ``eps``) minus the distance; ``confidence`` is 1 for a
        member and 0 for noise.
        """
        return self._predict_details(X)

    def predict(self, X: Any) -> np.ndarray:
        """Cluster of new rows (nearest core sample within ``eps``), -1 for noise."""
        return self.predict_details(X).labels

    def predict_one(self, x: Any) -> Tuple[int, float, float]:
        """Assign one customer without allocating: ``(label, distance, margin)``."""
        return self._predict_one(x)

    # -- persistence ----------------------------------------------------------------

    def save(self, path: PathLike) -> None:
        """Write the fitted model (core samples, parameters; not ``labels_``)."""
        self._save(path)

    @classmethod
    def load(cls, path: PathLike) -> "DBSCAN":
        """Read a model written by :meth:`save` or any cseg binding."""
        return cls._load(path)

    @classmethod
    def _params_from_model(cls, ptr: Any) -> Dict[str, Any]:
        return dict(
            eps=float(_cseg.cseg_model_get_double(ptr, _cseg.CSEG_PARAM_DBSCAN_EPS)),
            min_samples=int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_PARAM_DBSCAN_MIN_SAMPLES)),
        )

    def to_bytes(self) -> bytes:
        """The fitted model in the cseg model file format."""
        return self._to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "DBSCAN":
        """Inverse of :meth:`to_bytes`."""
        return cls._from_bytes(data)
