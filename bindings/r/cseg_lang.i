/* R typemaps for bindings/cseg.i.
 *
 * The generated functions are the package's internal layer: they never raise.
 * Each returns SWIG's output list, list(status, out1, out2, ...), and the
 * hand-written R code in R/ checks the status and calls stop() with a
 * cseg_error condition. Raising here with Rf_error would longjmp past the
 * wrapper's cleanup (STYLE.md, R pitfall 2).
 *
 * Handles are plain external pointers tagged with their C type name. Every
 * producing call registers a C finalizer on the pointer (pitfall 1: SWIG's R
 * module only registers them for constructors); the finalizer and the
 * explicit C_handle_free clear the pointer, so a handle is freed exactly
 * once. A cleared, foreign or restored-from-disk pointer converts to a C
 * NULL, which every cseg entry point rejects with CSEG_E_INVALID_ARG instead
 * of crashing (pitfall 3). */

%{
#include <string.h>
#include <R_ext/Rdynload.h>

static void rcseg_dataset_finalize(SEXP p)
{
	cseg_dataset *h = (cseg_dataset *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_dataset_free(h);
}

static void rcseg_model_finalize(SEXP p)
{
	cseg_model *h = (cseg_model *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_model_free(h);
}

static void rcseg_assignment_finalize(SEXP p)
{
	cseg_assignment *h = (cseg_assignment *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_assignment_free(h);
}

/* Owns h from here on: the pointer's finalizer frees it. */
static SEXP rcseg_wrap(void *h, const char *tag, R_CFinalizer_t fin)
{
	SEXP p;

	if (h == NULL)
		return R_NilValue;
	p = PROTECT(R_MakeExternalPtr(h, Rf_install(tag), R_NilValue));
	R_RegisterCFinalizerEx(p, fin, TRUE);
	UNPROTECT(1);
	return p;
}

/* NULL for anything but a live pointer of the right type. */
static void *rcseg_unwrap(SEXP p, const char *tag)
{
	if (TYPEOF(p) != EXTPTRSXP || R_ExternalPtrTag(p) != Rf_install(tag))
		return NULL;
	return R_ExternalPtrAddr(p);
}

static const char *rcseg_string(SEXP s)
{
	if (TYPEOF(s) != STRSXP || XLENGTH(s) < 1 || STRING_ELT(s, 0) == NA_STRING)
		return NULL;
	return Rf_translateCharUTF8(STRING_ELT(s, 0));
}

/* Character vector -> array of borrowed C strings (R_alloc: released when
 * the .Call returns). NA becomes "" so the library reports it by position. */
static void rcseg_strings(SEXP s, const char *const **out, int64_t *n_out)
{
	const char **v;
	R_xlen_t i, n;

	if (TYPEOF(s) != STRSXP) {
		*out = NULL;
		*n_out = 0;
		return;
	}
	n = XLENGTH(s);
	v = (const char **)R_alloc(n > 0 ? (size_t)n : 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = STRING_ELT(s, i) == NA_STRING ? "" : Rf_translateCharUTF8(STRING_ELT(s, i));
	*out = v;
	*n_out = (int64_t)n;
}

/* Length of a requested output buffer; -1 (refused by the library through
 * the n_out check) when not a usable count. */
static int64_t rcseg_count(SEXP s)
{
	double n = Rf_asReal(s);

	if (!(n >= 0) || n > (double)R_XLEN_T_MAX)
		return -1;
	return (int64_t)n;
}

static SEXP rcseg_int64_vector(const int64_t *v, int64_t n)
{
	SEXP r = PROTECT(Rf_allocVector(REALSXP, n > 0 ? (R_xlen_t)n : 0));
	int64_t i;

	for (i = 0; i < n; i++)
		REAL(r)[i] = (double)v[i];
	UNPROTECT(1);
	return r;
}
%}

/* ---- Names: C functions become internal R functions C_<name> ---------- */
%rename("%(regex:/^cseg_(.*)$/C_\\1/)s", %$isfunction) "";

/* The _free functions would leave the R pointer dangling: C_handle_free
 * replaces them. Borrowing views need the R vector kept alive: not offered. */
%ignore cseg_dataset_free;
%ignore cseg_model_free;
%ignore cseg_assignment_free;
%ignore cseg_dataset_new_view;

/* ---- Plain values ------------------------------------------------------ */
%typemap(in) SEXP "$1 = $input;"
%typemap(out) SEXP "$result = $1;"
%typemap(scoercein) SEXP ""
%typemap(rtype) SEXP "ANY"

%typemap(out) cseg_status "$result = Rf_ScalarInteger((int)$1);"
%typemap(scoerceout) cseg_status ""
%typemap(rtype) cseg_status "integer"

/* Enums travel as integers: no SWIG enumeration classes (pitfall 4). */
%typemap(in) enum SWIGTYPE "$1 = ($1_ltype)Rf_asInteger($input);"
%typemap(scoercein) enum SWIGTYPE "$input = as.integer($input);"
%typemap(scoerceout) enum SWIGTYPE ""
%typemap(rtype) enum SWIGTYPE "integer"

/* Scalars read with Rf_as*: an empty or NA argument becomes NA_INTEGER or
 * NaN, which the library refuses, instead of an out-of-bounds read. */
%typemap(in) int "$1 = Rf_asInteger($input);"
%typemap(in) double "$1 = Rf_asReal($input);"

/* int64_t as double: R has no 64-bit integer, doubles hold 2^53 exactly. */
%typemap(in) int64_t "$1 = (int64_t)Rf_asReal($input);"
%typemap(out) int64_t "$result = Rf_ScalarReal((double)$1);"
%typemap(scoercein) int64_t "$input = as.numeric($input);"
%typemap(scoerceout) int64_t ""
%typemap(rtype) int64_t "numeric"

%typemap(in) const char * "$1 = ($1_ltype)rcseg_string($input);"
%typemap(freearg) const char * ""
%typemap(scoercein) const char * ""
%typemap(in) char {
	const char *s = rcseg_string($input);
	$1 = s != NULL ? s[0] : '\0';
}
%typemap(scoercein) char ""

/* ---- Handles ----------------------------------------------------------- */
%define RCSEG_HANDLE(TYPE)
%typemap(in) TYPE *, const TYPE * {
	$1 = ($1_ltype)rcseg_unwrap($input, #TYPE);
}
%typemap(scoercein) TYPE *, const TYPE * ""
%typemap(rtype) TYPE *, const TYPE * "externalptr"
%typemap(in, numinputs=0) TYPE **out (TYPE *tmp = NULL) "$1 = &tmp;"
%typemap(argout) TYPE **out {
	%append_output(rcseg_wrap(tmp$argnum, #TYPE, rcseg_ ## TYPE ## _finalize_));
}
%enddef

%{
#define rcseg_cseg_dataset_finalize_ rcseg_dataset_finalize
#define rcseg_cseg_model_finalize_ rcseg_model_finalize
#define rcseg_cseg_assignment_finalize_ rcseg_assignment_finalize
%}

RCSEG_HANDLE(cseg_dataset)
RCSEG_HANDLE(cseg_model)
RCSEG_HANDLE(cseg_assignment)

/* ---- Arrays in --------------------------------------------------------- */

/* An R matrix (column-major double) as is: the library copies it. */
%typemap(in) (const double *data, int64_t n_rows, int64_t n_cols, cseg_layout layout) {
	SEXP dim_ = Rf_getAttrib($input, R_DimSymbol);
	if (TYPEOF($input) == REALSXP && TYPEOF(dim_) == INTSXP && LENGTH(dim_) == 2) {
		$1 = REAL($input);
		$2 = INTEGER(dim_)[0];
		$3 = INTEGER(dim_)[1];
	} else {
		$1 = NULL;
		$2 = 0;
		$3 = 0;
	}
	$4 = CSEG_LAYOUT_COL_MAJOR;
}
%typemap(scoercein) (const double *data, int64_t n_rows, int64_t n_cols, cseg_layout layout) ""

/* An R matrix for a row-major parameter: transposed into R_alloc memory. */
%typemap(in) (const double *data, int64_t n_rows, int64_t n_cols) {
	SEXP dim_ = Rf_getAttrib($input, R_DimSymbol);
	$1 = NULL;
	$2 = 0;
	$3 = 0;
	if (TYPEOF($input) == REALSXP && TYPEOF(dim_) == INTSXP && LENGTH(dim_) == 2) {
		int64_t r_, c_, nr_ = INTEGER(dim_)[0], nc_ = INTEGER(dim_)[1];
		double *t_ = (double *)R_alloc(nr_ * nc_ > 0 ? (size_t)(nr_ * nc_) : 1, sizeof(double));
		for (r_ = 0; r_ < nr_; r_++)
			for (c_ = 0; c_ < nc_; c_++)
				t_[r_ * nc_ + c_] = REAL($input)[c_ * nr_ + r_];
		$1 = t_;
		$2 = nr_;
		$3 = nc_;
	}
}
%typemap(scoercein) (const double *data, int64_t n_rows, int64_t n_cols) ""

%define RCSEG_DOUBLES_IN(PTR, LEN)
%typemap(in) (const double *PTR, int64_t LEN) {
	if (TYPEOF($input) == REALSXP) {
		$1 = REAL($input);
		$2 = (int64_t)XLENGTH($input);
	} else {
		$1 = NULL;
		$2 = 0;
	}
}
%typemap(scoercein) (const double *PTR, int64_t LEN) "$input = as.double($input);"
%typemap(freearg) (const double *PTR, int64_t LEN) ""
%enddef
RCSEG_DOUBLES_IN(weights, n_weights)
RCSEG_DOUBLES_IN(x, n_features)

%typemap(in) (const int64_t *labels, int64_t n_labels) {
	R_xlen_t i_, n_ = TYPEOF($input) == REALSXP ? XLENGTH($input) : 0;
	int64_t *v_ = (int64_t *)R_alloc(n_ > 0 ? (size_t)n_ : 1, sizeof(int64_t));
	for (i_ = 0; i_ < n_; i_++) {
		double d_ = REAL($input)[i_];
		/* NA or fractional labels become -1: refused by position. */
		v_[i_] = (d_ == d_ && d_ == (double)(int64_t)d_) ? (int64_t)d_ : -1;
	}
	$1 = n_ > 0 ? v_ : NULL;
	$2 = (int64_t)n_;
}
%typemap(scoercein) (const int64_t *labels, int64_t n_labels) "$input = as.double($input);"
%typemap(freearg) (const int64_t *labels, int64_t n_labels) ""

%typemap(in) (const void *data, int64_t n_bytes) {
	if (TYPEOF($input) == RAWSXP) {
		$1 = RAW($input);
		$2 = (int64_t)XLENGTH($input);
	} else {
		$1 = NULL;
		$2 = 0;
	}
}
%typemap(scoercein) (const void *data, int64_t n_bytes) ""

%define RCSEG_STRINGS_IN(PTR, LEN)
%typemap(in) (const char *const *PTR, int64_t LEN) "rcseg_strings($input, (const char *const **)&$1, &$2);"
%typemap(scoercein) (const char *const *PTR, int64_t LEN) ""
%enddef
RCSEG_STRINGS_IN(names, n_names)
RCSEG_STRINGS_IN(ids, n_ids)
RCSEG_STRINGS_IN(columns, n_columns)

/* ---- Arrays out: the R caller passes the length, gets a vector --------- */
%typemap(in) (double *out, int64_t n_out) {
	$2 = rcseg_count($input);
	$1 = $2 >= 0 ? (double *)R_alloc($2 > 0 ? (size_t)$2 : 1, sizeof(double)) : NULL;
}
%typemap(argout) (double *out, int64_t n_out) {
	SEXP v_ = PROTECT(Rf_allocVector(REALSXP, $2 > 0 ? (R_xlen_t)$2 : 0));
	if ($2 > 0)
		memcpy(REAL(v_), $1, (size_t)$2 * sizeof(double));
	%append_output(v_);
	UNPROTECT(1);
}
%typemap(scoercein) (double *out, int64_t n_out) "$input = as.numeric($input);"
%typemap(freearg) (double *out, int64_t n_out) ""

%typemap(in) (int64_t *out, int64_t n_out) {
	$2 = rcseg_count($input);
	$1 = $2 >= 0 ? (int64_t *)R_alloc($2 > 0 ? (size_t)$2 : 1, sizeof(int64_t)) : NULL;
}
%typemap(argout) (int64_t *out, int64_t n_out) {
	%append_output(rcseg_int64_vector($1, $2 > 0 ? $2 : 0));
}
%typemap(scoercein) (int64_t *out, int64_t n_out) "$input = as.numeric($input);"
%typemap(freearg) (int64_t *out, int64_t n_out) ""

/* ---- Scalar outputs ---------------------------------------------------- */
%define RCSEG_SCALAR_OUT(CTYPE, NAME, INIT, MAKE)
%typemap(in, numinputs=0) CTYPE *NAME (CTYPE tmp = INIT) "$1 = ($1_ltype)&tmp;"
%typemap(freearg) CTYPE *NAME ""
%typemap(argout) CTYPE *NAME {
	%append_output(MAKE(tmp$argnum));
}
%enddef

%{
static SEXP rcseg_mk_string(const char *s)
{
	return s != NULL ? Rf_mkString(s) : R_NilValue;
}
%}

RCSEG_SCALAR_OUT(double, out, 0, Rf_ScalarReal)
RCSEG_SCALAR_OUT(double, distance_out, 0, Rf_ScalarReal)
RCSEG_SCALAR_OUT(double, margin_out, 0, Rf_ScalarReal)
RCSEG_SCALAR_OUT(double, default_out, 0, Rf_ScalarReal)
RCSEG_SCALAR_OUT(double, min_out, 0, Rf_ScalarReal)
RCSEG_SCALAR_OUT(double, max_out, 0, Rf_ScalarReal)
RCSEG_SCALAR_OUT(int64_t, out, 0, (SEXP)Rf_ScalarReal)
RCSEG_SCALAR_OUT(int64_t, label_out, 0, (SEXP)Rf_ScalarReal)
RCSEG_SCALAR_OUT(int, key_out, 0, Rf_ScalarInteger)
RCSEG_SCALAR_OUT(int, type_out, 0, Rf_ScalarInteger)
RCSEG_SCALAR_OUT(const char *, out, NULL, rcseg_mk_string)
RCSEG_SCALAR_OUT(const char *, name_out, NULL, rcseg_mk_string)

/* Model bytes: copied into a raw vector, the C buffer released at once. */
%typemap(in, numinputs=0) (void **data_out, int64_t *n_bytes_out) (void *buf = NULL, int64_t len = 0) {
	$1 = &buf;
	$2 = &len;
}
%typemap(argout) (void **data_out, int64_t *n_bytes_out) {
	SEXP v_ = PROTECT(Rf_allocVector(RAWSXP, buf$argnum != NULL ? (R_xlen_t)len$argnum : 0));
	if (buf$argnum != NULL)
		memcpy(RAW(v_), buf$argnum, (size_t)len$argnum);
	cseg_free(buf$argnum);
	%append_output(v_);
	UNPROTECT(1);
}

/* ---- Handle lifetime helpers for the R layer --------------------------- */
%rename(C_handle_free) rcseg_handle_free;
%rename(C_handle_valid) rcseg_handle_valid;
%inline %{
/* Free a handle now (idempotent); TRUE when this call freed it. */
SEXP rcseg_handle_free(SEXP p)
{
	void *h;

	if (TYPEOF(p) != EXTPTRSXP || (h = R_ExternalPtrAddr(p)) == NULL)
		return Rf_ScalarLogical(0);
	if (R_ExternalPtrTag(p) == Rf_install("cseg_model"))
		rcseg_model_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_dataset"))
		rcseg_dataset_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_assignment"))
		rcseg_assignment_finalize(p);
	else
		return Rf_ScalarLogical(0);
	return Rf_ScalarLogical(1);
}

/* TRUE for a live cseg handle; FALSE for NULL, a cleared pointer or one
 * restored by readRDS (its address is NULL). */
SEXP rcseg_handle_valid(SEXP p)
{
	return Rf_ScalarLogical(TYPEOF(p) == EXTPTRSXP && R_ExternalPtrAddr(p) != NULL);
}
%}
