"""The SWIG layer cseg._cseg: typemaps, ownership and the status -> exception map."""

import threading
import time

import numpy as np
import pytest

import cseg
from cseg import _cseg


def test_version_matches_headers():
    assert cseg.version() == cseg.__version__
    major, minor, patch = (int(p) for p in cseg.version().split("."))
    assert cseg.version_number() == major * 10000 + minor * 100 + patch


@pytest.mark.parametrize("status, cls, builtin", [
    (_cseg.CSEG_E_INVALID_ARG, cseg.InvalidArgumentError, ValueError),
    (_cseg.CSEG_E_MISSING_VALUES, cseg.MissingValuesError, ValueError),
    (_cseg.CSEG_E_IO, cseg.FileError, OSError),
    (_cseg.CSEG_E_FORMAT, cseg.FormatError, OSError),
    (_cseg.CSEG_E_VERSION, cseg.VersionError, OSError),
    (_cseg.CSEG_E_NOMEM, cseg.OutOfMemoryError, MemoryError),
    (_cseg.CSEG_E_NOT_FITTED, cseg.NotFittedError, AttributeError),
    (_cseg.CSEG_E_UNSUPPORTED, cseg.UnsupportedError, RuntimeError),
    (_cseg.CSEG_E_CANCELLED, cseg.CancelledError, RuntimeError),
    (_cseg.CSEG_E_INTERNAL, cseg.InternalError, RuntimeError),
])
def test_status_map(status, cls, builtin):
    e = cseg._errors._from_status(status, "boom")
    assert type(e) is cls and isinstance(e, builtin) and isinstance(e, cseg.Error)
    assert e.status == status and str(e) == "boom"


def test_not_fitted_is_sklearns():
    from sklearn.exceptions import NotFittedError
    assert issubclass(cseg.NotFittedError, NotFittedError)
    assert issubclass(cseg.NotFittedError, ValueError)


def test_c_errors_carry_last_error():
    with pytest.raises(cseg.UnsupportedError, match="."):
        _cseg.cseg_param_info(123456)
    m = _cseg.cseg_model_new(_cseg.CSEG_ALGO_KMEANS)
    try:
        with pytest.raises(cseg.InvalidArgumentError, match="[0-9]"):
            _cseg.cseg_model_set_int(m, _cseg.CSEG_PARAM_K, 0)
        with pytest.raises(cseg.NotFittedError):
            _cseg.cseg_model_get_centroids(m, 4)
        with pytest.raises(cseg.NotFittedError):
            _cseg.cseg_model_save_buffer(m)
    finally:
        _cseg.cseg_model_free(m)


def test_null_handles_are_value_errors():
    with pytest.raises(cseg.InvalidArgumentError):
        _cseg.cseg_model_fit(None, None)
    assert _cseg.cseg_dataset_n_rows(None) == -1


def test_wrong_handle_type_is_type_error():
    m = _cseg.cseg_model_new(_cseg.CSEG_ALGO_KMEANS)
    try:
        with pytest.raises(TypeError):
            _cseg.cseg_dataset_n_rows(m)
    finally:
        _cseg.cseg_model_free(m)


def test_param_info_tuple():
    name, typ, default, lo, hi = _cseg.cseg_param_info(_cseg.CSEG_PARAM_K)
    assert name == "k" and typ == _cseg.CSEG_TYPE_INT and default == 8 and lo == 1 and hi >= 1
    assert _cseg.cseg_param_lookup("max_iter") == _cseg.CSEG_PARAM_MAX_ITER


def test_matrix_typemap_is_strict_for_views():
    for bad in ([[1.0, 2.0]], np.ones((2, 2), dtype=np.float32), np.ones((2, 2), order="F"),
                np.ones(4), np.ones((4, 4))[:, ::2], np.ones((2, 2), dtype=">f8")):
        with pytest.raises(TypeError):
            _cseg.cseg_dataset_new_view(bad)


def test_copying_constructor_takes_fortran_order():
    a = np.asfortranarray(np.arange(6, dtype=float).reshape(2, 3))
    ds = _cseg.cseg_dataset_new(a)
    try:
        np.testing.assert_array_equal(_cseg.cseg_dataset_copy_data(ds, 6).reshape(2, 3), a)
    finally:
        _cseg.cseg_dataset_free(ds)


def test_assign_one_and_bytes(blobs):
    X, _ = blobs
    ds = _cseg.cseg_dataset_new_view(X)
    m = _cseg.cseg_model_new(_cseg.CSEG_ALGO_KMEANS)
    try:
        _cseg.cseg_model_set_int(m, _cseg.CSEG_PARAM_K, 4)
        _cseg.cseg_model_fit(m, ds)
        label, dist, margin = _cseg.cseg_model_assign_one(m, X[0])
        assert isinstance(label, int) and dist >= 0 and margin >= 0
        blob = _cseg.cseg_model_save_buffer(m)
        assert isinstance(blob, bytes) and len(blob) > 0
        m2 = _cseg.cseg_model_load_buffer(bytearray(blob))
        try:
            assert _cseg.cseg_model_assign_one(m2, X[0]) == (label, dist, margin)
        finally:
            _cseg.cseg_model_free(m2)
        with pytest.raises(cseg.FormatError):
            _cseg.cseg_model_load_buffer(blob[: len(blob) // 2])
        with pytest.raises(cseg.InvalidArgumentError):
            _cseg.cseg_model_assign_one(m, X[0, :2])
    finally:
        _cseg.cseg_model_free(m)
        _cseg.cseg_dataset_free(ds)


def test_gil_released_during_fit():
    """While one thread is inside the C fit, the main thread keeps running."""
    X = np.random.RandomState(0).normal(size=(20000, 8))
    done = threading.Event()
    span = []

    def work():
        t0 = time.perf_counter()
        _cseg_fit(X)
        span.append((t0, time.perf_counter()))
        done.set()

    ticks = []
    t = threading.Thread(target=work)
    t.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    t0, t1 = span[0]
    inside = sum(t0 < x < t1 for x in ticks)
    # Holding the GIL through the call would leave no tick inside it.
    assert inside >= 5, (inside, t1 - t0)


def _cseg_fit(X):
    ds = _cseg.cseg_dataset_new_view(X)
    m = _cseg.cseg_model_new(_cseg.CSEG_ALGO_KMEANS)
    try:
        _cseg.cseg_model_set_int(m, _cseg.CSEG_PARAM_K, 16)
        _cseg.cseg_model_set_int(m, _cseg.CSEG_PARAM_N_INIT, 3)
        _cseg.cseg_model_fit(m, ds)
    finally:
        _cseg.cseg_model_free(m)
        _cseg.cseg_dataset_free(ds)


def test_threads_give_identical_results(blobs):
    """Concurrent fits of separate estimators agree with a fit alone."""
    X, _ = blobs
    ref = cseg.KMeans(4, random_state=3).fit(X).cluster_centers_
    out = [None] * 4

    def work(i):
        out[i] = cseg.KMeans(4, random_state=3).fit(X).cluster_centers_

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for o in out:
        np.testing.assert_array_equal(o, ref)


def test_borrowed_column_arrays_are_strict():
    m = _cseg.cseg_clv_model_new(_cseg.CSEG_CLV_BGNBD)
    try:
        _cseg.cseg_clv_model_set_params(m, np.array([0.243, 4.414, 0.793, 2.426]))
        one = np.array([2.0])
        out = np.empty(1)
        _cseg.cseg_clv_prob_alive(m, out, one, np.array([30.43]), np.array([38.86]), 1)
        assert 0 < out[0] < 1
        for bad_out in (np.empty(1, dtype=np.float32), np.empty((1, 1)), np.empty(1, dtype=">f8"), [0.0]):
            with pytest.raises(TypeError):
                _cseg.cseg_clv_prob_alive(m, bad_out, one, one, one, 1)
        ro = np.empty(1)
        ro.flags.writeable = False
        with pytest.raises(TypeError, match="writeable"):
            _cseg.cseg_clv_prob_alive(m, ro, one, one, one, 1)
        with pytest.raises(cseg.InvalidArgumentError):
            _cseg.cseg_clv_prob_alive(m, out, None, one, one, 1)  # NULL reaches C, which refuses it
    finally:
        _cseg.cseg_clv_model_free(m)


def test_dates():
    assert _cseg.cseg_date_parse("1997-09-30") == _cseg.cseg_date_from_ymd(1997, 9, 30) == 10134
    assert _cseg.cseg_date_format_iso(10134) == "1997-09-30"
    with pytest.raises(cseg.FormatError):
        _cseg.cseg_date_parse("1997-02-30")


def test_segment_typemaps():
    """Handles come back unowned; each array carries its own length; None is (NULL, 0)."""
    base = _cseg.cseg_live_handles()
    rfm = _cseg.cseg_rfm_new()
    try:
        one = np.arange(1.0, 6.0)
        # Lengths are the arrays' own: the C library compares them.
        with pytest.raises(cseg.InvalidArgumentError, match="frequency has 4 values but recency has 5"):
            _cseg.cseg_rfm_compute(rfm, one, one[:4], one)
        _cseg.cseg_rfm_compute(rfm, [5, 4, 3, 2, 1], one, one.astype(np.int32))  # converted
        n = _cseg.cseg_rfm_n_rows(rfm)
        assert n == 5 and _cseg.cseg_rfm_get_scores(rfm, _cseg.CSEG_RFM_RECENCY, n).tolist() == [1, 2, 3, 4, 5]
        assert _cseg.cseg_rfm_get_cells(rfm, n).dtype == np.int64
        with pytest.raises(cseg.InvalidArgumentError):
            _cseg.cseg_rfm_get_cells(rfm, n + 1)
        with pytest.raises(ValueError, match="1-D"):
            _cseg.cseg_rfm_compute(rfm, np.ones((5, 1)), one, one)
        _cseg.cseg_rfm_set_cuts(rfm, _cseg.CSEG_RFM_MONETARY, [1.5, 2.5, 3.5, 4.5])
        _cseg.cseg_rfm_set_cuts(rfm, _cseg.CSEG_RFM_MONETARY, None)  # back to quantiles
        assert _cseg.cseg_rfm_get_int(rfm, _cseg.CSEG_RFM_N_BINS) == 5
        _cseg.cseg_rfm_set_segment_rules(rfm, None)  # the default table
        assert _cseg.cseg_rfm_segment_name(rfm, _cseg.cseg_rfm_n_segments(rfm) - 1) == "Other"
        assert _cseg.cseg_rfm_segment_name(rfm, 999) is None
    finally:
        _cseg.cseg_rfm_free(rfm)
    rules = _cseg.cseg_rules_parse('x0 > 1 -> "big"')
    ds = _cseg.cseg_dataset_new(np.array([[0.0], [2.0]]))
    try:
        _cseg.cseg_rules_apply(rules, ds, None)
        assert _cseg.cseg_rules_get_segments(rules, 2).tolist() == [1, 0]
        assert _cseg.cseg_rules_get_int(rules, _cseg.CSEG_RULES_RESULT_HYBRID) == 0
        _cseg.cseg_rules_apply(rules, ds, [1, 0])
        assert _cseg.cseg_rules_get_int(rules, _cseg.CSEG_RULES_RESULT_HYBRID) == 1
        with pytest.raises(cseg.FormatError, match="line 1, column"):
            _cseg.cseg_rules_parse("x0 >")  # the raw layer keeps the C status
        prof = _cseg.cseg_profile_new(ds, np.array([0, 1]), 2)
        pca = _cseg.cseg_pca_new(ds, 1)
        assert _cseg.cseg_live_handles() == base + 4
        assert _cseg.cseg_pca_transform(pca, ds, 2).shape == (2,)
        assert _cseg.cseg_profile_get_stat(prof, _cseg.CSEG_PROFILE_MEAN, 2).tolist() == [0.0, 2.0]
        with pytest.raises(TypeError):
            _cseg.cseg_pca_n_components(prof)
        _cseg.cseg_profile_free(prof)
        _cseg.cseg_pca_free(pca)
    finally:
        _cseg.cseg_rules_free(rules)
        _cseg.cseg_dataset_free(ds)
    assert _cseg.cseg_live_handles() == base


def test_clv_params_carry_their_length():
    m = _cseg.cseg_clv_model_new(_cseg.CSEG_CLV_BGNBD)
    try:
        with pytest.raises(cseg.InvalidArgumentError):
            _cseg.cseg_clv_model_set_params(m, np.array([0.243, 4.414]))
    finally:
        _cseg.cseg_clv_model_free(m)
