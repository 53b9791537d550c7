"""cseg.GaussianMixture against sklearn.mixture.GaussianMixture on the same data."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture as SkGMM

import cseg

COVS = ["full", "tied", "diag", "spherical"]


def _start(X, k, cov, seed=0):
    """Weights, means and precisions both libraries start from."""
    rng = np.random.RandomState(seed)
    n, d = X.shape
    c = np.cov(X.T, bias=True)
    prec = {"full": np.array([np.linalg.inv(c)] * k), "tied": np.linalg.inv(c),
            "diag": np.array([1 / np.diag(c)] * k), "spherical": np.full(k, 1 / np.mean(np.diag(c)))}
    return dict(weights_init=np.full(k, 1.0 / k), means_init=X[rng.choice(n, k, replace=False)],
                precisions_init=prec[cov])


@pytest.mark.parametrize("cov", COVS)
def test_matches_sklearn_from_same_start(blobs, cov):
    X, _ = blobs
    kw = dict(n_components=4, covariance_type=cov, **_start(X, 4, cov))
    ours = cseg.GaussianMixture(**kw).fit(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = SkGMM(**kw).fit(X)
    assert ours.n_iter_ == ref.n_iter_
    assert ours.converged_ == ref.converged_
    np.testing.assert_allclose(ours.lower_bound_, ref.lower_bound_, rtol=1e-6)
    for name in ("weights_", "means_", "covariances_", "precisions_cholesky_", "precisions_"):
        np.testing.assert_allclose(getattr(ours, name), getattr(ref, name), rtol=1e-6, atol=1e-8,
                                   err_msg=name)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-7)
    np.testing.assert_allclose(ours.score_samples(X), ref.score_samples(X), rtol=1e-7)
    np.testing.assert_allclose(ours.score(X), ref.score(X), rtol=1e-7)
    np.testing.assert_allclose(ours.bic(X), ref.bic(X), rtol=1e-7)
    np.testing.assert_allclose(ours.aic(X), ref.aic(X), rtol=1e-7)
    assert (ours.predict(X) == ref.predict(X)).all()
    assert (ours.labels_ == ours.predict(X)).all()


@pytest.mark.parametrize("init", ["kmeans", "k-means++", "random", "random_from_data"])
def test_starts_reach_sklearn_quality(blobs, init):
    X, _ = blobs
    ours = cseg.GaussianMixture(4, init_params=init, n_init=3, random_state=1, max_iter=300).fit(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = SkGMM(4, init_params=init, n_init=3, random_state=1, max_iter=300).fit(X)
    assert ours.lower_bound_ >= ref.lower_bound_ - 1e-2 * abs(ref.lower_bound_)
    again = cseg.GaussianMixture(4, init_params=init, n_init=3, random_state=1, max_iter=300).fit(X)
    assert again.lower_bound_ == ours.lower_bound_


def test_predict_details_and_weights(blobs):
    X, _ = blobs
    gm = cseg.GaussianMixture(4, random_state=0).fit(X)
    a = gm.predict_details(X)
    p = gm.predict_proba(X)
    np.testing.assert_allclose(p.sum(axis=1), 1)
    assert (a.labels == p.argmax(axis=1)).all()
    np.testing.assert_allclose(a.confidence, p.max(axis=1), rtol=1e-12)
    # Integer weights are repeated rows.
    w = np.arange(len(X)) % 3
    kw = dict(n_components=4, **_start(X, 4, "full"))
    a = cseg.GaussianMixture(**kw).fit(X, sample_weight=w.astype(float))
    b = cseg.GaussianMixture(**kw).fit(np.repeat(X, w, axis=0))
    np.testing.assert_allclose(a.lower_bound_, b.lower_bound_, rtol=1e-10)
    np.testing.assert_allclose(a.covariances_, b.covariances_, rtol=1e-9)


def test_persistence(blobs, tmp_path):
    X, _ = blobs
    gm = cseg.GaussianMixture(3, covariance_type="diag", random_state=0).fit(X)
    path = tmp_path / "gmm.cseg"
    gm.save(path)
    for other in (cseg.GaussianMixture.load(path), pickle.loads(pickle.dumps(gm)),
                  cseg.GaussianMixture.from_bytes(gm.to_bytes())):
        assert other.covariance_type == "diag"
        np.testing.assert_array_equal(other.predict_proba(X), gm.predict_proba(X))
        assert other.lower_bound_ == gm.lower_bound_
    Xs, ys = gm.sample(50)
    assert Xs.shape == (50, 3) and ys.shape == (50,)


def test_far_points_no_nan(blobs):
    X, _ = blobs
    gm = cseg.GaussianMixture(4, random_state=0).fit(X)
    far = np.array([[1e150, -1e150, 1e149], [1e8, 1e8, -1e8]])
    p = gm.predict_proba(far)
    assert not np.isnan(p).any()
    np.testing.assert_allclose(p.sum(axis=1), 1)
    assert not np.isnan(gm.score_samples(far)).any()


def test_bad_inputs(blobs):
    X, _ = blobs
    with pytest.raises(ValueError):
        cseg.GaussianMixture(2, covariance_type="bogus").fit(X)
    with pytest.raises(ValueError):
        cseg.GaussianMixture(2, init_params="bogus").fit(X)
    with pytest.raises(ValueError):
        cseg.GaussianMixture(0).fit(X)
    with pytest.raises(ValueError):
        cseg.GaussianMixture(2, reg_covar=-1).fit(X)
    with pytest.raises(ValueError):
        cseg.GaussianMixture(2, weights_init=[0.2, 0.2]).fit(X)
    with pytest.raises(ValueError):
        cseg.GaussianMixture(2, means_init=np.zeros((3, 3))).fit(X)
    with pytest.raises(ValueError):
        cseg.GaussianMixture(2, precisions_init=-np.ones((2, 3, 3))).fit(X)
    with pytest.raises(ValueError):
        cseg.GaussianMixture(len(X) + 1).fit(X)
    Xn = X.copy()
    Xn[0, 0] = np.nan
    with pytest.raises(ValueError):
        cseg.GaussianMixture(2).fit(Xn)
    with pytest.raises(Exception):
        cseg.GaussianMixture(2).predict_proba(X)
    gm = cseg.GaussianMixture(2, random_state=0).fit(X)
    with pytest.raises(ValueError):
        gm.predict_proba(X[:, :2])
