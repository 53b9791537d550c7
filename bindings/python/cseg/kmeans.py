"""k-means as a scikit-learn estimator backed by the cseg C library."""

from __future__ import annotations

import numbers
import sys
import warnings
from typing import Any, Dict, Optional, Tuple, Union

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.utils import check_array

from . import _cseg
from ._errors import InvalidArgumentError, UnsupportedError
from ._assignment import Assignment, _assign, _nan_hint
from ._handle import ModelHandle
from ._model import PathLike, _CsegModel
from ._validation import (MATRIX_OPTIONS, check_float, check_int, check_weights, seed_from,
                          validate_data)
from .dataset import Dataset

__all__ = ["KMeans", "Assignment"]

_ALGORITHMS = {
    "auto": _cseg.CSEG_KMEANS_AUTO,
    "lloyd": _cseg.CSEG_KMEANS_LLOYD,
    "elkan": _cseg.CSEG_KMEANS_HAMERLY,  # the bounds-based method cseg implements
    "hamerly": _cseg.CSEG_KMEANS_HAMERLY,
}
_INITS = {"k-means++": _cseg.CSEG_INIT_KMEANSPP, "random": _cseg.CSEG_INIT_RANDOM}


def _user_stacklevel() -> int:
    """``stacklevel`` naming the first caller outside cseg, however deep in
    cseg the warning is raised."""
    frame, level = sys._getframe(2), 2  # the caller's caller is level 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith("cseg."):
        frame, level = frame.f_back, level + 1
    return level


class KMeans(_CsegModel, ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin, BaseEstimator):
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
    preprocessor : cseg.Preprocessor or None, default None
        Preprocessing the model fits with itself on the raw X (missing values,
        log1p, scaling, weights, one-hot), stores in its model file and
        applies to raw customers in :meth:`predict`; ``cluster_centers_`` are
        then in the transformed space. X may hold NaN for the columns whose
        policy imputes them. Training rows with a missing value under
        ``'drop'`` are left out of the fit (``labels_`` -1; under ``'error'``
        the fit fails naming the cell); new customers the preprocessing cannot
        complete (``'error'`` or ``'drop'``) are predicted -1.

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
    preprocessor_ : cseg.Preprocessor
        The fitted preprocessing (with ``preprocessor`` only).

    See Also
    --------
    sklearn.cluster.KMeans : the reference implementation.

    Notes
    -----
    Without a ``preprocessor``, missing values (NaN) are refused with
    :class:`cseg.MissingValuesError` and
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

    _algo = _cseg.CSEG_ALGO_KMEANS
    _algo_name = "k-means"

    def __init__(self, n_clusters: int = 8, *, init: Any = "k-means++", n_init: Union[int, str] = 1,
                 max_iter: int = 300, tol: float = 1e-4, random_state: Any = None,
                 algorithm: str = "auto", borderline_margin: float = 0.1,
                 size_min: Optional[int] = None, size_max: Optional[int] = None,
                 preprocessor: Any = None) -> None:
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
        self.preprocessor = preprocessor

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
        centers = self._initial_centers(X, k, seed)
        if self.n_init == "auto":
            n_init = 10 if (isinstance(self.init, str) and self.init == "random") else 1
        else:
            n_init = check_int("n_init", self.n_init, _cseg.CSEG_PARAM_N_INIT)

        model = self._start_model(_cseg.CSEG_ALGO_KMEANS, k, seed, max_iter, tol, n_init, centers)
        ptr = model.ptr
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_KMEANS_METHOD, _ALGORITHMS[self.algorithm])
        _cseg.cseg_model_set_double(ptr, _cseg.CSEG_PARAM_BORDERLINE_MARGIN, borderline)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_SIZE_MIN, size_min)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_SIZE_MAX, size_max)
        if self.preprocessor is not None:
            from .preprocessing import Preprocessor
            if not isinstance(self.preprocessor, Preprocessor):
                raise InvalidArgumentError(
                    f"preprocessor must be a cseg.Preprocessor or None, got {self.preprocessor!r}")
            prep = self.preprocessor._new_handle()  # the model keeps its own copy
            try:
                _cseg.cseg_model_set_prep(ptr, prep.ptr)
            finally:
                prep.close()
        return model

    def _initial_centers(self, X: np.ndarray, k: int, seed: int) -> Optional[np.ndarray]:
        """The given starting centres (``init`` an array or a callable), None
        for a named initialisation."""
        init = self.init
        if isinstance(init, str):
            if init not in _INITS:
                raise InvalidArgumentError(
                    f"init must be 'k-means++', 'random', a callable or an array, got {init!r}")
            return None
        centers = init(X, k, np.random.RandomState(seed)) if callable(init) else init
        centers = check_array(centers, input_name="init", copy=True, **MATRIX_OPTIONS)
        if centers.shape != (k, X.shape[1]):
            raise InvalidArgumentError(
                f"The shape of the initial centers {centers.shape} does not match the "
                f"number of clusters {k} and features {X.shape[1]} "
                f"(expected ({k}, {X.shape[1]})).")
        return centers

    def _start_model(self, algo: int, k: int, seed: int, max_iter: int, tol: float, n_init: int,
                     centers: Optional[np.ndarray]) -> ModelHandle:
        """A new C model of @p algo holding the parameters k-means and
        mini-batch k-means share; given centres make one run."""
        if centers is not None and n_init != 1:
            if self.n_init not in ("warn", "auto"):
                warnings.warn(
                    f"Explicit initial center position passed: performing only one init in "
                    f"{type(self).__name__} instead of n_init={n_init}.", RuntimeWarning,
                    stacklevel=_user_stacklevel())
            n_init = 1
        model = ModelHandle(_cseg.cseg_model_new(algo))
        ptr = model.ptr
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_K, k)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_SEED, seed)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_MAX_ITER, max_iter)
        _cseg.cseg_model_set_double(ptr, _cseg.CSEG_PARAM_TOL, tol)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_N_INIT, n_init)
        if centers is not None:
            _cseg.cseg_model_set_init_centers(ptr, centers)
        else:
            _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_INIT, _INITS[self.init])
        return model

    def _check_n_samples(self, n: int) -> None:
        k = self.n_clusters
        if isinstance(k, numbers.Integral) and n < k:
            raise InvalidArgumentError(f"n_samples={n} should be >= n_clusters={k}.")

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
        self._check_n_samples(X.shape[0])
        weights = check_weights(sample_weight, X.shape[0])
        model = self._new_model(X)
        self._fit_model(model, X, weights)
        self._set_labels(model, X)
        return self

    def _set_labels(self, model: ModelHandle, X: np.ndarray) -> None:
        # The fit's own labels: predict(X) unless sizes were constrained.
        self.labels_ = _cseg.cseg_model_get_labels(model.ptr, X.shape[0])

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
        X = self._check_X(X)
        model = self._model
        if isinstance(min_size, (bool, np.bool_)) or not isinstance(min_size, numbers.Integral):
            raise InvalidArgumentError(f"min_size must be an integer, got {min_size!r}")
        with _nan_hint(), Dataset(X) as ds:
            merged = int(_cseg.cseg_model_merge_small_segments(model.ptr, ds._ptr, int(min_size)))
        self._set_fitted(model)
        self.labels_ = _assign(model, X).labels
        return merged

    def _read_centroids(self, ptr: Any, k: int, d: int) -> None:
        """The fitted attributes k-means and mini-batch k-means share."""
        self.cluster_centers_ = _cseg.cseg_model_get_centroids(ptr, k * d).reshape(k, d)
        self.inertia_ = float(_cseg.cseg_model_get_double(ptr, _cseg.CSEG_RESULT_INERTIA))
        self.n_iter_ = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_ITER))
        self._n_features_out = k

    def _read_fitted(self, ptr: Any, k: int, d: int) -> None:
        self._read_centroids(ptr, k, d)
        self.converged_ = bool(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_CONVERGED))
        self.unconstrained_inertia_ = float(
            _cseg.cseg_model_get_double(ptr, _cseg.CSEG_RESULT_UNCONSTRAINED_INERTIA))
        prep = _cseg.cseg_model_get_prep(ptr)
        self.__dict__.pop("preprocessor_", None)
        if prep is not None:
            from ._handle import PrepHandle
            from .preprocessing import Preprocessor
            self.preprocessor_ = Preprocessor._from_handle(PrepHandle(prep))

    # -- using the fitted model ---------------------------------------------------

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
        return self._predict_details(X)

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
        return self._predict_one(x)

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
        prep = self.__dict__.get("preprocessor_")
        if prep is not None:
            X = validate_data(self, X, reset=False, **MATRIX_OPTIONS)
            # Rows the preprocessing drops are left out, as in predict (-1).
            X = prep._apply(X)
        else:
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
        X = self._check_X(X)
        weights = check_weights(sample_weight, X.shape[0])
        d = _assign(self._model, X).distances
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
        self._save(path)

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
        return cls._load(path)

    @classmethod
    def _params_from_model(cls, ptr: Any) -> Dict[str, Any]:
        def param(key: int, default: Any, getter: Any = _cseg.cseg_model_get_int) -> Any:
            try:
                return getter(ptr, key)
            except UnsupportedError:
                return default

        method = param(_cseg.CSEG_PARAM_KMEANS_METHOD, _cseg.CSEG_KMEANS_AUTO)
        init = param(_cseg.CSEG_PARAM_INIT, _cseg.CSEG_INIT_KMEANSPP)
        return dict(
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

    def _set_features(self, model: ModelHandle) -> None:
        prep = self.__dict__.get("preprocessor_")
        if prep is None:
            super()._set_features(model)
        else:
            # The model takes the raw columns; refitting reuses the loaded settings.
            self.preprocessor = prep
            self._set_feature_names(list(prep._inputs))

    def to_bytes(self) -> bytes:
        """The fitted model in the cseg model file format, as bytes."""
        return self._to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "KMeans":
        """Inverse of :meth:`to_bytes`."""
        return cls._from_bytes(data)

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
