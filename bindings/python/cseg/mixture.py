"""Gaussian mixtures as a scikit-learn estimator backed by cseg."""

from __future__ import annotations

from typing import Any, Dict

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin, DensityMixin

from . import _cseg
from ._assignment import Assignment, _nan_hint
from ._errors import InvalidArgumentError, UnsupportedError
from ._handle import ModelHandle
from ._model import PathLike, _CsegModel
from ._validation import MATRIX_OPTIONS, check_float, check_int, check_weights, seed_from, validate_data
from .dataset import Dataset

__all__ = ["GaussianMixture"]

_COVS = {
    "full": _cseg.CSEG_GMM_FULL,
    "tied": _cseg.CSEG_GMM_TIED,
    "diag": _cseg.CSEG_GMM_DIAG,
    "spherical": _cseg.CSEG_GMM_SPHERICAL,
}
_COV_NAMES = {v: k for k, v in _COVS.items()}
_INITS = {
    "kmeans": _cseg.CSEG_GMM_INIT_KMEANS,
    "k-means++": _cseg.CSEG_GMM_INIT_KMEANSPP,
    "random": _cseg.CSEG_GMM_INIT_RANDOM,
    "random_from_data": _cseg.CSEG_GMM_INIT_RANDOM_FROM_DATA,
}
_INIT_NAMES = {v: k for k, v in _INITS.items()}


def _cov_shape(cov: str, k: int, d: int) -> tuple:
    return {"full": (k, d, d), "tied": (d, d), "diag": (k, d), "spherical": (k,)}[cov]


class GaussianMixture(_CsegModel, ClusterMixin, DensityMixin, BaseEstimator):
    """Gaussian mixture fitted by EM in the cseg C library.

    A drop-in for :class:`sklearn.mixture.GaussianMixture` (same parameter and
    attribute names and the same EM updates): from the same ``weights_init``,
    ``means_init`` and ``precisions_init`` the fitted ``lower_bound_``,
    parameters and posteriors agree with scikit-learn to about 1e-9. The
    data-driven starts use cseg's own generator, so with them only the
    quality of the optimum is comparable. Fits are reproducible bit for bit
    from an integer ``random_state`` whatever the number of threads.

    Parameters
    ----------
    n_components : int, default 1
    covariance_type : {'full', 'tied', 'diag', 'spherical'}, default 'full'
    tol : float, default 1e-3
        Convergence threshold on the change of the mean log-likelihood lower bound.
    reg_covar : float, default 1e-6
        Added to the diagonal of every covariance.
    max_iter : int, default 100
    n_init : int, default 1
        Runs; the one with the largest lower bound is kept.
    init_params : {'kmeans', 'k-means++', 'random', 'random_from_data'}, default 'kmeans'
    weights_init, means_init, precisions_init : array-like, optional
        Given starting values (scikit-learn's shapes).
    random_state : int, RandomState instance or None, default None
    warm_start, verbose, verbose_interval
        Accepted for compatibility; ``warm_start=True`` is not supported.
    borderline_prob : float in [0, 1], default 0.6
        :meth:`predict_details` flags a customer borderline when its largest
        posterior probability is below it.

    Attributes
    ----------
    weights_, means_, covariances_, precisions_, precisions_cholesky_ : ndarray
    converged_ : bool
    n_iter_ : int
    lower_bound_ : float
    labels_ : ndarray of int64, shape (n_samples,)
        Component of each training row (absent after :meth:`load`).
    n_features_in_ : int
    """

    _algo = _cseg.CSEG_ALGO_GMM
    _algo_name = "a Gaussian mixture"

    def __init__(self, n_components: int = 1, *, covariance_type: str = "full", tol: float = 1e-3,
                 reg_covar: float = 1e-6, max_iter: int = 100, n_init: int = 1,
                 init_params: str = "kmeans", weights_init: Any = None, means_init: Any = None,
                 precisions_init: Any = None, random_state: Any = None, warm_start: bool = False,
                 verbose: int = 0, verbose_interval: int = 10, borderline_prob: float = 0.6) -> None:
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.verbose_interval = verbose_interval
        self.borderline_prob = borderline_prob

    # -- fitting ----------------------------------------------------------------

    def _new_model(self, d: int) -> ModelHandle:
        if self.covariance_type not in _COVS:
            raise InvalidArgumentError(
                f"covariance_type must be one of {sorted(_COVS)}, got {self.covariance_type!r}")
        if self.init_params not in _INITS:
            raise InvalidArgumentError(
                f"init_params must be one of {sorted(_INITS)}, got {self.init_params!r}")
        if self.warm_start:
            raise UnsupportedError("warm_start=True is not supported by cseg")
        k = check_int("n_components", self.n_components, _cseg.CSEG_PARAM_K)
        model = ModelHandle(_cseg.cseg_model_new(_cseg.CSEG_ALGO_GMM))
        ptr = model.ptr
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_K, k)
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_GMM_COVARIANCE_TYPE, _COVS[self.covariance_type])
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_GMM_INIT_PARAMS, _INITS[self.init_params])
        _cseg.cseg_model_set_double(ptr, _cseg.CSEG_PARAM_TOL,
                                    check_float("tol", self.tol, _cseg.CSEG_PARAM_TOL))
        _cseg.cseg_model_set_double(ptr, _cseg.CSEG_PARAM_GMM_REG_COVAR,
                                    check_float("reg_covar", self.reg_covar,
                                                _cseg.CSEG_PARAM_GMM_REG_COVAR))
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_MAX_ITER,
                                 check_int("max_iter", self.max_iter, _cseg.CSEG_PARAM_MAX_ITER))
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_N_INIT,
                                 check_int("n_init", self.n_init, _cseg.CSEG_PARAM_N_INIT))
        _cseg.cseg_model_set_double(ptr, _cseg.CSEG_PARAM_BORDERLINE_PROB,
                                    check_float("borderline_prob", self.borderline_prob,
                                                _cseg.CSEG_PARAM_BORDERLINE_PROB))
        _cseg.cseg_model_set_int(ptr, _cseg.CSEG_PARAM_SEED, seed_from(self.random_state))
        parts = []
        shapes = {"weights_init": (k,), "means_init": (k, d),
                  "precisions_init": _cov_shape(self.covariance_type, k, d)}
        for name in ("weights_init", "means_init", "precisions_init"):
            value = getattr(self, name)
            if value is None:
                parts.append(np.empty(0))
                continue
            arr = np.ascontiguousarray(value, dtype=np.float64)
            if arr.shape != shapes[name]:
                raise InvalidArgumentError(
                    f"The parameter '{name}' should have the shape of {shapes[name]}, "
                    f"but got {arr.shape}")
            parts.append(arr.ravel())
        if any(p.size for p in parts):
            _cseg.cseg_gmm_set_init(ptr, k, d, *parts)
        return model

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "GaussianMixture":
        """Estimate the parameters by EM.

        ``sample_weight`` (an extension of scikit-learn's API) weighs each row
        as if it were repeated.
        """
        self.fit_predict(X, y, sample_weight=sample_weight)
        return self

    def fit_predict(self, X: Any, y: Any = None, sample_weight: Any = None) -> np.ndarray:
        """Fit and return the component of each row (argmax posterior)."""
        X = validate_data(self, X, reset=True, **MATRIX_OPTIONS)
        n, d = X.shape
        k = self.n_components
        if isinstance(k, int) and n < k:
            raise InvalidArgumentError(
                f"Expected n_samples >= n_components but got n_components = {k}, n_samples = {n}")
        weights = check_weights(sample_weight, n)
        model = self._new_model(d)
        self._fit_model(model, X, weights, names=False)
        self.labels_ = np.asarray(_cseg.cseg_model_get_labels(model.ptr, n), dtype=np.int64)
        return self.labels_

    def _read_fitted(self, ptr: Any, k: int, d: int) -> None:
        cov = _COV_NAMES[int(_cseg.cseg_model_get_array(ptr, "covariance_type", 1)[0])]
        shape = _cov_shape(cov, k, d)
        size = int(np.prod(shape))
        self.weights_ = np.asarray(_cseg.cseg_model_get_array(ptr, "weights", k))
        self.means_ = np.asarray(_cseg.cseg_model_get_array(ptr, "means", k * d)).reshape(k, d)
        self.covariances_ = np.asarray(_cseg.cseg_model_get_array(ptr, "covariances", size)).reshape(shape)
        self.precisions_cholesky_ = np.asarray(
            _cseg.cseg_model_get_array(ptr, "precisions_cholesky", size)).reshape(shape)
        pc = self.precisions_cholesky_
        if cov == "full":
            self.precisions_ = np.einsum("kij,klj->kil", pc, pc)
        elif cov == "tied":
            self.precisions_ = pc @ pc.T
        else:
            self.precisions_ = pc ** 2
        self.converged_ = bool(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_CONVERGED))
        self.n_iter_ = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_ITER))
        self.lower_bound_ = float(_cseg.cseg_model_get_double(ptr, _cseg.CSEG_RESULT_GMM_LOWER_BOUND))
        self._fitted_cov = cov

    # -- using the fitted model ---------------------------------------------------

    def predict_proba(self, X: Any) -> np.ndarray:
        """Posterior probability of each component, shape (n_samples, n_components)."""
        X = self._check_X(X)
        k = self.weights_.shape[0]
        with _nan_hint(), Dataset(X) as ds:
            out = _cseg.cseg_gmm_predict_proba(self._model.ptr, ds._ptr, X.shape[0] * k)
        return np.asarray(out).reshape(X.shape[0], k)

    def predict(self, X: Any) -> np.ndarray:
        """Most probable component of each row."""
        return self.predict_details(X).labels

    def predict_details(self, X: Any) -> Assignment:
        """Component, confidence (max posterior), runner-up, borderline flag,
        Mahalanobis distance and log-posterior margin of each row."""
        return self._predict_details(X)

    def score_samples(self, X: Any) -> np.ndarray:
        """Log-likelihood of each row under the mixture."""
        X = self._check_X(X)
        with _nan_hint(), Dataset(X) as ds:
            out = _cseg.cseg_gmm_score_samples(self._model.ptr, ds._ptr, X.shape[0])
        return np.asarray(out)

    def score(self, X: Any, y: Any = None) -> float:
        """Mean log-likelihood of the rows of X."""
        return float(np.mean(self.score_samples(X)))

    def _n_parameters(self) -> int:
        return int(_cseg.cseg_gmm_n_parameters(self._fitted_model().ptr))

    def bic(self, X: Any) -> float:
        """Bayesian information criterion on X (lower is better)."""
        X = self._check_X(X)
        return -2 * self.score(X) * X.shape[0] + self._n_parameters() * np.log(X.shape[0])

    def aic(self, X: Any) -> float:
        """Akaike information criterion on X (lower is better)."""
        X = self._check_X(X)
        return -2 * self.score(X) * X.shape[0] + 2 * self._n_parameters()

    def sample(self, n_samples: int = 1) -> tuple:
        """Draw rows from the fitted mixture (numpy's generator seeded by
        ``random_state``); returns (X, component labels) as scikit-learn."""
        self._fitted_model()
        if n_samples < 1:
            raise InvalidArgumentError(f"Invalid value for 'n_samples': {n_samples}")
        rng = np.random.RandomState(seed_from(self.random_state))
        counts = rng.multinomial(n_samples, self.weights_)
        d = self.means_.shape[1]
        out = []
        for c, (mean, n) in enumerate(zip(self.means_, counts)):
            if self._fitted_cov == "full":
                cov = self.covariances_[c]
            elif self._fitted_cov == "tied":
                cov = self.covariances_
            elif self._fitted_cov == "diag":
                cov = np.diag(self.covariances_[c])
            else:
                cov = np.eye(d) * self.covariances_[c]
            out.append(rng.multivariate_normal(mean, cov, n))
        labels = np.concatenate([np.full(n, c, dtype=np.int64) for c, n in enumerate(counts)])
        return np.vstack(out), labels

    # -- persistence --------------------------------------------------------------

    def save(self, path: PathLike) -> None:
        """Write the fitted model to a cseg model file (atomically)."""
        self._save(path)

    @classmethod
    def load(cls, path: PathLike) -> "GaussianMixture":
        """Read a model saved by :meth:`save`, the C API or another binding."""
        return cls._load(path)

    @classmethod
    def _params_from_model(cls, ptr: Any) -> Dict[str, Any]:
        return dict(
            n_components=int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_CLUSTERS)),
            covariance_type=_COV_NAMES[int(_cseg.cseg_model_get_int(
                ptr, _cseg.CSEG_PARAM_GMM_COVARIANCE_TYPE))],
            tol=float(_cseg.cseg_model_get_double(ptr, _cseg.CSEG_PARAM_TOL)),
            reg_covar=float(_cseg.cseg_model_get_double(ptr, _cseg.CSEG_PARAM_GMM_REG_COVAR)),
            max_iter=int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_PARAM_MAX_ITER)),
            n_init=int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_PARAM_N_INIT)),
            init_params=_INIT_NAMES.get(int(_cseg.cseg_model_get_int(
                ptr, _cseg.CSEG_PARAM_GMM_INIT_PARAMS)), "kmeans"),
            random_state=int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_PARAM_SEED)),
            borderline_prob=float(_cseg.cseg_model_get_double(ptr, _cseg.CSEG_PARAM_BORDERLINE_PROB)),
        )

    def _set_features(self, model: ModelHandle) -> None:
        # The fit does not name the model's columns: a loaded mixture has none.
        self.n_features_in_ = self.means_.shape[1]

    def to_bytes(self) -> bytes:
        """The fitted model in the cseg model file format."""
        return self._to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "GaussianMixture":
        """Inverse of :meth:`to_bytes`."""
        return cls._from_bytes(data)
