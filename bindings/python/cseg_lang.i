/* Python typemaps for bindings/cseg.i (SWIG -python -noproxy -threads).
 *
 * The raw module cseg._cseg stays strict and small; the hand-written package
 * converts user input (lists, DataFrames, other dtypes) before calling it.
 *
 * - cseg_status: CSEG_OK becomes None, anything else raises the exception
 *   built by the hook cseg/__init__.py registers (cseg._errors._from_status),
 *   so the class hierarchy lives in Python. Without a hook: RuntimeError.
 * - cseg_xxx **out: returned as a SWIG pointer object that does NOT own the
 *   handle; cseg/_handle.py wraps it and frees it exactly once.
 * - (double *out, int64_t n_out) / (int64_t *out, int64_t n_out): Python
 *   passes n_out and gets a new numpy array.
 * - matrices: C-contiguous, aligned, native float64 2-D arrays only, never
 *   converted, because cseg_dataset_new_view keeps the pointer. The one
 *   copying constructor (cseg_dataset_new) also takes Fortran order.
 * - scalar outputs (int64_t *out, double *out after a key/seed/labels,
 *   param_info, assign_one, date ranges) come back as Python values/tuples.
 * - calls taking several arrays and one n_rows (transactions, CLV) borrow
 *   exact-dtype 1-D arrays (None = NULL); their callers check the lengths.
 * - every call runs with the GIL released (-threads): inputs are held by
 *   references taken in the typemaps until the call returns.
 */

%begin %{
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
%}

%{
#include <numpy/arrayobject.h>
#include <string.h>

static PyObject *cseg_py_error_hook = NULL;

/* Raise the Python exception for @p status, reading the thread-local message
 * before anything else can call into cseg on this thread. */
static void cseg_py_raise(cseg_status status)
{
	const char *msg = cseg_last_error();
	PyObject *text, *exc;

	if (msg == NULL || msg[0] == '\0')
		msg = cseg_status_str(status);
	/* Messages may quote file contents or paths: never fail on bad UTF-8. */
	text = PyUnicode_DecodeUTF8(msg, (Py_ssize_t)strlen(msg), "replace");
	if (text == NULL)
		return;
	if (cseg_py_error_hook == NULL) {
		PyErr_SetObject(PyExc_RuntimeError, text);
		Py_DECREF(text);
		return;
	}
	exc = PyObject_CallFunction(cseg_py_error_hook, "iO", (int)status, text);
	Py_DECREF(text);
	if (exc == NULL)
		return; /* the hook itself failed: its exception propagates */
	PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
	Py_DECREF(exc);
}

/* A borrowed, non-converted matrix: the pointer may outlive this call
 * (cseg_dataset_new_view), so a copy made here would dangle. */
static PyArrayObject *cseg_py_matrix_c(PyObject *obj, const char *what)
{
	PyArrayObject *arr;

	if (!PyArray_Check(obj)) {
		PyErr_Format(PyExc_TypeError, "%s: expected a numpy.ndarray, got %s",
			what, Py_TYPE(obj)->tp_name);
		return NULL;
	}
	arr = (PyArrayObject *)obj;
	if (PyArray_NDIM(arr) != 2 || PyArray_TYPE(arr) != NPY_DOUBLE
			|| !PyArray_ISNOTSWAPPED(arr)
			|| !PyArray_CHKFLAGS(arr, NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED)) {
		PyErr_Format(PyExc_TypeError,
			"%s: expected a C-contiguous, aligned, native float64 2-D array", what);
		return NULL;
	}
	Py_INCREF(arr);
	return arr;
}

/* A 1-D input array used only for the duration of the call (copy if needed). */
static PyArrayObject *cseg_py_vector(PyObject *obj, int type, const char *what)
{
	PyArrayObject *arr = (PyArrayObject *)PyArray_FROMANY(obj, type, 1, 1, NPY_ARRAY_IN_ARRAY);

	if (arr == NULL && PyErr_ExceptionMatches(PyExc_ValueError)) {
		/* numpy's "object too deep" text does not say which argument. */
		PyErr_Clear();
		PyErr_Format(PyExc_ValueError, "%s: expected a 1-D array", what);
	}
	return arr;
}

static PyObject *cseg_py_new_vector(PyObject *n_obj, int type, void **data)
{
	npy_intp n;
	PyObject *arr;

	n = (npy_intp)PyLong_AsSsize_t(n_obj);
	if (n == -1 && PyErr_Occurred())
		return NULL;
	if (n < 0) {
		PyErr_SetString(PyExc_ValueError, "n_out: must be >= 0");
		return NULL;
	}
	arr = PyArray_SimpleNew(1, &n, type);
	if (arr != NULL)
		*data = PyArray_DATA((PyArrayObject *)arr);
	return arr;
}
%}

%init %{
	import_array();
%}

/* ---- status ---------------------------------------------------------- */

%typemap(out) cseg_status {
	if ($1 != CSEG_OK) {
		cseg_py_raise($1);
		SWIG_fail;
	}
	$result = SWIG_Py_Void();
}

/* Registered once by cseg/__init__.py; fn(status: int, message: str) -> exception.
 * Touches Python objects: keeps the GIL (declared before the function). */
%nothread cseg_py_set_error_hook;
%inline %{
static PyObject *cseg_py_set_error_hook(PyObject *fn)
{
	if (fn != Py_None && !PyCallable_Check(fn)) {
		PyErr_SetString(PyExc_TypeError, "error hook must be callable or None");
		return NULL;
	}
	Py_XDECREF(cseg_py_error_hook);
	cseg_py_error_hook = NULL;
	if (fn != Py_None) {
		Py_INCREF(fn);
		cseg_py_error_hook = fn;
	}
	Py_RETURN_NONE;
}
%}

/* ---- produced handles ------------------------------------------------ */

%define CSEG_PY_OUT_HANDLE(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *handle = NULL) {
	$1 = &handle;
}
%typemap(argout) TYPE **out {
	/* Not owned by the pointer object: cseg/_handle.py frees it once. */
	$result = SWIG_Python_AppendOutput($result, SWIG_NewPointerObj(SWIG_as_voidptr(*$1), $*1_descriptor, 0));
}
%enddef

CSEG_PY_OUT_HANDLE(cseg_dataset)
CSEG_PY_OUT_HANDLE(cseg_model)
CSEG_PY_OUT_HANDLE(cseg_assignment)
CSEG_PY_OUT_HANDLE(cseg_tx_options)
CSEG_PY_OUT_HANDLE(cseg_transactions)
CSEG_PY_OUT_HANDLE(cseg_feature_options)
/* cseg_clv_tiers: its leading int64_t *out is an n_rows array, which the
 * scalar-output typemap below would overrun: cseg_py_clv_tiers (end of
 * this file) wraps it instead. */
%ignore cseg_clv_tiers;

CSEG_PY_OUT_HANDLE(cseg_clv_summary)
CSEG_PY_OUT_HANDLE(cseg_clv_model)
CSEG_PY_OUT_HANDLE(cseg_rules)
CSEG_PY_OUT_HANDLE(cseg_rfm)
CSEG_PY_OUT_HANDLE(cseg_profile)
CSEG_PY_OUT_HANDLE(cseg_pca)
CSEG_PY_OUT_HANDLE(cseg_kselect)
CSEG_PY_OUT_HANDLE(cseg_kstats)
CSEG_PY_OUT_HANDLE(cseg_prep)

/* ---- matrices ---------------------------------------------------------- */

%typemap(in) (const double *data, int64_t n_rows, int64_t n_cols) (PyArrayObject *arr = NULL) {
	arr = cseg_py_matrix_c($input, "data");
	if (arr == NULL)
		SWIG_fail;
	$1 = ($1_ltype)PyArray_DATA(arr);
	$2 = (int64_t)PyArray_DIM(arr, 0);
	$3 = (int64_t)PyArray_DIM(arr, 1);
}
%typemap(freearg) (const double *data, int64_t n_rows, int64_t n_cols) {
	Py_XDECREF(arr$argnum);
}

/* cseg_dataset_new copies: accept any 2-D float64 array, pass Fortran order as
 * column-major without a copy, convert anything else for the call only. */
%typemap(in) (const double *data, int64_t n_rows, int64_t n_cols, cseg_layout layout)
	(PyArrayObject *arr = NULL) {
	if (PyArray_Check($input) && PyArray_NDIM((PyArrayObject *)$input) == 2
			&& PyArray_TYPE((PyArrayObject *)$input) == NPY_DOUBLE
			&& PyArray_ISNOTSWAPPED((PyArrayObject *)$input)
			&& !PyArray_IS_C_CONTIGUOUS((PyArrayObject *)$input)
			&& PyArray_CHKFLAGS((PyArrayObject *)$input, NPY_ARRAY_F_CONTIGUOUS | NPY_ARRAY_ALIGNED)) {
		arr = (PyArrayObject *)$input;
		Py_INCREF(arr);
		$4 = CSEG_LAYOUT_COL_MAJOR;
	} else {
		arr = (PyArrayObject *)PyArray_FROMANY($input, NPY_DOUBLE, 2, 2, NPY_ARRAY_IN_ARRAY);
		if (arr == NULL)
			SWIG_fail;
		$4 = CSEG_LAYOUT_ROW_MAJOR;
	}
	$1 = ($1_ltype)PyArray_DATA(arr);
	$2 = (int64_t)PyArray_DIM(arr, 0);
	$3 = (int64_t)PyArray_DIM(arr, 1);
}
%typemap(freearg) (const double *data, int64_t n_rows, int64_t n_cols, cseg_layout layout) {
	Py_XDECREF(arr$argnum);
}

/* ---- 1-D inputs ------------------------------------------------------ */

%define CSEG_PY_IN_VECTOR(CTYPE, NPYTYPE, PTR, LEN)
%typemap(in) (const CTYPE *PTR, int64_t LEN) (PyArrayObject *arr = NULL) {
	arr = cseg_py_vector($input, NPYTYPE, "$1_name");
	if (arr == NULL)
		SWIG_fail;
	$1 = ($1_ltype)PyArray_DATA(arr);
	$2 = (int64_t)PyArray_DIM(arr, 0);
}
%typemap(freearg) (const CTYPE *PTR, int64_t LEN) {
	Py_XDECREF(arr$argnum);
}
%enddef

/* The same, with None passed as (NULL, 0): the C calls that take an
 * optional array (labels of cseg_rules_apply, cuts of cseg_rfm_set_cuts)
 * refuse a non-NULL pointer with a zero length, and the others refuse NULL. */
%define CSEG_PY_IN_VECTOR_OR_NONE(CTYPE, NPYTYPE, PTR, LEN)
%typemap(in) (const CTYPE *PTR, int64_t LEN) (PyArrayObject *arr = NULL) {
	if ($input == Py_None) {
		$1 = NULL;
		$2 = 0;
	} else {
		arr = cseg_py_vector($input, NPYTYPE, "$1_name");
		if (arr == NULL)
			SWIG_fail;
		$1 = ($1_ltype)PyArray_DATA(arr);
		$2 = (int64_t)PyArray_DIM(arr, 0);
	}
}
%typemap(freearg) (const CTYPE *PTR, int64_t LEN) {
	Py_XDECREF(arr$argnum);
}
%enddef

CSEG_PY_IN_VECTOR(double, NPY_DOUBLE, weights, n_weights)
CSEG_PY_IN_VECTOR(double, NPY_DOUBLE, x, n_features)
CSEG_PY_IN_VECTOR(double, NPY_DOUBLE, x, n_in)      /* cseg_prep_transform_one */
CSEG_PY_IN_VECTOR_OR_NONE(int64_t, NPY_INT64, labels, n_labels)
/* RFM: each array carries its own length, so the C library checks that
 * they agree (the catch-all borrowed `const double *` would trust Python). */
CSEG_PY_IN_VECTOR(double, NPY_DOUBLE, recency, n_recency)
CSEG_PY_IN_VECTOR(double, NPY_DOUBLE, frequency, n_frequency)
CSEG_PY_IN_VECTOR(double, NPY_DOUBLE, monetary, n_monetary)
CSEG_PY_IN_VECTOR_OR_NONE(double, NPY_DOUBLE, cuts, n_cuts)
CSEG_PY_IN_VECTOR(double, NPY_DOUBLE, params, n_params)
CSEG_PY_IN_VECTOR(double, NPY_DOUBLE, linkage, n_linkage)

/* ---- output arrays: Python passes the length ----------------------------- */

%define CSEG_PY_OUT_VECTOR(CTYPE, NPYTYPE)
%typemap(in) (CTYPE *out, int64_t n_out) (PyObject *arr = NULL) {
	void *buf = NULL;
	arr = cseg_py_new_vector($input, NPYTYPE, &buf);
	if (arr == NULL)
		SWIG_fail;
	$1 = ($1_ltype)buf;
	$2 = (int64_t)PyArray_DIM((PyArrayObject *)arr, 0);
}
%typemap(argout) (CTYPE *out, int64_t n_out) {
	$result = SWIG_Python_AppendOutput($result, arr$argnum);
	arr$argnum = NULL; /* reference moved to the result */
}
%typemap(freearg) (CTYPE *out, int64_t n_out) {
	Py_XDECREF(arr$argnum);
}
%enddef

CSEG_PY_OUT_VECTOR(double, NPY_DOUBLE)
CSEG_PY_OUT_VECTOR(int64_t, NPY_INT64)

/* ---- scalar outputs ----------------------------------------------------- */

%typemap(in, numinputs=0) int64_t *out (int64_t v = 0) {
	$1 = &v;
}
%typemap(argout) int64_t *out {
	$result = SWIG_Python_AppendOutput($result, PyLong_FromLongLong((long long)*$1));
}
%apply int64_t *out { int64_t *n_merged_out };
/* cseg_prep_transform's count of dropped rows, returned after the dataset. */
%apply int64_t *out { int64_t *n_dropped_out };
/* A bare `double *out` is a scalar in some calls and an n_rows array in
 * others (cseg_clv_expected_purchases ...), so no generic typemap: the scalar
 * ones are matched with the argument before them, and anything unmatched
 * stays an opaque pointer Python cannot fill (never a stack overflow). */
%define CSEG_PY_INT_THEN_DOUBLE_OUT(CTYPE, NAME)
%typemap(in) (CTYPE NAME, double *out) (double v = 0) {
	long long k = PyLong_AsLongLong($input);
	if (k == -1 && PyErr_Occurred())
		SWIG_fail;
	$1 = (CTYPE)k;
	if ((long long)$1 != k) {
		PyErr_SetString(PyExc_OverflowError, "$1_name: out of range");
		SWIG_fail;
	}
	$2 = &v;
}
%typemap(argout) (CTYPE NAME, double *out) {
	$result = SWIG_Python_AppendOutput($result, PyFloat_FromDouble(*$2));
}
%enddef

CSEG_PY_INT_THEN_DOUBLE_OUT(int, key)               /* cseg_model_get_double */
CSEG_PY_INT_THEN_DOUBLE_OUT(cseg_clv_key, key)      /* cseg_clv_model_get_double */
CSEG_PY_INT_THEN_DOUBLE_OUT(int64_t, seed)          /* cseg_metric_silhouette */
%apply (int key, double *out) { (int stat, double *value_out) };  /* cseg_prep_get_stat */

/* Metrics: labels in, one double out. */
%typemap(in) (const int64_t *labels, int64_t n_labels, double *out)
	(PyArrayObject *arr = NULL, double v = 0) {
	arr = cseg_py_vector($input, NPY_INT64, "labels");
	if (arr == NULL)
		SWIG_fail;
	$1 = ($1_ltype)PyArray_DATA(arr);
	$2 = (int64_t)PyArray_DIM(arr, 0);
	$3 = &v;
}
%typemap(argout) (const int64_t *labels, int64_t n_labels, double *out) {
	$result = SWIG_Python_AppendOutput($result, PyFloat_FromDouble(*$3));
}
%typemap(freearg) (const int64_t *labels, int64_t n_labels, double *out) {
	Py_XDECREF(arr$argnum);
}

/* cseg_metric_silhouette_samples: labels in, one value per label out. */
%typemap(in) (const int64_t *labels, int64_t n_labels, double *out, int64_t n_out)
	(PyArrayObject *arr = NULL, PyObject *res = NULL) {
	npy_intp n;
	arr = cseg_py_vector($input, NPY_INT64, "labels");
	if (arr == NULL)
		SWIG_fail;
	n = PyArray_DIM(arr, 0);
	res = PyArray_SimpleNew(1, &n, NPY_DOUBLE);
	if (res == NULL)
		SWIG_fail;
	$1 = ($1_ltype)PyArray_DATA(arr);
	$2 = (int64_t)n;
	$3 = ($3_ltype)PyArray_DATA((PyArrayObject *)res);
	$4 = (int64_t)n;
}
%typemap(argout) (const int64_t *labels, int64_t n_labels, double *out, int64_t n_out) {
	$result = SWIG_Python_AppendOutput($result, res$argnum);
	res$argnum = NULL;
}
%typemap(freearg) (const int64_t *labels, int64_t n_labels, double *out, int64_t n_out) {
	Py_XDECREF(arr$argnum);
	Py_XDECREF(res$argnum);
}

/* cseg_transactions_date_range */
%typemap(in, numinputs=0) (int64_t *first_out, int64_t *last_out) (int64_t a = 0, int64_t b = 0) {
	$1 = &a;
	$2 = &b;
}
%typemap(argout) (int64_t *first_out, int64_t *last_out) {
	$result = SWIG_Python_AppendOutput($result, Py_BuildValue("(LL)", (long long)*$1, (long long)*$2));
}

/* cseg_date_format_iso -> str ("YYYY-MM-DD" needs 11 bytes) */
%apply (int64_t *first_out, int64_t *last_out) { (int64_t *rows_out, int64_t *cols_out) };

%typemap(in, numinputs=0) (char *buf, size_t size) (char tmp[32]) {
	tmp[0] = '\0';
	$1 = tmp;
	$2 = sizeof(tmp);
}
%typemap(argout) (char *buf, size_t size) {
	$result = SWIG_Python_AppendOutput($result, PyUnicode_FromString($1));
}

%typemap(in, numinputs=0) int *key_out (int v = 0) {
	$1 = &v;
}
%typemap(argout) int *key_out {
	$result = SWIG_Python_AppendOutput($result, PyLong_FromLong(*$1));
}
%typemap(in, numinputs=0) const char **out (const char *v = NULL) {
	$1 = ($1_ltype)&v;
}
%typemap(argout) const char **out {
	$result = SWIG_Python_AppendOutput($result, *$1 ? PyUnicode_DecodeUTF8(*$1, (Py_ssize_t)strlen(*$1), "replace") : SWIG_Py_Void());
}

/* cseg_param_info -> (name, type, default, min, max) */
%typemap(in, numinputs=0) (const char **name_out, int *type_out, double *default_out,
	double *min_out, double *max_out)
	(const char *name = NULL, int type = 0, double def = 0, double lo = 0, double hi = 0) {
	$1 = ($1_ltype)&name; $2 = &type; $3 = &def; $4 = &lo; $5 = &hi;
}
%typemap(argout) (const char **name_out, int *type_out, double *default_out,
	double *min_out, double *max_out) {
	$result = SWIG_Python_AppendOutput($result, Py_BuildValue("(siddd)",
		*$1 ? *$1 : "", *$2, *$3, *$4, *$5));
}

/* cseg_model_assign_one -> (label, distance, margin) */
%typemap(in, numinputs=0) (int64_t *label_out, double *distance_out, double *margin_out)
	(int64_t label = -1, double dist = 0, double margin = 0) {
	$1 = &label; $2 = &dist; $3 = &margin;
}
%typemap(argout) (int64_t *label_out, double *distance_out, double *margin_out) {
	$result = SWIG_Python_AppendOutput($result, Py_BuildValue("(Ldd)",
		(long long)*$1, *$2, *$3));
}

/* ---- bytes --------------------------------------------------------------- */

%typemap(in, numinputs=0) (void **data_out, int64_t *n_bytes_out) (void *buf = NULL, int64_t n = 0) {
	$1 = &buf;
	$2 = &n;
}
%typemap(argout) (void **data_out, int64_t *n_bytes_out) {
	PyObject *b = PyBytes_FromStringAndSize((const char *)buf$argnum, (Py_ssize_t)n$argnum);
	cseg_free(buf$argnum);
	buf$argnum = NULL;
	if (b == NULL)
		SWIG_fail;
	$result = SWIG_Python_AppendOutput($result, b);
}
%typemap(freearg) (void **data_out, int64_t *n_bytes_out) {
	cseg_free(buf$argnum); /* non-NULL only when the call failed half-way */
}

%typemap(in) (const void *data, int64_t n_bytes) (Py_buffer view, int have_view = 0) {
	if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) != 0)
		SWIG_fail;
	have_view = 1;
	$1 = ($1_ltype)view.buf;
	$2 = (int64_t)view.len;
}
%typemap(freearg) (const void *data, int64_t n_bytes) {
	if (have_view$argnum)
		PyBuffer_Release(&view$argnum);
}

/* ---- column arrays whose length is another argument (transactions, CLV) --
 *
 * Calls such as cseg_clv_expected_purchases(model, out, t, x, t_x, T, n_rows)
 * take several arrays and one n_rows. Each array here is a 1-D, C-contiguous
 * numpy array of the exact dtype (or None for NULL), borrowed for the call;
 * outputs must be writeable. The raw layer cannot see n_rows when it
 * converts an array: callers (the cseg package) pass arrays of n_rows. */
%{
static int cseg_py_borrow_1d(PyObject *obj, int type, int writeable, const char *what,
	PyArrayObject **arr, void **ptr)
{
	PyArrayObject *a;

	*arr = NULL;
	*ptr = NULL;
	if (obj == Py_None)
		return 0;
	if (!PyArray_Check(obj)) {
		PyErr_Format(PyExc_TypeError, "%s: expected a numpy.ndarray or None, got %s",
			what, Py_TYPE(obj)->tp_name);
		return -1;
	}
	a = (PyArrayObject *)obj;
	if (PyArray_NDIM(a) != 1 || PyArray_TYPE(a) != type || !PyArray_ISNOTSWAPPED(a)
			|| !PyArray_CHKFLAGS(a, NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED)
			|| (writeable && !PyArray_ISWRITEABLE(a))) {
		PyErr_Format(PyExc_TypeError, "%s: expected a%s C-contiguous 1-D %s array", what,
			writeable ? " writeable" : "", type == NPY_DOUBLE ? "float64" : "int64");
		return -1;
	}
	Py_INCREF(a);
	*arr = a;
	*ptr = PyArray_DATA(a);
	return 0;
}
%}

%define CSEG_PY_BORROWED_ARRAY(CTYPE, NPYTYPE, WRITEABLE)
%typemap(in) CTYPE (PyArrayObject *arr = NULL) {
	void *p = NULL;
	if (cseg_py_borrow_1d($input, NPYTYPE, WRITEABLE, "$1_name", &arr, &p) != 0)
		SWIG_fail;
	$1 = ($1_ltype)p;
}
%typemap(freearg) CTYPE {
	Py_XDECREF(arr$argnum);
}
%enddef

CSEG_PY_BORROWED_ARRAY(const double *, NPY_DOUBLE, 0)
CSEG_PY_BORROWED_ARRAY(const int64_t *, NPY_INT64, 0)
CSEG_PY_BORROWED_ARRAY(double *out, NPY_DOUBLE, 1)
CSEG_PY_BORROWED_ARRAY(double *actual_out, NPY_DOUBLE, 1)
CSEG_PY_BORROWED_ARRAY(double *predicted_out, NPY_DOUBLE, 1)
CSEG_PY_BORROWED_ARRAY(double *amounts_out, NPY_DOUBLE, 1)
CSEG_PY_BORROWED_ARRAY(double *quantities_out, NPY_DOUBLE, 1)
CSEG_PY_BORROWED_ARRAY(int64_t *count_out, NPY_INT64, 1)
CSEG_PY_BORROWED_ARRAY(int64_t *customers_out, NPY_INT64, 1)
CSEG_PY_BORROWED_ARRAY(int64_t *days_out, NPY_INT64, 1)

/* cseg_transactions_new: IDs as a list of str (length checked by the caller). */
%typemap(in) const char *const *ids (PyObject *seq = NULL, const char **ptrs = NULL) {
	Py_ssize_t i, n;
	seq = PySequence_Fast($input, "ids: expected a sequence of str");
	if (seq == NULL)
		SWIG_fail;
	n = PySequence_Fast_GET_SIZE(seq);
	ptrs = (const char **)PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof(*ptrs));
	if (ptrs == NULL) {
		PyErr_NoMemory();
		SWIG_fail;
	}
	for (i = 0; i < n; i++) {
		PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
		ptrs[i] = PyUnicode_Check(item) ? PyUnicode_AsUTF8(item) : NULL;
		if (ptrs[i] == NULL) {
			if (!PyErr_Occurred())
				PyErr_Format(PyExc_TypeError, "ids[%zd]: expected str", i);
			SWIG_fail;
		}
	}
	$1 = ($1_ltype)ptrs;
}
%typemap(freearg) const char *const *ids {
	PyMem_Free((void *)ptrs$argnum);
	Py_XDECREF(seq$argnum);
}

/* cseg_transactions_new_date_strings: the date texts, as the IDs. */
%apply const char *const *ids { const char *const *dates };

/* ---- lists of strings ------------------------------------------------- */

/* None -> (NULL, 0). The fast sequence keeps every str (and so its UTF-8
 * buffer) alive while the GIL is released. */
%define CSEG_PY_IN_STRINGS(PTR, LEN)
%typemap(in) (const char *const *PTR, int64_t LEN) (PyObject *seq = NULL, const char **ptrs = NULL) {
	Py_ssize_t i, n;
	if ($input == Py_None) {
		$1 = NULL;
		$2 = 0;
	} else {
		if (PyUnicode_Check($input) || PyBytes_Check($input)) {
			PyErr_SetString(PyExc_TypeError, "$1_name: expected a sequence of str, got a single string");
			SWIG_fail;
		}
		seq = PySequence_Fast($input, "$1_name: expected a sequence of str");
		if (seq == NULL)
			SWIG_fail;
		n = PySequence_Fast_GET_SIZE(seq);
		ptrs = (const char **)PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof(*ptrs));
		if (ptrs == NULL) {
			PyErr_NoMemory();
			SWIG_fail;
		}
		for (i = 0; i < n; i++) {
			PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
			if (!PyUnicode_Check(item)) {
				PyErr_Format(PyExc_TypeError, "$1_name[%zd]: expected str, got %s",
					i, Py_TYPE(item)->tp_name);
				SWIG_fail;
			}
			ptrs[i] = PyUnicode_AsUTF8(item);
			if (ptrs[i] == NULL)
				SWIG_fail;
		}
		$1 = ($1_ltype)ptrs;
		$2 = (int64_t)n;
	}
}
%typemap(freearg) (const char *const *PTR, int64_t LEN) {
	PyMem_Free((void *)ptrs$argnum);
	Py_XDECREF(seq$argnum);
}
%enddef

CSEG_PY_IN_STRINGS(names, n_names)
CSEG_PY_IN_STRINGS(ids, n_ids)
CSEG_PY_IN_STRINGS(columns, n_columns)
/* cseg_transactions_set_attribute: one string per row ("" = unknown); the
 * caller checks the count against the rows. */
CSEG_PY_IN_STRINGS(values, n_values)

/* ---- CLV tiers: values in, (tiers, cuts) out ---------------------------- *
 * The C call takes an n_rows output array, the cut points and their count,
 * the values and n_rows, and n_tiers: no single typemap sees enough of it,
 * so this small wrapper sizes both outputs from the input itself (the raw
 * layer cannot overrun whatever Python passes) and releases the GIL around
 * the computation only. */
%nothread cseg_py_clv_tiers;
%inline %{
static PyObject *cseg_py_clv_tiers(PyObject *values, long long n_tiers)
{
	PyArrayObject *vals;
	PyObject *tiers = NULL, *cuts = NULL, *res = NULL;
	npy_intp n, n_cuts;
	cseg_status st;

	vals = cseg_py_vector(values, NPY_DOUBLE, "values");
	if (vals == NULL)
		return NULL;
	n = PyArray_DIM(vals, 0);
	/* Out-of-range counts get no buffer: the C call refuses them by name. */
	n_cuts = n_tiers >= 2 && n_tiers <= 1000 ? (npy_intp)(n_tiers - 1) : 0;
	tiers = PyArray_SimpleNew(1, &n, NPY_INT64);
	cuts = PyArray_SimpleNew(1, &n_cuts, NPY_DOUBLE);
	if (tiers == NULL || cuts == NULL)
		goto done;
	Py_BEGIN_ALLOW_THREADS
	st = cseg_clv_tiers((int64_t *)PyArray_DATA((PyArrayObject *)tiers),
		n_cuts > 0 ? (double *)PyArray_DATA((PyArrayObject *)cuts) : NULL, (int64_t)n_cuts,
		(const double *)PyArray_DATA(vals), (int64_t)n, (int64_t)n_tiers);
	Py_END_ALLOW_THREADS
	if (st != CSEG_OK) {
		cseg_py_raise(st);
		goto done;
	}
	res = Py_BuildValue("(OO)", tiers, cuts);
done:
	Py_XDECREF(tiers);
	Py_XDECREF(cuts);
	Py_DECREF(vals);
	return res;
}
%}
