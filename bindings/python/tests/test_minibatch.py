"""cseg.MiniBatchKMeans and cseg.KStats against scikit-learn on the same data."""

import os
import pickle

import numpy as np
import pytest
from sklearn.cluster import MiniBatchKMeans as SkMiniBatchKMeans
from sklearn.cluster._kmeans import _mini_batch_step
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

import cseg
from conftest import read_matrices


@pytest.fixture(scope="module")
def blobs():
    X, _ = make_blobs(n_samples=6000, n_features=4, centers=5, cluster_std=1.0, random_state=7)
    return X


def test_fit_agrees_with_sklearn(blobs):
    cs = cseg.MiniBatchKMeans(n_clusters=5, random_state=0).fit(blobs)
    sk = SkMiniBatchKMeans(n_clusters=5, random_state=0, n_init=3).fit(blobs)
    assert abs(cs.inertia_ - sk.inertia_) <= 0.01 * sk.inertia_
    assert adjusted_rand_score(cs.labels_, sk.labels_) > 0.99
    assert cs.cluster_centers_.shape == (5, 4)
    np.testing.assert_array_equal(cs.labels_, cs.predict(blobs))
    assert cs.n_steps_ >= 1 and cs.counts_.shape == (5,)


def test_same_names_and_defaults_as_sklearn():
    ours = cseg.MiniBatchKMeans().get_params()
    theirs = SkMiniBatchKMeans().get_params()
    for name, value in theirs.items():
        assert name in ours, name
        if name != "n_init":
            assert ours[name] == value, name


def test_one_step_matches_sklearn(root):
    X, w, c0, counts0, c1, counts1, inertia = read_matrices(
        os.path.join(root, "tests", "fixtures", "minibatch", "step_fresh.txt"))
    m = cseg.MiniBatchKMeans(n_clusters=c0.shape[0], init=c0, n_init=1, batch_size=len(X),
                             reassignment_ratio=0.0, random_state=0)
    m.partial_fit(X, sample_weight=w[0])
    np.testing.assert_allclose(m.cluster_centers_, c1, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(m.counts_, counts1[0], rtol=1e-12)
    # And sklearn's own step from the same start, computed here.
    cn, cnt = np.empty_like(c0), np.zeros(c0.shape[0])
    _mini_batch_step(X, w[0], c0.copy(), cn, cnt, np.random.RandomState(0), random_reassign=False)
    np.testing.assert_allclose(m.cluster_centers_, cn, rtol=1e-12, atol=1e-12)


def test_partial_fit_is_reproducible(blobs):
    a = cseg.MiniBatchKMeans(n_clusters=5, random_state=3)
    b = cseg.MiniBatchKMeans(n_clusters=5, random_state=3)
    for i in range(0, 3000, 500):
        a.partial_fit(blobs[i:i + 500])
        b = pickle.loads(pickle.dumps(b.partial_fit(blobs[i:i + 500])))
    np.testing.assert_array_equal(a.cluster_centers_, b.cluster_centers_)
    assert a.n_steps_ == 6 and a.labels_.shape == (500,)


def test_stream_equals_partial_fit(tmp_path, blobs):
    path = tmp_path / "x.csv"
    np.savetxt(path, blobs[:1000], delimiter=",", header="a,b,c,d", comments="", fmt="%.17g")
    s = cseg.MiniBatchKMeans.fit_csv_stream(path, chunk_rows=300, n_passes=2, n_clusters=4,
                                            random_state=1)
    m = cseg.MiniBatchKMeans(n_clusters=4, random_state=1)
    X = np.loadtxt(path, delimiter=",", skiprows=1)
    for _ in range(2):
        for i in range(0, 1000, 300):
            m.partial_fit(X[i:i + 300])
    np.testing.assert_array_equal(s.cluster_centers_, m.cluster_centers_)
    assert list(s.feature_names_in_) == ["a", "b", "c", "d"]


def test_kstats_distributed_lloyd(blobs):
    km = cseg.KMeans(n_clusters=5, max_iter=1, init="random", random_state=0).fit(blobs)
    c0 = km.cluster_centers_.copy()
    parts = [cseg.KStats(5, 4).accumulate(km, blobs[a:b])
             for a, b in [(0, 1500), (1500, 4000), (4000, 6000)]]
    # Ship through bytes and pickle, as Dask workers would.
    total = cseg.KStats.from_bytes(parts[0].to_bytes())
    total.merge(pickle.loads(pickle.dumps(parts[1]))).merge(parts[2])
    assert total.n_rows == 6000 and total.weights.sum() == 6000
    assert total.inertia == pytest.approx(km.inertia_, rel=1e-12)
    cseg.update_from_kstats(km, total)
    ref = cseg.KMeans(n_clusters=5, init=c0, n_init=1, max_iter=1, algorithm="lloyd").fit(blobs)
    order = [int(np.argmin(((ref.cluster_centers_ - c) ** 2).sum(1))) for c in km.cluster_centers_]
    np.testing.assert_allclose(km.cluster_centers_, ref.cluster_centers_[order], rtol=1e-12, atol=1e-12)


def test_kstats_truncated_bytes_refused():
    st = cseg.KStats(3, 2)
    data = st.to_bytes()
    for n in range(len(data)):
        with pytest.raises(cseg.FormatError):
            cseg.KStats.from_bytes(data[:n])


def test_bad_inputs(blobs):
    with pytest.raises(ValueError):
        cseg.MiniBatchKMeans(n_clusters=5, batch_size=0).fit(blobs)
    with pytest.raises(ValueError):
        cseg.MiniBatchKMeans(n_clusters=5, reassignment_ratio=-1).fit(blobs)
    with pytest.raises(ValueError):
        cseg.MiniBatchKMeans(n_clusters=5).partial_fit(blobs[:3])
    m = cseg.MiniBatchKMeans(n_clusters=2).partial_fit(blobs[:10])
    with pytest.raises(ValueError):
        m.partial_fit(blobs[:10, :3])
    bad = blobs[:10].copy()
    bad[2, 1] = np.nan
    with pytest.raises(ValueError):
        cseg.MiniBatchKMeans(n_clusters=2).fit(bad)
    with pytest.raises(ValueError):
        cseg.KStats(0, 2)
    with pytest.raises(ValueError):
        cseg.KStats(3, 4).accumulate(m, blobs)
    with pytest.raises(cseg.NotFittedError):
        cseg.KStats(2, 4).accumulate(cseg.MiniBatchKMeans(n_clusters=2), blobs)
    with pytest.raises(ValueError):
        cseg.KStats(2, 4).merge(cseg.KStats(3, 4))
