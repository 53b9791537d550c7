"""cseg.profile against pandas groupby statistics; names, ranking, renaming, bad input."""

import gc

import numpy as np
import pytest

import cseg

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def wholesale(wholesale_path):
    df = pd.read_csv(wholesale_path).drop(columns=["Channel", "Region"]).astype(float)
    labels = cseg.KMeans(n_clusters=4, random_state=3).fit(np.log1p(df)).labels_
    return df, labels


def pandas_profile(df, labels):
    g = df.groupby(labels)
    mu, sd = df.mean(), df.std()
    return {"mean": g.mean(), "median": g.median(), "std": g.std(),
            "index": g.mean() / mu * 100, "smd": (g.mean() - mu) / sd}


def test_against_pandas(wholesale):
    df, labels = wholesale
    prof = cseg.profile(df, labels)
    ref = pandas_profile(df, labels)
    assert prof.features == list(df.columns) and prof.segments.tolist() == [0, 1, 2, 3]
    for name, table in ref.items():
        got = getattr(prof, name)
        assert list(got.columns) == list(df.columns) and got.index.tolist() == [0, 1, 2, 3]
        np.testing.assert_allclose(got.to_numpy(), table.to_numpy(), rtol=1e-12, atol=1e-12, err_msg=name)
    sizes = pd.Series(labels).value_counts().sort_index()
    np.testing.assert_array_equal(prof.sizes, sizes)
    np.testing.assert_allclose(prof.shares, sizes / len(df), rtol=1e-15)
    pop = prof.population
    np.testing.assert_allclose(pop.loc["mean"], df.mean(), rtol=1e-12)
    np.testing.assert_allclose(pop.loc["median"], df.median(), rtol=1e-12)
    np.testing.assert_allclose(pop.loc["std"], df.std(), rtol=1e-12)
    np.testing.assert_allclose(pop.loc["index"], 100)
    np.testing.assert_allclose(pop.loc["smd"], 0)
    for s in range(4):
        smd = ref["smd"].loc[s].to_numpy()
        order = np.argsort(-np.abs(smd), kind="stable")
        assert prof.ranking(s) == [df.columns[j] for j in order]
    top = prof.top_features(2)
    assert len(top) == 8 and top["rank"].tolist() == [1, 2] * 4
    assert top.iloc[0]["feature"] == prof.ranking(0)[0]
    names = prof.names
    assert names.is_unique and all(isinstance(n, str) and n for n in names)
    summary = prof.summary()
    assert summary["size"].sum() == len(df) and list(summary["name"]) == list(names)


def test_names_use_rfm_hints_and_rename():
    df = pd.DataFrame({"recency": [5.0, 8, 6, 300, 280, 310], "monetary": [900.0, 1000, 950, 20, 30, 25],
                       "frequency": [9.0, 8, 10, 1, 1, 2]})
    prof = cseg.profile(df, ["vip", "vip", "vip", "gone", "gone", "gone"])
    assert prof.segments.tolist() == ["gone", "vip"]  # sorted, as numpy.unique
    assert prof.names.tolist() == ["Lapsed low-spend occasional", "Recent high-spend frequent"]
    prof.rename({"vip": "Champions", "gone": "Lost"})
    assert prof.names.tolist() == ["Lost", "Champions"]
    # A swap in one call works; a duplicate or an unknown segment changes nothing.
    prof.rename({"vip": "Lost", "gone": "Champions"})
    assert prof.names.tolist() == ["Champions", "Lost"]
    with pytest.raises(ValueError):
        prof.rename({"gone": "X", "vip": "X"})
    assert prof.names.tolist() == ["Champions", "Lost"]
    with pytest.raises(ValueError, match="no segment"):
        prof.rename({"other": "X"})
    with pytest.raises(ValueError):
        prof.rename({"vip": ""})
    assert prof.names.tolist() == ["Champions", "Lost"]


def test_missing_values_empty_segments_and_arrays():
    rng = np.random.RandomState(2)
    X = rng.normal(size=(50, 3))
    X[rng.rand(50, 3) < 0.1] = np.nan
    labels = rng.randint(0, 3, 50)
    prof = cseg.profile(X, labels, n_segments=5)
    assert prof.features == ["x0", "x1", "x2"] and prof.segments.tolist() == [0, 1, 2, 3, 4]
    df = pd.DataFrame(X, columns=["x0", "x1", "x2"])
    ref = pandas_profile(df, labels)
    for name, table in ref.items():
        np.testing.assert_allclose(prof.stat(name).iloc[:3].to_numpy(), table.to_numpy(), rtol=1e-12,
                                   atol=1e-12)
    assert prof.sizes.tolist()[3:] == [0, 0] and prof.mean.iloc[3:].isna().all().all()
    assert prof.names.iloc[3] == "Empty segment"
    prof2 = cseg.profile(X, labels, columns=["a", "b", "c"])
    assert prof2.features == ["a", "b", "c"] and prof2.k == 3


def test_bad_inputs():
    X = np.ones((4, 2))
    with pytest.raises(ValueError, match="4 rows"):
        cseg.profile(X, [0, 1, 0])
    with pytest.raises(ValueError, match="n_segments"):
        cseg.profile(X, [0, 1, 0, 1], n_segments=1)
    with pytest.raises(ValueError, match="NaN"):
        cseg.profile(X, [0.0, 1.0, np.nan, 1.0])
    with pytest.raises(ValueError):
        cseg.profile(np.ones((4, 0)), [0, 0, 0, 0])
    with pytest.raises(ValueError):
        cseg.profile(X, [[0, 1], [0, 1]])
    prof = cseg.profile(X, [-1, 1, -1, 1])  # negative labels: encoded like any others
    assert prof.segments.tolist() == [-1, 1]
    with pytest.raises(ValueError, match="stat"):
        prof.stat("variance")


def test_handles_freed():
    gc.collect()
    base = cseg.live_handles()
    prof = cseg.profile(np.arange(12.0).reshape(6, 2), [0, 0, 1, 1, 2, 2])
    assert cseg.live_handles() == base + 1
    _ = prof.mean, prof.names
    del prof
    gc.collect()
    assert cseg.live_handles() == base
    with pytest.raises(ValueError):
        cseg.profile(np.ones((2, 2)), [0, 5], n_segments=3)
    with cseg.profile(np.ones((2, 2)), [0, 1]) as p:
        pass
    assert p._handle.closed
    gc.collect()
    assert cseg.live_handles() == base
