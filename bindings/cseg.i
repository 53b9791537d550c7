/* The one SWIG interface for every language binding.
 *
 * Shared here: the headers, ownership (which calls produce handles) and the
 * rule that every cseg_status other than CSEG_OK becomes the host language's
 * error carrying cseg_last_error(). The language-specific typemaps (arrays,
 * out-parameters, the error raising itself) live in bindings/<lang>/cseg_lang.i,
 * found through the -I path each language's build passes to SWIG. The module
 * name is set per language with -module. */
%module cseg

%{
#include "cseg/cseg.h"
%}

%include <stdint.i>

/* Language typemaps: numpy / R vectors / Java arrays, out-parameters,
 * the cseg_status out-typemap that raises, and %newobject rules. */
%include "cseg_lang.i"

/* Internal or process-wide hooks that take C function pointers stay C-only. */
%ignore cseg_set_log_callback;
%ignore cseg_model_set_progress_callback;
%ignore cseg_free;
/* Bindings name their algorithms by class; the lookup by name is the CLI's. */
%ignore cseg_algo_lookup;
/* Two arrays and one count (two labelings; gap and SE; x and y): a typemap
 * sees one array at a time and could not check the other's length, so the
 * bindings call the cseg_bind_* wrappers at the end of this file instead. */
%ignore cseg_metric_adjusted_rand;
%ignore cseg_gap_choose;
%ignore cseg_knee;
/* A pointer then a bare double *out: cseg_bind_kstats_inertia returns it. */
%ignore cseg_kstats_inertia;

%include "cseg/cseg_export.h"
%include "cseg/cseg_common.h"
%include "cseg/cseg_dataset.h"
%include "cseg/cseg_assignment.h"
/* Before the model header: cseg_model_set_prep/get_prep take its handle. */
%include "cseg/cseg_prep.h"
%include "cseg/cseg_model.h"
%include "cseg/cseg_metrics.h"
%include "cseg/cseg_transactions.h"
%include "cseg/cseg_clv.h"
%include "cseg/cseg_rules.h"
%include "cseg/cseg_rfm.h"
%include "cseg/cseg_profile.h"
%include "cseg/cseg_pca.h"
%include "cseg/cseg_kselect.h"
%include "cseg/cseg_features.h"
%include "cseg/cseg_hierarchical.h"
/* cseg_gmm_set_init: each part an array with its length (empty = not given). */
%apply (const double *weights, int64_t n_weights) {
	(const double *means, int64_t n_means), (const double *precisions, int64_t n_precisions) };
%include "cseg/cseg_gmm.h"
%include "cseg/cseg_minibatch.h"

/* ---- Two arrays, each with its own length (cseg_bind_*) -----------------
 * The (pointer, length) input typemaps every language already has, applied
 * to these names; the wrappers compare the lengths before the C call. The
 * adjusted Rand index (symmetric) takes `labels` second so that its output
 * meets the metrics' (labels, n_labels, double *out) typemaps. */
%apply (const double *weights, int64_t n_weights) {
	(const double *gap, int64_t n_gap), (const double *se, int64_t n_se),
	(const double *xs, int64_t n_xs), (const double *ys, int64_t n_ys) };
%apply (const int64_t *labels, int64_t n_labels) { (const int64_t *labels_b, int64_t n_labels_b) };
%apply int64_t *out { int64_t *index_out };

%{
/* The library's own message setter (lib/core/core.h): every binding links
 * the library's objects, so the message reaches cseg_last_error(). */
cseg_status cseg__error(cseg_status status, const char *fmt, ...);
%}

%inline %{
static cseg_status cseg_bind_gap_choose(const double *gap, int64_t n_gap, const double *se,
	int64_t n_se, int rule, double se_factor, int64_t *index_out)
{
	if (n_gap != n_se)
		return cseg__error(CSEG_E_INVALID_ARG, "gap has %lld values but se has %lld",
			(long long)n_gap, (long long)n_se);
	return cseg_gap_choose(gap, se, n_gap, rule, se_factor, index_out);
}

static cseg_status cseg_bind_knee(const double *xs, int64_t n_xs, const double *ys, int64_t n_ys,
	int64_t *index_out)
{
	if (n_xs != n_ys)
		return cseg__error(CSEG_E_INVALID_ARG, "x has %lld values but y has %lld",
			(long long)n_xs, (long long)n_ys);
	return cseg_knee(xs, ys, n_xs, index_out);
}

static cseg_status cseg_bind_adjusted_rand(const int64_t *labels_b, int64_t n_labels_b,
	const int64_t *labels, int64_t n_labels, double *out)
{
	if (n_labels_b != n_labels)
		return cseg__error(CSEG_E_INVALID_ARG, "the labelings have %lld and %lld labels",
			(long long)n_labels, (long long)n_labels_b);
	return cseg_metric_adjusted_rand(labels, labels_b, n_labels, out);
}
%}

%{
#include <math.h>
%}

%inline %{
/* The statistics' inertia (NaN for NULL, which the bindings never pass). */
static inline double cseg_bind_kstats_inertia(const cseg_kstats *stats)
{
	double v = NAN;

	cseg_kstats_inertia(stats, &v);
	return v;
}
%}
