"""cseg.DBSCAN against scikit-learn's DBSCAN on the same data."""

import os
import pickle

import numpy as np
import pytest
from sklearn.cluster import DBSCAN as SkDBSCAN

import cseg
from conftest import read_matrices

CASES = ["blobs", "blobs_weighted", "wholesale", "wholesale_weighted", "duplicates", "bridge"]


def fixture(root, name):
    params, X, w, labels, core = read_matrices(
        os.path.join(root, "tests", "fixtures", "dbscan", "dbscan_%s.txt" % name))
    eps, min_samples, weighted = params[0]
    return X, (w[:, 0] if weighted else None), eps, int(min_samples)


@pytest.mark.parametrize("case", CASES)
def test_matches_sklearn(root, case):
    X, w, eps, ms = fixture(root, case)
    sk = SkDBSCAN(eps=eps, min_samples=ms).fit(X, sample_weight=w)
    cs = cseg.DBSCAN(eps=eps, min_samples=ms).fit(X, sample_weight=w)
    np.testing.assert_array_equal(cs.labels_, sk.labels_)
    np.testing.assert_array_equal(cs.core_sample_indices_, sk.core_sample_indices_)
    np.testing.assert_array_equal(cs.components_, sk.components_)
    assert cs.labels_.dtype == np.int64
    assert cs.n_clusters_ == sk.labels_.max() + 1
    for c in range(cs.n_clusters_):
        members = cs.labels_ == c
        ww = np.ones(len(X)) if w is None else w
        np.testing.assert_allclose(cs.cluster_centers_[c],
                                   np.average(X[members], axis=0, weights=ww[members]), rtol=1e-12)


def test_fit_predict_and_defaults(blobs):
    X, _ = blobs
    sk = SkDBSCAN(eps=1.2).fit_predict(X)
    np.testing.assert_array_equal(cseg.DBSCAN(eps=1.2).fit_predict(X), sk)
    params = cseg.DBSCAN().get_params()
    assert params["eps"] == 0.5 and params["min_samples"] == 5


def test_predict_new_customers(blobs):
    X, _ = blobs
    db = cseg.DBSCAN(eps=1.2, min_samples=5).fit(X)
    core = db.components_
    core_labels = db.labels_[db.core_sample_indices_]
    rng = np.random.default_rng(3)
    new = np.vstack([X + rng.normal(scale=0.5, size=X.shape), [[100.0, 100.0, 100.0]]])
    details = db.predict_details(new)
    dist = np.sqrt(((new[:, None, :] - core[None, :, :]) ** 2).sum(axis=2))
    nearest = dist.argmin(axis=1)
    within = dist[np.arange(len(new)), nearest] <= 1.2
    want = np.where(within, core_labels[nearest], -1)
    np.testing.assert_array_equal(details.labels, want)
    np.testing.assert_array_equal(db.predict(new), want)
    np.testing.assert_allclose(details.distances, dist[np.arange(len(new)), nearest], rtol=1e-12)
    np.testing.assert_array_equal(details.confidence, within.astype(float))
    assert details.labels[-1] == -1 and details.margins[-1] == 0
    # Core samples are their own nearest core sample.
    np.testing.assert_array_equal(db.predict(X[db.core_sample_indices_]), core_labels)
    label, distance, margin = db.predict_one(X[db.core_sample_indices_[0]])
    assert label == core_labels[0] and distance == 0.0


def test_persistence(tmp_path, blobs):
    X, _ = blobs
    db = cseg.DBSCAN(eps=1.2, min_samples=5).fit(X)
    path = tmp_path / "db.cseg"
    db.save(path)
    for other in (cseg.DBSCAN.load(path), cseg.DBSCAN.from_bytes(db.to_bytes()),
                  pickle.loads(pickle.dumps(db))):
        np.testing.assert_array_equal(other.predict(X), db.predict(X))
        np.testing.assert_array_equal(other.core_sample_indices_, db.core_sample_indices_)
        assert other.eps == 1.2 and other.min_samples == 5


def test_bad_inputs(blobs):
    X, _ = blobs
    with pytest.raises(ValueError):
        cseg.DBSCAN(eps=0).fit(X)
    with pytest.raises(ValueError):
        cseg.DBSCAN(eps=-1.0).fit(X)
    with pytest.raises(ValueError):
        cseg.DBSCAN(eps=float("nan")).fit(X)
    with pytest.raises(ValueError):
        cseg.DBSCAN(min_samples=0).fit(X)
    with pytest.raises(ValueError):
        cseg.DBSCAN(metric="manhattan").fit(X)
    with pytest.raises(ValueError):
        cseg.DBSCAN().fit(X, sample_weight=-np.ones(len(X)))
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(cseg.MissingValuesError):
        cseg.DBSCAN().fit(bad)
    with pytest.raises(cseg.InvalidArgumentError, match="no core point"):
        cseg.DBSCAN(eps=1e-6, min_samples=3).fit(X)
    with pytest.raises(cseg.NotFittedError):
        cseg.DBSCAN().predict(X)
    db = cseg.DBSCAN(eps=1.2).fit(X)
    with pytest.raises(ValueError):
        db.predict(X[:, :2])
