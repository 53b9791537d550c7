# Handle lifetime. Every handle is an external pointer with a C finalizer
# registered when it is created (cseg_lang.i), so handles dropped by R are
# freed by the garbage collector exactly once; C_handle_free releases one at
# once and clears it, after which the finalizer does nothing.

# A model object keeps its handle in an environment: predict() can then
# rebuild it in place when the pointer came back NULL from readRDS or a
# restored session (R pitfall 3), from the serialised bytes in $model.
.model_handle <- function(object) {
	env <- object$handle
	if (is.environment(env) && isTRUE(C_handle_valid(env$ptr)))
		return(env$ptr)
	if (!is.raw(object$model) || length(object$model) == 0L)
		.cseg_invalid("the cseg_kmeans object carries no model bytes to rebuild from")
	ptr <- .cseg_check(C_model_load_buffer(object$model))
	if (is.environment(env))
		env$ptr <- ptr
	ptr
}

.new_handle_env <- function(ptr) {
	env <- new.env(parent = emptyenv())
	env$ptr <- ptr
	env
}

# Number of live C handles (datasets, models, assignments) in the process.
cseg_live_handles <- function() {
	C_live_handles()
}

cseg_version <- function() {
	C_version()
}
