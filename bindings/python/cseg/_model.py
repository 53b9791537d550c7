"""What every estimator whose fitted state is one C model shares: the handle,
fitting it on a dataset, assigning new rows, persistence (model file, bytes,
pickle) and the features a loaded model was fitted on.

The public methods stay in each estimator, with its own docstring and
signature; their bodies call the private helpers here.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, ClassVar, Dict, Iterator, List, Optional, Tuple, Type, TypeVar, Union

import numpy as np

from . import _cseg
from ._assignment import Assignment, _assign, _nan_hint
from ._errors import InvalidArgumentError, NotFittedError, UnsupportedError
from ._handle import ModelHandle
from ._validation import MATRIX_OPTIONS, validate_data
from .dataset import Dataset

PathLike = Union[str, "os.PathLike[str]"]

_M = TypeVar("_M", bound="_CsegModel")


class _CsegModel:
    """Mixin of the estimators backed by a C model; list it first among the
    bases, so that its ``_more_tags`` and pickling come before scikit-learn's.

    Subclasses set ``_algo`` (the ``CSEG_ALGO_*`` they fit) and ``_algo_name``
    (for the error when loading another algorithm's model), and implement
    ``_params_from_model`` (constructor arguments of a loaded model) and
    ``_read_fitted`` (the public fitted attributes).
    """

    _algo: ClassVar[int]
    _algo_name: ClassVar[str]

    # -- fitting ------------------------------------------------------------------

    @contextlib.contextmanager
    def _dataset(self, X: np.ndarray, names: bool = True) -> Iterator[Dataset]:
        """@p X as a C dataset whose columns carry ``feature_names_in_`` (when
        @p names and there are some), so that the model file keeps them."""
        columns = getattr(self, "feature_names_in_", None) if names else None
        with _nan_hint(), Dataset(X) as ds:
            if columns is not None:
                ds.columns = [str(c) for c in columns]
            yield ds

    def _fit_model(self, model: ModelHandle, X: np.ndarray, weights: Optional[np.ndarray],
                   names: bool = True) -> None:
        """Fit @p model on @p X (weighted when @p weights is given), then read
        its fitted state into the public attributes."""
        with self._dataset(X, names) as ds:
            if weights is None:
                _cseg.cseg_model_fit(model.ptr, ds._ptr)
            else:
                _cseg.cseg_model_fit_weighted(model.ptr, ds._ptr, weights)
        self._set_fitted(model)

    def _set_fitted(self, model: ModelHandle) -> None:
        """Keep @p model and read its fitted state into the public attributes."""
        ptr = model.ptr
        k = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_CLUSTERS))
        d = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_FEATURES))
        self._model = model
        self._read_fitted(ptr, k, d)

    def _read_fitted(self, ptr: Any, k: int, d: int) -> None:
        raise NotImplementedError

    # -- using the fitted model -----------------------------------------------------

    def _fitted_model(self) -> ModelHandle:
        model = self.__dict__.get("_model")
        if model is None:
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator.")
        return model

    def _check_X(self, X: Any) -> np.ndarray:
        """@p X validated against the fit; NotFittedError first."""
        self._fitted_model()
        return validate_data(self, X, reset=False, **MATRIX_OPTIONS)

    def _predict_details(self, X: Any) -> Assignment:
        X = self._check_X(X)
        return _assign(self._model, X)

    def _predict_one(self, x: Any) -> Tuple[int, float, float]:
        model = self._fitted_model()
        x = np.ascontiguousarray(x, dtype=np.float64)
        if x.ndim != 1:
            raise InvalidArgumentError(f"x: expected a 1-D array, got shape {x.shape}")
        label, distance, margin = _cseg.cseg_model_assign_one(model.ptr, x)
        return int(label), distance, margin

    # -- persistence ----------------------------------------------------------------

    def _save(self, path: PathLike) -> None:
        _cseg.cseg_model_save(self._fitted_model().ptr, os.fspath(path))

    @classmethod
    def _load(cls: Type[_M], path: PathLike) -> _M:
        return cls._from_model(ModelHandle(_cseg.cseg_model_load(os.fspath(path))))

    def _to_bytes(self) -> bytes:
        return _cseg.cseg_model_save_buffer(self._fitted_model().ptr)

    @classmethod
    def _from_bytes(cls: Type[_M], data: bytes) -> _M:
        return cls._from_model(ModelHandle(_cseg.cseg_model_load_buffer(data)))

    @classmethod
    def _from_model(cls: Type[_M], model: ModelHandle) -> _M:
        """A fitted estimator around a loaded @p model, with its parameters."""
        ptr = model.ptr
        algo = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_ALGO))
        if algo != cls._algo:
            raise UnsupportedError(f"the model is not {cls._algo_name} (algorithm {algo})")
        self = cls(**cls._params_from_model(ptr))
        self._set_fitted(model)
        self._set_features(model)
        return self

    @classmethod
    def _params_from_model(cls, ptr: Any) -> Dict[str, Any]:
        raise NotImplementedError

    def _set_features(self, model: ModelHandle) -> None:
        """``n_features_in_`` and ``feature_names_in_`` of a loaded model, from
        the column names its file keeps."""
        ptr = model.ptr
        d = int(_cseg.cseg_model_get_int(ptr, _cseg.CSEG_RESULT_N_FEATURES))
        self._set_feature_names([_cseg.cseg_model_feature_name(ptr, j) for j in range(d)])

    def _set_feature_names(self, names: List[Any]) -> None:
        d = len(names)
        self.n_features_in_ = d
        # Default names ("x0", "x1", ...) mean the model was fitted on a bare array.
        if all(isinstance(s, str) for s in names) and names != [f"x{j}" for j in range(d)]:
            self.feature_names_in_ = np.asarray(names, dtype=object)

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
        return {"preserves_dtype": [np.float64]}
