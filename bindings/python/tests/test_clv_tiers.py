"""cseg.clv.tiers: the hand-worked case of tests/clv/test_clv.c, CDNOW CLV
quartiles from the published parameters, agreement with RFM's balanced bins,
user cut points and bad input."""

import os

import numpy as np
import pytest

import cseg
from cseg import clv


def test_hand_worked():
    # Sorted 1 2 | 3 3 3 | 5 7 9 (test_tiers_small in tests/clv/test_clv.c).
    t, c = clv.tiers([5, 1, 3, 3, 9, 7, 3, 2], n_tiers=3)
    assert t.dtype == np.int64
    assert t.tolist() == [1, 3, 2, 2, 1, 1, 2, 3]
    assert c.tolist() == [3.0, 2.0]
    assert clv.tiers([-3.5, -7.0], n_tiers=2)[0].tolist() == [1, 2]
    assert clv.tiers([1.0, 1.0, 2.0], n_tiers=3)[0].tolist() == [3, 3, 1]
    assert clv.tiers([4.0] * 4, n_tiers=3)[0].tolist() == [2, 2, 2, 2]
    # The given cuts classify other values by the same rule.
    assert clv.tiers([100.0, 3.0, 2.5, 2.0, -1.0], cuts=c)[0].tolist() == [1, 2, 2, 3, 3]


@pytest.fixture(scope="module")
def cdnow_clv(root):
    pd = pytest.importorskip("pandas")
    s = pd.read_csv(os.path.join(root, "data", "cdnow", "cdnow_customers_summary_with_transactions.csv"))
    bg = clv.BetaGeoFitter().set_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    gg = clv.GammaGammaFitter().set_params(p=6.25, q=3.74, gamma=15.44)
    v = gg.customer_lifetime_value(bg, s["x"], s["t_x"], s["T"], s["zbar"], n_periods=12,
                                   period_length=4.345, discount_rate=0.01)
    return s, pd.Series(v, index=s["ID"].astype(str), name="clv")


def test_cdnow_quartiles(cdnow_clv):
    s, v = cdnow_clv
    t, c = clv.tiers(v, n_tiers=4)
    assert t.name == "clv_tier" and (t.index == v.index).all()
    vals, tv = v.to_numpy(), t.to_numpy()
    # Tier 1 + #{j : v <= cuts[j]}; higher value never in a worse tier.
    np.testing.assert_array_equal(tv, 1 + (vals[:, None] <= c[None, :]).sum(axis=1))
    order = np.argsort(-vals, kind="stable")
    assert (np.diff(tv[order]) >= 0).all()
    max_ties = int(v.value_counts().max())
    assert max_ties < len(v) // 4
    sizes = np.bincount(tv, minlength=5)[1:]
    assert (np.abs(sizes - len(v) // 4) <= max_ties).all()
    # Tiers are RFM's balanced bins counted from the top.
    rfm = cseg.RFM(n_bins=4).fit(s["t_x"], s["x"], vals)
    np.testing.assert_array_equal(tv, 5 - rfm.scores_["m_score"].to_numpy())
    np.testing.assert_array_equal(c, rfm.cuts_["monetary"][::-1])
    # The same cuts reproduce the tiers; the rule text does too.
    np.testing.assert_array_equal(clv.tiers(vals, cuts=c)[0], tv)
    rules = cseg.Rules(f'clv > {c[0]!r} -> "Top value"\nclv > {c[1]!r} -> "High value"\n'
                       f'clv > {c[2]!r} -> "Mid value"\ntrue -> "Low value"')
    res = rules.apply(v.to_frame())
    np.testing.assert_array_equal(res.labels, tv - 1)


def test_bad_input():
    with pytest.raises(cseg.InvalidArgumentError, match="row 1"):
        clv.tiers([3.0, np.nan, 2.0, 5.0], n_tiers=2)
    with pytest.raises(cseg.InvalidArgumentError, match="row 2"):
        clv.tiers([3.0, 1.0, np.inf, 5.0], n_tiers=2)
    with pytest.raises(cseg.InvalidArgumentError, match="n_tiers = 1 must be in 2..1000"):
        clv.tiers([3.0, 1.0], n_tiers=1)
    with pytest.raises(cseg.InvalidArgumentError, match="n_tiers = 1001"):
        clv.tiers(np.arange(2000.0), n_tiers=1001)
    with pytest.raises(cseg.InvalidArgumentError, match="exceeds n_rows"):
        clv.tiers([3.0, 1.0], n_tiers=3)
    with pytest.raises(cseg.InvalidArgumentError, match="no customers"):
        clv.tiers([], n_tiers=2)
    with pytest.raises(cseg.InvalidArgumentError, match="1-D"):
        clv.tiers([[1.0, 2.0]], n_tiers=2)
    with pytest.raises(cseg.InvalidArgumentError, match="n_tiers: expected an int"):
        clv.tiers([1.0, 2.0], n_tiers=2.5)
    with pytest.raises(cseg.InvalidArgumentError, match="values: expected numbers"):
        clv.tiers(["a", "b"], n_tiers=2)
    with pytest.raises(cseg.InvalidArgumentError, match="non-increasing"):
        clv.tiers([1.0, 2.0], cuts=[1.0, 2.0])
    with pytest.raises(cseg.InvalidArgumentError, match="non-increasing"):
        clv.tiers([1.0, 2.0], cuts=[np.nan])
    with pytest.raises(cseg.InvalidArgumentError, match="n_tiers - 1 expected"):
        clv.tiers([1.0, 2.0], n_tiers=4, cuts=[2.0, 1.0])
    with pytest.raises(cseg.InvalidArgumentError, match="row 0"):
        clv.tiers([np.nan, 2.0], cuts=[1.0])
    # The raw layer sizes its outputs itself: no way to pass short buffers.
    with pytest.raises(TypeError):
        cseg._cseg.cseg_py_clv_tiers([1.0, 2.0], 2, None)
