"""cseg.Preprocessor against scikit-learn's own transformers, and
KMeans(preprocessor=...) against k-means on data transformed by scikit-learn."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, RobustScaler, StandardScaler

import cseg


@pytest.fixture(scope="module")
def raw():
    """Customers with skewed spend, gaps in every numeric column and a channel code."""
    rng = np.random.RandomState(11)
    n = 200
    df = pd.DataFrame({
        "recency": rng.exponential(60.0, n),
        "frequency": rng.poisson(4.0, n).astype(float) + 1,
        "monetary": rng.lognormal(4.0, 1.2, n),
        "tenure": rng.uniform(30, 900, n),
        "channel": rng.randint(1, 4, n).astype(float),
    })
    for col, rows in (("recency", [3, 50, 121]), ("frequency", [7, 8]), ("monetary", [0, 99, 150, 151]),
                      ("tenure", [12])):
        df.loc[rows, col] = np.nan
    return df


def sk_column(values, missing, scaler=None, log1p=False, weight=1.0, fill_value=None):
    """One column through SimpleImputer, log1p, a scaler and sqrt(weight), in scikit-learn."""
    x = values.reshape(-1, 1)
    if missing == "constant":
        x = SimpleImputer(strategy="constant", fill_value=fill_value).fit_transform(x)
    else:
        x = SimpleImputer(strategy=missing).fit_transform(x)
    if log1p:
        x = np.log1p(x)
    if scaler is not None:
        x = scaler.fit_transform(x)
    return x * np.sqrt(weight)


def test_matches_sklearn_per_column(raw):
    prep = cseg.Preprocessor(
        default_missing="median",
        columns={
            "recency": dict(missing="mean", transform="zscore"),
            "frequency": dict(missing="median", transform="minmax", weight=0.5),
            "monetary": dict(missing="median", transform="log1p+zscore", weight=2.0),
            "tenure": dict(missing="constant", fill_value=365.0, transform="robust"),
        },
        categorical=["channel"])
    got = prep.fit_transform(raw)

    expected = np.hstack([
        sk_column(raw["recency"].to_numpy(), "mean", StandardScaler()),
        sk_column(raw["frequency"].to_numpy(), "median", MinMaxScaler(), weight=0.5),
        sk_column(raw["monetary"].to_numpy(), "median", StandardScaler(), log1p=True, weight=2.0),
        sk_column(raw["tenure"].to_numpy(), "constant", RobustScaler(), fill_value=365.0),
        OneHotEncoder(handle_unknown="ignore").fit_transform(raw[["channel"]]).toarray(),
    ])
    assert got.shape == expected.shape == (200, 7)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    assert prep.get_feature_names_out().tolist() == [
        "recency", "frequency", "monetary", "tenure", "channel=1", "channel=2", "channel=3"]
    assert prep.n_imputed_ == {"recency": 3, "frequency": 2, "monetary": 4, "tenure": 1, "channel": 0}
    assert prep.n_dropped_ == 0
    # The fitted statistics, as SimpleImputer and the scalers report them.
    np.testing.assert_allclose(prep.statistics_[:2], [np.nanmean(raw["recency"]),
                                                      np.nanmedian(raw["frequency"])], rtol=1e-12)
    assert prep.statistics_[3] == 365.0
    ss = StandardScaler().fit(np.log1p(SimpleImputer(strategy="median").fit_transform(raw[["monetary"]])))
    np.testing.assert_allclose([prep.center_[2], prep.scale_[2]], [ss.mean_[0], ss.scale_[0]], rtol=1e-12)
    assert prep.weight_.tolist() == [1.0, 0.5, 2.0, 1.0, 1.0]
    assert prep.n_levels_.tolist() == [0, 0, 0, 0, 3]


def test_new_data_uses_the_training_statistics(raw):
    prep = cseg.Preprocessor("mean", "zscore", categorical=["channel"]).fit(raw)
    new = raw.iloc[:20].copy()
    new.loc[new.index[0], "channel"] = 9.0            # a level unseen at fit
    new.loc[new.index[1], "tenure"] = np.nan
    got = prep.transform(new)
    imp = SimpleImputer(strategy="mean").fit(raw.iloc[:, :4])
    sc = StandardScaler().fit(imp.transform(raw.iloc[:, :4]))
    np.testing.assert_allclose(got[:, :4], sc.transform(imp.transform(new.iloc[:, :4])), rtol=1e-12, atol=1e-12)
    assert got[0, 4:].tolist() == [0.0, 0.0, 0.0]
    assert prep.n_unseen_["channel"] == 1
    assert prep.n_imputed_["tenure"] == 2                # row 12 of the training data too
    # A bare array of the same width is taken in the training column order.
    with pytest.warns(UserWarning, match="feature names"):
        np.testing.assert_array_equal(prep.transform(new.to_numpy()), got)
    # One customer, allocating nothing in C.
    np.testing.assert_allclose(prep.transform_one(new.iloc[3].to_numpy()), got[3], rtol=1e-12)


def test_indicator_and_drop(raw):
    prep = cseg.Preprocessor(columns={"recency": dict(missing="indicator"),
                                      "monetary": dict(missing="drop", transform="log1p")},
                             default_missing="median")
    got = prep.fit_transform(raw[["recency", "monetary", "tenure"]])
    keep = raw["monetary"].notna().to_numpy()
    kept = raw[keep]
    sk = SimpleImputer(strategy="mean", add_indicator=True).fit_transform(kept[["recency"]])
    np.testing.assert_allclose(got[:, :2], sk, rtol=1e-12)
    np.testing.assert_allclose(got[:, 2], np.log1p(kept["monetary"]), rtol=1e-12)
    assert prep.get_feature_names_out().tolist() == ["recency", "recency_missing", "monetary", "tenure"]
    assert prep.n_dropped_ == 4
    np.testing.assert_array_equal(prep.kept_rows_, np.flatnonzero(keep))


def test_numpy_columns_are_x0_x1(raw):
    X = raw[["recency", "tenure"]].to_numpy()
    prep = cseg.Preprocessor("median", "minmax", columns={"x1": dict(weight=4.0)}).fit(X)
    got = prep.transform(X)
    sk = MinMaxScaler().fit_transform(SimpleImputer(strategy="median").fit_transform(X))
    np.testing.assert_allclose(got, sk * [1.0, 2.0], rtol=1e-12, atol=1e-15)
    assert prep.get_feature_names_out().tolist() == ["x0", "x1"]


def test_pickle_bytes_and_clone(raw):
    prep = cseg.Preprocessor("median", "log1p+robust", categorical=["channel"]).fit(raw)
    ref = prep.transform(raw)
    for other in (pickle.loads(pickle.dumps(prep)), cseg.Preprocessor.from_bytes(prep.to_bytes())):
        np.testing.assert_array_equal(other.transform(raw), ref)
    c = clone(prep)
    assert c.get_params() == prep.get_params() and not hasattr(c, "statistics_")
    np.testing.assert_array_equal(c.fit_transform(raw), ref)


def test_bad_inputs_name_the_column_or_argument(raw):
    with pytest.raises(ValueError, match="monetary"):
        cseg.Preprocessor(columns={"monetary": dict(missing="sometimes")}).fit(raw)
    with pytest.raises(ValueError, match="monetary.*cube"):
        cseg.Preprocessor(columns={"monetary": dict(transform="log1p+cube")}).fit(raw)
    with pytest.raises(ValueError, match="two scalers"):
        cseg.Preprocessor(default_transform="zscore+minmax").fit(raw)
    with pytest.raises(ValueError, match="monetary"):
        cseg.Preprocessor("median", columns={"monetary": dict(weight=-1.0)}).fit(raw)
    with pytest.raises(ValueError, match="fill_value"):
        cseg.Preprocessor(columns={"tenure": dict(missing="constant")}).fit(raw)
    with pytest.raises(ValueError, match="default_missing"):
        cseg.Preprocessor(default_missing="constant").fit(raw)
    with pytest.raises(ValueError, match="colour"):
        cseg.Preprocessor(columns={"tenure": dict(colour="red")}).fit(raw)
    with pytest.raises(ValueError, match="spend"):             # not in the data
        cseg.Preprocessor("median", columns={"spend": dict(weight=2.0)}).fit(raw)
    with pytest.raises(cseg.MissingValuesError, match="row 0.*monetary"):   # default "error"
        cseg.Preprocessor().fit(raw)
    bad = raw.fillna(1.0)
    bad.loc[5, "monetary"] = -3.0
    with pytest.raises(ValueError, match="monetary"):
        cseg.Preprocessor(columns={"monetary": dict(transform="log1p")}).fit(bad)
    with pytest.raises(cseg.NotFittedError):
        cseg.Preprocessor().transform(raw)
    with pytest.raises(ValueError, match="categorical"):
        cseg.Preprocessor(categorical="channel").fit(raw)


def test_kmeans_with_preprocessor_equals_kmeans_on_sklearn_data(raw):
    prep = cseg.Preprocessor(default_missing="median", default_transform="zscore",
                             columns={"monetary": dict(missing="median", transform="log1p+zscore", weight=2.0)},
                             categorical=["channel"])
    km = cseg.KMeans(n_clusters=4, random_state=3, n_init=3, preprocessor=prep).fit(raw)

    Xt = np.hstack([
        sk_column(raw["recency"].to_numpy(), "median", StandardScaler()),
        sk_column(raw["frequency"].to_numpy(), "median", StandardScaler()),
        sk_column(raw["monetary"].to_numpy(), "median", StandardScaler(), log1p=True, weight=2.0),
        sk_column(raw["tenure"].to_numpy(), "median", StandardScaler()),
        OneHotEncoder().fit_transform(raw[["channel"]]).toarray(),
    ])
    plain = cseg.KMeans(n_clusters=4, random_state=3, n_init=3).fit(Xt)
    np.testing.assert_allclose(km.cluster_centers_, plain.cluster_centers_, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(km.labels_, plain.labels_)
    assert km.n_features_in_ == 5 and list(km.feature_names_in_) == list(raw.columns)
    assert km.preprocessor_.get_feature_names_out().tolist() == [
        "recency", "frequency", "monetary", "tenure", "channel=1", "channel=2", "channel=3"]
    assert not hasattr(prep, "statistics_")               # the model fitted its own copy

    # predict on raw customers (NaN included) == the fit's labels
    np.testing.assert_array_equal(km.predict(raw), km.labels_)
    row = raw.iloc[0].to_numpy()                          # monetary is NaN there
    assert km.predict_one(row)[0] == km.labels_[0]
    np.testing.assert_allclose(km.transform(raw), plain.transform(Xt), rtol=1e-10, atol=1e-12)

    # the preprocessing travels with the model
    for other in (cseg.KMeans.from_bytes(km.to_bytes()), pickle.loads(pickle.dumps(km))):
        np.testing.assert_array_equal(other.predict(raw), km.labels_)
    assert list(cseg.KMeans.from_bytes(km.to_bytes()).feature_names_in_) == list(raw.columns)


def test_kmeans_save_load_and_refit(raw, tmp_path):
    prep = cseg.Preprocessor("mean", "minmax")
    X = raw[["recency", "frequency", "monetary"]]
    km = cseg.KMeans(n_clusters=3, random_state=0, preprocessor=prep).fit(X)
    path = tmp_path / "m.cseg"
    km.save(path)
    back = cseg.KMeans.load(path)
    np.testing.assert_array_equal(back.predict(X), km.labels_)
    assert back.n_features_in_ == 3
    np.testing.assert_allclose(back.preprocessor_.statistics_, X.mean().to_numpy(), rtol=1e-12)
    # Refitting the loaded model reuses the loaded settings.
    back.fit(X)
    np.testing.assert_allclose(back.cluster_centers_, km.cluster_centers_, rtol=1e-12)


def test_kmeans_customers_it_cannot_complete_get_minus_one(raw):
    X = raw[["recency", "monetary"]]
    prep = cseg.Preprocessor(columns={"monetary": dict(missing="drop", transform="log1p")},
                             default_missing="median")
    km = cseg.KMeans(n_clusters=2, random_state=1, preprocessor=prep).fit(X)
    missing = X["monetary"].isna().to_numpy()
    assert (km.labels_[missing] == -1).all() and (km.labels_[~missing] >= 0).all()
    det = km.predict_details(X)
    assert (det.labels[missing] == -1).all() and (det.confidence[missing] == 0).all()
    assert det.borderline[missing].all()
    with pytest.raises(ValueError, match="preprocessor"):
        cseg.KMeans(n_clusters=2, preprocessor="zscore").fit(X)
    # Without a preprocessor, NaN is still refused.
    with pytest.raises(cseg.MissingValuesError):
        cseg.KMeans(n_clusters=2).fit(X)
