"""k-means as a scikit-learn estimator backed by the cseg C library."""

from __future__ import annotations

import numbers
import os
import warnings
from typing import Any, Dict, Optional, Tuple, Union

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.utils import check_array

from . import _cseg
from ._errors import InvalidArgumentError, MissingValuesError, NotFittedError, UnsupportedError
from ._assignment import Assignment, _assign, _nan_hint
from ._handle import ModelHandle
from ._validation import (MATRIX_OPTIONS, check_float, check_int, check_weights, seed_from,
                          validate_data)
from .dataset import Dataset

__all__ = ["KMeans", "Assignment"]

PathLike = Union[str, "os.PathLike[str]"]

_ALGORITHMS = {
    "auto": _cseg.CSEG_KMEANS_AUTO,
    "lloyd": _cseg.CSEG_KMEANS_LLOYD,
    "elkan": _cseg.CSEG_KMEANS_HAMERLY,  # the bounds-based method cseg implements
    "hamerly": _cseg.CSEG_KMEANS_HAMERLY,
}
_INITS = {"k-means++": _cseg.CSEG_INIT_KMEANSPP, "random": _cseg.CSEG_INIT_RANDOM}


class KMeans(ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin, BaseEstimator):
    """K-means segmentation computed by the cseg C library.

    A drop-in for :class:`sklearn.cluster.KMeans` (same parameter and
    attribute names) whose fit is reproducible bit for bit from an integer
    ``random_state``, whatever the number of threads, and agrees with the cseg
    C API, command-line tool and R and Java bindings given the same seed.

    Parameters
    ----------
    n_clusters : int, default 8
        Number of segments.
    init : {'k-means++', 'random'}, callable or array-like of shape (n_clusters, n_features), default 'k-means++'
        Initialisation: greedy k-means++ (scikit-learn's variant), ``n_clusters``
        distinct rows drawn uniformly, ``init(X, n_clusters, random_state)``
        returning the centres, or the centres themselves.
    n_init : int or 'auto', default 1
        Runs from different initialisations; the one with the lowest inertia is
        kept. ``'auto'`` means 1 for ``init='k-means++'`` and 10 for
        ``init='random'`` (as scikit-learn >= 1.4). Given centres (an array or a
        callable) always run once.
    max_iter : int, default 300
        Iteration limit per run.
    tol : float, default 1e-4
        Relative tolerance: a run stops when the centroids move less than
        ``tol`` times the mean feature variance (as scikit-learn).
    random_state : int, RandomState instance or None, default None
        Seed of every random step. An int gives identical results run to run;
        None draws a seed from numpy's global generator.
    algorithm : {'auto', 'lloyd', 'elkan', 'hamerly'}, default 'auto'
        Iteration method: blocked Lloyd, or Hamerly's bounds (also selected by
        scikit-learn's name ``'elkan'``); ``'auto'`` chooses by ``n_clusters``
        and ``n_features``. All give the same result.
    borderline_margin : float in [0, 1], default 0.1
        A customer is flagged borderline by :meth:`predict_details` when the
        relative gap ``(d2 - d1) / d2`` between the distances to the nearest and
        second-nearest centroids is below it.
    size_min, size_max : int or None, default None
        Fit-time constraint: every segment holds at least ``size_min`` and at
        most ``size_max`` training customers (the assignment step is solved
        exactly as a transportation problem, after plain k-means from the same
        start). ``labels_`` respect the constraint; :meth:`predict` stays
        nearest-centroid, so new customers are never forced into a segment.
        ``inertia_ - unconstrained_inertia_`` is what the constraint cost.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        Centroids. Segments are in canonical order: segment 0 is the largest.
    labels_ : ndarray of int64, shape (n_samples,)
        Segment of each training row (absent after :meth:`load`).
    inertia_ : float
        Sum of (weighted) squared distances of the training rows to their centroid.
    n_iter_ : int
        Iterations of the kept run.
    converged_ : bool
        Whether the kept run met the tolerance before ``max_iter``.
    n_features_in_ : int
        Features seen during fit.
    feature_names_in_ : ndarray of str, shape (n_features_in_,)
        Column names, when fitted on a DataFrame with string column names.

    See Also
    --------
    sklearn.cluster.KMeans : the reference implementation.

    Notes
    -----
    Missing values (NaN) are refused with :class:`cseg.MissingValuesError` and
    infinite values with :class:`cseg.InvalidArgumentError`; both are
    ``ValueError`` and their message names the row and column.

    Fitting and assignment release the GIL, so several threads can fit
    different estimators, or predict with one fitted estimator, in parallel.

    Examples
    --------
    >>> import numpy as np, cseg
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> km = cseg.KMeans(n_clusters=2, random_state=0).fit(X)
    >>> km.predict([[0, 0], [12, 3]]).tolist() == [km.labels_[0], km.labels_[3]]
    True
    """

    def __init__(self, n_clusters: int = 8, *, init: Any = "k-means++", n_init: Union[int, str] = 1,
                 max_iter: int = 300, tol: float = 1e-4, random_state: Any = None,
                 algorithm: str = "auto", borderline_margin: float = 0.1,
                 size_min: Optional[int] = None, size_max: Optional[int] = None) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.algorithm = algorithm
        self.borderline_margin = borderline_margin
        self.size_min = size_min
        self.size_max = size_max

    # -- fitting ----------------------------------------------------------------

    def _new_model(self, X: np.ndarray) -> ModelHandle:
        """A configured, unfitted C model for data @p X."""
        k = check_int("n_clusters", self.n_clusters, _cseg.CSEG_PARAM_K)
        max_iter = check_int("max_iter", self.max_iter, _cseg.CSEG_PARAM_MAX_ITER)
        tol = check_float("tol", self.tol, _cseg.CSEG_PARAM_TOL)
        borderline = check_float("borderline_margin", self.borderline_margin,
                                 _cseg.CSEG_PARAM_BORDERLINE_MARGIN)
        size_min = 0 if self.size_min is None else check_int("size_min", self.size_min,
                                                             _cseg.CSEG_PARAM_SIZE_MIN)
        size_max = 0 if self.size_max is None else check_int("size_max", self.size_max,
                                                             _cseg.CSEG_PARAM_SIZE_MAX)
        if not isinstance(self.algorithm, str) or self.algorithm not in _ALGORITHMS:
            raise InvalidArgumentError(
                f"algorithm must be one of {sorted(_ALGORITHMS)}, got {self.algorithm!r}")
        seed = seed_from(self.random_state)

        init = self.init
        centers: Optional[np.ndarray] = None
        if isinstance(init, str):
            if init not in _INITS:
                raise InvalidArgumentError(
                    f"init must be 'k-means++', 'random', a callable or an array, got {init!r}")
        elif callable(init):
            centers = init(X, k, np.random.RandomState(seed))
        else:
            centers = init
        if centers is not None:
            centers = check_array(centers, input_name="init", copy=True, **MATRIX_OPTIONS)
            if centers.shape != (k, X.shape[1]):
                raise InvalidArgumentError(
                    f"The shape of the initial centers {centers.shape} does not match the "
                    f"number of clusters {k} and features {X.shape[1]} "
                    f"(expected ({k}, {X.shape[1]})).")

        if self.n_init == "auto":
            n_init = 10 if (isinstance(init, str) and init == "random") else 1
        else:
            n_init = check_int("n_init", self.n_init, _cseg.CSEG_PARAM_N_INIT)
        if centers is not None and n_init != 1:
            warnings.warn(
                f"Explicit initial center position passed: performing only one init in "
                f"{type(self).__name__} instead of n_init={n_init}.", RuntimeWarning, stacklevel=3)
            n_init = 1

        model = ModelHandle(_cseg.cseg_model_new(_cseg.CSEG_ALGO_KMEANS))
        ptr = model.ptr
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_K, k)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_SEED, seed)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_MAX_ITER, max_iter)
        _cseg.cseg_model_set_double(ptr, _cseg.CSEG_PARAM_TOL, tol)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_N_INIT, n_init)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_KMEANS_METHOD, _ALGORITHMS[self.algorithm])
        _cseg.cseg_model_set_double(ptr, _cseg.CSEG_PARAM_BORDERLINE_MARGIN, borderline)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_SIZE_MIN, size_min)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_SIZE_MAX, size_max)
        if centers is not None:
            _cseg.cseg_model_set_init_centers(ptr, centers)
        else:
            _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_INIT, _INITS[init])
        return model

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "KMeans":
        """Compute the segments.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Training data; a DataFrame's string column names become
            ``feature_names_in_`` and are stored in the model.
        y : Ignored
            Not used, present for API consistency.
        sample_weight : array-like of shape (n_samples,), optional
            Non-negative weight of each row, not all zero.

        Returns
        -------
        self : KMeans
            Fitted estimator.

        Raises
        ------
        ValueError
            Fewer rows than ``n_clusters``, NaN or infinite values, bad
            parameters or weights (:class:`cseg.InvalidArgumentError`,
            :class:`cseg.MissingValuesError`).
        """
        X = validate_data(self, X, reset=True, **MATRIX_OPTIONS)
        n, d = X.shape
        k = self.n_clusters
        if isinstance(k, numbers.Integral) and n < k:
            raise InvalidArgumentError(f"n_samples={n} should be >= n_clusters={k}.")
        weights = check_weights(sample_weight, n)
        model = self._new_model(X)
        names = getattr(self, "feature_names_in_", None)

        with _nan_hint(), Dataset(X) as ds:
            if names is not None:
                ds.columns = [str(c) for c in names]
            if weights is None:
                _cseg.cseg_model_fit(model.ptr, ds._ptr)
            else:
                _cseg.cseg_model_fit_weighted(model.ptr, ds._ptr, weights)
        # The fit's own labels: predict(X) unless sizes were constrained.
        self._set_fitted(model)
        self.labels_ = _cseg.cseg_model_get_labels(model.ptr, n)
        return self

    def merge_small_segments(self, X: Any, min_size: int) -> int:
        """Merge segments holding fewer than ``min_size`` of the customers in X
        into the segment with the nearest centroid, smallest first.

        Centroids become size-weighted means, segments are renumbered largest
        first, and ``labels_`` and ``inertia_`` are recomputed on X.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Customers counted (normally the training data).
        min_size : int
            Smallest acceptable segment, >= 1.

        Returns
        -------
        int
            Number of segments merged away.
        """
        model = self._fitted_model()
        X = validate_data(self, X, reset=False, **MATRIX_OPTIONS)
        if isinstance(min_size, (bool, np.bool_)) or not isinstance(min_size, numbers.Integral):
            raise InvalidArgumentError(f"min_size must be an integer, got {min_size!r}")
        with _nan_hint(), Dataset(X) as ds:
            merged = int(_cseg.cseg_model_merge_small_segments(model.ptr, ds._ptr, int(min_size)))
        self._set_fitted(model)
        self.labels_ = _assign(model, X).labels
        return merged

    def _set_fitted(self, model: ModelHandle) -> None:
        """Read the fitted state of @p model into the public attributes."""
        ptr = model.ptr
        k = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_CLUSTERS))
        d = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_FEATURES))
        self._model = model
        self.cluster_centers_ = _cseg.cseg_model_get_centroids(ptr, k * d).reshape(k, d)
        self.inertia_ = float(_cseg.cseg_model_get_double(ptr, _cseg.CSEG_RESULT_INERTIA))
        self.n_iter_ = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_ITER))
        self.converged_ = bool(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_CONVERGED))
        self.unconstrained_inertia_ = float(
            _cseg.cseg_model_get_double(ptr, _cseg.CSEG_RESULT_UNCONSTRAINED_INERTIA))
        self._n_features_out = k

    # -- using the fitted model ---------------------------------------------------

    def _fitted_model(self) -> ModelHandle:
        model = self.__dict__.get("_model")
        if model is None:
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator.")
        return model

    def predict_details(self, X: Any) -> Assignment:
        """Segment, distance, margin and runner-up segment of each row of X.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)

        Returns
        -------
        Assignment
            Named tuple ``(labels, distances, margins, runner_up, confidence,
            borderline)``.
        """
        model = self._fitted_model()
        X = validate_data(self, X, reset=False, **MATRIX_OPTIONS)
        return _assign(model, X)

    def predict(self, X: Any) -> np.ndarray:
        """Nearest segment of each row of X.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray of int64, shape (n_samples,)
        """
        return self.predict_details(X).labels

    def predict_one(self, x: Any) -> Tuple[int, float, float]:
        """Assign one customer without allocating: ``(label, distance, margin)``.

        Parameters
        ----------
        x : array-like of shape (n_features,)
            The customer's features, in training order.
        """
        model = self._fitted_model()
        x = np.ascontiguousarray(x, dtype=np.float64)
        if x.ndim != 1:
            raise InvalidArgumentError(f"x: expected a 1-D array, got shape {x.shape}")
        label, distance, margin = _cseg.cseg_model_assign_one(model.ptr, x)
        return int(label), distance, margin

    def transform(self, X: Any) -> np.ndarray:
        """Euclidean distance of each row of X to every centroid.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)

        Returns
        -------
        distances : ndarray of shape (n_samples, n_clusters)
        """
        self._fitted_model()
        X = validate_data(self, X, reset=False, dtype=np.float64, order="C", accept_sparse=False)
        return euclidean_distances(X, self.cluster_centers_)

    def score(self, X: Any, y: Any = None, sample_weight: Any = None) -> float:
        """Opposite of the (weighted) inertia of X against the fitted centroids.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : Ignored
        sample_weight : array-like of shape (n_samples,), optional

        Returns
        -------
        score : float
            ``-sum(w_i * ||x_i - c_(label i)||^2)``; larger is better.
        """
        model = self._fitted_model()
        X = validate_data(self, X, reset=False, **MATRIX_OPTIONS)
        weights = check_weights(sample_weight, X.shape[0])
        d = _assign(model, X).distances
        sq = d * d
        return -float(sq.sum() if weights is None else (weights * sq).sum())

    # -- persistence --------------------------------------------------------------

    def save(self, path: PathLike) -> None:
        """Write the fitted model to a cseg model file, atomically.

        The file is the format shared with the C API, the ``cseg`` command and
        the R and Java bindings; it holds the centroids, parameters, feature
        names and fit results but not ``labels_``.

        Raises
        ------
        cseg.NotFittedError
        cseg.FileError
        """
        _cseg.cseg_model_save(self._fitted_model().ptr, os.fspath(path))

    @classmethod
    def load(cls, path: PathLike) -> "KMeans":
        """Read a model written by :meth:`save` (or by any cseg binding).

        Returns
        -------
        KMeans
            A fitted estimator whose parameters are those of the saved model.

        Raises
        ------
        cseg.FileError, cseg.FormatError, cseg.VersionError
            Unreadable, corrupt or truncated file, or a newer format.
        """
        return cls._from_model(ModelHandle(_cseg.cseg_model_load(os.fspath(path))))

    @classmethod
    def _from_model(cls, model: ModelHandle) -> "KMeans":
        ptr = model.ptr
        algo = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_ALGO))
        if algo != _cseg.CSEG_ALGO_KMEANS:
            raise UnsupportedError(f"the model is not k-means (algorithm {algo})")

        def param(key: int, default: Any, getter: Any = _cseg.cseg_model_get_int) -> Any:
            try:
                return getter(ptr, key)
            except UnsupportedError:
                return default

        method = param(_cseg.CSEG_PARAM_KMEANS_METHOD, _cseg.CSEG_KMEANS_AUTO)
        init = param(_cseg.CSEG_PARAM_INIT, _cseg.CSEG_INIT_KMEANSPP)
        self = cls(
            n_clusters=int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_CLUSTERS)),
            # Given centres are not kept in the file: refitting starts from k-means++.
            init="random" if init == _cseg.CSEG_INIT_RANDOM else "k-means++",
            n_init=int(param(_cseg.CSEG_PARAM_N_INIT, 1)),
            max_iter=int(param(_cseg.CSEG_PARAM_MAX_ITER, 300)),
            tol=float(param(_cseg.CSEG_PARAM_TOL, 1e-4, _cseg.cseg_model_get_double)),
            random_state=int(param(_cseg.CSEG_PARAM_SEED, 0)),
            algorithm={_cseg.CSEG_KMEANS_LLOYD: "lloyd",
                       _cseg.CSEG_KMEANS_HAMERLY: "hamerly"}.get(method, "auto"),
        )
        self._set_fitted(model)
        d = self.cluster_centers_.shape[1]
        self.n_features_in_ = d
        names = [_cseg.cseg_model_feature_name(ptr, j) for j in range(d)]
        # Default names ("x0", "x1", ...) mean the model was fitted on a bare array.
        if all(isinstance(s, str) for s in names) and names != [f"x{j}" for j in range(d)]:
            self.feature_names_in_ = np.asarray(names, dtype=object)
        return self

    def to_bytes(self) -> bytes:
        """The fitted model in the cseg model file format, as bytes."""
        return _cseg.cseg_model_save_buffer(self._fitted_model().ptr)

    @classmethod
    def from_bytes(cls, data: bytes) -> "KMeans":
        """Inverse of :meth:`to_bytes`."""
        return cls._from_model(ModelHandle(_cseg.cseg_model_load_buffer(data)))

    def __getstate__(self) -> Dict[str, Any]:
        # A copy: on Python >= 3.11 object.__getstate__ returns __dict__ itself.
        state = dict(self.__dict__)
        model = state.pop("_model", None)
        if model is not None:
            state["_model_bytes"] = _cseg.cseg_model_save_buffer(model.ptr)
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        state = dict(state)
        data = state.pop("_model_bytes", None)
        self.__dict__.update(state)
        if data is not None:
            self._model = ModelHandle(_cseg.cseg_model_load_buffer(data))

    def _more_tags(self) -> Dict[str, Any]:
        return {
            "preserves_dtype": [np.float64],
            # As scikit-learn's KMeans: the random initialisation draws from
            # every row, zero-weighted or not, so the partitions differ.
            "_xfail_checks": {
                "check_sample_weights_invariance":
                    "zero sample_weight is not equivalent to removing samples",
            },
        }
