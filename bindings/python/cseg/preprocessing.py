"""Preprocessing fitted once and applied again (missing values, transforms,
column weights, one-hot encoding), as a scikit-learn transformer backed by the
cseg C library's ``cseg_prep`` (see ``include/cseg/cseg_prep.h``).

The same object configures the preprocessing a :class:`cseg.KMeans` model
fits with itself, stores in its model file and applies to raw customers
(``KMeans(preprocessor=...)``).
"""

from __future__ import annotations

import numbers
from typing import Any, Dict, List, Mapping, Optional, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from . import _cseg
from ._errors import InvalidArgumentError, NotFittedError
from ._handle import PrepHandle
from ._validation import MATRIX_OPTIONS, validate_data
from .dataset import Dataset

__all__ = ["Preprocessor"]

_MISSING = {
    "error": _cseg.CSEG_MISSING_ERROR,
    "mean": _cseg.CSEG_MISSING_MEAN,
    "median": _cseg.CSEG_MISSING_MEDIAN,
    "constant": _cseg.CSEG_MISSING_CONSTANT,
    "drop": _cseg.CSEG_MISSING_DROP_ROW,
    "indicator": _cseg.CSEG_MISSING_INDICATOR,
}
_SCALERS = {
    "none": _cseg.CSEG_TRANSFORM_NONE,
    "zscore": _cseg.CSEG_TRANSFORM_ZSCORE,
    "standard": _cseg.CSEG_TRANSFORM_ZSCORE,
    "minmax": _cseg.CSEG_TRANSFORM_MINMAX,
    "robust": _cseg.CSEG_TRANSFORM_ROBUST,
}
_COLUMN_KEYS = ("missing", "transform", "weight", "fill_value")


def _missing_code(value: Any, what: str) -> int:
    if not isinstance(value, str) or value not in _MISSING:
        raise InvalidArgumentError(
            f"{what}: missing policy must be one of {sorted(_MISSING)}, got {value!r}")
    return _MISSING[value]


def _transform_code(value: Any, what: str) -> int:
    """"log1p+zscore" -> CSEG_TRANSFORM_LOG1P | CSEG_TRANSFORM_ZSCORE; None -> none."""
    if value is None:
        return _cseg.CSEG_TRANSFORM_NONE
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{what}: transform must be a str such as 'log1p+zscore', got {value!r}")
    code, scaler = 0, None
    for part in value.replace(" ", "").lower().split("+"):
        if part == "log1p":
            code |= _cseg.CSEG_TRANSFORM_LOG1P
        elif part in _SCALERS:
            if scaler is not None and part != "none":
                raise InvalidArgumentError(f"{what}: transform {value!r} names two scalers")
            if part != "none":
                scaler = part
            code |= _SCALERS[part]
        else:
            raise InvalidArgumentError(
                f"{what}: unknown transform {part!r} in {value!r} (use 'log1p', one of "
                f"{sorted(_SCALERS)}, or both joined by '+')")
    return code


class Preprocessor(TransformerMixin, BaseEstimator):
    """Missing values, log1p, scaling, column weights and one-hot encoding.

    Each input column goes through, in order: rows dropped (policy
    ``"drop"``), missing values imputed on the raw scale, ``log1p``, one
    scaler fitted on the imputed, log-transformed training values, then a
    multiplication by ``sqrt(weight)`` (so the column's share of a squared
    Euclidean distance is multiplied by ``weight``). Matches scikit-learn
    pipelines of ``SimpleImputer``, ``np.log1p``, ``StandardScaler``,
    ``MinMaxScaler``, ``RobustScaler`` and
    ``OneHotEncoder(handle_unknown="ignore")`` to 1e-12.

    Parameters
    ----------
    default_missing : {'error', 'mean', 'median', 'drop', 'indicator'}, default 'error'
        Policy of the columns not named in ``columns``: fail naming the first
        missing cell, impute the fitted mean or median, drop the row, or
        impute the mean and add a 0/1 column ``"<name>_missing"``.
    default_transform : str or None, default None
        Transform of the numeric columns not named in ``columns``: ``None``
        or ``'none'``, ``'zscore'`` (alias ``'standard'``), ``'minmax'``,
        ``'robust'``, optionally preceded by ``'log1p+'``.
    columns : dict of str to dict, optional
        Per-column settings by column name, each a dict with any of
        ``missing`` (a policy above or ``'constant'``), ``fill_value`` (the
        constant), ``transform`` and ``weight`` (>= 0, default 1).
    categorical : sequence of str, optional
        Columns holding numeric level codes, one-hot encoded into columns
        ``"<name>=<level>"`` (levels seen at fit, increasing); a level not
        seen at fit gives all zeros and is counted in ``n_unseen_``.

    Attributes
    ----------
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        When fitted on a DataFrame with string column names. Columns are
        matched by name: without names they are called ``"x0"``, ``"x1"``, ...
    statistics_ : ndarray of shape (n_features_in_,)
        Value imputed for a missing cell of each input column, raw scale
        (NaN when the policy imputes nothing), as ``SimpleImputer``.
    center_, scale_ : ndarray of shape (n_features_in_,)
        What each column's scaler subtracts and divides by (0 and 1 without).
    weight_ : ndarray of shape (n_features_in_,)
    n_levels_ : ndarray of int64, shape (n_features_in_,)
        Categorical levels seen at fit (0 for numeric columns).
    n_dropped_ : int
        Rows dropped by the last :meth:`transform`.
    n_imputed_, n_unseen_ : dict of str to int
        Per input column: cells imputed and unseen categories in the last
        :meth:`transform`.
    kept_rows_ : ndarray of int64
        Positions (in the input) of the rows the last :meth:`transform` returned.

    Examples
    --------
    >>> import numpy as np, pandas as pd, cseg
    >>> df = pd.DataFrame({"monetary": [10.0, 200.0, np.nan, 35.0], "channel": [1, 2, 1, 3]})
    >>> prep = cseg.Preprocessor(columns={"monetary": dict(missing="median", transform="log1p+zscore")},
    ...                          categorical=["channel"])
    >>> prep.fit_transform(df).shape
    (4, 4)
    >>> prep.get_feature_names_out().tolist()
    ['monetary', 'channel=1', 'channel=2', 'channel=3']
    """

    def __init__(self, default_missing: str = "error", default_transform: Optional[str] = None, *,
                 columns: Optional[Mapping[str, Mapping[str, Any]]] = None,
                 categorical: Optional[Sequence[str]] = None) -> None:
        self.default_missing = default_missing
        self.default_transform = default_transform
        self.columns = columns
        self.categorical = categorical

    # -- configuration -------------------------------------------------------

    def _categorical_names(self) -> List[str]:
        cat = self.categorical
        if cat is None:
            return []
        if isinstance(cat, (str, bytes)):
            raise InvalidArgumentError("categorical: expected a sequence of column names, got a single string")
        names = list(cat)
        for c in names:
            if not isinstance(c, str) or not c:
                raise InvalidArgumentError(f"categorical: column names must be non-empty str, got {c!r}")
        return names

    def _new_handle(self) -> PrepHandle:
        """An unfitted C handle configured from the parameters (or a copy of a loaded one)."""
        template: Optional[PrepHandle] = self.__dict__.get("_template")
        if template is not None:
            return PrepHandle(_cseg.cseg_prep_copy(template.ptr))
        if self.default_missing == "constant":
            raise InvalidArgumentError(
                "default_missing: 'constant' is per column (give columns={name: dict(missing="
                "'constant', fill_value=...)})")
        missing = _missing_code(self.default_missing, "default_missing")
        transform = _transform_code(self.default_transform, "default_transform")
        categorical = self._categorical_names()
        columns = {} if self.columns is None else self.columns
        if not isinstance(columns, Mapping):
            raise InvalidArgumentError(f"columns: expected a dict of column name to settings, got {columns!r}")
        h = PrepHandle(_cseg.cseg_prep_new())
        try:
            _cseg.cseg_prep_set_default(h.ptr, missing, transform)
            for name, spec in columns.items():
                what = f"columns[{name!r}]"
                if not isinstance(name, str) or not name:
                    raise InvalidArgumentError(f"{what}: column names must be non-empty str")
                if not isinstance(spec, Mapping):
                    raise InvalidArgumentError(f"{what}: expected a dict of settings, got {spec!r}")
                unknown = set(spec) - set(_COLUMN_KEYS)
                if unknown:
                    raise InvalidArgumentError(
                        f"{what}: unknown setting(s) {sorted(unknown)} (use {list(_COLUMN_KEYS)})")
                col_missing = _missing_code(spec.get("missing", self.default_missing), what)
                if "transform" in spec:
                    col_transform = _transform_code(spec["transform"], what)
                else:
                    col_transform = _cseg.CSEG_TRANSFORM_NONE if name in categorical else transform
                weight = spec.get("weight", 1.0)
                fill = spec.get("fill_value", 0.0)
                for key, v in (("weight", weight), ("fill_value", fill)):
                    if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
                        raise InvalidArgumentError(f"{what}: {key} must be a real number, got {v!r}")
                if col_missing == _cseg.CSEG_MISSING_CONSTANT and "fill_value" not in spec:
                    raise InvalidArgumentError(f"{what}: missing='constant' needs a fill_value")
                try:
                    _cseg.cseg_prep_set_column(h.ptr, name, col_missing, float(fill), col_transform,
                                               float(weight))
                except InvalidArgumentError as e:
                    raise InvalidArgumentError(f"{what}: {e}") from None
            for name in categorical:
                _cseg.cseg_prep_set_categorical(h.ptr, name)
        except BaseException:
            h.close()
            raise
        return h

    # -- fit and transform ---------------------------------------------------

    def _names(self, d: int) -> List[str]:
        names = getattr(self, "feature_names_in_", None)
        if names is not None and len(names) == d:
            return [str(c) for c in names]
        return [f"x{j}" for j in range(d)]

    def fit(self, X: Any, y: Any = None) -> "Preprocessor":
        """Learn every column's statistics from X (NaN marks a missing value).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : Ignored

        Returns
        -------
        self : Preprocessor

        Raises
        ------
        ValueError
            A bad setting, a configured column absent from X, a missing value
            under ``'error'``, a value <= -1 under ``log1p`` (the message names
            the column, and the row when there is one).
        """
        X = validate_data(self, X, reset=True, **MATRIX_OPTIONS)
        h = self._new_handle()
        try:
            with Dataset(X, columns=self._names(X.shape[1])) as ds:
                _cseg.cseg_prep_fit(h.ptr, ds._ptr)
        except BaseException:
            h.close()
            raise
        self._set_fitted(h)
        return self

    def _set_fitted(self, h: PrepHandle) -> None:
        p = h.ptr
        self._handle = h
        n_in = int(_cseg.cseg_prep_n_inputs(p))
        n_out = int(_cseg.cseg_prep_n_outputs(p))
        self._inputs = [_cseg.cseg_prep_input_name(p, j) for j in range(n_in)]
        self._outputs = [_cseg.cseg_prep_output_name(p, j) for j in range(n_out)]

        def stat(key: int) -> np.ndarray:
            return np.array([_cseg.cseg_prep_get_stat(p, c, key) for c in self._inputs])

        self.statistics_ = stat(_cseg.CSEG_PREP_STAT_FILL)
        self.center_ = stat(_cseg.CSEG_PREP_STAT_CENTER)
        self.scale_ = stat(_cseg.CSEG_PREP_STAT_SCALE)
        self.weight_ = stat(_cseg.CSEG_PREP_STAT_WEIGHT)
        self.n_levels_ = stat(_cseg.CSEG_PREP_STAT_N_LEVELS).astype(np.int64)
        self.n_features_out_ = n_out

    def _fitted_handle(self) -> PrepHandle:
        h = self.__dict__.get("_handle")
        if h is None:
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator.")
        return h

    def transform(self, X: Any) -> np.ndarray:
        """Apply the fitted preprocessing (never refitted).

        Columns are found by name; rows dropped by the ``'drop'`` policy are
        left out of the result (see ``kept_rows_``).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features_in_)

        Returns
        -------
        ndarray of shape (n_kept, n_features_out_)
        """
        self._fitted_handle()
        return self._apply(validate_data(self, X, reset=False, **MATRIX_OPTIONS))

    def _apply(self, X: np.ndarray) -> np.ndarray:
        """:meth:`transform` of a validated float64 matrix in the training column order."""
        h = self._fitted_handle()
        n = X.shape[0]
        with Dataset(X, columns=self._names(X.shape[1]), ids=[str(i) for i in range(n)]) as ds:
            out_ptr, n_dropped = _cseg.cseg_prep_transform(h.ptr, ds._ptr)
        with Dataset._wrap(out_ptr) as out:
            result = out.to_numpy()
            kept = np.asarray([int(i) for i in out.ids], dtype=np.int64) if n_dropped else \
                np.arange(n, dtype=np.int64)
        p = h.ptr
        self.n_dropped_ = int(n_dropped)
        self.n_imputed_ = {c: int(_cseg.cseg_prep_n_imputed(p, c)) for c in self._inputs}
        self.n_unseen_ = {c: int(_cseg.cseg_prep_n_unseen(p, c)) for c in self._inputs}
        self.kept_rows_ = kept
        return result

    def transform_one(self, x: Any) -> np.ndarray:
        """Transform one customer's raw values (input order), allocating nothing in C.

        A missing value under ``'drop'`` raises, as under ``'error'``.
        """
        h = self._fitted_handle()
        x = np.ascontiguousarray(x, dtype=np.float64)
        if x.ndim != 1:
            raise InvalidArgumentError(f"x: expected a 1-D array, got shape {x.shape}")
        return _cseg.cseg_prep_transform_one(h.ptr, x, self.n_features_out_)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Output column names: ``"<name>"``, ``"<name>_missing"``, ``"<name>=<level>"``."""
        self._fitted_handle()
        return np.asarray(self._outputs, dtype=object)

    # -- persistence ---------------------------------------------------------

    def to_bytes(self) -> bytes:
        """Settings and fitted statistics in the C library's encoding."""
        return _cseg.cseg_prep_save_buffer(self._fitted_handle().ptr)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Preprocessor":
        """Inverse of :meth:`to_bytes`."""
        return cls._from_handle(PrepHandle(_cseg.cseg_prep_load_buffer(data)))

    @classmethod
    def _from_handle(cls, h: PrepHandle) -> "Preprocessor":
        """A Preprocessor around a loaded (or model-owned) handle.

        Its parameters are the defaults (the C library keeps the settings but
        does not report them); refitting it reuses the loaded settings.
        """
        self = cls()
        self._template = PrepHandle(_cseg.cseg_prep_copy(h.ptr))
        if _cseg.cseg_prep_is_fitted(h.ptr) == 1:
            self._set_fitted(h)
            names = self._inputs
            self.n_features_in_ = len(names)
            if names != [f"x{j}" for j in range(len(names))]:
                self.feature_names_in_ = np.asarray(names, dtype=object)
        else:
            h.close()
        return self

    def __getstate__(self) -> Dict[str, Any]:
        state = dict(self.__dict__)
        for key in ("_handle", "_template"):
            h = state.pop(key, None)
            if h is not None:
                state[key + "_bytes"] = _cseg.cseg_prep_save_buffer(h.ptr)
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        state = dict(state)
        for key in ("_handle", "_template"):
            data = state.pop(key + "_bytes", None)
            if data is not None:
                state[key] = PrepHandle(_cseg.cseg_prep_load_buffer(data))
        self.__dict__.update(state)

    def _more_tags(self) -> Dict[str, Any]:
        return {"allow_nan": True, "preserves_dtype": [np.float64]}
