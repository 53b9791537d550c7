"""cseg.RFM against pandas: CDNOW as of 1998-06-30, qcut-of-rank binning, the segment table."""

import gc
import os

import numpy as np
import pytest

import cseg

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def cdnow_rfm(root):
    """Per-customer recency (days to 1998-06-30), frequency (purchases) and total spend."""
    tx = pd.read_csv(os.path.join(root, "data", "cdnow", "CDNOW_master.txt"), sep=r"\s+",
                     dtype={"customer_id": str})
    tx["date"] = pd.to_datetime(tx["date"].astype(str), format="%Y%m%d")
    g = tx.groupby("customer_id")
    return pd.DataFrame({"recency": (pd.Timestamp("1998-06-30") - g["date"].max()).dt.days,
                         "frequency": g.size(), "monetary": g["dollar_value"].sum()})


def balanced_bins(x, n_bins):
    """The balanced binning, written from the description in cseg_rfm.h."""
    vals, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    groups = len(vals)
    if groups < n_bins:
        if groups == 1:
            return np.full(len(x), (n_bins + 1) // 2)
        j = np.arange(groups)
        return (1 + np.floor(j * (n_bins - 1) / (groups - 1) + 0.5).astype(int))[inverse]
    of_group = np.empty(groups, dtype=int)
    b, size, rows_left = 1, 0, len(x)
    target = rows_left / n_bins
    for i, c in enumerate(counts):
        if size > 0 and not (2 * size + c <= 2 * target and groups - i - 1 >= n_bins - b):
            rows_left -= size
            b += 1
            target = rows_left / (n_bins - b + 1)
            size = 0
        of_group[i] = b
        size += c
    return of_group[inverse]


def qcut_rank(x, n_bins):
    return pd.qcut(pd.Series(x).rank(method="first"), n_bins, labels=False).to_numpy() + 1


def default_segments(r, f, m):
    """The default table of cseg_rfm.h, applied with numpy (first match wins)."""
    fm = (f + m) / 2
    conds = [(r >= 4) & (fm >= 4), (r >= 3) & (fm >= 3), (r >= 4) & (fm >= 2), r == 5, r == 4,
             (r == 3) & (fm >= 2), r == 3, (r == 1) & (fm >= 4), fm >= 3, fm >= 2]
    names = ["Champions", "Loyal", "Potential Loyalists", "New", "Promising", "Need Attention",
             "About to Sleep", "Can't Lose Them", "At Risk", "Hibernating"]
    return np.select(conds, names, "Lost")


def test_cdnow_five_real_frequency_bins(cdnow_rfm):
    s = cdnow_rfm
    assert len(s) == 23570
    # The usual quantile recipe collapses: most customers bought once.
    assert pd.qcut(s["frequency"], 5, duplicates="drop").nunique() < 5
    rfm = cseg.RFM().fit(s, recency="recency", frequency="frequency", monetary="monetary")
    sc = rfm.scores_
    assert list(sc.columns) == ["r_score", "f_score", "m_score", "cell", "segment"]
    assert sc.index.equals(s.index)
    assert sorted(sc["f_score"].unique()) == [1, 2, 3, 4, 5]
    for col, score in (("recency", "r_score"), ("frequency", "f_score"), ("monetary", "m_score")):
        # Ties never split, and scores are monotone in the values.
        assert (sc.groupby(s[col])[score].nunique() == 1).all()
        by_value = sc.groupby(s[col])[score].first()
        diffs = np.diff(by_value.to_numpy())
        assert (diffs <= 0).all() if col == "recency" else (diffs >= 0).all()
        # The reported cut points reproduce every score (bin = 1 + #{cuts < v}).
        bins = 1 + np.searchsorted(rfm.cuts_[col], s[col].to_numpy(), side="left")
        expect = 6 - bins if col == "recency" else bins
        np.testing.assert_array_equal(sc[score].to_numpy(), expect)
        # And match the balanced rule as documented.
        ref = balanced_bins(s[col].to_numpy(), 5)
        np.testing.assert_array_equal(sc[score].to_numpy(), 6 - ref if col == "recency" else ref)
    # Frequency bins: 1 purchase, 2, 3, 4-5, 6+ (the ties decide, not the quantiles).
    np.testing.assert_array_equal(rfm.cuts_["frequency"], [1, 2, 3, 5])
    np.testing.assert_array_equal(sc["cell"], sc["r_score"] * 100 + sc["f_score"] * 10 + sc["m_score"])
    seg = default_segments(sc["r_score"].to_numpy(), sc["f_score"].to_numpy(), sc["m_score"].to_numpy())
    np.testing.assert_array_equal(sc["segment"].astype(str).to_numpy(), seg)
    sizes = pd.Series(seg).value_counts()
    assert rfm.segment_names_[-1] == "Other" and rfm.segment_sizes_["Other"] == 0
    for name in rfm.segment_names_[:-1]:
        assert rfm.segment_sizes_[name] == sizes.get(name, 0)
    assert rfm.segment_sizes_.sum() == len(s)


def test_rank_binning_is_qcut_of_rank(cdnow_rfm):
    s = cdnow_rfm  # 23570 customers
    sc = cseg.RFM(binning="rank").fit_transform(s)
    np.testing.assert_array_equal(sc["f_score"], qcut_rank(s["frequency"], 5))
    np.testing.assert_array_equal(sc["m_score"], qcut_rank(s["monetary"], 5))
    np.testing.assert_array_equal(sc["r_score"], 6 - qcut_rank(s["recency"], 5))


@pytest.mark.parametrize("n_bins", [2, 3, 4, 7, 10])
@pytest.mark.parametrize("seed", [0, 1])
def test_random_ties(n_bins, seed):
    rng = np.random.RandomState(seed)
    n = 97
    r = rng.randint(0, 40, n).astype(float)
    f = rng.geometric(0.5, n).astype(float)
    m = np.round(rng.lognormal(3, 1, n), 1)
    rfm = cseg.RFM(n_bins=n_bins).fit(r, f, m)
    sc = rfm.scores_
    np.testing.assert_array_equal(sc["f_score"], balanced_bins(f, n_bins))
    np.testing.assert_array_equal(sc["m_score"], balanced_bins(m, n_bins))
    np.testing.assert_array_equal(sc["r_score"], n_bins + 1 - balanced_bins(r, n_bins))
    mult = 100 if n_bins == 10 else 10
    np.testing.assert_array_equal(sc["cell"], (sc["r_score"] * mult + sc["f_score"]) * mult + sc["m_score"])
    rk = cseg.RFM(n_bins=n_bins, binning="rank").fit(recency=r, frequency=f, monetary=m).scores_
    # As documented: pandas.qcut of the rank (ties by row order), for any n.
    np.testing.assert_array_equal(rk["f_score"], qcut_rank(f, n_bins))
    np.testing.assert_array_equal(rk["r_score"], n_bins + 1 - qcut_rank(r, n_bins))


def test_rank_binning_is_qcut_of_rank_when_n_is_not_a_multiple():
    f = np.random.RandomState(0).geometric(0.5, 97).astype(float)
    sc = cseg.RFM(n_bins=7, binning="rank").fit(f, f, f).scores_
    np.testing.assert_array_equal(sc["f_score"], qcut_rank(f, 7))


def test_few_distinct_values_spread():
    # 3 distinct values over 5 bins: scores 1, 3, 5; one value: the middle bin.
    f = np.array([1, 1, 2, 3, 3, 3], dtype=float)
    sc = cseg.RFM().fit(np.arange(6.0), f, np.ones(6)).scores_
    np.testing.assert_array_equal(sc["f_score"], [1, 1, 3, 5, 5, 5])
    np.testing.assert_array_equal(sc["m_score"], [3] * 6)


def test_user_cuts_and_rules():
    r = np.array([3.0, 40, 100, 400, 10])
    f = np.array([1.0, 2, 5, 9, 20])
    m = np.array([10.0, 50, 200, 30, 1000])
    cuts = {"recency": [30, 90, 180, 365], "monetary": [20, 100, 500, 900]}
    rfm = cseg.RFM(cuts=cuts, segment_rules='r >= 4 and monetary >= 500 -> "Whale"\n'
                                           'f >= 4 -> "Frequent"').fit(r, f, m)
    sc = rfm.scores_
    np.testing.assert_array_equal(sc["r_score"], 6 - (1 + np.searchsorted(cuts["recency"], r)))
    np.testing.assert_array_equal(sc["m_score"], 1 + np.searchsorted(cuts["monetary"], m))
    np.testing.assert_array_equal(rfm.cuts_["recency"], cuts["recency"])
    assert rfm.segment_names_ == ["Whale", "Frequent", "Other"]
    expect = np.where((sc["r_score"] >= 4) & (m >= 500), "Whale",
                      np.where(sc["f_score"] >= 4, "Frequent", "Other"))
    np.testing.assert_array_equal(sc["segment"].astype(str), expect)
    assert "Champions" in cseg.rfm.default_segment_rules()


def test_bad_inputs():
    ok = np.arange(1.0, 6.0)
    with pytest.raises(cseg.InvalidArgumentError, match="frequency"):
        cseg.RFM().fit(ok, ok[:4], ok)
    with pytest.raises(cseg.MissingValuesError, match="monetary"):
        cseg.RFM().fit(ok, ok, np.array([1, 2, np.nan, 4, 5]))
    with pytest.raises(ValueError):
        cseg.RFM().fit(ok, ok, np.array([1, 2, np.inf, 4, 5]))
    with pytest.raises(ValueError):
        cseg.RFM().fit([], [], [])
    with pytest.raises(ValueError):
        cseg.RFM(n_bins=1).fit(ok, ok, ok)
    with pytest.raises(ValueError):
        cseg.RFM(n_bins=11).fit(ok, ok, ok)
    with pytest.raises(ValueError, match="binning"):
        cseg.RFM(binning="quantile").fit(ok, ok, ok)
    with pytest.raises(ValueError, match="n_bins - 1"):
        cseg.RFM(cuts={"frequency": [1, 2]}).fit(ok, ok, ok)
    with pytest.raises(ValueError, match="increasing"):
        cseg.RFM(cuts={"frequency": [1, 3, 2, 4]}).fit(ok, ok, ok)
    with pytest.raises(ValueError, match="dimension"):
        cseg.RFM(cuts={"f": [1, 2, 3, 4]}).fit(ok, ok, ok)
    df = pd.DataFrame({"recency": ok, "frequency": ok, "spend": ok})
    with pytest.raises(ValueError, match="'monetary'"):
        cseg.RFM().fit(df)
    assert cseg.RFM().fit(df, monetary="spend").scores_.shape == (5, 5)
    with cseg.Dataset(df) as ds:
        with pytest.raises(ValueError, match="monetary"):
            cseg.RFM().fit(ds)
        np.testing.assert_array_equal(cseg.RFM().fit(ds, monetary="spend").labels_,
                                      cseg.RFM().fit(df, monetary="spend").labels_)
    with pytest.raises(TypeError):
        cseg.RFM().fit(ok, ok)
    with pytest.raises(cseg.RuleSyntaxError) as e:
        cseg.RFM(segment_rules='r >= 4 -> "A"\nf >> 2 -> "B"').fit(ok, ok, ok)
    assert e.value.line == 2 and isinstance(e.value, ValueError)
    with pytest.raises(ValueError, match="line 1"):
        cseg.RFM(segment_rules='spend > 3 -> "A"').fit(ok, ok, ok)


def test_no_handle_left():
    gc.collect()
    base = cseg.live_handles()
    r = cseg.RFM().fit(np.arange(10.0), np.arange(10.0), np.arange(10.0))
    with pytest.raises(ValueError):
        cseg.RFM().fit(np.arange(3.0), np.arange(3.0), [1, np.nan, 2])
    assert cseg.live_handles() == base  # results are copied; the handle is freed by fit
    del r
