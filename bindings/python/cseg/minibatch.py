"""Mini-batch k-means (scikit-learn's MiniBatchKMeans) and mergeable k-means
statistics, backed by the cseg C library."""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Sequence, Union

import numpy as np

from . import _cseg
from ._assignment import _assign, _nan_hint
from ._errors import InvalidArgumentError, NotFittedError
from ._handle import KStatsHandle, ModelHandle
from ._model import PathLike
from ._validation import (MATRIX_OPTIONS, as_matrix, check_float, check_int, check_weights,
                          seed_from, validate_data)
from .dataset import Dataset
from .kmeans import KMeans

__all__ = ["MiniBatchKMeans", "KStats", "update_from_kstats"]


class MiniBatchKMeans(KMeans):
    """Mini-batch k-means computed by the cseg C library.

    A drop-in for :class:`sklearn.cluster.MiniBatchKMeans` (scikit-learn 1.2
    names and defaults): each start is seeded by k-means++ on an
    ``init_size`` sample, then batches of ``batch_size`` rows drawn with
    replacement move each centre with learning rate 1 / (weight it has
    absorbed), low-weight centres are moved to random rows, and the fit stops
    early on the smoothed batch inertia. Random draws come from cseg's own
    generator: results agree with scikit-learn's in distribution, and are
    reproducible bit for bit from an integer ``random_state``.

    Parameters
    ----------
    n_clusters : int, default 8
        Number of segments.
    init : {'k-means++', 'random'}, callable or array-like of shape (n_clusters, n_features), default 'k-means++'
        Initialisation, as :class:`cseg.KMeans`.
    max_iter : int, default 100
        Passes over the data: the fit takes at most ``max_iter * n_samples // batch_size`` steps.
    batch_size : int, default 1024
        Rows per step.
    verbose : int, default 0
        Accepted for compatibility; cseg does not print.
    compute_labels : bool, default True
        Whether ``labels_`` is set after fit and partial_fit.
    random_state : int, RandomState instance or None, default None
        Seed of every random step.
    tol : float, default 0.0
        Stop when the squared centre move of a step is below ``tol`` times the
        mean feature variance; 0 disables the test.
    max_no_improvement : int or None, default 10
        Stop after this many steps without a new minimum of the smoothed batch
        inertia; None never.
    init_size : int or None, default None
        Rows sampled to seed each start; None means ``3 * batch_size`` (at least
        ``3 * n_clusters``).
    n_init : int, 'auto' or 'warn', default 'warn'
        Starts; the one with the lowest inertia on a validation sample is
        kept. 'warn' is 3 (scikit-learn 1.2's default); 'auto' is 1 for
        k-means++ and 3 otherwise.
    reassignment_ratio : float, default 0.01
        Centres whose weight is below this fraction of the largest are moved to
        random rows of the batch.
    borderline_margin : float in [0, 1], default 0.1
        As :class:`cseg.KMeans`.

    Attributes
    ----------
    cluster_centers_, labels_, inertia_, n_iter_, n_features_in_, feature_names_in_
        As scikit-learn's. ``inertia_`` is that of all training rows after
        fit, of the last batch after partial_fit.
    n_steps_ : int
        Mini-batch steps taken.
    counts_ : ndarray of shape (n_clusters,)
        Weight absorbed by each centre (scikit-learn's private ``_counts``).
    """

    _algo = _cseg.CSEG_ALGO_MINIBATCH_KMEANS
    _algo_name = "mini-batch k-means"

    def __init__(self, n_clusters: int = 8, *, init: Any = "k-means++", max_iter: int = 100,
                 batch_size: int = 1024, verbose: int = 0, compute_labels: bool = True,
                 random_state: Any = None, tol: float = 0.0,
                 max_no_improvement: Optional[int] = 10, init_size: Optional[int] = None,
                 n_init: Union[int, str] = "warn", reassignment_ratio: float = 0.01,
                 borderline_margin: float = 0.1) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.verbose = verbose
        self.compute_labels = compute_labels
        self.random_state = random_state
        self.tol = tol
        self.max_no_improvement = max_no_improvement
        self.init_size = init_size
        self.n_init = n_init
        self.reassignment_ratio = reassignment_ratio
        self.borderline_margin = borderline_margin

    # -- fitting ----------------------------------------------------------------

    def _new_model(self, X: np.ndarray) -> ModelHandle:
        k = check_int("n_clusters", self.n_clusters, _cseg.CSEG_PARAM_K)
        max_iter = check_int("max_iter", self.max_iter, _cseg.CSEG_PARAM_MAX_ITER)
        tol = check_float("tol", self.tol, _cseg.CSEG_PARAM_TOL)
        batch = check_int("batch_size", self.batch_size, _cseg.CSEG_PARAM_MB_BATCH_SIZE)
        mni = -1 if self.max_no_improvement is None else check_int(
            "max_no_improvement", self.max_no_improvement, _cseg.CSEG_PARAM_MB_MAX_NO_IMPROVEMENT)
        if mni < 0 and self.max_no_improvement is not None:
            raise InvalidArgumentError(
                f"max_no_improvement must be >= 0 or None, got {self.max_no_improvement!r}")
        init_size = 0 if self.init_size is None else check_int(
            "init_size", self.init_size, _cseg.CSEG_PARAM_MB_INIT_SIZE)
        if self.init_size is not None and init_size < 1:
            raise InvalidArgumentError(f"init_size must be >= 1 or None, got {self.init_size!r}")
        ratio = check_float("reassignment_ratio", self.reassignment_ratio,
                            _cseg.CSEG_PARAM_MB_REASSIGNMENT_RATIO)
        borderline = check_float("borderline_margin", self.borderline_margin,
                                 _cseg.CSEG_PARAM_BORDERLINE_MARGIN)
        seed = seed_from(self.random_state)
        centers = self._initial_centers(X, k, seed)
        if self.n_init in ("warn",):
            n_init = 3
        elif self.n_init == "auto":
            n_init = 1 if (isinstance(self.init, str) and self.init == "k-means++") else 3
        else:
            n_init = check_int("n_init", self.n_init, _cseg.CSEG_PARAM_N_INIT)

        model = self._start_model(_cseg.CSEG_ALGO_MINIBATCH_KMEANS, k, seed, max_iter, tol,
                                  n_init, centers)
        ptr = model.ptr
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_MB_BATCH_SIZE, batch)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_MB_MAX_NO_IMPROVEMENT, mni)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_MB_INIT_SIZE, init_size)
        _cseg.cseg_model_set_double(ptr, _cseg.CSEG_PARAM_MB_REASSIGNMENT_RATIO, ratio)
        _cseg.cseg_model_set_double(ptr, _cseg.CSEG_PARAM_BORDERLINE_MARGIN, borderline)
        return model

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "MiniBatchKMeans":
        """Compute the segments from mini-batches of @p X (see the class docs)."""
        return super().fit(X, y, sample_weight)

    def partial_fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "MiniBatchKMeans":
        """Update the model with one chunk of rows (the first chunk also seeds it).

        The whole chunk is one mini-batch step, as scikit-learn's partial_fit;
        its random draws are seeded by ``random_state`` and the step number, so
        the same chunks in the same order give the same model.
        """
        model = self.__dict__.get("_model")
        X = validate_data(self, X, reset=model is None, **MATRIX_OPTIONS)
        n = X.shape[0]
        if model is None:
            self._check_n_samples(n)
            model = self._new_model(X)
        weights = check_weights(sample_weight, n)
        if weights is None:
            weights = np.ones(n)  # w = 1 multiplies exactly: the same as no weights
        with self._dataset(X) as ds:
            _cseg.cseg_model_partial_fit(model.ptr, ds._ptr, weights)
        self._set_fitted(model)
        self._set_labels(model, X)
        return self

    def _set_labels(self, model: ModelHandle, X: np.ndarray) -> None:
        if self.compute_labels:
            self.labels_ = _assign(model, X).labels
        else:
            self.__dict__.pop("labels_", None)

    def _read_fitted(self, ptr: Any, k: int, d: int) -> None:
        self._read_centroids(ptr, k, d)
        self.counts_ = np.asarray(_cseg.cseg_model_get_array(ptr, "counts", k))
        state = np.asarray(_cseg.cseg_model_get_array(ptr, "minibatch_state", 3))
        self.n_steps_ = int(state[0])

    def update_from_kstats(self, stats: "KStats") -> "MiniBatchKMeans":
        """One exact Lloyd step from merged :class:`KStats` (see there)."""
        return update_from_kstats(self, stats)

    # -- persistence ------------------------------------------------------------

    @classmethod
    def _params_from_model(cls, ptr: Any) -> Dict[str, Any]:
        geti, getd = _cseg.cseg_model_get_int, _cseg.cseg_model_get_double
        mni = int(geti(ptr, _cseg.CSEG_PARAM_MB_MAX_NO_IMPROVEMENT))
        init_size = int(geti(ptr, _cseg.CSEG_PARAM_MB_INIT_SIZE))
        return dict(
            n_clusters=int(geti(ptr, _cseg.CSEG_RESULT_N_CLUSTERS)),
            init="random" if geti(ptr, _cseg.CSEG_PARAM_INIT) == _cseg.CSEG_INIT_RANDOM
            else "k-means++",
            max_iter=int(geti(ptr, _cseg.CSEG_PARAM_MAX_ITER)),
            batch_size=int(geti(ptr, _cseg.CSEG_PARAM_MB_BATCH_SIZE)),
            random_state=int(geti(ptr, _cseg.CSEG_PARAM_SEED)),
            tol=float(getd(ptr, _cseg.CSEG_PARAM_TOL)),
            max_no_improvement=None if mni < 0 else mni,
            init_size=None if init_size == 0 else init_size,
            n_init=int(geti(ptr, _cseg.CSEG_PARAM_N_INIT)),
            reassignment_ratio=float(getd(ptr, _cseg.CSEG_PARAM_MB_REASSIGNMENT_RATIO)),
            borderline_margin=float(getd(ptr, _cseg.CSEG_PARAM_BORDERLINE_MARGIN)),
        )

    @classmethod
    def fit_csv_stream(cls, path: PathLike, *, columns: Optional[Sequence[str]] = None,
                       id_column: Optional[str] = None, delimiter: str = ",",
                       chunk_rows: int = 100000, n_passes: int = 1,
                       **params: Any) -> "MiniBatchKMeans":
        """Fit from a CSV file read ``chunk_rows`` rows at a time (memory is one
        chunk): the same as :meth:`partial_fit` over those chunks, ``n_passes``
        times. ``params`` are the constructor's. ``labels_`` is not set."""
        self = cls(**params)
        if not isinstance(delimiter, str) or len(delimiter) != 1:
            raise InvalidArgumentError(f"delimiter must be one character, got {delimiter!r}")
        width = 1 if isinstance(self.init, str) or callable(self.init) else \
            np.asarray(self.init).shape[1]
        model = self._new_model(np.zeros((1, width)))
        cols = None if columns is None else [str(c) for c in columns]
        _cseg.cseg_model_fit_csv_stream(model.ptr, os.fspath(path), delimiter, id_column, cols,
                                        int(chunk_rows), int(n_passes))
        self._set_fitted(model)
        d = self.cluster_centers_.shape[1]
        self.n_features_in_ = d
        self.feature_names_in_ = np.asarray(
            [_cseg.cseg_model_feature_name(model.ptr, j) for j in range(d)], dtype=object)
        return self


def _model_of(estimator: Any) -> ModelHandle:
    model = getattr(estimator, "__dict__", {}).get("_model")
    if model is None:
        raise NotFittedError(f"{type(estimator).__name__} is not fitted")
    return model


class KStats:
    """Mergeable k-means sufficient statistics (per-segment weighted sums and weights).

    A distributed Lloyd iteration: on every partition
    ``KStats(k, d).accumulate(estimator, X_part)``, ship the statistics
    (:meth:`to_bytes` / :meth:`from_bytes`, or pickle), :meth:`merge` them,
    then ``estimator.update_from_kstats(stats)`` (or
    :func:`update_from_kstats` for :class:`cseg.KMeans`): exactly one Lloyd
    step on the union of the partitions.
    """

    def __init__(self, n_clusters: int, n_features: int) -> None:
        self._h = KStatsHandle(_cseg.cseg_kstats_new(int(n_clusters), int(n_features)))

    @classmethod
    def _wrap(cls, handle: KStatsHandle) -> "KStats":
        self = cls.__new__(cls)
        self._h = handle
        return self

    @property
    def n_clusters(self) -> int:
        return int(_cseg.cseg_kstats_k(self._h.ptr))

    @property
    def n_features(self) -> int:
        return int(_cseg.cseg_kstats_d(self._h.ptr))

    @property
    def n_rows(self) -> int:
        """Rows accumulated."""
        return int(_cseg.cseg_kstats_n_rows(self._h.ptr))

    @property
    def inertia(self) -> float:
        """Weighted squared distances of the rows to the centroid they were assigned to."""
        return float(_cseg.cseg_bind_kstats_inertia(self._h.ptr))

    @property
    def weights(self) -> np.ndarray:
        """Total weight of each segment."""
        return np.asarray(_cseg.cseg_kstats_weights(self._h.ptr, self.n_clusters))

    def accumulate(self, estimator: Any, X: Any, sample_weight: Any = None) -> "KStats":
        """Assign every row of @p X to the estimator's nearest centroid and add it."""
        model = _model_of(estimator)
        X = as_matrix(X)
        w = check_weights(sample_weight, X.shape[0])
        if w is None:
            w = np.ones(X.shape[0])
        with _nan_hint(), Dataset(X) as ds:
            _cseg.cseg_kstats_accumulate(self._h.ptr, model.ptr, ds._ptr, w)
        return self

    def merge(self, other: "KStats") -> "KStats":
        """Add @p other's statistics into these (same shape)."""
        _cseg.cseg_kstats_merge(self._h.ptr, other._h.ptr)
        return self

    def centroids(self, estimator: Any = None) -> np.ndarray:
        """Weighted means; an empty segment keeps the estimator's centroid (NaN without one)."""
        k, d = self.n_clusters, self.n_features
        ptr = None if estimator is None else _model_of(estimator).ptr
        return np.asarray(_cseg.cseg_kstats_centroids(self._h.ptr, ptr, k * d)).reshape(k, d)

    def to_bytes(self) -> bytes:
        return _cseg.cseg_kstats_to_bytes(self._h.ptr)

    @classmethod
    def from_bytes(cls, data: bytes) -> "KStats":
        return cls._wrap(KStatsHandle(_cseg.cseg_kstats_from_bytes(data)))

    def __getstate__(self) -> Dict[str, Any]:
        return {"bytes": self.to_bytes()}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self._h = KStatsHandle(_cseg.cseg_kstats_from_bytes(state["bytes"]))

    def __repr__(self) -> str:
        return f"KStats(n_clusters={self.n_clusters}, n_features={self.n_features}, n_rows={self.n_rows})"


def update_from_kstats(estimator: Any, stats: KStats) -> Any:
    """One exact Lloyd step of a fitted :class:`cseg.KMeans` or
    :class:`MiniBatchKMeans` from statistics accumulated against its current
    centroids; ``labels_`` is dropped (it belonged to the old centroids)."""
    model = _model_of(estimator)
    _cseg.cseg_model_update_from_kstats(model.ptr, stats._h.ptr)
    estimator._set_fitted(model)
    estimator.__dict__.pop("labels_", None)
    return estimator
