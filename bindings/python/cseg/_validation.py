"""Input checks shared by the estimator and the metrics."""

from __future__ import annotations

import numbers
from typing import Any, Optional, Tuple

import numpy as np
from sklearn.utils import check_array, check_random_state

from . import _cseg
from ._errors import InvalidArgumentError

try:  # scikit-learn >= 1.6
    from sklearn.utils.validation import validate_data as _sk_validate_data
except ImportError:  # scikit-learn < 1.6: the BaseEstimator method
    _sk_validate_data = None


def validate_data(estimator: Any, X: Any, *, reset: bool, **kwargs: Any) -> np.ndarray:
    """``estimator._validate_data`` on any supported scikit-learn version."""
    if _sk_validate_data is not None:
        return _sk_validate_data(estimator, X, reset=reset, **kwargs)
    return estimator._validate_data(X, reset=reset, **kwargs)


# Missing and infinite values are left to the C library, whose message names
# the row and column.
MATRIX_OPTIONS = dict(dtype=np.float64, order="C", accept_sparse=False, force_all_finite=False)


def as_matrix(X: Any, name: str = "X") -> np.ndarray:
    """A C-ordered float64 2-D array (a copy only when needed)."""
    return check_array(X, input_name=name, **MATRIX_OPTIONS)


def param_info(key: int) -> Tuple[str, int, float, float, float]:
    """(name, type, default, min, max) of a C parameter key."""
    return _cseg.cseg_param_info(key)


def check_int(name: str, value: Any, key: int) -> int:
    """An integer parameter within the C library's bounds for @p key."""
    _, _, _, lo, hi = param_info(key)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise InvalidArgumentError(f"{name} must be an int, got {value!r}")
    value = int(value)
    if value < lo or value > hi:
        raise InvalidArgumentError(f"{name} must be in [{lo:.0f}, {hi:.0f}], got {value}")
    return value


def check_float(name: str, value: Any, key: int) -> float:
    """A real parameter within the C library's bounds for @p key."""
    _, _, _, lo, hi = param_info(key)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidArgumentError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not (lo <= value <= hi):
        raise InvalidArgumentError(f"{name} must be in [{lo:g}, {hi:g}], got {value!r}")
    return value


def seed_from(random_state: Any) -> int:
    """A C seed from a scikit-learn ``random_state``.

    An int is used as is (so the same seed gives the same result as the C
    library, the CLI and the R and Java bindings); None draws from numpy's
    global generator and a RandomState draws from itself.
    """
    _, _, _, lo, hi = param_info(_cseg.CSEG_PARAM_SEED)
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, (bool, np.bool_)):
        seed = int(random_state)
        if seed < lo or seed > hi:
            raise InvalidArgumentError(f"random_state must be in [{lo:.0f}, {hi:.0f}], got {seed}")
        return seed
    rng = check_random_state(random_state)
    return int(rng.randint(np.iinfo(np.int32).max))


def encode_labels(labels: Any, n_rows: int) -> np.ndarray:
    """Labels of any hashable type -> int64 codes 0..k-1 (as sklearn's LabelEncoder)."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        labels = labels.reshape(-1) if labels.ndim == 2 and 1 in labels.shape else labels
    if labels.ndim != 1:
        raise InvalidArgumentError(f"labels: expected a 1-D array, got shape {labels.shape}")
    if labels.shape[0] != n_rows:
        raise InvalidArgumentError(
            f"labels: found {labels.shape[0]} labels for {n_rows} rows of X")
    _, codes = np.unique(labels, return_inverse=True)
    return np.ascontiguousarray(codes, dtype=np.int64)


def check_weights(sample_weight: Optional[Any], n_rows: int) -> Optional[np.ndarray]:
    """None, or a 1-D float64 array of one weight per row."""
    if sample_weight is None:
        return None
    if isinstance(sample_weight, numbers.Number):
        return np.full(n_rows, float(sample_weight))
    w = np.asarray(sample_weight, dtype=np.float64)
    if w.ndim != 1:
        raise InvalidArgumentError(f"sample_weight: expected a 1-D array, got shape {w.shape}")
    if w.shape[0] != n_rows:
        raise InvalidArgumentError(
            f"sample_weight: expected {n_rows} weights (one per sample), got {w.shape[0]}")
    return np.ascontiguousarray(w)
