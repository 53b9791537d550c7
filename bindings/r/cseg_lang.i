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

static void rcseg_transactions_finalize(SEXP p)
{
	cseg_transactions *h = (cseg_transactions *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_transactions_free(h);
}

static void rcseg_tx_options_finalize(SEXP p)
{
	cseg_tx_options *h = (cseg_tx_options *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_tx_options_free(h);
}

static void rcseg_clv_summary_finalize(SEXP p)
{
	cseg_clv_summary *h = (cseg_clv_summary *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_clv_summary_free(h);
}

static void rcseg_clv_model_finalize(SEXP p)
{
	cseg_clv_model *h = (cseg_clv_model *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_clv_model_free(h);
}

static void rcseg_rfm_finalize(SEXP p)
{
	cseg_rfm *h = (cseg_rfm *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_rfm_free(h);
}

static void rcseg_rules_finalize(SEXP p)
{
	cseg_rules *h = (cseg_rules *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_rules_free(h);
}

static void rcseg_profile_finalize(SEXP p)
{
	cseg_profile *h = (cseg_profile *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_profile_free(h);
}

static void rcseg_pca_finalize(SEXP p)
{
	cseg_pca *h = (cseg_pca *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_pca_free(h);
}

static void rcseg_kselect_finalize(SEXP p)
{
	cseg_kselect *h = (cseg_kselect *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_kselect_free(h);
}

static void rcseg_prep_finalize(SEXP p)
{
	cseg_prep *h = (cseg_prep *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_prep_free(h);
}

static void rcseg_feature_options_finalize(SEXP p)
{
	cseg_feature_options *h = (cseg_feature_options *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_feature_options_free(h);
}

static void rcseg_kstats_finalize(SEXP p)
{
	cseg_kstats *h = (cseg_kstats *)R_ExternalPtrAddr(p);
	R_ClearExternalPtr(p);
	cseg_kstats_free(h);
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
%ignore cseg_transactions_free;
%ignore cseg_tx_options_free;
%ignore cseg_clv_summary_free;
%ignore cseg_clv_model_free;
%ignore cseg_rfm_free;
%ignore cseg_rules_free;
/* Its leading int64_t *out is an n_rows array, which the scalar-output
 * typemap would overrun: rcseg_clv_tiers (end of this file) wraps it. */
%ignore cseg_clv_tiers;
%ignore cseg_profile_free;
%ignore cseg_pca_free;
%ignore cseg_kselect_free;
%ignore cseg_feature_options_free;
%ignore cseg_prep_free;
%ignore cseg_kstats_free;
/* R formats dates itself; a char buffer has no safe R equivalent. */
%ignore cseg_date_format_iso;

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
#define rcseg_cseg_transactions_finalize_ rcseg_transactions_finalize
#define rcseg_cseg_tx_options_finalize_ rcseg_tx_options_finalize
#define rcseg_cseg_clv_summary_finalize_ rcseg_clv_summary_finalize
#define rcseg_cseg_clv_model_finalize_ rcseg_clv_model_finalize
#define rcseg_cseg_rfm_finalize_ rcseg_rfm_finalize
#define rcseg_cseg_rules_finalize_ rcseg_rules_finalize
#define rcseg_cseg_profile_finalize_ rcseg_profile_finalize
#define rcseg_cseg_pca_finalize_ rcseg_pca_finalize
#define rcseg_cseg_kselect_finalize_ rcseg_kselect_finalize
#define rcseg_cseg_feature_options_finalize_ rcseg_feature_options_finalize
#define rcseg_cseg_prep_finalize_ rcseg_prep_finalize
#define rcseg_cseg_kstats_finalize_ rcseg_kstats_finalize
%}

RCSEG_HANDLE(cseg_dataset)
RCSEG_HANDLE(cseg_model)
RCSEG_HANDLE(cseg_assignment)
RCSEG_HANDLE(cseg_transactions)
RCSEG_HANDLE(cseg_tx_options)
RCSEG_HANDLE(cseg_clv_summary)
RCSEG_HANDLE(cseg_clv_model)
RCSEG_HANDLE(cseg_rfm)
RCSEG_HANDLE(cseg_rules)
RCSEG_HANDLE(cseg_profile)
RCSEG_HANDLE(cseg_pca)
RCSEG_HANDLE(cseg_kselect)
RCSEG_HANDLE(cseg_feature_options)
RCSEG_HANDLE(cseg_prep)
RCSEG_HANDLE(cseg_kstats)

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
RCSEG_DOUBLES_IN(x, n_in)
RCSEG_DOUBLES_IN(params, n_params)
RCSEG_DOUBLES_IN(cuts, n_cuts)

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
/* cseg_transactions_set_attribute: one value per row, NA = "" = unknown;
 * the library checks the count against the rows. */
RCSEG_STRINGS_IN(values, n_values)

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
RCSEG_SCALAR_OUT(double, value_out, 0, Rf_ScalarReal)
RCSEG_SCALAR_OUT(int64_t, out, 0, (SEXP)Rf_ScalarReal)
RCSEG_SCALAR_OUT(int64_t, label_out, 0, (SEXP)Rf_ScalarReal)
RCSEG_SCALAR_OUT(int64_t, first_out, 0, (SEXP)Rf_ScalarReal)
RCSEG_SCALAR_OUT(int64_t, last_out, 0, (SEXP)Rf_ScalarReal)
RCSEG_SCALAR_OUT(int64_t, rows_out, 0, (SEXP)Rf_ScalarReal)
RCSEG_SCALAR_OUT(int64_t, n_merged_out, 0, (SEXP)Rf_ScalarReal)
RCSEG_SCALAR_OUT(int64_t, n_dropped_out, 0, (SEXP)Rf_ScalarReal)
RCSEG_SCALAR_OUT(int64_t, cols_out, 0, (SEXP)Rf_ScalarReal)
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
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_transactions"))
		rcseg_transactions_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_tx_options"))
		rcseg_tx_options_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_clv_summary"))
		rcseg_clv_summary_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_clv_model"))
		rcseg_clv_model_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_rfm"))
		rcseg_rfm_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_rules"))
		rcseg_rules_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_profile"))
		rcseg_profile_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_pca"))
		rcseg_pca_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_kselect"))
		rcseg_kselect_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_feature_options"))
		rcseg_feature_options_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_prep"))
		rcseg_prep_finalize(p);
	else if (R_ExternalPtrTag(p) == Rf_install("cseg_kstats"))
		rcseg_kstats_finalize(p);
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

/* ---- Column calls: several vectors and one n_rows ---------------------- *
 *
 * Transactions and CLV calls take several arrays of one length n_rows, and
 * a bare `double *out` that is a scalar elsewhere. A typemap sees one
 * argument and cannot check one array against another, so these calls get
 * small glue functions instead: each takes the R vectors, derives n_rows from
 * the first and hands the library NULL for any vector of another length or
 * type (refused as "<name> is NULL"; n_rows = 0 for an optional one), so a
 * length mismatch can never read past a vector. The R layer checks lengths
 * first, with its own messages. They return list(status, outputs...) as the
 * generated functions do. */
%ignore cseg_transactions_new;
%ignore cseg_transactions_copy_rows;
/* Dates as text: the R layer parses them itself (.days), with R positions. */
%ignore cseg_transactions_new_date_strings;
%ignore cseg_clv_model_fit;
%ignore cseg_clv_model_fit_spend;
%ignore cseg_clv_model_fit_summary;
%ignore cseg_clv_expected_purchases;
%ignore cseg_clv_prob_alive;
%ignore cseg_clv_prob_n_purchases;
%ignore cseg_clv_expected_purchases_new;
%ignore cseg_clv_expected_spend;
%ignore cseg_clv_value;
%ignore cseg_clv_holdout_compare;

%{
/* A double vector of n >= 1 values, else NULL. */
static const double *rcseg_doubles(SEXP s, R_xlen_t n)
{
	return n > 0 && TYPEOF(s) == REALSXP && XLENGTH(s) == n ? REAL(s) : NULL;
}

/* An optional double vector: NULL for R NULL; *ok cleared when it is
 * neither NULL nor n doubles. */
static const double *rcseg_doubles_opt(SEXP s, R_xlen_t n, int *ok)
{
	if (s == R_NilValue)
		return NULL;
	if (n < 1 || TYPEOF(s) != REALSXP || XLENGTH(s) != n) {
		*ok = 0;
		return NULL;
	}
	return REAL(s);
}

/* n whole numbers from a double vector (R_alloc), else NULL; NA and
 * fractional values become bad, which the library refuses by row. */
static const int64_t *rcseg_int64s(SEXP s, R_xlen_t n, int64_t bad)
{
	int64_t *v;
	R_xlen_t i;

	if (n < 1 || TYPEOF(s) != REALSXP || XLENGTH(s) != n)
		return NULL;
	v = (int64_t *)R_alloc(n > 0 ? (size_t)n : 1, sizeof(int64_t));
	for (i = 0; i < n; i++) {
		double d = REAL(s)[i];
		v[i] = (d == d && d >= -9.2e18 && d <= 9.2e18 && d == (double)(int64_t)d) ? (int64_t)d : bad;
	}
	return v;
}

static R_xlen_t rcseg_len(SEXP s)
{
	return TYPEOF(s) == REALSXP || TYPEOF(s) == STRSXP ? XLENGTH(s) : 0;
}

/* list(status, a, b, ...): the outputs, already protected by the caller. */
static SEXP rcseg_result(cseg_status st, int n, SEXP a, SEXP b, SEXP c, SEXP d)
{
	SEXP r = PROTECT(Rf_allocVector(VECSXP, n + 1));
	SEXP v[4];
	int i;

	v[0] = a;
	v[1] = b;
	v[2] = c;
	v[3] = d;
	SET_VECTOR_ELT(r, 0, Rf_ScalarInteger((int)st));
	for (i = 0; i < n; i++)
		SET_VECTOR_ELT(r, i + 1, st == CSEG_OK ? v[i] : R_NilValue);
	UNPROTECT(1);
	return r;
}

static SEXP rcseg_new_doubles(R_xlen_t n)
{
	return Rf_allocVector(REALSXP, n > 0 ? n : 0);
}

/* Where the library may write n values: the vector, or scratch when n is
 * 0 (refused by the library before any write; REAL() of an empty vector is
 * not a usable pointer). */
static double rcseg_scratch;
static double *rcseg_out(SEXP v)
{
	return XLENGTH(v) > 0 ? REAL(v) : &rcseg_scratch;
}
%}

%rename(C_transactions_new) rcseg_transactions_new;
%rename(C_transactions_copy_rows) rcseg_transactions_copy_rows;
%rename(C_clv_model_fit) rcseg_clv_model_fit;
%rename(C_clv_model_fit_spend) rcseg_clv_model_fit_spend;
%rename(C_clv_expected_purchases) rcseg_clv_expected_purchases;
%rename(C_clv_prob_alive) rcseg_clv_prob_alive;
%rename(C_clv_prob_n_purchases) rcseg_clv_prob_n_purchases;
%rename(C_clv_expected_purchases_new) rcseg_clv_expected_purchases_new;
%rename(C_clv_expected_spend) rcseg_clv_expected_spend;
%rename(C_clv_value) rcseg_clv_value;
%rename(C_clv_holdout_compare) rcseg_clv_holdout_compare;

%inline %{
/* list(status, transactions handle) from ids (character), days (days since
 * 1970-01-01), amounts and optional quantities (double, or NULL). */
SEXP rcseg_transactions_new(SEXP ids, SEXP days, SEXP amounts, SEXP quantities)
{
	cseg_transactions *tx = NULL;
	const char *const *idv = NULL;
	int64_t n = 0;
	int ok = 1;
	const double *q;
	cseg_status st;
	SEXP h;

	rcseg_strings(ids, &idv, &n);
	q = rcseg_doubles_opt(quantities, (R_xlen_t)n, &ok);
	st = cseg_transactions_new(&tx, idv, rcseg_int64s(days, (R_xlen_t)n, INT64_MIN),
		rcseg_doubles(amounts, (R_xlen_t)n), q, ok ? n : 0);
	h = PROTECT(rcseg_wrap(tx, "cseg_transactions", rcseg_transactions_finalize));
	h = rcseg_result(st, 1, h, NULL, NULL, NULL);
	UNPROTECT(1);
	return h;
}

/* list(status, customer index, day, amount, quantity) per row. */
SEXP rcseg_transactions_copy_rows(SEXP tx_)
{
	const cseg_transactions *tx = (const cseg_transactions *)rcseg_unwrap(tx_, "cseg_transactions");
	int64_t i, n = tx != NULL ? cseg_transactions_n_rows(tx) : 0;
	int64_t *cust = (int64_t *)R_alloc(n > 0 ? (size_t)n : 1, sizeof(int64_t));
	int64_t *days = (int64_t *)R_alloc(n > 0 ? (size_t)n : 1, sizeof(int64_t));
	SEXP c, d, a, q, r;
	cseg_status st;

	c = PROTECT(rcseg_new_doubles((R_xlen_t)n));
	d = PROTECT(rcseg_new_doubles((R_xlen_t)n));
	a = PROTECT(rcseg_new_doubles((R_xlen_t)n));
	q = PROTECT(rcseg_new_doubles((R_xlen_t)n));
	st = cseg_transactions_copy_rows(tx, cust, days, rcseg_out(a), rcseg_out(q), n);
	if (st == CSEG_OK) {
		for (i = 0; i < n; i++) {
			REAL(c)[i] = (double)cust[i];
			REAL(d)[i] = (double)days[i];
		}
	}
	r = rcseg_result(st, 4, c, d, a, q);
	UNPROTECT(4);
	return r;
}

/* list(status): fit a BG/NBD or Pareto/NBD model. */
SEXP rcseg_clv_model_fit(SEXP model, SEXP x, SEXP t_x, SEXP T, SEXP weights)
{
	R_xlen_t n = rcseg_len(x);
	int ok = 1;
	const double *w = rcseg_doubles_opt(weights, n, &ok);
	cseg_status st = cseg_clv_model_fit((cseg_clv_model *)rcseg_unwrap(model, "cseg_clv_model"),
		rcseg_doubles(x, n), rcseg_doubles(t_x, n), rcseg_doubles(T, n), w, ok ? (int64_t)n : 0);
	return rcseg_result(st, 0, NULL, NULL, NULL, NULL);
}

/* list(status): fit a Gamma-Gamma model. */
SEXP rcseg_clv_model_fit_spend(SEXP model, SEXP x, SEXP zbar, SEXP weights)
{
	R_xlen_t n = rcseg_len(x);
	int ok = 1;
	const double *w = rcseg_doubles_opt(weights, n, &ok);
	cseg_status st = cseg_clv_model_fit_spend((cseg_clv_model *)rcseg_unwrap(model, "cseg_clv_model"),
		rcseg_doubles(x, n), rcseg_doubles(zbar, n), w, ok ? (int64_t)n : 0);
	return rcseg_result(st, 0, NULL, NULL, NULL, NULL);
}

SEXP rcseg_clv_expected_purchases(SEXP model, SEXP t, SEXP x, SEXP t_x, SEXP T)
{
	R_xlen_t n = rcseg_len(x);
	SEXP out = PROTECT(rcseg_new_doubles(n)), r;
	cseg_status st = cseg_clv_expected_purchases(
		(const cseg_clv_model *)rcseg_unwrap(model, "cseg_clv_model"), rcseg_out(out), Rf_asReal(t),
		rcseg_doubles(x, n), rcseg_doubles(t_x, n), rcseg_doubles(T, n), (int64_t)n);
	r = rcseg_result(st, 1, out, NULL, NULL, NULL);
	UNPROTECT(1);
	return r;
}

SEXP rcseg_clv_prob_alive(SEXP model, SEXP x, SEXP t_x, SEXP T)
{
	R_xlen_t n = rcseg_len(x);
	SEXP out = PROTECT(rcseg_new_doubles(n)), r;
	cseg_status st = cseg_clv_prob_alive(
		(const cseg_clv_model *)rcseg_unwrap(model, "cseg_clv_model"), rcseg_out(out),
		rcseg_doubles(x, n), rcseg_doubles(t_x, n), rcseg_doubles(T, n), (int64_t)n);
	r = rcseg_result(st, 1, out, NULL, NULL, NULL);
	UNPROTECT(1);
	return r;
}

SEXP rcseg_clv_prob_n_purchases(SEXP model, SEXP t, SEXP counts)
{
	R_xlen_t n = rcseg_len(counts);
	SEXP out = PROTECT(rcseg_new_doubles(n)), r;
	cseg_status st = cseg_clv_prob_n_purchases(
		(const cseg_clv_model *)rcseg_unwrap(model, "cseg_clv_model"), rcseg_out(out), Rf_asReal(t),
		rcseg_int64s(counts, n, -1), (int64_t)n);
	r = rcseg_result(st, 1, out, NULL, NULL, NULL);
	UNPROTECT(1);
	return r;
}

SEXP rcseg_clv_expected_purchases_new(SEXP model, SEXP t)
{
	R_xlen_t n = rcseg_len(t);
	SEXP out = PROTECT(rcseg_new_doubles(n)), r;
	cseg_status st = cseg_clv_expected_purchases_new(
		(const cseg_clv_model *)rcseg_unwrap(model, "cseg_clv_model"), rcseg_out(out),
		rcseg_doubles(t, n), (int64_t)n);
	r = rcseg_result(st, 1, out, NULL, NULL, NULL);
	UNPROTECT(1);
	return r;
}

SEXP rcseg_clv_expected_spend(SEXP model, SEXP x, SEXP zbar)
{
	R_xlen_t n = rcseg_len(x);
	SEXP out = PROTECT(rcseg_new_doubles(n)), r;
	cseg_status st = cseg_clv_expected_spend(
		(const cseg_clv_model *)rcseg_unwrap(model, "cseg_clv_model"), rcseg_out(out),
		rcseg_doubles(x, n), rcseg_doubles(zbar, n), (int64_t)n);
	r = rcseg_result(st, 1, out, NULL, NULL, NULL);
	UNPROTECT(1);
	return r;
}

/* spend_model may be R NULL (zbar is then the spend). */
SEXP rcseg_clv_value(SEXP purchase_model, SEXP spend_model, SEXP n_periods, SEXP period_length,
	SEXP discount_rate, SEXP margin, SEXP x, SEXP t_x, SEXP T, SEXP zbar)
{
	R_xlen_t n = rcseg_len(x);
	SEXP out = PROTECT(rcseg_new_doubles(n)), r;
	double np = Rf_asReal(n_periods);
	cseg_status st = cseg_clv_value(
		(const cseg_clv_model *)rcseg_unwrap(purchase_model, "cseg_clv_model"),
		(const cseg_clv_model *)rcseg_unwrap(spend_model, "cseg_clv_model"), rcseg_out(out),
		np >= 1 && np <= 1e15 ? (int64_t)np : 0, Rf_asReal(period_length),
		Rf_asReal(discount_rate), Rf_asReal(margin), rcseg_doubles(x, n), rcseg_doubles(t_x, n),
		rcseg_doubles(T, n), rcseg_doubles(zbar, n), (int64_t)n);
	r = rcseg_result(st, 1, out, NULL, NULL, NULL);
	UNPROTECT(1);
	return r;
}

/* list(status, actual, predicted, count) per frequency bucket. */
SEXP rcseg_clv_holdout_compare(SEXP model, SEXP n_buckets, SEXP holdout_length, SEXP x, SEXP t_x,
	SEXP T, SEXP x_holdout)
{
	R_xlen_t n = rcseg_len(x);
	double nb_ = Rf_asReal(n_buckets);
	int64_t i, nb = nb_ >= 1 && nb_ <= 1e6 ? (int64_t)nb_ : 0;
	int64_t *cnt = (int64_t *)R_alloc(nb > 0 ? (size_t)nb : 1, sizeof(int64_t));
	SEXP act = PROTECT(rcseg_new_doubles((R_xlen_t)nb));
	SEXP pred = PROTECT(rcseg_new_doubles((R_xlen_t)nb));
	SEXP count = PROTECT(rcseg_new_doubles((R_xlen_t)nb));
	SEXP r;
	cseg_status st = cseg_clv_holdout_compare(
		(const cseg_clv_model *)rcseg_unwrap(model, "cseg_clv_model"),
		nb > 0 ? REAL(act) : NULL, nb > 0 ? REAL(pred) : NULL, nb > 0 ? cnt : NULL, nb,
		Rf_asReal(holdout_length), rcseg_doubles(x, n), rcseg_doubles(t_x, n), rcseg_doubles(T, n),
		rcseg_doubles(x_holdout, n), (int64_t)n);
	if (st == CSEG_OK)
		for (i = 0; i < nb; i++)
			REAL(count)[i] = (double)cnt[i];
	r = rcseg_result(st, 3, act, pred, count, NULL);
	UNPROTECT(3);
	return r;
}
%}

/* ---- RFM: three columns of one length, as the CLV calls ---------------- */
%ignore cseg_rfm_compute;
%rename(C_rfm_compute) rcseg_rfm_compute;
%inline %{
/* list(status): score recency, frequency and monetary (double vectors). */
SEXP rcseg_rfm_compute(SEXP rfm, SEXP recency, SEXP frequency, SEXP monetary)
{
	R_xlen_t n = rcseg_len(recency);
	cseg_status st = cseg_rfm_compute((cseg_rfm *)rcseg_unwrap(rfm, "cseg_rfm"),
		rcseg_doubles(recency, n), (int64_t)n, rcseg_doubles(frequency, n), (int64_t)n,
		rcseg_doubles(monetary, n), (int64_t)n);
	return rcseg_result(st, 0, NULL, NULL, NULL, NULL);
}
%}

/* ---- CLV tiers: the outputs sized from the values themselves ----------- */
%rename(C_clv_tiers) rcseg_clv_tiers;
%inline %{
/* list(status, tiers, cuts) for double values and a tier count. */
SEXP rcseg_clv_tiers(SEXP values, SEXP n_tiers)
{
	R_xlen_t n = rcseg_len(values);
	double k = Rf_asReal(n_tiers);
	/* Counts out of 2..1000 get no cut buffer: the library names them. */
	int64_t nt = k == k && k >= -1e15 && k <= 1e15 ? (int64_t)k : 0;
	int64_t n_cuts = nt >= 2 && nt <= 1000 ? nt - 1 : 0;
	int64_t *tier = (int64_t *)R_alloc(n > 0 ? (size_t)n : 1, sizeof(int64_t));
	SEXP cuts = PROTECT(rcseg_new_doubles((R_xlen_t)n_cuts)), tiers, r;
	cseg_status st = cseg_clv_tiers(tier, n_cuts > 0 ? REAL(cuts) : NULL, n_cuts,
		rcseg_doubles(values, n), (int64_t)n, nt);

	tiers = PROTECT(rcseg_int64_vector(tier, st == CSEG_OK ? (int64_t)n : 0));
	r = rcseg_result(st, 2, tiers, cuts, NULL, NULL);
	UNPROTECT(2);
	return r;
}
%}
