"""cseg.select_k and its building blocks against numpy, R's cluster (fixtures) and sklearn."""

import math
import os

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import pdist
from sklearn.cluster import KMeans as SkKMeans
from sklearn.metrics import adjusted_rand_score as sk_ari

import cseg


def _fixture(root, name):
    return os.path.join(root, "tests", "fixtures", "kselect", name)


@pytest.fixture(scope="module")
def three():
    """Three separated blobs of 60, 50 and 40 rows, and their labels."""
    rng = np.random.RandomState(3)
    centres = np.array([[0.0, 0.0], [6.0, 0.0], [3.0, 5.0]])
    sizes = [60, 50, 40]
    X = np.vstack([c + rng.normal(scale=0.5, size=(s, 2)) for c, s in zip(centres, sizes)])
    return X, np.repeat(np.arange(3), sizes)


def _w_k(X, labels, d_power):
    """clusGap's W.k: 0.5 * sum over segments of sum_{i<j} d_ij^p / n_c."""
    return 0.5 * sum((pdist(X[labels == c]) ** d_power).sum() / np.sum(labels == c)
                     for c in np.unique(labels))


def _max_se(f, se, rule, factor=1.0):
    """R's cluster::maxSE, 0-based."""
    K = len(f)
    def first_max(g):
        d = np.diff(g)
        nz = np.nonzero(d < 0)[0]
        return nz[0] if len(nz) else K - 1
    if rule == "firstmax":
        return first_max(f)
    if rule == "globalmax":
        return int(np.argmax(f))
    if rule == "Tibs2001SEmax":
        g_s = f - factor * se
        ok = np.nonzero(f[:-1] >= g_s[1:])[0]
        return ok[0] if len(ok) else K - 1
    best = first_max(f) if rule == "firstSEmax" else int(np.argmax(f))
    return int(np.nonzero(f >= f[best] - factor * se[best])[0][0])


@pytest.mark.parametrize("criterion", ["silhouette", "calinski", "calinski_harabasz", "davies",
                                       "gap", "elbow", "stability"])
def test_three_blobs_recommend_three(three, criterion):
    X, _ = three
    # every labeling of k = 1 is the same partition: stability starts at k = 2
    k_min = 2 if criterion == "stability" else 1
    sel = cseg.select_k(X, k_min, 8, criterion=criterion, gap_b=10, bootstrap_b=5)
    assert sel.recommended_k == 3
    assert sel.elbow_k == 3 and sel.gap_k == 3
    assert sel.criterion == criterion
    assert "recommended_k=3" in repr(sel)


def test_table_layout(three):
    X, _ = three
    sel = cseg.select_k(pd.DataFrame(X, columns=["a", "b"]), 2, 6, gap_b=5, bootstrap_b=3)
    t = sel.table
    assert isinstance(t, pd.DataFrame)
    assert t.index.name == "k" and list(t.index) == [2, 3, 4, 5, 6]
    assert list(t.columns) == ["inertia", "silhouette", "calinski_harabasz", "davies_bouldin",
                               "log_w", "gap", "gap_se", "min_size", "stability", "bic", "icl"]
    assert t["bic"].isna().all() and t["icl"].isna().all()  # no mixtures asked for
    assert (np.diff(t["inertia"]) < 0).all()
    assert t.loc[3, "min_size"] == 40
    assert t.loc[3, "stability"] > 0.99
    assert t["silhouette"].idxmax() == 3 and t["davies_bouldin"].idxmin() == 3


def test_indices_agree_with_sklearn(three):
    from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
    X, y = three
    t = cseg.select_k(X, 1, 4, gap_b=0, bootstrap_b=0, silhouette_sample=None).table
    # k = 1: one segment, the indices are undefined
    assert math.isnan(t.loc[1, "silhouette"]) and math.isnan(t.loc[1, "calinski_harabasz"])
    assert t.loc[1, "inertia"] == pytest.approx(((X - X.mean(0)) ** 2).sum(), rel=1e-12)
    # k = 3 finds the blobs: every index equals sklearn's on the true labels
    assert t.loc[3, "silhouette"] == pytest.approx(silhouette_score(X, y), rel=1e-9)
    assert t.loc[3, "calinski_harabasz"] == pytest.approx(calinski_harabasz_score(X, y), rel=1e-9)
    assert t.loc[3, "davies_bouldin"] == pytest.approx(davies_bouldin_score(X, y), rel=1e-9)
    sk = SkKMeans(3, n_init=10, random_state=0).fit(X)
    assert t.loc[3, "inertia"] == pytest.approx(sk.inertia_, rel=1e-9)
    assert np.isnan(t["gap"]).all() and np.isnan(t["stability"]).all()


@pytest.mark.parametrize("d_power", [1, 2])
def test_log_w_is_clusgaps(three, d_power):
    X, y = three
    sel = cseg.select_k(X, 1, 5, gap_b=8, gap_d_power=d_power, bootstrap_b=0,
                        criterion="gap")
    t = sel.table
    # k = 1 and k = 3 have one possible partition each here
    assert t.loc[1, "log_w"] == pytest.approx(math.log(_w_k(X, np.zeros(len(X), int), d_power)), rel=1e-12)
    assert t.loc[3, "log_w"] == pytest.approx(math.log(_w_k(X, y, d_power)), rel=1e-12)
    if d_power == 2:  # W_k is then half the within sum of squares, for every k
        np.testing.assert_allclose(t["log_w"], np.log(t["inertia"] / 2), rtol=1e-12)
    # the gap choice is maxSE on the table's columns
    f, se = t["gap"].to_numpy(), t["gap_se"].to_numpy()
    assert (se > 0).all()
    assert sel.gap_k == t.index[_max_se(f, se, "firstSEmax")]


def test_gap_table_against_clusgap_fixture(root):
    with open(_fixture(root, "gap_blobs.txt")) as fh:
        lines = [ln.split() for ln in fh if not ln.startswith("#")]
    n = int(lines[0][1])
    X = np.array([[float(v) for v in ln] for ln in lines[1:1 + n]])
    refs = {}
    rest = lines[1 + n:]
    for i in range(0, len(rest), 5):
        refs[rest[i][1]] = {r[0]: np.array([float(v) for v in r[1:]]) for r in rest[i + 1:i + 5]}
    for space, ref in refs.items():
        sel = cseg.select_k(X, 1, 6, gap_b=100, gap_space=space, n_init=10, bootstrap_b=0,
                            criterion="gap")
        t = sel.table
        np.testing.assert_allclose(t["log_w"].to_numpy()[:3], ref["logW"][:3], rtol=1e-9)
        # Monte Carlo: within four combined standard errors of R's
        assert (np.abs(t["gap"] - ref["gap"]) < 4 * (t["gap_se"] + ref["se"])).all(), space
        assert sel.gap_k == int(ref["k"][0]) and sel.recommended_k == 3


@pytest.mark.parametrize("rule", sorted(cseg.kselect.GAP_RULES))
def test_gap_rules(three, rule):
    X, _ = three
    sel = cseg.select_k(X, 1, 6, gap_b=6, gap_rule=rule, gap_se_factor=2.0, bootstrap_b=0)
    t = sel.table
    f, se = t["gap"].to_numpy(), t["gap_se"].to_numpy()
    assert sel.gap_k == t.index[_max_se(f, se, rule, 2.0)]
    assert cseg.gap_choose(f, se, rule, 2.0) == _max_se(f, se, rule, 2.0)


def test_limits(three):
    X, _ = three
    sel = cseg.select_k(X, 1, 8, max_segments=2, gap_b=0, bootstrap_b=0)
    assert sel.recommended_k == 2
    sel = cseg.select_k(X, 2, 8, min_size=45, gap_b=0, bootstrap_b=0)
    t = sel.table
    assert t.loc[3, "min_size"] == 40
    assert sel.recommended_k is not None and sel.recommended_k != 3
    assert t.loc[sel.recommended_k, "min_size"] >= 45
    # the elbow and gap choices ignore the limits; only the recommendation applies them
    assert sel.elbow_k == 3
    sel = cseg.select_k(X, 2, 8, min_size=1000, gap_b=0, bootstrap_b=0)
    assert sel.recommended_k is None
    sel = cseg.select_k(X, 2, 8, min_size=45, max_segments=2, criterion="elbow", gap_b=0,
                        bootstrap_b=0)
    assert sel.recommended_k is None  # only k = 2 is admissible: no knee in one point


def test_reproducible(three):
    X, _ = three
    a = cseg.select_k(X, 1, 5, gap_b=4, bootstrap_b=3, random_state=11).table
    b = cseg.select_k(X, 1, 5, gap_b=4, bootstrap_b=3, random_state=11).table
    pd.testing.assert_frame_equal(a, b)
    assert cseg.live_handles() >= 0


def test_no_handle_leaks(three):
    X, _ = three
    before = cseg.live_handles()
    cseg.select_k(X, 1, 4, gap_b=2, bootstrap_b=0)
    with pytest.raises(ValueError):
        cseg.select_k(X, 1, 4, n_init=0)
    assert cseg.live_handles() == before


def test_mixtures_columns(three):
    X, _ = three
    try:
        sel = cseg.select_k(X, 1, 5, mixtures=True, criterion="bic", gap_b=0, bootstrap_b=0)
    except cseg.UnsupportedError:
        pytest.skip("this build has no Gaussian mixtures")
    t = sel.table
    assert np.isfinite(t["bic"]).all() and (t["icl"] >= t["bic"] - 1e-9).all()
    assert sel.recommended_k == 3


def test_adjusted_rand_against_sklearn(root):
    with open(_fixture(root, "ari.txt")) as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            v = line.split()
            n = int(v[0])
            a, b, want = v[1:1 + n], v[1 + n:1 + 2 * n], float(v[-1])
            assert cseg.adjusted_rand_score(a, b) == pytest.approx(want, rel=1e-12, abs=1e-15)
    rng = np.random.RandomState(5)
    for n, k in [(2, 2), (30, 3), (1000, 7)]:
        a, b = rng.randint(k, size=n), rng.randint(k + 1, size=n)
        assert cseg.adjusted_rand_score(a, b) == pytest.approx(sk_ari(a, b), rel=1e-12, abs=1e-15)
    s = np.array(["x", "y", "x", "z"])
    assert cseg.adjusted_rand_score(s, [1, 2, 1, 3]) == 1.0


def test_gap_choose_against_maxse_fixture(root):
    rules = {v: k for k, v in cseg.kselect.GAP_RULES.items()}
    count = 0
    with open(_fixture(root, "maxse.txt")) as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            v = line.split()
            rule, factor, n = int(v[0]), float(v[1]), int(v[2])
            gap = [float(x) for x in v[3:3 + n]]
            se = [float(x) for x in v[3 + n:3 + 2 * n]]
            assert cseg.gap_choose(gap, se, rules[rule], factor) == int(v[-1]) - 1, line
            count += 1
    assert count >= 200


def test_knee():
    assert cseg.knee([1, 2, 3, 4, 5], [100, 30, 20, 15, 12]) == 1
    assert cseg.knee([1, 2, 3], [3, 2, 1]) is None  # straight line
    with pytest.raises(ValueError, match="x has 3 values but y has 2"):
        cseg.knee([1, 2, 3], [1, 2])
    with pytest.raises(ValueError):
        cseg.knee([1, 2], [2, 1])  # fewer than 3 points


def test_raw_wrappers_check_lengths():
    _cseg = cseg._cseg
    with pytest.raises(ValueError, match="gap has 2 values but se has 1"):
        _cseg.cseg_bind_gap_choose(np.zeros(2), np.zeros(1), 0, 1.0)
    with pytest.raises(ValueError, match="x has 3 values but y has 4"):
        _cseg.cseg_bind_knee(np.arange(3.0), np.arange(4.0))
    with pytest.raises(ValueError, match="3 and 2 labels"):
        _cseg.cseg_bind_adjusted_rand(np.zeros(2, np.int64), np.zeros(3, np.int64))
    with pytest.raises(ValueError):
        _cseg.cseg_bind_adjusted_rand(None, None)


@pytest.mark.parametrize("kwargs, match", [
    (dict(k_min=0), "k_min"),
    (dict(k_min=5, k_max=3), "k_min = 5 exceeds k_max = 3"),
    (dict(k_max=150), "k_max"),
    (dict(k_min=True), "k_min must be an int"),
    (dict(k_max=2.5), "k_max must be an int"),
    (dict(max_segments=-1), "max_segments"),
    (dict(min_size=-3), "min_size"),
    (dict(criterion="best"), "criterion must be one of"),
    (dict(criterion="gap", gap_b=0), "gap_b > 0"),
    (dict(criterion="bic"), "mixtures"),
    (dict(criterion="stability", bootstrap_b=0), "bootstrap_b > 0"),
    (dict(criterion="elbow", k_min=2, k_max=3), "at least 3 values of k"),
    (dict(gap_b=-1), "gap_b"),
    (dict(gap_rule="max"), "gap_rule must be one of"),
    (dict(gap_space="pca"), "gap_space must be one of"),
    (dict(gap_d_power=3), "gap_d_power"),
    (dict(gap_se_factor=-1.0), "gap_se_factor"),
    (dict(gap_se_factor="1"), "gap_se_factor"),
    (dict(silhouette_sample=-1), "silhouette_sample"),
    (dict(bootstrap_b=-2), "bootstrap_b"),
    (dict(n_init=0), "n_init"),
    (dict(random_state=-1), "random_state"),
])
def test_bad_arguments(three, kwargs, match):
    X, _ = three
    with pytest.raises(ValueError, match=match):
        cseg.select_k(X, **kwargs)


def test_bad_data(three):
    X, _ = three
    with pytest.raises(cseg.MissingValuesError):
        Y = X.copy()
        Y[4, 1] = np.nan
        cseg.select_k(Y, 1, 3)
    with pytest.raises(ValueError):
        Y = X.copy()
        Y[0, 0] = np.inf
        cseg.select_k(Y, 1, 3)
    with pytest.raises(ValueError, match="k_max = 5 needs more than 5 rows"):
        cseg.select_k(X[:5], 1, 5)
    with pytest.raises(ValueError):
        cseg.select_k(np.zeros((0, 2)), 1, 3)
    with pytest.raises(ValueError):
        cseg.select_k(np.zeros((10, 0)), 1, 3)
    with pytest.raises(ValueError):
        cseg.gap_choose([0.1, 0.2], [0.1])
    with pytest.raises(ValueError):
        cseg.gap_choose([0.1, np.nan], [0.1, 0.1])
    with pytest.raises(ValueError):
        cseg.gap_choose([], [])
    with pytest.raises(ValueError, match="rule must be one of"):
        cseg.gap_choose([0.1], [0.1], rule="best")
    with pytest.raises(ValueError):
        cseg.adjusted_rand_score([0, 1], [0, 1, 1])
    with pytest.raises(ValueError):
        cseg.adjusted_rand_score([], [])
