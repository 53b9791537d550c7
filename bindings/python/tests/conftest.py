"""Shared fixtures. Run with the build tree on PYTHONPATH (meson test does)."""

import os

import numpy as np
import pytest

ROOT = os.environ.get("CSEG_SOURCE_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def read_matrices(path):
    """The matrices of a tests/fixtures/*.txt file ("rows cols" then rows)."""
    mats = []
    with open(path) as f:
        lines = iter(f.read().splitlines())
        for header in lines:
            if not header.strip():
                continue
            r, c = (int(v) for v in header.split())
            mats.append(np.array([[float(v) for v in next(lines).split()] for _ in range(r)]).reshape(r, c))
    return mats


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def blobs():
    """300 rows, 3 features, 4 well separated groups of unequal size."""
    rng = np.random.RandomState(7)
    centres = np.array([[0, 0, 0], [8, 0, 1], [0, 9, -2], [7, 8, 6]], dtype=float)
    sizes = [120, 80, 60, 40]
    X = np.vstack([c + rng.normal(size=(s, 3)) for c, s in zip(centres, sizes)])
    y = np.repeat(np.arange(4), sizes)
    perm = rng.permutation(len(X))
    return np.ascontiguousarray(X[perm]), y[perm]


@pytest.fixture(scope="session")
def wholesale_path(root):
    return os.path.join(root, "data", "wholesale_customers.csv")
