"""cseg.Rules against the same rules evaluated with numpy, errors with positions, hybrid mode."""

import gc
import pickle

import numpy as np
import pytest

import cseg

pd = pytest.importorskip("pandas")

TEXT = """# wholesale buyers; first match wins
Fresh > 20000 and Frozen > 5000 -> "Big fresh"
Grocery + Detergents_Paper > 25000 -> 'Retail'
Milk / Grocery > 2 or Delicassen >= 5000 -> "Deli"
(Fresh < 3000) and not (Milk > 10000) -> "Small"
Fresh > 1e9 -> "Never"
Frozen > 8000 -> "Big fresh"
"""


@pytest.fixture(scope="module")
def wholesale(wholesale_path):
    return pd.read_csv(wholesale_path)


def numpy_rules(df):
    """TEXT evaluated with numpy: (conditions per rule, rule names)."""
    c = [(df.Fresh > 20000) & (df.Frozen > 5000), df.Grocery + df.Detergents_Paper > 25000,
         (df.Milk / df.Grocery > 2) | (df.Delicassen >= 5000), (df.Fresh < 3000) & ~(df.Milk > 10000),
         df.Fresh > 1e9, df.Frozen > 8000]
    return np.array([x.to_numpy() for x in c]), ["Big fresh", "Retail", "Deli", "Small", "Never", "Big fresh"]


def test_against_numpy(wholesale):
    rules = cseg.Rules(TEXT, fallback="Other")
    assert rules.n_rules == 6 and rules.rule_lines == [2, 3, 4, 5, 6, 7]
    res = rules.apply(wholesale)
    cond, names = numpy_rules(wholesale)
    any_ = cond.any(axis=0)
    first = np.where(any_, cond.argmax(axis=0), -1)
    np.testing.assert_array_equal(res.matched_rule, first)
    np.testing.assert_array_equal(res.n_matching, cond.sum(axis=0))
    expect = np.where(any_, np.array(names, dtype=object)[np.maximum(first, 0)], "Other")
    np.testing.assert_array_equal(res.segments, expect)
    # Two rules name "Big fresh": one segment, in order of first appearance.
    assert res.segment_names == ["Big fresh", "Retail", "Deli", "Small", "Never", "Other"]
    np.testing.assert_array_equal(np.array(res.segment_names, dtype=object)[res.labels], res.segments)
    rep = res.report
    np.testing.assert_array_equal(rep["matched"], cond.sum(axis=1))
    np.testing.assert_array_equal(rep["won"], [(first == i).sum() for i in range(6)])
    assert rep["line"].tolist() == [2, 3, 4, 5, 6, 7]
    assert res.unused_rules == [4] and rep["unused"].tolist() == [False] * 4 + [True, False]
    assert res.n_overlapping == int((cond.sum(axis=0) > 1).sum()) > 0
    assert res.n_unmatched == int((~any_).sum()) > 0
    sizes = res.segment_sizes
    assert sizes["Other"] == res.n_unmatched and sizes.sum() == len(wholesale)
    frame = res.to_frame()
    assert frame.index.equals(wholesale.index) and list(frame.columns) == ["segment", "label", "rule", "n_matching"]
    # A Dataset and a plain array with column names give the same result.
    with cseg.Dataset(wholesale) as ds:
        np.testing.assert_array_equal(rules.apply(ds).labels, res.labels)
    arr = rules.apply(wholesale.to_numpy(dtype=float), columns=list(wholesale.columns))
    np.testing.assert_array_equal(arr.labels, res.labels)
    assert arr.index is None


def test_missing_values_and_text_columns():
    df = pd.DataFrame({"id": ["a", "b", "c", "d"], "recency": [5, np.nan, 400, 20],
                       "monetary": [2000, 50, np.nan, 10]},
                      index=pd.Index(["a", "b", "c", "d"], name="customer"))
    rules = cseg.Rules('recency is missing -> "No purchase"; monetary != 10 -> "Not ten"\n'
                       'not (monetary > 100) -> "Small or unknown"')
    res = rules.apply(df)  # the text column 'id' is ignored
    # NaN: every comparison is false (!= too); `not` turns that into true.
    assert res.segments.tolist() == ["Not ten", "No purchase", "Small or unknown", "Small or unknown"]
    assert res.to_frame().index.tolist() == ["a", "b", "c", "d"]
    with pytest.raises(ValueError, match="unknown column 'id'"):
        cseg.Rules('id == 1 -> "x"').apply(df)


def test_hybrid_mode(blobs):
    X, y = blobs
    km = cseg.KMeans(n_clusters=4, random_state=0).fit(X)
    rules = cseg.Rules('cluster == 1 and x0 > 8 -> "Cluster 1, high x0"\nx2 < -3 -> "Low x2"')
    res = rules.apply(X, clusters=km.labels_)
    hit0 = (km.labels_ == 1) & (X[:, 0] > 8)
    hit1 = X[:, 2] < -3
    expect = np.where(hit0, "Cluster 1, high x0",
                      np.where(hit1, "Low x2", np.char.add("Cluster ", km.labels_.astype(str))))
    np.testing.assert_array_equal(res.segments.astype(str), expect)
    assert res.segment_names[2:] == ["Cluster 0", "Cluster 1", "Cluster 2", "Cluster 3"]
    assert res.n_unmatched == int((~hit0 & ~hit1).sum())
    # Float labels that are integers are fine; others are not.
    np.testing.assert_array_equal(rules.apply(X, clusters=km.labels_.astype(float)).labels, res.labels)
    with pytest.raises(ValueError, match="integer"):
        rules.apply(X, clusters=km.labels_ + 0.5)
    with pytest.raises(ValueError, match="labels"):
        rules.apply(X, clusters=km.labels_[:-1])
    with pytest.raises(ValueError, match="negative|-1"):
        rules.apply(X, clusters=np.where(km.labels_ == 0, -1, km.labels_))
    with pytest.raises(ValueError, match="cluster labels"):
        rules.apply(X)


@pytest.mark.parametrize("text, line, column, what", [
    ('monetary > 1000 -> "VIP"\nrecency < -> "x"', 2, 11, "after '<'"),
    ('a > 1 -> VIP', 1, 10, "double quotes"),
    ('a > 1 "VIP"', 1, 7, "'->'"),
    ('a + 1 -> "x"', 1, 7, "comparison"),
    ('# comment\n\n(a > 1\n -> "x"', 4, 2, "')'"),
    ('a > 1 -> "x', 1, 10, "unterminated"),
    ('a >= 2 -> "ok"; b => 3 -> "x"', 1, 19, ""),
])
def test_parse_errors_give_positions(text, line, column, what):
    with pytest.raises(cseg.RuleSyntaxError) as e:
        cseg.Rules(text)
    err = e.value
    assert isinstance(err, ValueError) and isinstance(err, cseg.Error)
    assert (err.line, err.column) == (line, column)
    assert f"line {line}, column {column}" in str(err) and what in str(err)


def test_deep_nesting_is_refused_not_a_crash():
    with pytest.raises(cseg.RuleSyntaxError):
        cseg.Rules("(" * 100000 + "a > 1" + ")" * 100000 + ' -> "x"')
    with pytest.raises(cseg.RuleSyntaxError):
        cseg.Rules("a \0 > 1")


def test_bad_arguments(wholesale):
    with pytest.raises(TypeError):
        cseg.Rules(b'a > 1 -> "x"')
    with pytest.raises(ValueError):
        cseg.Rules('a > 1 -> "x"', fallback="")
    rules = cseg.Rules('Fresh > 1 -> "x"')
    with pytest.raises(ValueError, match="line 1, column 1: unknown column 'Fresh'.*x0"):
        rules.apply(np.ones((3, 2)))
    with pytest.raises(ValueError, match="columns"):
        rules.apply(wholesale, columns=["a"])
    with pytest.raises(ValueError):
        rules.apply(np.ones((3, 2)), columns=["Fresh"])  # one name for two columns


def test_empty_rules_and_pickle():
    rules = cseg.Rules("# nothing yet\n", fallback="Everyone")
    res = rules.apply(np.zeros((3, 1)))
    assert rules.n_rules == 0 and res.segments.tolist() == ["Everyone"] * 3 and len(res.report) == 0
    r2 = pickle.loads(pickle.dumps(cseg.Rules('x0 > 0 -> "pos"', fallback="rest")))
    assert r2.apply(np.array([[1.0], [-1.0]])).segments.tolist() == ["pos", "rest"]


def test_handles_freed():
    gc.collect()
    base = cseg.live_handles()
    rules = cseg.Rules('x0 > 0 -> "pos"')
    assert cseg.live_handles() == base + 1
    rules.apply(np.ones((4, 1)))
    with pytest.raises(ValueError):
        rules.apply(np.ones((4, 1)), clusters=[0, 1])
    del rules
    gc.collect()
    assert cseg.live_handles() == base
    with cseg.Rules('x0 > 0 -> "pos"') as r:
        pass
    assert cseg.live_handles() == base
    with pytest.raises(ValueError, match="closed"):
        r.apply(np.ones((1, 1)))
