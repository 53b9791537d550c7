"""Principal component analysis as a scikit-learn transformer backed by the cseg C library."""

from __future__ import annotations

import numbers
from typing import Any, Dict, Optional, Union

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin

from . import _cseg
from ._errors import InvalidArgumentError, MissingValuesError, NotFittedError
from ._handle import PcaHandle
from ._validation import MATRIX_OPTIONS, validate_data
from .dataset import Dataset

__all__ = ["PCA"]


def _nan_hint(e: MissingValuesError) -> MissingValuesError:
    return MissingValuesError(f"Input X contains NaN (missing values): {e}")


class PCA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Principal component analysis, for plotting segments in 2-D or 3-D.

    Matches :class:`sklearn.decomposition.PCA` with ``svd_solver="full"``
    (the data are centred, not scaled; signs follow scikit-learn's
    ``svd_flip``), computed by LAPACK in the C library.

    Parameters
    ----------
    n_components : int, float or None, default None
        Components kept: an int in 1..min(n_samples, n_features); a float in
        (0, 1) for the fewest components explaining at least that share of
        the variance; None for min(n_samples, n_features).
    whiten : bool, default False
        Scale the projections to unit variance (as scikit-learn).

    Attributes
    ----------
    components_ : ndarray of shape (n_components_, n_features)
        Principal axes, unit length, by decreasing variance.
    explained_variance_ : ndarray of shape (n_components_,)
        Variance along each axis (n - 1 denominator).
    explained_variance_ratio_ : ndarray of shape (n_components_,)
        Share of the total variance.
    singular_values_ : ndarray of shape (n_components_,)
    mean_ : ndarray of shape (n_features,)
    n_components_ : int
    noise_variance_ : float
        Mean variance of the dropped components (0 when none is dropped).
    n_samples_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        When fitted on a DataFrame with string column names.

    Examples
    --------
    >>> import numpy as np, cseg
    >>> X = np.array([[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]])
    >>> pca = cseg.PCA(n_components=2).fit(X)
    >>> np.round(pca.explained_variance_ratio_, 5).tolist()
    [0.99244, 0.00756]
    """

    def __init__(self, n_components: Union[int, float, None] = None, *, whiten: bool = False) -> None:
        self.n_components = n_components
        self.whiten = whiten

    def _count(self, n: int, d: int) -> int:
        """The C n_components: 0 for all, else 1..min(n, d) (a float fraction needs all first)."""
        nc = self.n_components
        if nc is None:
            return 0
        if isinstance(nc, (bool, np.bool_)):
            raise InvalidArgumentError(f"n_components must be an int, a float in (0, 1) or None, got {nc!r}")
        if isinstance(nc, numbers.Integral):
            if not 1 <= int(nc) <= min(n, d):
                raise InvalidArgumentError(
                    f"n_components={int(nc)} must be between 1 and min(n_samples, n_features)="
                    f"{min(n, d)}")
            return int(nc)
        if isinstance(nc, numbers.Real) and 0 < float(nc) < 1:
            return 0
        raise InvalidArgumentError(f"n_components must be an int, a float in (0, 1) or None, got {nc!r}")

    def fit(self, X: Any, y: Any = None) -> "PCA":
        """Fit the components on @p X.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            At least 2 rows, no missing values.
        y : Ignored

        Returns
        -------
        self : PCA

        Raises
        ------
        ValueError
            Fewer than 2 rows, NaN (:class:`cseg.MissingValuesError`) or
            infinite values, or ``n_components`` out of range.
        """
        X = validate_data(self, X, reset=True, **MATRIX_OPTIONS)
        n, d = X.shape
        m = self._count(n, d)
        try:
            with Dataset(X) as ds:
                h = PcaHandle(_cseg.cseg_pca_new(ds._ptr, m))
                if self.n_components is not None and not isinstance(self.n_components, numbers.Integral):
                    # A variance share: the fewest components reaching it (as scikit-learn).
                    ratio = _cseg.cseg_pca_get(h.ptr, _cseg.CSEG_PCA_EXPLAINED_RATIO,
                                               int(_cseg.cseg_pca_n_components(h.ptr)))
                    m = int(np.searchsorted(np.cumsum(ratio), float(self.n_components), side="right")) + 1
                    m = min(m, len(ratio))
                    h.close()
                    h = PcaHandle(_cseg.cseg_pca_new(ds._ptr, m))
        except MissingValuesError as e:
            raise _nan_hint(e) from None
        self._handle = h
        p = h.ptr
        m = int(_cseg.cseg_pca_n_components(p))
        self.n_components_ = m
        self.n_samples_ = n
        self.components_ = _cseg.cseg_pca_get(p, _cseg.CSEG_PCA_COMPONENTS, m * d).reshape(m, d)
        self.explained_variance_ = _cseg.cseg_pca_get(p, _cseg.CSEG_PCA_EXPLAINED_VARIANCE, m)
        self.explained_variance_ratio_ = _cseg.cseg_pca_get(p, _cseg.CSEG_PCA_EXPLAINED_RATIO, m)
        self.singular_values_ = _cseg.cseg_pca_get(p, _cseg.CSEG_PCA_SINGULAR_VALUES, m)
        self.mean_ = _cseg.cseg_pca_get(p, _cseg.CSEG_PCA_MEAN, d)
        rank = min(n, d)
        if m < rank and self.explained_variance_ratio_[0] > 0:
            total = self.explained_variance_[0] / self.explained_variance_ratio_[0]
            self.noise_variance_ = float(max(total - self.explained_variance_.sum(), 0.0) / (rank - m))
        else:
            self.noise_variance_ = 0.0
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Project @p X on the components.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_components_)
        """
        self._check_fitted()
        X = validate_data(self, X, reset=False, **MATRIX_OPTIONS)
        m = self.n_components_
        handle: Optional[PcaHandle] = getattr(self, "_handle", None)
        if handle is None or handle.closed:  # unpickled: the fitted arrays are all we need
            if not np.isfinite(X).all():
                raise MissingValuesError("Input X contains NaN or infinity")
            out = (X - self.mean_) @ self.components_.T
        else:
            try:
                with Dataset(X) as ds:
                    out = _cseg.cseg_pca_transform(handle.ptr, ds._ptr, X.shape[0] * m).reshape(-1, m)
            except MissingValuesError as e:
                raise _nan_hint(e) from None
        if self.whiten:
            out /= np.sqrt(self.explained_variance_)
        return out

    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray:
        """:meth:`fit` then :meth:`transform` on the same data."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X: Any) -> np.ndarray:
        """Map projections back to the feature space (exact when all components are kept)."""
        self._check_fitted()
        Z = np.asarray(X, dtype=np.float64)
        if self.whiten:
            Z = Z * np.sqrt(self.explained_variance_)
        return Z @ self.components_ + self.mean_

    def _check_fitted(self) -> None:
        if not hasattr(self, "components_"):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator.")

    @property
    def _n_features_out(self) -> int:
        return self.n_components_

    def __getstate__(self) -> Dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_handle", None)
        return state

    def _more_tags(self) -> Dict[str, Any]:
        return {"allow_nan": False}
