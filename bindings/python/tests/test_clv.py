"""cseg.clv against the published CDNOW results (data/README.md) and lifetimes' summaries."""

import os
import pickle

import numpy as np
import pytest

import cseg
from cseg import clv

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def cdnow(root):
    tx = clv.Transactions.read(os.path.join(root, "data", "cdnow", "CDNOW_sample.txt"),
                               id_column=0, date_column=2, amount_column=4, quantity_column=3)
    return tx, clv.summary_data_from_transactions(tx, "1997-09-30", "1998-06-30")


def test_transactions(cdnow):
    tx, _ = cdnow
    assert (tx.n_rows, tx.n_customers, tx.n_skipped) == (6919, 2357, 0)
    assert tx.date_range == (np.datetime64("1997-01-01"), np.datetime64("1998-06-30"))
    rows = tx.to_arrays()
    assert rows["customer_id"][0] == "00004" and rows["amount"][0] == pytest.approx(29.33)


def test_summary_matches_published(root, cdnow):
    _, s = cdnow
    ref = pd.read_csv(os.path.join(root, "data", "cdnow", "cdnow_customers_summary_with_transactions.csv"))
    assert len(s) == len(ref) == 2357
    np.testing.assert_array_equal(s["frequency"].to_numpy(), ref["x"].to_numpy())
    np.testing.assert_allclose(s["recency"].to_numpy(), ref["t_x"].to_numpy(), atol=0.006)
    np.testing.assert_allclose(s["T"].to_numpy(), ref["T"].to_numpy(), atol=0.006)
    np.testing.assert_allclose(s["monetary_value"].to_numpy(), ref["zbar"].to_numpy(), atol=0.006)
    assert (s["duration_holdout"] == 39).all()


def test_bgnbd_published(cdnow):
    _, s = cdnow
    bg = clv.BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    got = [bg.params_[k] for k in ("r", "alpha", "a", "b")]
    np.testing.assert_allclose(got, [0.243, 4.414, 0.793, 2.426], atol=0.0015)
    assert bg.log_likelihood_ == pytest.approx(-9582.4, abs=0.05)
    e = bg.conditional_expected_number_of_purchases_up_to_time(39, [2], [30.43], [38.86])
    assert e[0] == pytest.approx(1.226, abs=0.0006)
    p = bg.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
    assert p.shape == (2357,) and ((p > 0) & (p <= 1)).all()
    bg2 = pickle.loads(pickle.dumps(bg))
    np.testing.assert_array_equal(bg2.conditional_probability_alive(s["frequency"], s["recency"], s["T"]), p)


def test_pareto_and_gamma_gamma_published(cdnow):
    _, s = cdnow
    pn = clv.ParetoNBDFitter().fit(s["frequency"], s["recency"], s["T"])
    np.testing.assert_allclose([pn.params_[k] for k in ("r", "alpha", "s", "beta")],
                               [0.553, 10.578, 0.606, 11.669], atol=0.006)
    gg = clv.GammaGammaFitter().fit(s["frequency"], s["monetary_value"])
    np.testing.assert_allclose([gg.params_[k] for k in ("p", "q", "gamma")], [6.25, 3.74, 15.44], atol=0.006)
    v = gg.customer_lifetime_value(pn, s["frequency"], s["recency"], s["T"], s["monetary_value"])
    assert v.shape == (2357,) and (v >= 0).all()


def test_from_arrays_and_set_params():
    tx = clv.Transactions.from_arrays(["a", "a", "b"], ["2020-01-01", "2020-02-01", "2020-01-15"],
                                      [10.0, 20.0, 5.0])
    assert tx.n_customers == 2
    s = clv.summary_data_from_transactions(tx, np.datetime64("2020-03-01"), unit="days")
    assert s.loc["a", "frequency"] == 1 and s.loc["a", "recency"] == 31 and s.loc["a", "T"] == 60
    bg = clv.BetaGeoFitter().set_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    assert bg.conditional_expected_number_of_purchases_up_to_time(39, [2], [30.43], [38.86])[0] == \
        pytest.approx(1.226, abs=0.001)


def test_errors(tmp_path):
    bg = clv.BetaGeoFitter()
    with pytest.raises(cseg.NotFittedError):
        bg.conditional_probability_alive([1], [1], [2])
    with pytest.raises(cseg.InvalidArgumentError, match="recency"):
        bg.fit([1, 2], [1.0], [3.0, 4.0])
    with pytest.raises(ValueError, match="row"):
        bg.fit([1, 2], [5.0, 1.0], [3.0, 4.0])  # t_x > T
    with pytest.raises(cseg.FileError):
        clv.Transactions.read(tmp_path / "none.txt")
    with pytest.raises(cseg.InvalidArgumentError):
        clv.Transactions.from_arrays(["a"], ["2020-01-01", "2020-01-02"], [1.0])
    with pytest.raises(ValueError):
        clv.BetaGeoFitter().set_params(r=1.0)
