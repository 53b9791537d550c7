"""Hierarchical agglomerative clustering as a scikit-learn estimator backed by cseg."""

from __future__ import annotations

import os
from typing import Any, Dict

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin

from . import _cseg
from ._assignment import Assignment
from ._errors import InvalidArgumentError
from ._handle import ModelHandle
from ._model import PathLike, _CsegModel
from ._validation import MATRIX_OPTIONS, check_float, check_int, check_weights, seed_from, validate_data

__all__ = ["AgglomerativeClustering", "linkage_cut"]

_LINKAGES = {
    "ward": _cseg.CSEG_LINKAGE_WARD,
    "complete": _cseg.CSEG_LINKAGE_COMPLETE,
    "average": _cseg.CSEG_LINKAGE_AVERAGE,
    "single": _cseg.CSEG_LINKAGE_SINGLE,
}
_NAMES = {v: k for k, v in _LINKAGES.items()}


def linkage_cut(Z: Any, n_clusters: int = None, height: float = None) -> np.ndarray:
    """Cut a SciPy-format linkage matrix into flat clusters (0-based labels).

    Exactly one of ``n_clusters`` (the first ``n - n_clusters`` merges, as
    ``scipy.cluster.hierarchy.cut_tree``) and ``height`` (merges of height
    <= ``height``, as ``fcluster(Z, height, 'distance')``) is given. Clusters
    are numbered in order of first appearance among the leaves.
    """
    Z = np.ascontiguousarray(Z, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[1] != 4:
        raise InvalidArgumentError(f"Z must have shape (n - 1, 4), got {Z.shape}")
    if (n_clusters is None) == (height is None):
        raise InvalidArgumentError("give exactly one of n_clusters and height")
    n = Z.shape[0] + 1
    k = 0 if n_clusters is None else n_clusters
    h = 0.0 if height is None else float(height)
    if height is not None and h == 0.0:
        h = float(np.nextafter(0.0, 1.0))  # height 0 would mean "cut by k" in C
    return _cseg.cseg_linkage_cut(Z.ravel(), int(k), h, n)


class AgglomerativeClustering(_CsegModel, ClusterMixin, BaseEstimator):
    """Agglomerative clustering computed by the cseg C library.

    A drop-in for :class:`sklearn.cluster.AgglomerativeClustering` with
    Euclidean distances. Ward's linkage runs the nearest-neighbour chain on
    cluster centroids in O(n d) memory; complete and average linkage need
    the n (n - 1) / 2 distance matrix and refuse (``MemoryError``) above
    ``max_memory_mb``; single linkage is a minimum spanning tree in O(n)
    memory. Merge heights equal ``scipy.cluster.hierarchy.linkage``.

    Parameters
    ----------
    n_clusters : int or None, default 2
        Number of segments; None when ``distance_threshold`` is given.
    metric : 'euclidean', default 'euclidean'
        Only Euclidean distances are supported.
    memory, connectivity : None
        Accepted for compatibility; must be None.
    compute_full_tree : 'auto' or bool, default 'auto'
        The full tree is always built (the cut is free afterwards).
    linkage : {'ward', 'complete', 'average', 'single'}, default 'ward'
    distance_threshold : float or None, default None
        Merges at distances below it are applied (scikit-learn's rule);
        ``n_clusters`` must then be None.
    compute_distances : bool, default False
        Keep ``distances_`` even without ``distance_threshold``.
    micro_clusters : int, default -1
        Two-stage mode for large n (Ward only): k-means into this many
        micro-clusters, then weighted Ward on them. -1 = automatic (2000
        when n > 20000 and linkage is Ward), 0 = always exact. In two-stage
        mode the tree's leaves are the micro-clusters.
    max_memory_mb : int, default 4096
        Budget of the distance matrix of complete and average linkage.
    random_state : int, RandomState or None, default None
        Seed of the k-means stage of the two-stage mode.

    Attributes
    ----------
    n_clusters_ : int
    labels_ : ndarray of int64, shape (n_samples,)
        Segment of each training row, numbered in order of first appearance
        among the tree's leaves.
    n_leaves_ : int
        Leaves of the tree (n_samples, or the micro-clusters).
    n_connected_components_ : int
        Always 1.
    children_ : ndarray of int64, shape (n_leaves_ - 1, 2)
        Children of each merge, scikit-learn's convention (nodes >= n_leaves_
        are earlier merges).
    distances_ : ndarray of shape (n_leaves_ - 1,)
        Merge heights; present with ``distance_threshold`` or ``compute_distances``.
    linkage_matrix_ : ndarray of shape (n_leaves_ - 1, 4)
        The tree in ``scipy.cluster.hierarchy.linkage`` format.
    cluster_centers_ : ndarray of shape (n_clusters_, n_features)
        Means of the segments; :meth:`predict` assigns new rows to the nearest.
    n_features_in_, feature_names_in_
        As scikit-learn.

    Examples
    --------
    >>> import numpy as np, cseg
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])
    >>> cseg.AgglomerativeClustering(n_clusters=2).fit(X).labels_.tolist()
    [0, 0, 0, 1, 1, 1]
    """

    _algo = _cseg.CSEG_ALGO_HIERARCHICAL
    _algo_name = "hierarchical"

    def __init__(self, n_clusters: Any = 2, *, metric: str = "euclidean", memory: Any = None,
                 connectivity: Any = None, compute_full_tree: Any = "auto", linkage: str = "ward",
                 distance_threshold: Any = None, compute_distances: bool = False,
                 micro_clusters: int = -1, max_memory_mb: int = 4096,
                 random_state: Any = None) -> None:
        self.n_clusters = n_clusters
        self.metric = metric
        self.memory = memory
        self.connectivity = connectivity
        self.compute_full_tree = compute_full_tree
        self.linkage = linkage
        self.distance_threshold = distance_threshold
        self.compute_distances = compute_distances
        self.micro_clusters = micro_clusters
        self.max_memory_mb = max_memory_mb
        self.random_state = random_state

    def _new_model(self, n: int) -> ModelHandle:
        if self.metric not in ("euclidean", None):
            raise InvalidArgumentError(f"metric must be 'euclidean', got {self.metric!r}")
        if self.memory is not None or self.connectivity is not None:
            raise InvalidArgumentError("memory and connectivity are not supported (must be None)")
        if not isinstance(self.linkage, str) or self.linkage not in _LINKAGES:
            raise InvalidArgumentError(
                f"linkage must be one of {sorted(_LINKAGES)}, got {self.linkage!r}")
        if (self.n_clusters is None) == (self.distance_threshold is None):
            raise InvalidArgumentError(
                "Exactly one of n_clusters and distance_threshold has to be set, and the other "
                "needs to be None.")
        model = ModelHandle(_cseg.cseg_model_new(_cseg.CSEG_ALGO_HIERARCHICAL))
        ptr = model.ptr
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_LINKAGE, _LINKAGES[self.linkage])
        if self.distance_threshold is not None:
            t = check_float("distance_threshold", self.distance_threshold,
                            _cseg.CSEG_PARAM_CUT_HEIGHT)
            if t > 0:
                # scikit-learn merges below the threshold; C cuts at <= height.
                _cseg.cseg_model_set_double(ptr, _cseg.CSEG_PARAM_CUT_HEIGHT,
                                            float(np.nextafter(t, 0.0)))
                _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_K, 1)
            else:
                _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_K, n)
        else:
            k = check_int("n_clusters", self.n_clusters, _cseg.CSEG_PARAM_K)
            if k > n:
                raise InvalidArgumentError(
                    f"Cannot extract more clusters than samples: {k} clusters were given for a "
                    f"tree with {n} leaves.")
            _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_K, k)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_MICRO_CLUSTERS,
                                 check_int("micro_clusters", self.micro_clusters,
                                           _cseg.CSEG_PARAM_MICRO_CLUSTERS))
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_MAX_MEMORY_MB,
                                 check_int("max_memory_mb", self.max_memory_mb,
                                           _cseg.CSEG_PARAM_MAX_MEMORY_MB))
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_SEED, seed_from(self.random_state))
        return model

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "AgglomerativeClustering":
        """Build the tree and cut it.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : Ignored
        sample_weight : array-like of shape (n_samples,), optional
            Positive weights: cluster sizes for Ward and average linkage;
            complete and single linkage use them for the centres only.
        """
        X = validate_data(self, X, reset=True, ensure_min_samples=2, **MATRIX_OPTIONS)
        weights = check_weights(sample_weight, X.shape[0])
        model = self._new_model(X.shape[0])
        self._fit_model(model, X, weights)
        self.labels_ = np.asarray(_cseg.cseg_model_get_labels(model.ptr, X.shape[0]),
                                  dtype=np.int64)
        return self

    def _read_fitted(self, ptr: Any, k: int, d: int) -> None:
        merges = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_ITER))
        self.n_clusters_ = k
        self.cluster_centers_ = _cseg.cseg_model_get_centroids(ptr, k * d).reshape(k, d)
        Z = np.asarray(_cseg.cseg_model_get_array(ptr, "linkage", merges * 4)).reshape(merges, 4)
        self.linkage_matrix_ = Z
        self.n_leaves_ = merges + 1
        self.n_connected_components_ = 1
        self.children_ = Z[:, :2].astype(np.int64)
        if self.distance_threshold is not None or self.compute_distances:
            self.distances_ = Z[:, 2].copy()

    def fit_predict(self, X: Any, y: Any = None, sample_weight: Any = None) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(X, sample_weight=sample_weight).labels_

    def predict_details(self, X: Any) -> Assignment:
        """Nearest segment centre of new rows, with distances, margins and confidence."""
        return self._predict_details(X)

    def predict(self, X: Any) -> np.ndarray:
        """Segment of new rows: the nearest segment centre (the tree is not extended)."""
        return self.predict_details(X).labels

    def write_dendrogram(self, path: PathLike, include_leaves: bool = False) -> None:
        """Write the tree as JSON (schema in cseg_hierarchical.h), atomically."""
        _cseg.cseg_model_write_dendrogram(self._fitted_model().ptr, os.fspath(path),
                                          int(bool(include_leaves)))

    # -- persistence ----------------------------------------------------------------

    def save(self, path: PathLike) -> None:
        """Write the fitted model (tree, centres, parameters; not ``labels_``)."""
        self._save(path)

    @classmethod
    def load(cls, path: PathLike) -> "AgglomerativeClustering":
        """Read a model written by :meth:`save` or any cseg binding."""
        return cls._load(path)

    @classmethod
    def _params_from_model(cls, ptr: Any) -> Dict[str, Any]:
        return dict(
            n_clusters=int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_CLUSTERS)),
            linkage=_NAMES.get(int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_PARAM_LINKAGE)), "ward"),
            micro_clusters=int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_PARAM_MICRO_CLUSTERS)),
            max_memory_mb=int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_PARAM_MAX_MEMORY_MB)),
            random_state=int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_PARAM_SEED)),
        )

    def _set_features(self, model: ModelHandle) -> None:
        # The file keeps the column names, but a loaded tree has only their number.
        self.n_features_in_ = self.cluster_centers_.shape[1]

    def to_bytes(self) -> bytes:
        """The fitted model in the cseg model file format."""
        return self._to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "AgglomerativeClustering":
        """Inverse of :meth:`to_bytes`."""
        return cls._from_bytes(data)
