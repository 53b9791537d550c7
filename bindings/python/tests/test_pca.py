"""cseg.PCA against sklearn.decomposition.PCA(svd_solver="full") to 1e-9."""

import gc
import pickle

import numpy as np
import pytest
from sklearn.decomposition import PCA as SkPCA
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import cseg

pd = pytest.importorskip("pandas")

ATTRS = ["components_", "explained_variance_", "explained_variance_ratio_", "singular_values_", "mean_"]


def assert_same(ours, ref, X):
    for a in ATTRS:
        np.testing.assert_allclose(getattr(ours, a), getattr(ref, a), rtol=1e-9, atol=1e-9, err_msg=a)
    assert ours.n_components_ == ref.n_components_
    assert ours.noise_variance_ == pytest.approx(ref.noise_variance_, rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(ours.transform(X), ref.transform(X), rtol=1e-9, atol=1e-9)


@pytest.fixture(scope="module")
def wholesale(wholesale_path):
    df = pd.read_csv(wholesale_path).drop(columns=["Channel", "Region"])
    return pd.DataFrame(StandardScaler().fit_transform(np.log1p(df)), columns=df.columns)


@pytest.mark.parametrize("n_components", [1, 2, 3, 6, None, 0.8, 0.95])
def test_matches_sklearn_on_wholesale(wholesale, n_components):
    ours = cseg.PCA(n_components=n_components).fit(wholesale)
    ref = SkPCA(n_components=n_components, svd_solver="full").fit(wholesale)
    assert_same(ours, ref, wholesale)
    assert list(ours.feature_names_in_) == list(wholesale.columns)


@pytest.mark.parametrize("shape", [(3, 5), (7, 3), (200, 12), (30, 30)])
def test_matches_sklearn_random(shape):
    rng = np.random.RandomState(shape[0])
    X = rng.normal(size=shape) @ rng.normal(size=(shape[1], shape[1])) + 5
    for m in (1, min(shape)):
        assert_same(cseg.PCA(m).fit(X), SkPCA(m, svd_solver="full").fit(X), X)
    # Whitening divides by each variance: keep the rank of the centred data (n - 1).
    m = min(shape[0] - 1, shape[1])
    ours = cseg.PCA(m, whiten=True)
    ref = SkPCA(m, whiten=True, svd_solver="full")
    np.testing.assert_allclose(ours.fit_transform(X), ref.fit_transform(X), rtol=1e-9, atol=1e-9)
    Z = ours.transform(X)
    np.testing.assert_allclose(ours.inverse_transform(Z), ref.inverse_transform(Z), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(cseg.PCA().fit(X).inverse_transform(cseg.PCA().fit_transform(X)), X,
                               rtol=1e-9, atol=1e-9)


def test_sklearn_api(wholesale):
    pipe = make_pipeline(StandardScaler(), cseg.PCA(2), cseg.KMeans(3, random_state=0)).fit(wholesale)
    assert pipe.predict(wholesale).shape == (len(wholesale),)
    pca = cseg.PCA(2).fit(wholesale)
    assert list(pca.get_feature_names_out()) == ["pca0", "pca1"]
    clone = pickle.loads(pickle.dumps(pca))
    np.testing.assert_array_equal(clone.components_, pca.components_)
    np.testing.assert_allclose(clone.transform(wholesale), pca.transform(wholesale), rtol=1e-12, atol=1e-12)
    assert cseg.PCA(3).get_params() == {"n_components": 3, "whiten": False}


def test_bad_inputs():
    X = np.random.RandomState(0).normal(size=(5, 3))
    with pytest.raises(ValueError, match="n_components"):
        cseg.PCA(4).fit(X)
    for bad in (0, -1, 1.5, True, "mle"):
        with pytest.raises(ValueError):
            cseg.PCA(bad).fit(X)
    with pytest.raises(ValueError):
        cseg.PCA(1).fit(X[:1])
    Xn = X.copy()
    Xn[2, 1] = np.nan
    with pytest.raises(cseg.MissingValuesError, match="NaN"):
        cseg.PCA(2).fit(Xn)
    pca = cseg.PCA(2).fit(X)
    with pytest.raises(ValueError, match="NaN"):
        pca.transform(Xn)
    with pytest.raises(ValueError, match="features"):
        pca.transform(X[:, :2])
    with pytest.raises(cseg.NotFittedError):
        cseg.PCA(2).transform(X)


def test_handles_freed():
    gc.collect()
    base = cseg.live_handles()
    X = np.random.RandomState(1).normal(size=(20, 4))
    pca = cseg.PCA(2).fit(X)
    pca.fit(X)  # refitting frees the previous handle
    assert cseg.live_handles() == base + 1
    cseg.PCA(0.9).fit(X)
    with pytest.raises(ValueError):
        cseg.PCA(2).fit(np.full((3, 2), np.nan))
    del pca
    gc.collect()
    assert cseg.live_handles() == base
