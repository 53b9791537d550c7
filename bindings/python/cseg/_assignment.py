"""Per-customer assignments read from a C assignment handle, shared by every
estimator."""

from __future__ import annotations

import contextlib
from typing import Iterator, NamedTuple

import numpy as np

from . import _cseg
from ._errors import MissingValuesError
from ._handle import AssignmentHandle, ModelHandle
from .dataset import Dataset

__all__ = ["Assignment"]


class Assignment(NamedTuple):
    """Per-customer result of :meth:`KMeans.predict_details`.

    Attributes
    ----------
    labels : ndarray of int64, shape (n_samples,)
        Nearest segment.
    distances : ndarray of float64
        Euclidean distance to that segment's centroid.
    margins : ndarray of float64
        Distance to the second-nearest centroid minus distance to the nearest
        (0 when there is one segment): small margins mark customers on a border.
    runner_up : ndarray of int64
        Second-nearest segment (-1 when there is one segment).
    confidence : ndarray of float64
        Certainty of the label in [0, 1]: for centroid models the relative gap
        ``margin / (distance + margin)`` to the runner-up (1 with one segment),
        for mixtures the largest posterior probability, for DBSCAN 1 inside a
        cluster and 0 for noise.
    borderline : ndarray of bool
        Confidence below the model's ``borderline_margin`` (centroid models) or
        ``borderline_prob`` (mixtures): customers to treat with care.
    """

    labels: np.ndarray
    distances: np.ndarray
    margins: np.ndarray
    runner_up: np.ndarray
    confidence: np.ndarray
    borderline: np.ndarray


def _read_assignment(handle: AssignmentHandle) -> Assignment:
    ptr = handle.ptr
    n = int(_cseg.cseg_assignment_n_rows(ptr))
    return Assignment(
        labels=_cseg.cseg_assignment_get_labels(ptr, n),
        distances=_cseg.cseg_assignment_get_distances(ptr, n),
        margins=_cseg.cseg_assignment_get_margins(ptr, n),
        runner_up=_cseg.cseg_assignment_get_runner_up(ptr, n),
        confidence=_cseg.cseg_assignment_get_confidence(ptr, n),
        borderline=_cseg.cseg_assignment_get_borderline(ptr, n).astype(bool),
    )


@contextlib.contextmanager
def _nan_hint() -> Iterator[None]:
    """Say "NaN" in missing-value errors, as scikit-learn users search for it."""
    try:
        yield
    except MissingValuesError as e:
        raise MissingValuesError(f"Input X contains NaN (missing values): {e}") from None


def _assign(model: ModelHandle, X: np.ndarray) -> Assignment:
    with _nan_hint(), Dataset(X) as ds:
        handle = AssignmentHandle(_cseg.cseg_model_assign(model.ptr, ds._ptr))
    try:
        return _read_assignment(handle)
    finally:
        handle.close()
