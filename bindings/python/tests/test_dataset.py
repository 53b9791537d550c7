"""cseg.Dataset: views, copies, names, CSV and closed handles."""

import gc
import pickle

import numpy as np
import pytest

import cseg


def test_view_keeps_array_and_sees_values():
    a = np.arange(12, dtype=np.float64).reshape(4, 3)
    base = cseg.live_handles()
    ds = cseg.Dataset(a)
    assert cseg.live_handles() == base + 1
    assert ds._base is a  # borrowed, kept alive
    assert ds.shape == (4, 3) and len(ds) == 4 and ds.n_missing == 0
    assert ds.columns == ["x0", "x1", "x2"]
    np.testing.assert_array_equal(ds.to_numpy(), a)
    del a
    gc.collect()
    assert ds.to_numpy()[3, 2] == 11.0
    ds.close()
    assert cseg.live_handles() == base


@pytest.mark.parametrize("make", [
    lambda a: a.tolist(),
    lambda a: a.astype(np.float32),
    lambda a: a.astype(np.int64),
    lambda a: np.asfortranarray(a),
    lambda a: np.repeat(a, 2, axis=1)[:, ::2],
])
def test_other_inputs_are_copied(make):
    a = np.arange(12, dtype=np.float64).reshape(4, 3)
    ds = cseg.Dataset(make(a))
    assert ds._base is None
    np.testing.assert_array_equal(ds.to_numpy(), a)


def test_names_ids_and_missing():
    ds = cseg.Dataset(np.array([[1.0, np.nan], [3.0, 4.0]]), columns=["a", "b"], ids=["c1", 7])
    assert ds.columns == ["a", "b"] and ds.ids == ["c1", "7"] and ds.n_missing == 1
    with pytest.raises(cseg.InvalidArgumentError):
        ds.columns = ["only-one"]
    with pytest.raises(TypeError):
        ds.columns = "ab"  # one str is not a list of names


def test_dataframe_columns_and_index():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"spend": [1.0, 2.0, 3.0], "visits": [3, 4, 5]}, index=["a", "b", "c"])
    ds = cseg.Dataset(df)
    assert ds.columns == ["spend", "visits"] and ds.ids == ["a", "b", "c"]
    back = ds.to_pandas()
    np.testing.assert_array_equal(back.to_numpy(), df.to_numpy(dtype=float))
    assert list(back.index) == ["a", "b", "c"]


@pytest.mark.parametrize("bad, cls", [
    (np.empty((0, 3)), cseg.InvalidArgumentError),
    (np.empty((3, 0)), cseg.InvalidArgumentError),
    (np.array([[1.0, np.inf]]), cseg.InvalidArgumentError),
    (np.ones(3), ValueError),
    (np.ones((2, 2, 2)), ValueError),
])
def test_bad_data(bad, cls):
    with pytest.raises(cls):
        cseg.Dataset(bad)


def test_infinite_value_message_names_position():
    a = np.zeros((5, 3))
    a[3, 2] = -np.inf
    with pytest.raises(ValueError, match="row 3.*column 2"):
        cseg.Dataset(a)


def test_closed_dataset():
    ds = cseg.Dataset(np.ones((3, 2)))
    ds.close()
    ds.close()  # idempotent: never a double free
    assert ds.closed
    for use in (lambda: ds.n_rows, lambda: ds.to_numpy(), lambda: ds.columns):
        with pytest.raises(ValueError, match="closed"):
            use()
    with cseg.Dataset(np.ones((3, 2))) as ds2:
        assert ds2.n_rows == 3
    assert ds2.closed


def test_read_csv(tmp_path, wholesale_path):
    p = tmp_path / "c.csv"
    p.write_text('id,"spend, total",visits\r\nA,1.5,3\r\nB,,4\r\nC,2.5,NA\r\n')
    ds = cseg.Dataset.read_csv(p, id_column="id")
    assert ds.shape == (3, 2) and ds.columns == ["spend, total", "visits"]
    assert ds.ids == ["A", "B", "C"] and ds.n_missing == 2
    ds2 = cseg.Dataset.read_csv(str(p), columns=["visits"])
    assert ds2.columns == ["visits"] and ds2.ids == ["1", "2", "3"]
    # The UCI file carries stray notes after the 8th field on a few lines:
    # keep the first 8 fields, as tests/fixtures/gen_kmeans.py does.
    with open(wholesale_path, encoding="latin-1") as f:
        lines = [",".join(line.rstrip("\r\n").split(",")[:8]) for line in f if line.strip()]
    clean = tmp_path / "wholesale.csv"
    clean.write_text("\n".join(lines) + "\n")
    ws = cseg.Dataset.read_csv(clean)
    assert ws.shape == (440, 8) and ws.columns[2] == "Fresh" and ws.n_missing == 0


def test_read_csv_errors(tmp_path):
    with pytest.raises(cseg.FileError) as e:
        cseg.Dataset.read_csv(tmp_path / "nope.csv")
    assert isinstance(e.value, OSError)
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3,oops\n")
    with pytest.raises(cseg.FormatError, match="3"):
        cseg.Dataset.read_csv(bad)
    with pytest.raises(cseg.InvalidArgumentError):
        cseg.Dataset.read_csv(bad, columns=["zzz"])
    with pytest.raises(ValueError):
        cseg.Dataset.read_csv(bad, delimiter=",,")


def test_pickle_dataset():
    ds = cseg.Dataset(np.array([[1.0, 2.0]]), columns=["a", "b"], ids=["x"])
    ds2 = pickle.loads(pickle.dumps(ds))
    assert ds2.columns == ["a", "b"] and ds2.ids == ["x"]
    np.testing.assert_array_equal(ds2.to_numpy(), ds.to_numpy())
