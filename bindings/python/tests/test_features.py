"""cseg.features against a pandas groupby computation and the CDNOW fixtures
(tests/fixtures/features, written by gen_features.py); Transactions from
DataFrames and files; bad input."""

import os

import numpy as np
import pytest

import cseg
from cseg import clv

pd = pytest.importorskip("pandas")

EPOCH = np.datetime64("1970-01-01", "D")


@pytest.fixture(scope="module")
def orders():
    """300 orders of 40 customers over 2023, some returns, a channel with unknowns."""
    rng = np.random.RandomState(11)
    n = 300
    ids = np.array([f"c{k:02d}" for k in rng.randint(0, 40, size=n)])
    day = np.datetime64("2023-01-01") + rng.randint(0, 365, size=n).astype("timedelta64[D]")
    amount = np.round(rng.gamma(2.0, 30.0, size=n), 2)
    amount[rng.rand(n) < 0.08] *= -1  # returns
    channel = rng.choice(np.array(["web", "store", "app", None], dtype=object), size=n,
                         p=[0.45, 0.35, 0.15, 0.05])
    return pd.DataFrame({"customer_id": ids, "date": day, "amount": amount, "channel": channel})


def reference(df, as_of, orders=False, onboarding=0, active_within=0):
    """The definitions of cseg_features.h, written with pandas groupby."""
    d = df.assign(day=(df["date"].to_numpy().astype("datetime64[D]") - EPOCH).astype(np.int64))
    a = int((np.datetime64(as_of, "D") - EPOCH).astype(np.int64))
    d = d[d["day"] <= a]
    p = d[d["amount"] >= 0]
    first, last = p.groupby("id")["day"].min(), p.groupby("id")["day"].max()
    order = [c for c in pd.unique(df["id"]) if c in first.index]
    d = d[d["id"].isin(first.index)]
    w = d[d["day"] >= d["id"].map(first) + onboarding]
    pw = w[w["amount"] >= 0]
    freq = pw.groupby("id").size() if orders else pw.groupby("id")["day"].nunique()
    freq = freq.reindex(order, fill_value=0).astype(float)
    mon = w.groupby("id")["amount"].sum().reindex(order, fill_value=0.0)
    days = pw.drop_duplicates(["id", "day"]).sort_values(["id", "day"])
    gaps = days.assign(gap=days.groupby("id")["day"].diff()).dropna(subset=["gap"])
    out = pd.DataFrame({
        "recency": (a - last).reindex(order).astype(float),
        "frequency": freq,
        "monetary": mon,
        "aov": (mon / freq).where(freq > 0),
        "tenure": (a - first).reindex(order).astype(float),
        "ipt_mean": gaps.groupby("id")["gap"].mean().reindex(order),
        "ipt_std": gaps.groupby("id")["gap"].std(ddof=1).reindex(order),
        "n_returns": (w["amount"] < 0).groupby(w["id"]).sum().reindex(order, fill_value=0).astype(float),
    }, index=pd.Index(order, name="customer_id"))
    if "channel" in df:
        gross = pw.groupby("id")["amount"].sum().reindex(order, fill_value=0.0)
        spend = pw.dropna(subset=["channel"]).pivot_table(index="id", columns="channel", values="amount",
                                                          aggfunc="sum", fill_value=0.0)
        for v in sorted(d["channel"].dropna().unique()):
            col = spend[v].reindex(order, fill_value=0.0) if v in spend else pd.Series(0.0, index=order)
            out[f"share_channel_{v}"] = (col / gross).where(gross > 0).to_numpy()
    if active_within > 0:
        out = out[out["recency"] < active_within]
    return out


@pytest.mark.parametrize("kw", [{}, {"frequency": "orders"}, {"onboarding_days": 45},
                                {"active_within": 60, "frequency": "orders"}])
def test_matches_pandas_groupby(orders, kw):
    as_of = "2023-10-31"
    got = cseg.features(orders, as_of, channel_column="channel", **kw)
    ref = reference(orders.rename(columns={"customer_id": "id"}), as_of,
                    orders=kw.get("frequency") == "orders", onboarding=kw.get("onboarding_days", 0),
                    active_within=kw.get("active_within", 0))
    assert list(got.index) == list(ref.index)
    assert got.index.name == "customer_id"
    pd.testing.assert_frame_equal(got[ref.columns], ref, check_exact=False, rtol=1e-12, atol=1e-9)
    # The rest of the default columns, in the documented order.
    assert list(got.columns) == ["recency", "frequency", "monetary", "aov", "tenure", "ipt_mean",
                                 "ipt_std", "n_returns", "frequency_seasonal", "share_channel_app",
                                 "share_channel_store", "share_channel_web"]
    if not kw.get("onboarding_days"):
        assert got["frequency_seasonal"].notna().all()  # W is never empty without onboarding


def test_inputs_agree_frame_arrays_file(orders, tmp_path):
    as_of = "2023-12-31"
    by_frame = cseg.features(orders, as_of)
    # Dates as strings and the frame's own column names.
    renamed = orders.rename(columns={"customer_id": "cust", "date": "when", "amount": "eur"})
    renamed["when"] = renamed["when"].dt.strftime("%Y-%m-%d")
    pd.testing.assert_frame_equal(cseg.features(renamed, as_of, id_column="cust", date_column="when",
                                                amount_column="eur"), by_frame)
    tx = clv.Transactions.from_arrays(orders["customer_id"], orders["date"], orders["amount"])
    pd.testing.assert_frame_equal(cseg.features(tx, np.datetime64(as_of)), by_frame)
    path = tmp_path / "orders.csv"
    renamed.to_csv(path, index=False)
    from_file = cseg.features(str(path), as_of, id_column="cust", date_column="when", amount_column="eur")
    pd.testing.assert_frame_equal(from_file, by_frame)
    # Transactions round trip.
    back = clv.Transactions.from_frame(tx.to_frame())
    assert (back.n_rows, back.n_customers, back.n_returns) == (tx.n_rows, tx.n_customers, tx.n_returns)


def test_attributes_file_and_frame(orders, tmp_path):
    path = tmp_path / "orders.csv"
    orders.to_csv(path, index=False)  # None channels become empty cells: unknown
    tx = clv.Transactions.read(path, id_column="customer_id", date_column="date",
                               amount_column="amount", channel_column="channel")
    assert tx.has_attribute("channel") and not tx.has_attribute("region")
    assert sorted(tx.levels("channel")) == ["app", "store", "web"]
    assert tx.levels("category") == []
    ref = cseg.features(orders, "2023-12-31", channel_column="channel")
    pd.testing.assert_frame_equal(cseg.features(tx, "2023-12-31"), ref)
    # set_attribute on a log built without it, and removal.
    tx2 = clv.Transactions.from_frame(orders)
    tx2.set_attribute("region", orders["channel"])
    f = cseg.features(tx2, "2023-12-31", columns=["share_region"])
    np.testing.assert_allclose(f.to_numpy(), ref[[c for c in ref if c.startswith("share_")]].to_numpy())
    tx2.set_attribute("region", None)
    assert not tx2.has_attribute("region")


def test_selection_holdout_and_dataset(orders):
    f = cseg.features(orders, "2023-06-30", columns=["monetary", "recency"], channel_column="channel")
    assert list(f.columns) == ["monetary", "recency"]
    f = cseg.features(orders, "2023-06-30", columns=["share_channel_web", "frequency"],
                      channel_column="channel")
    assert list(f.columns) == ["share_channel_web", "frequency"]
    h = cseg.features(orders, "2023-06-30", holdout_end="2023-12-31", frequency="orders")
    h2 = cseg.features_holdout(orders, "2023-06-30", "2023-12-31", frequency="orders")
    pd.testing.assert_frame_equal(h, h2)
    late = orders[(orders["date"] > "2023-06-30") & (orders["date"] <= "2023-12-31")]
    ref = late[late["amount"] >= 0].groupby("customer_id").size()
    np.testing.assert_array_equal(h["holdout_frequency"], ref.reindex(h.index, fill_value=0))
    np.testing.assert_allclose(h["holdout_monetary"],
                               late.groupby("customer_id")["amount"].sum().reindex(h.index, fill_value=0))
    ds = cseg.features(orders, "2023-06-30", as_frame=False)
    assert isinstance(ds, cseg.Dataset)
    assert ds.ids == list(h.index) and ds.columns[:3] == ["recency", "frequency", "monetary"]
    # Features feed RFM and profiles directly.
    full = cseg.features(orders, "2023-12-31")
    rfm = cseg.RFM().fit(full)
    assert list(rfm.scores_.index) == list(full.index)
    prof = cseg.profile(full[["recency", "frequency", "monetary"]], rfm.labels_)
    assert prof.sizes.sum() == len(full)


def _fixture(root, name):
    path = os.path.join(root, "tests", "fixtures", "features", name)
    with open(path) as fh:
        head = dict(kv.split("=") for kv in fh.readline()[1:].split())
    ref = pd.read_csv(path, skiprows=1, dtype={"id": str}, na_values=["nan"])
    ref = ref.astype({c: float for c in ref.columns if c != "id"})
    return int(head["n_customers"]), int(head["n_missing"]), ref.set_index("id")


@pytest.fixture(scope="module")
def cdnow(root):
    """CDNOW with channel and category derived as gen_features.py does."""
    tx = clv.Transactions.read(os.path.join(root, "data", "cdnow", "CDNOW_master.txt"),
                               quantity_column=2, amount_column=3)
    rows = tx.to_arrays()
    days = (rows["date"] - EPOCH).astype(np.int64)
    tx.set_attribute("channel", np.where(rows["quantity"].astype(np.int64) % 2 == 1, "web", "store"))
    tx.set_attribute("category", np.char.add("c", (days % 3).astype(str)))
    return tx


@pytest.mark.parametrize("name", ["features_cdnow_1998.csv", "features_cdnow_holdout.csv"])
def test_cdnow_fixture(root, cdnow, name):
    n_cust, n_miss, ref = _fixture(root, name)
    if name.endswith("1998.csv"):
        got = cseg.features(cdnow, "1998-06-30")
    else:
        got = cseg.features_holdout(cdnow, "1997-09-30", "1998-06-30", frequency="orders",
                                    onboarding_days=30, active_within=180)
    assert len(got) == n_cust
    assert int(got.isna().sum().sum()) == n_miss
    assert list(got.columns) == list(ref.columns)
    pd.testing.assert_frame_equal(got.loc[ref.index], ref, check_names=False, check_exact=False,
                                  rtol=1e-9, atol=1e-9)


def test_bad_input(orders):
    with pytest.raises(cseg.InvalidArgumentError, match="id_column: no column 'cust'"):
        cseg.features(orders, "2023-06-30", id_column="cust")
    with pytest.raises(cseg.InvalidArgumentError, match="channel_column: no column 'chan'"):
        clv.Transactions.from_frame(orders, channel_column="chan")
    bad = orders.copy()
    bad.loc[5, "amount"] = np.nan
    with pytest.raises(cseg.MissingValuesError, match="amount_column 'amount': NaN at row 5"):
        cseg.features(bad, "2023-06-30")
    bad = orders.copy()
    bad.loc[7, "amount"] = np.inf
    with pytest.raises(cseg.InvalidArgumentError, match="amount_column 'amount': infinite value at row 7"):
        clv.Transactions.from_frame(bad)
    bad = orders.assign(amount=orders["amount"].astype(str))
    bad.loc[3, "amount"] = "ten"
    with pytest.raises(cseg.InvalidArgumentError, match="amount_column 'amount': expected numbers"):
        clv.Transactions.from_frame(bad)
    bad = orders.assign(date=orders["date"].dt.strftime("%Y-%m-%d"))
    bad.loc[4, "date"] = "2023-02-30"
    with pytest.raises(cseg.InvalidArgumentError, match=r"date_column 'date': row 4: '2023-02-30' is not a date"):
        cseg.features(bad, "2023-06-30")
    bad.loc[4, "date"] = None
    with pytest.raises(cseg.InvalidArgumentError, match="date_column 'date': missing date at row 4"):
        clv.Transactions.from_frame(bad)
    bad = orders.copy()
    bad.loc[9, "date"] = pd.NaT
    with pytest.raises(cseg.InvalidArgumentError, match=r"date_column 'date': missing date \(NaT\) at row 9"):
        clv.Transactions.from_frame(bad)
    bad = orders.copy()
    bad.loc[2, "customer_id"] = None
    with pytest.raises(cseg.InvalidArgumentError, match="id_column 'customer_id': missing customer ID at row 2"):
        clv.Transactions.from_frame(bad)
    with pytest.raises(cseg.InvalidArgumentError, match="frame: no rows"):
        clv.Transactions.from_frame(orders.iloc[:0])
    with pytest.raises(TypeError, match="frame"):
        clv.Transactions.from_frame({"customer_id": ["a"]})
    with pytest.raises(cseg.InvalidArgumentError, match="as_of"):
        cseg.features(orders, "2023-13-01")
    with pytest.raises(cseg.InvalidArgumentError, match="as_of"):
        cseg.features(orders, None)
    with pytest.raises(cseg.InvalidArgumentError, match="holdout_end"):
        cseg.features(orders, "2023-06-30", holdout_end="June")
    with pytest.raises(cseg.InvalidArgumentError, match="holdout end 2023-06-30 is not after"):
        cseg.features(orders, "2023-06-30", holdout_end="2023-06-30")
    with pytest.raises(cseg.InvalidArgumentError, match="before every transaction"):
        cseg.features(orders, "2020-01-01")
    with pytest.raises(cseg.InvalidArgumentError, match="frequency"):
        cseg.features(orders, "2023-06-30", frequency="weekly")
    with pytest.raises(cseg.InvalidArgumentError, match="onboarding_days"):
        cseg.features(orders, "2023-06-30", onboarding_days=-1)
    with pytest.raises(cseg.InvalidArgumentError, match="active_within"):
        cseg.features(orders, "2023-06-30", active_within=1.5)
    with pytest.raises(cseg.InvalidArgumentError, match="unknown feature 'spend'"):
        cseg.features(orders, "2023-06-30", columns=["recency", "spend"])
    with pytest.raises(cseg.InvalidArgumentError, match="no region column"):
        cseg.features(orders, "2023-06-30", columns=["share_region"])
    with pytest.raises(cseg.InvalidArgumentError, match="no customer"):
        cseg.features(orders, "2023-01-02", active_within=1)
    with pytest.raises(TypeError, match="single string"):
        cseg.features(orders, "2023-06-30", columns="recency")
    with pytest.raises(TypeError, match="transactions"):
        cseg.features(42, "2023-06-30")
    tx = clv.Transactions.from_frame(orders)
    with pytest.raises(TypeError, match="column arguments"):
        cseg.features(tx, "2023-06-30", id_column="x")
    with pytest.raises(cseg.InvalidArgumentError, match="expected 300 values"):
        tx.set_attribute("channel", ["web"] * 3)
    with pytest.raises(cseg.InvalidArgumentError, match="attribute"):
        tx.set_attribute("colour", ["web"] * 300)
    tx.close()
    with pytest.raises(ValueError, match="closed"):
        cseg.features(tx, "2023-06-30")


def test_no_leak(orders):
    before = cseg.live_handles()
    for _ in range(3):
        cseg.features(orders, "2023-06-30", channel_column="channel")
        with pytest.raises(cseg.InvalidArgumentError):
            cseg.features(orders, "2023-06-30", columns=["nope"])
    import gc
    gc.collect()
    assert cseg.live_handles() == before
