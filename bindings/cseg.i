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

%include "cseg/cseg_export.h"
%include "cseg/cseg_common.h"
%include "cseg/cseg_dataset.h"
%include "cseg/cseg_assignment.h"
%include "cseg/cseg_model.h"
%include "cseg/cseg_metrics.h"
%include "cseg/cseg_transactions.h"
%include "cseg/cseg_clv.h"
%include "cseg/cseg_rules.h"
%include "cseg/cseg_rfm.h"
%include "cseg/cseg_profile.h"
%include "cseg/cseg_pca.h"
%include "cseg/cseg_features.h"
