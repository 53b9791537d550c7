"""cseg.AgglomerativeClustering against scikit-learn and SciPy on the same data."""

import json
import os
import pickle

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import AgglomerativeClustering as SkAgglo

import cseg
from conftest import read_matrices

LINKAGES = ["ward", "complete", "average", "single"]


def same_partition(a, b):
    a, b = np.asarray(a), np.asarray(b)
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


@pytest.fixture(scope="module")
def wholesale(root):
    (X,) = read_matrices(os.path.join(root, "tests", "fixtures", "hierarchical", "wholesale_x.txt"))
    return X


@pytest.mark.parametrize("method", LINKAGES)
def test_linkage_matches_scipy(wholesale, method):
    X = wholesale
    cs = cseg.AgglomerativeClustering(n_clusters=5, linkage=method, compute_distances=True).fit(X)
    Z = linkage(X, method)
    np.testing.assert_array_equal(cs.linkage_matrix_[:, :2], Z[:, :2])
    np.testing.assert_allclose(cs.linkage_matrix_[:, 2], Z[:, 2], rtol=1e-9)
    np.testing.assert_array_equal(cs.linkage_matrix_[:, 3], Z[:, 3])
    np.testing.assert_allclose(cs.distances_, Z[:, 2], rtol=1e-9)
    assert cs.children_.shape == (X.shape[0] - 1, 2) and cs.n_leaves_ == X.shape[0]
    assert same_partition(cs.labels_, fcluster(Z, 5, "maxclust"))


@pytest.mark.parametrize("method", LINKAGES)
def test_labels_match_sklearn(blobs, method):
    X, _ = blobs
    sk = SkAgglo(n_clusters=4, linkage=method).fit(X)
    cs = cseg.AgglomerativeClustering(n_clusters=4, linkage=method).fit(X)
    assert same_partition(sk.labels_, cs.labels_)
    assert cs.n_clusters_ == 4 and not hasattr(cs, "distances_")


@pytest.mark.parametrize("method", LINKAGES)
def test_distance_threshold_matches_sklearn(wholesale, method):
    X = wholesale
    Z = linkage(X, method)
    t = 0.5 * (Z[-6, 2] + Z[-5, 2])
    sk = SkAgglo(n_clusters=None, distance_threshold=t, linkage=method).fit(X)
    cs = cseg.AgglomerativeClustering(n_clusters=None, distance_threshold=t, linkage=method).fit(X)
    assert cs.n_clusters_ == sk.n_clusters_
    assert same_partition(sk.labels_, cs.labels_)
    np.testing.assert_allclose(cs.distances_, np.sort(sk.distances_), rtol=1e-9)
    # Exactly at a merge height: scikit-learn does not merge (strict <).
    t = Z[-5, 2]
    sk = SkAgglo(n_clusters=None, distance_threshold=t, linkage=method).fit(X)
    cs = cseg.AgglomerativeClustering(n_clusters=None, distance_threshold=t, linkage=method).fit(X)
    assert cs.n_clusters_ == sk.n_clusters_


def test_linkage_cut_matches_fcluster(wholesale):
    Z = linkage(wholesale, "average")
    assert same_partition(cseg.linkage_cut(Z, n_clusters=7), fcluster(Z, 7, "maxclust"))
    t = Z[-10, 2] + 1e-9
    assert same_partition(cseg.linkage_cut(Z, height=t), fcluster(Z, t, "distance"))
    with pytest.raises(ValueError):
        cseg.linkage_cut(Z)
    with pytest.raises(ValueError):
        cseg.linkage_cut(Z, n_clusters=0)
    bad = Z.copy()
    bad[3, 0] = 10 ** 6
    with pytest.raises(ValueError, match="row 3"):
        cseg.linkage_cut(bad, n_clusters=2)


def test_predict_save_load_pickle(tmp_path, wholesale):
    X = wholesale
    cs = cseg.AgglomerativeClustering(n_clusters=6, linkage="complete").fit(X)
    d = ((X[:, None, :] - cs.cluster_centers_[None, :, :]) ** 2).sum(axis=2)
    np.testing.assert_array_equal(cs.predict(X), d.argmin(axis=1))
    path = tmp_path / "m.cseg"
    cs.save(path)
    back = cseg.AgglomerativeClustering.load(path)
    assert back.linkage == "complete" and back.n_clusters_ == 6
    np.testing.assert_array_equal(back.linkage_matrix_, cs.linkage_matrix_)
    np.testing.assert_array_equal(back.predict(X), cs.predict(X))
    again = pickle.loads(pickle.dumps(cs))
    np.testing.assert_array_equal(again.predict(X), cs.predict(X))
    np.testing.assert_array_equal(again.labels_, cs.labels_)


def test_dendrogram_json(tmp_path, blobs):
    X, _ = blobs
    cs = cseg.AgglomerativeClustering(n_clusters=4).fit(X)
    path = tmp_path / "tree.json"
    cs.write_dendrogram(path, include_leaves=True)
    tree = json.loads(path.read_text())
    n = X.shape[0]
    assert tree["format"] == "cseg-dendrogram" and tree["n_leaves"] == n
    assert tree["root"] == 2 * n - 2 and len(tree["nodes"]) == n - 1
    assert [node["height"] for node in tree["nodes"]] == cs.linkage_matrix_[:, 2].tolist()
    assert [leaf["segment"] for leaf in tree["leaves"]] == cs.labels_.tolist()


def test_two_stage(blobs):
    X, _ = blobs
    cs = cseg.AgglomerativeClustering(n_clusters=4, micro_clusters=40, random_state=1).fit(X)
    assert cs.n_leaves_ <= 40 and cs.linkage_matrix_[-1, 3] == X.shape[0]
    assert len(cs.labels_) == X.shape[0]


def test_weights_as_sizes():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 3))
    w = rng.randint(1, 4, size=60)
    cs = cseg.AgglomerativeClustering(n_clusters=3, compute_distances=True).fit(X, sample_weight=w)
    Z = linkage(np.repeat(X, w, axis=0), "ward")
    np.testing.assert_allclose(cs.distances_, Z[Z[:, 2] > 0, 2], rtol=1e-9)


def test_bad_inputs(blobs):
    X, _ = blobs
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering(n_clusters=None).fit(X)
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering(n_clusters=3, distance_threshold=1.0).fit(X)
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering(metric="manhattan").fit(X)
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering(linkage="centroid").fit(X)
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering(connectivity=np.eye(3)).fit(X)
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering(n_clusters=X.shape[0] + 1).fit(X)
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering(n_clusters=0).fit(X)
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering(distance_threshold=-1.0, n_clusters=None).fit(X)
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering().fit(X[:1])
    Xn = X.copy()
    Xn[5, 1] = np.nan
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering().fit(Xn)
    with pytest.raises(ValueError):
        cseg.AgglomerativeClustering().fit(X, sample_weight=np.zeros(len(X)))
    with pytest.raises(MemoryError, match="bytes"):
        cseg.AgglomerativeClustering(linkage="average", max_memory_mb=1).fit(
            np.random.RandomState(0).normal(size=(1000, 2)))
    with pytest.raises(cseg.NotFittedError):
        cseg.AgglomerativeClustering().predict(X)
