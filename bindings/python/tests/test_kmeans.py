"""cseg.KMeans against the C library, scikit-learn and its estimator checks."""

import os
import pickle
import warnings

import numpy as np
import pytest
from sklearn.cluster import KMeans as SkKMeans

import cseg
from cseg import _cseg
from conftest import read_matrices


def matched(sk_labels, cs_labels, k):
    """Permutation p with p[sklearn label] == cseg label (cseg numbers segments by size)."""
    table = np.zeros((k, k), dtype=int)
    np.add.at(table, (sk_labels, cs_labels), 1)
    perm = table.argmax(axis=1)
    assert sorted(perm) == list(range(k))
    return perm


def assert_same_solution(sk, cs, rtol=1e-9):
    k = sk.cluster_centers_.shape[0]
    perm = matched(sk.labels_, cs.labels_, k)
    np.testing.assert_array_equal(perm[sk.labels_], cs.labels_)
    np.testing.assert_allclose(cs.cluster_centers_[perm], sk.cluster_centers_, rtol=rtol,
                               atol=rtol * np.abs(sk.cluster_centers_).max())
    assert cs.inertia_ == pytest.approx(sk.inertia_, rel=rtol)


# -- agreement ---------------------------------------------------------------

@pytest.mark.parametrize("case", ["blobs", "wholesale"])
def test_matches_committed_sklearn_reference(root, case):
    """The fixtures tests/fixtures/gen_kmeans.py made with scikit-learn for the C tests."""
    fx = os.path.join(root, "tests", "fixtures")
    (X,) = read_matrices(os.path.join(fx, f"kmeans_{case}_x.txt"))
    (init,) = read_matrices(os.path.join(fx, f"kmeans_{case}_init.txt"))
    head, centres, labels = read_matrices(os.path.join(fx, f"kmeans_{case}_ref.txt"))
    inertia, n_iter, max_iter, tol = head[0]
    km = cseg.KMeans(len(init), init=init, max_iter=int(max_iter), tol=tol, algorithm="lloyd").fit(X)
    ref = SkKMeans(len(init), init=init, n_init=1)  # a stand-in holding the reference
    ref.cluster_centers_, ref.labels_, ref.inertia_ = centres, labels[:, 0].astype(int), inertia
    assert_same_solution(ref, km)


@pytest.mark.parametrize("algorithm", ["lloyd", "elkan", "hamerly", "auto"])
def test_matches_sklearn_from_same_init(blobs, algorithm):
    X, _ = blobs
    init = X[[0, 5, 10, 15]]
    sk = SkKMeans(4, init=init, n_init=1, algorithm="lloyd", tol=1e-4).fit(X)
    cs = cseg.KMeans(4, init=init, algorithm=algorithm, tol=1e-4).fit(X)
    assert_same_solution(sk, cs)
    np.testing.assert_array_equal(cs.predict(X), cs.labels_)
    Xn = X[:7] + 0.3
    np.testing.assert_array_equal(cs.predict(Xn), matched(sk.labels_, cs.labels_, 4)[sk.predict(Xn)])
    perm = matched(sk.labels_, cs.labels_, 4)
    np.testing.assert_allclose(cs.transform(Xn)[:, perm], sk.transform(Xn), rtol=1e-9)
    assert cs.score(Xn) == pytest.approx(sk.score(Xn), rel=1e-9)


def test_weighted_matches_sklearn(blobs):
    X, _ = blobs
    w = np.random.RandomState(1).uniform(0.2, 3.0, len(X))
    init = X[[1, 2, 3]]
    sk = SkKMeans(3, init=init, n_init=1).fit(X, sample_weight=w)
    cs = cseg.KMeans(3, init=init).fit(X, sample_weight=w)
    assert_same_solution(sk, cs)
    assert cs.score(X, sample_weight=w) == pytest.approx(sk.score(X, sample_weight=w), rel=1e-9)


def test_matches_c_api(blobs):
    """Parameters reach the C library unchanged: same seed, same bits."""
    X, _ = blobs
    km = cseg.KMeans(4, random_state=12345, n_init=3, max_iter=50, tol=1e-6,
                     init="random").fit(X)
    ds = _cseg.cseg_dataset_new_view(X)
    m = _cseg.cseg_model_new(_cseg.CSEG_ALGO_KMEANS)
    try:
        for key, v in [(_cseg.CSEG_PARAM_K, 4), (_cseg.CSEG_PARAM_SEED, 12345),
                       (_cseg.CSEG_PARAM_N_INIT, 3), (_cseg.CSEG_PARAM_MAX_ITER, 50),
                       (_cseg.CSEG_PARAM_INIT, _cseg.CSEG_INIT_RANDOM)]:
            _cseg.cseg_model_set_int(m, key, v)
        _cseg.cseg_model_set_double(m, _cseg.CSEG_PARAM_TOL, 1e-6)
        _cseg.cseg_model_fit(m, ds)
        np.testing.assert_array_equal(km.cluster_centers_, _cseg.cseg_model_get_centroids(m, 12).reshape(4, 3))
        assert km.inertia_ == _cseg.cseg_model_get_double(m, _cseg.CSEG_RESULT_INERTIA)
        a = _cseg.cseg_model_assign(m, ds)
        try:
            np.testing.assert_array_equal(km.labels_, _cseg.cseg_assignment_get_labels(a, len(X)))
        finally:
            _cseg.cseg_assignment_free(a)
    finally:
        _cseg.cseg_model_free(m)
        _cseg.cseg_dataset_free(ds)


def test_reproducible_and_canonical(blobs):
    X, y = blobs
    a = cseg.KMeans(4, random_state=0).fit(X)
    b = cseg.KMeans(4, random_state=0).fit(X.copy(order="F"))
    np.testing.assert_array_equal(a.cluster_centers_, b.cluster_centers_)
    sizes = np.bincount(a.labels_)
    assert list(sizes) == sorted(sizes, reverse=True)  # segment 0 is the largest
    assert a.converged_ and a.n_iter_ >= 1 and a.n_features_in_ == 3
    from sklearn.metrics import adjusted_rand_score
    assert adjusted_rand_score(y, a.labels_) == 1.0


def test_random_state_kinds(blobs):
    X, _ = blobs
    np.random.seed(0)
    c1 = cseg.KMeans(4).fit(X).cluster_centers_
    np.random.seed(0)
    c2 = cseg.KMeans(4).fit(X).cluster_centers_
    np.testing.assert_array_equal(c1, c2)  # None draws from numpy's global generator
    r1 = cseg.KMeans(4, random_state=np.random.RandomState(5)).fit(X).cluster_centers_
    r2 = cseg.KMeans(4, random_state=np.random.RandomState(5)).fit(X).cluster_centers_
    np.testing.assert_array_equal(r1, r2)


def test_n_init_auto_and_callable_init(blobs):
    X, _ = blobs
    assert cseg.KMeans(4, n_init="auto", init="random", random_state=1).fit(X).inertia_ > 0
    calls = []

    def init(data, k, rs):
        calls.append((data.shape, k))
        return data[:k]

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cseg.KMeans(4, init=init).fit(X)
    assert calls == [((300, 3), 4)]
    with pytest.warns(RuntimeWarning, match="only one init"):
        cseg.KMeans(4, init=X[:4], n_init=5).fit(X)


def test_predict_details(blobs):
    X, _ = blobs
    km = cseg.KMeans(4, random_state=0).fit(X)
    d = km.predict_details(X[:20])
    D = km.transform(X[:20])
    np.testing.assert_array_equal(d.labels, D.argmin(axis=1))
    np.testing.assert_allclose(d.distances, D.min(axis=1), rtol=1e-9, atol=1e-12)
    Ds = np.sort(D, axis=1)
    np.testing.assert_allclose(d.margins, Ds[:, 1] - Ds[:, 0], rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(d.runner_up, np.argsort(D, axis=1)[:, 1])
    np.testing.assert_allclose(d.confidence, (Ds[:, 1] - Ds[:, 0]) / Ds[:, 1], rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(d.borderline, d.confidence < 0.1)
    strict = cseg.KMeans(4, random_state=0, borderline_margin=0.9).fit(X)
    assert strict.predict_details(X[:20]).borderline.sum() >= d.borderline.sum()
    with pytest.raises(ValueError, match="borderline_margin"):
        cseg.KMeans(4, borderline_margin=1.5).fit(X)
    label, dist, margin = km.predict_one(X[3])
    assert label == d.labels[3] and dist == pytest.approx(d.distances[3]) and margin == pytest.approx(d.margins[3])


# -- scikit-learn integration ----------------------------------------------

def test_check_estimator():
    from sklearn.utils.estimator_checks import check_estimator
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_estimator(cseg.KMeans())


def test_pipeline_and_grid_search(blobs):
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    X, _ = blobs
    pipe = make_pipeline(StandardScaler(), cseg.KMeans(random_state=0))
    search = GridSearchCV(pipe, {"kmeans__n_clusters": [2, 3, 4, 5], "kmeans__algorithm": ["lloyd", "elkan"]},
                          cv=3)
    search.fit(X)
    assert search.best_params_["kmeans__n_clusters"] >= 4  # score = -inertia favours more segments
    assert search.predict(X).shape == (len(X),)
    assert search.transform(X).shape[1] == search.best_params_["kmeans__n_clusters"]
    # clones, not shared handles: each fold fitted its own model
    assert cseg.KMeans(3).get_params()["n_clusters"] == 3


def test_get_set_params():
    km = cseg.KMeans(5, random_state=1)
    assert km.get_params() == dict(n_clusters=5, init="k-means++", n_init=1, max_iter=300, tol=1e-4,
                                   random_state=1, algorithm="auto", borderline_margin=0.1,
                                   size_min=None, size_max=None, preprocessor=None)
    km.set_params(n_clusters=2, algorithm="hamerly")
    assert km.n_clusters == 2 and repr(km) == "KMeans(algorithm='hamerly', n_clusters=2, random_state=1)"


# -- errors ---------------------------------------------------------------------

@pytest.mark.parametrize("params, match", [
    (dict(n_clusters=0), "n_clusters"),
    (dict(n_clusters=2.5), "n_clusters"),
    (dict(max_iter=0), "max_iter"),
    (dict(tol=-1.0), "tol"),
    (dict(n_init=0), "n_init"),
    (dict(init="kmeans"), "init"),
    (dict(algorithm="full"), "algorithm"),
    (dict(random_state=-1), "random_state"),
    (dict(init=np.ones((3, 3))), "shape"),
])
def test_bad_params(blobs, params, match):
    X, _ = blobs
    with pytest.raises(ValueError, match=match):
        cseg.KMeans(**{"n_clusters": 4, **params}).fit(X)


def test_bad_input(blobs):
    X, _ = blobs
    km = cseg.KMeans(4, random_state=0).fit(X)
    with pytest.raises(ValueError, match="3 features"):
        km.predict(np.ones((2, 4)))
    with pytest.raises(ValueError):
        km.predict(X[0])  # 1-D
    Xn = X.copy()
    Xn[7, 1] = np.nan
    with pytest.raises(cseg.MissingValuesError, match="NaN.*row 7"):
        cseg.KMeans(4).fit(Xn)
    with pytest.raises(cseg.MissingValuesError):
        km.predict(Xn)
    Xi = X.copy()
    Xi[2, 0] = np.inf
    with pytest.raises(cseg.InvalidArgumentError, match="row 2"):
        cseg.KMeans(4).fit(Xi)
    with pytest.raises(ValueError, match="n_samples=3 should be >= n_clusters=4"):
        cseg.KMeans(4).fit(X[:3])
    with pytest.raises(ValueError, match="sample_weight"):
        cseg.KMeans(4).fit(X, sample_weight=np.ones(5))
    with pytest.raises(cseg.InvalidArgumentError):
        cseg.KMeans(4).fit(X, sample_weight=-np.ones(len(X)))
    with pytest.raises(ValueError):
        cseg.KMeans(4).fit(np.empty((0, 3)))
    with pytest.raises(cseg.NotFittedError):
        cseg.KMeans(4).predict(X)
    with pytest.raises(cseg.NotFittedError):
        cseg.KMeans(4).save("never-written.cseg")
    assert not os.path.exists("never-written.cseg")


def test_freed_model_handle(blobs):
    X, _ = blobs
    km = cseg.KMeans(4, random_state=0).fit(X)
    km._model.close()
    km._model.close()  # idempotent
    with pytest.raises(ValueError, match="closed"):
        km.predict(X)


# -- persistence ------------------------------------------------------------------

def test_pickle_round_trip(blobs):
    X, _ = blobs
    km = cseg.KMeans(4, random_state=0).fit(X)
    km2 = pickle.loads(pickle.dumps(km))
    assert km2._model is not km._model
    np.testing.assert_array_equal(km2.predict(X), km.predict(X))
    np.testing.assert_array_equal(km2.labels_, km.labels_)
    assert km2.get_params() == km.get_params()
    import copy
    km3 = copy.deepcopy(km)
    np.testing.assert_array_equal(km3.transform(X), km.transform(X))
    unfitted = pickle.loads(pickle.dumps(cseg.KMeans(3)))
    assert not hasattr(unfitted, "_model")


def test_save_load(tmp_path, blobs):
    X, _ = blobs
    km = cseg.KMeans(4, random_state=42, max_iter=100, tol=1e-5, algorithm="lloyd").fit(X)
    path = tmp_path / "model.cseg"
    km.save(path)
    km2 = cseg.KMeans.load(path)
    np.testing.assert_array_equal(km2.cluster_centers_, km.cluster_centers_)
    np.testing.assert_array_equal(km2.predict(X), km.labels_)
    assert km2.inertia_ == km.inertia_ and km2.n_iter_ == km.n_iter_
    assert km2.n_clusters == 4 and km2.n_features_in_ == 3
    assert not hasattr(km2, "feature_names_in_")
    assert cseg.KMeans.from_bytes(km.to_bytes()).predict_one(X[0]) == km.predict_one(X[0])


def test_load_errors(tmp_path, blobs):
    X, _ = blobs
    with pytest.raises(cseg.FileError) as e:
        cseg.KMeans.load(tmp_path / "missing.cseg")
    assert isinstance(e.value, OSError)
    path = tmp_path / "m.cseg"
    cseg.KMeans(4, random_state=0).fit(X).save(path)
    data = bytearray(path.read_bytes())
    (tmp_path / "trunc.cseg").write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(cseg.FormatError):
        cseg.KMeans.load(tmp_path / "trunc.cseg")
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "flip.cseg").write_bytes(bytes(data))
    with pytest.raises(cseg.FormatError):
        cseg.KMeans.load(tmp_path / "flip.cseg")
    with pytest.raises(cseg.FileError):
        cseg.KMeans(4, random_state=0).fit(X).save(tmp_path / "no" / "such" / "dir.cseg")


# -- DataFrames ---------------------------------------------------------------

def test_dataframe_feature_names(tmp_path, blobs):
    pd = pytest.importorskip("pandas")
    X, _ = blobs
    df = pd.DataFrame(X, columns=["recency", "frequency", "monetary"])
    km = cseg.KMeans(4, random_state=0).fit(df)
    assert list(km.feature_names_in_) == ["recency", "frequency", "monetary"]
    assert [_cseg.cseg_model_feature_name(km._model.ptr, j) for j in range(3)] == list(df.columns)
    np.testing.assert_array_equal(km.predict(df), cseg.KMeans(4, random_state=0).fit(X).labels_)
    with pytest.raises(ValueError, match="feature names"):
        km.predict(df.rename(columns={"recency": "r"}))
    km.save(tmp_path / "df.cseg")
    assert list(cseg.KMeans.load(tmp_path / "df.cseg").feature_names_in_) == list(df.columns)
    assert list(km.get_feature_names_out()) == ["kmeans0", "kmeans1", "kmeans2", "kmeans3"]


# -- memory -------------------------------------------------------------------

def _rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc")
def test_thousand_models_leave_memory_flat(blobs):
    X, _ = blobs
    base = cseg.live_handles()

    def churn(n):
        for i in range(n):
            km = cseg.KMeans(4, random_state=i, max_iter=20).fit(X)
            km.predict(X[:10])
            pickle.loads(pickle.dumps(km))
        del km

    # One thread: OpenMP spin-waits make tiny fits slow on a busy machine,
    # and results do not depend on the thread count.
    threads = cseg.get_max_threads()
    cseg.set_max_threads(1)
    try:
        churn(100)  # warm up allocator pools and caches
        assert cseg.live_handles() == base
        before = _rss_kib()
        churn(1000)
        after = _rss_kib()
    finally:
        cseg.set_max_threads(threads)
    assert cseg.live_handles() == base
    # Each model is ~ k*d doubles plus 300 labels; a leak of one model per fit
    # would grow RSS by several MiB over 1,000 fits.
    assert after - before < 2048, f"RSS grew by {after - before} KiB over 1,000 fits"


# -- size constraints and merging -------------------------------------------

def test_size_constraints_hold_at_fit_only(blobs):
    X, _ = blobs
    rng = np.random.default_rng(0)
    X = np.vstack([X, rng.normal(40, 0.5, size=(6, X.shape[1]))])  # a tiny far group
    plain = cseg.KMeans(5, random_state=0).fit(X)
    assert np.bincount(plain.labels_).min() < 30
    km = cseg.KMeans(5, random_state=0, size_min=30, size_max=120).fit(X)
    sizes = np.bincount(km.labels_, minlength=5)
    assert sizes.min() >= 30 and sizes.max() <= 120
    assert km.inertia_ > km.unconstrained_inertia_
    assert km.unconstrained_inertia_ == pytest.approx(plain.inertia_, rel=1e-12)
    # the labels' own inertia, and predict stays nearest-centroid
    D = km.transform(X)
    assert km.inertia_ == pytest.approx((D[np.arange(len(X)), km.labels_] ** 2).sum(), rel=1e-9)
    np.testing.assert_array_equal(km.predict(X), D.argmin(axis=1))
    with pytest.raises(ValueError, match="size_min"):
        cseg.KMeans(5, size_min=len(X)).fit(X)
    with pytest.raises(ValueError, match="size_min"):
        cseg.KMeans(5, size_min=-1).fit(X)


def test_merge_small_segments(blobs):
    X, _ = blobs
    km = cseg.KMeans(8, random_state=1).fit(X)
    smallest = np.bincount(km.labels_).min()
    merged = km.merge_small_segments(X, smallest + 1)
    assert merged >= 1
    assert km.cluster_centers_.shape[0] == 8 - merged
    sizes = np.bincount(km.labels_)
    assert sizes.min() >= smallest + 1 and (np.diff(sizes) <= 0).all()
    np.testing.assert_array_equal(km.labels_, km.predict(X))
    with pytest.raises(ValueError):
        km.merge_small_segments(X, 0)
