/* Java typemaps for bindings/cseg.i: the raw layer org.cseg.internal.CsegNative.
 *
 * The raw layer is deliberately flat: handles are plain Java longs, arrays are
 * Java arrays, enums are int constants, and every cseg_status other than
 * CSEG_OK throws the unchecked org.cseg.CsegException(status, cseg_last_error()).
 * The public, documented API is the hand-written org.cseg package, which
 * owns the handles (AutoCloseable + Cleaner) and never lets a long escape.
 *
 * Error pattern. SWIG's Java wrappers have no cleanup label: an `in` typemap
 * that returns early leaks whatever earlier arguments pinned. So an `in`
 * typemap that finds a bad Java argument only *raises* a pending Java
 * exception and passes NULL on; the C call then fails cleanly on the NULL,
 * the `freearg` typemaps release every array, and only the `ret` typemap
 * (emitted after `freearg`) turns a failed status into CsegException unless
 * an exception is already pending. Pinned arrays are therefore always
 * released, and cseg_last_error() is read before any other cseg call. */

%{
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

/* A Java String from UTF-8 bytes (NewStringUTF wants *modified* UTF-8 and
 * rejects supplementary characters, which file names and messages may hold). */
static jstring cseg_java_string(JNIEnv *jenv, const char *s)
{
	jsize n;
	jbyteArray bytes;
	jclass cls;
	jmethodID ctor;
	jstring charset, str = NULL;

	if (s == NULL)
		return NULL;
	n = (jsize)strlen(s);
	bytes = (*jenv)->NewByteArray(jenv, n);
	if (bytes == NULL)
		return NULL;
	(*jenv)->SetByteArrayRegion(jenv, bytes, 0, n, (const jbyte *)s);
	cls = (*jenv)->FindClass(jenv, "java/lang/String");
	if (cls != NULL) {
		ctor = (*jenv)->GetMethodID(jenv, cls, "<init>", "([BLjava/lang/String;)V");
		charset = (*jenv)->NewStringUTF(jenv, "UTF-8");
		if (ctor != NULL && charset != NULL)
			str = (jstring)(*jenv)->NewObject(jenv, cls, ctor, bytes, charset);
		(*jenv)->DeleteLocalRef(jenv, charset);
		(*jenv)->DeleteLocalRef(jenv, cls);
	}
	(*jenv)->DeleteLocalRef(jenv, bytes);
	return str;
}

/* Throw org.cseg.CsegException(status, message). Leaves an exception that is
 * already pending alone: it came first and explains the failure better. */
static void cseg_java_throw_msg(JNIEnv *jenv, int status, const char *msg)
{
	jclass cls;
	jmethodID ctor;
	jstring jmsg;
	jobject ex;

	if ((*jenv)->ExceptionCheck(jenv))
		return;
	cls = (*jenv)->FindClass(jenv, "org/cseg/CsegException");
	if (cls == NULL)
		return; /* NoClassDefFoundError is pending */
	ctor = (*jenv)->GetMethodID(jenv, cls, "<init>", "(ILjava/lang/String;)V");
	if (ctor == NULL)
		return;
	jmsg = cseg_java_string(jenv, msg);
	if (jmsg == NULL && msg != NULL)
		return;
	ex = (*jenv)->NewObject(jenv, cls, ctor, (jint)status, jmsg);
	if (ex != NULL)
		(*jenv)->Throw(jenv, (jthrowable)ex);
	(*jenv)->DeleteLocalRef(jenv, ex);
	(*jenv)->DeleteLocalRef(jenv, jmsg);
	(*jenv)->DeleteLocalRef(jenv, cls);
}

/* A failed cseg call: the message is the thread's cseg_last_error(), or the
 * status text when the library left none. */
static void cseg_java_throw(JNIEnv *jenv, cseg_status status)
{
	const char *msg = cseg_last_error();
	if (msg == NULL || msg[0] == '\0')
		msg = cseg_status_str(status);
	cseg_java_throw_msg(jenv, (int)status, msg);
}

static void cseg_java_throw_class(JNIEnv *jenv, const char *cls_name, const char *msg)
{
	jclass cls;

	if ((*jenv)->ExceptionCheck(jenv))
		return;
	cls = (*jenv)->FindClass(jenv, cls_name);
	if (cls != NULL)
		(*jenv)->ThrowNew(jenv, cls, msg);
	(*jenv)->DeleteLocalRef(jenv, cls);
}

/* A Java String as real UTF-8 in a malloc'd, NUL-terminated buffer
 * (GetStringUTFChars gives *modified* UTF-8: surrogate pairs for emoji, and
 * NUL as two bytes). NULL with an exception pending on failure. */
static char *cseg_java_utf8(JNIEnv *jenv, jstring s)
{
	jclass cls;
	jmethodID get_bytes;
	jstring charset;
	jbyteArray bytes = NULL;
	char *out = NULL;

	cls = (*jenv)->FindClass(jenv, "java/lang/String");
	if (cls == NULL)
		return NULL;
	get_bytes = (*jenv)->GetMethodID(jenv, cls, "getBytes", "(Ljava/lang/String;)[B");
	charset = (*jenv)->NewStringUTF(jenv, "UTF-8");
	if (get_bytes != NULL && charset != NULL)
		bytes = (jbyteArray)(*jenv)->CallObjectMethod(jenv, s, get_bytes, charset);
	if (bytes != NULL && !(*jenv)->ExceptionCheck(jenv)) {
		jsize n = (*jenv)->GetArrayLength(jenv, bytes);
		out = (char *)malloc((size_t)n + 1);
		if (out == NULL) {
			cseg_java_throw_class(jenv, "java/lang/OutOfMemoryError", "cseg: string");
		} else {
			(*jenv)->GetByteArrayRegion(jenv, bytes, 0, n, (jbyte *)out);
			out[n] = '\0';
		}
	}
	(*jenv)->DeleteLocalRef(jenv, bytes);
	(*jenv)->DeleteLocalRef(jenv, charset);
	(*jenv)->DeleteLocalRef(jenv, cls);
	return out;
}

/* Inputs up to this many doubles are copied to the stack (assign_one's x):
 * the serving path allocates nothing. */
#define CSEG_JAVA_STACK_DOUBLES 256

/* Release a String[] converted to const char *const *. */
static void cseg_java_free_strings(const char **strs, jsize n)
{
	jsize i;

	if (strs == NULL)
		return;
	for (i = 0; i < n; i++)
		free((void *)strs[i]);
	free((void *)strs);
}

/* String[] -> const char ** of UTF-8 copies, null entries kept NULL (the C
 * call names them). On failure an exception is pending and nothing is held. */
static const char **cseg_java_strings(JNIEnv *jenv, jobjectArray arr, jsize n)
{
	const char **strs;
	jsize i;

	strs = (const char **)calloc(n > 0 ? (size_t)n : 1, sizeof(*strs));
	if (strs == NULL) {
		cseg_java_throw_class(jenv, "java/lang/OutOfMemoryError", "cseg: string array");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		jstring s = (jstring)(*jenv)->GetObjectArrayElement(jenv, arr, i);
		if (s != NULL) {
			strs[i] = cseg_java_utf8(jenv, s);
			(*jenv)->DeleteLocalRef(jenv, s);
			if (strs[i] == NULL) {
				cseg_java_free_strings(strs, i);
				return NULL;
			}
		}
	}
	return strs;
}
%}

/* int64_t is a Java long whatever SWIG's stdint.i thinks it is: the build
 * passes -DSWIGWORDSIZE64 on LP64 systems so that the C casts name the real
 * type (long), and this keeps SWIG from shrinking `long` to a Java int. */
%apply long long { int64_t };

/* Names: CsegNative.model_new(...) rather than cseg_model_new(...). */
%rename("%(strip:[cseg_])s") "";

/* The Java layer wraps the families it has typemaps and a public API for;
 * functions of other headers stay out of the raw layer until they get both,
 * so a header added to cseg.i never breaks the Java build or slips
 * half-typed functions into it. Transactions, CLV, RFM, rules, profiles and
 * PCA are listed one by one: their headers still grow (attributes, levels,
 * returns), and a new function must get its typemaps before it is wrapped. */
%rename("$ignore", regextarget=1, %$isfunction)
	"^cseg_(?!(dataset_|model_|assignment_|metric_|param_|status_str$|last_error$|clear_error$|version|live_handles$|set_max_threads$|get_max_threads$|algo_name$"
	"|tx_options_(new|free|set_int|set_string)$"
	"|transactions_(read|new|free|n_rows|n_customers|n_skipped|customer_id|date_range|set_attribute|has_column|n_levels|level|n_returns)$"
	"|feature_options_(new|free|set_int|get_int|select)$|features_(compute|compute_holdout)$|clv_tiers$"
	"|clv_summary_(new|free|n_customers|holdout_length|id|copy_column)$"
	"|clv_model_(new|free|set_int|set_double|get_int|get_double|kind|n_params|param_name|get_params|get_std_errors|set_params|fit|fit_spend)$"
	"|clv_(expected_purchases|prob_alive|prob_n_purchases|expected_purchases_new|expected_spend|value|holdout_compare)$"
	"|rfm_(new|free|set_int|get_int|set_cuts|set_segment_rules|default_segment_rules|compute|compute_dataset|n_rows|get_scores|get_cuts|get_cells|n_segments|segment_name|get_segments|get_segment_sizes)$"
	"|rules_(parse|free|n_rules|rule_name|rule_line|set_fallback_name|n_segments|segment_name|apply|get_int|get_segments|get_matched_rule|get_n_matching|get_rule_counts|get_rule_hits)$"
	"|profile_(new|free|n_segments|n_features|feature_name|get_sizes|get_shares|get_stat|get_population|get_ranking|segment_name|set_segment_name)$"
	"|pca_(new|free|n_components|n_features|get|transform)$"
	"|prep_(new|copy|free|set_default|set_column|set_categorical|fit|transform|fit_transform|transform_one|is_fitted|n_inputs|input_name|n_outputs|output_name|get_stat|n_dropped|n_imputed|n_unseen|save|load|save_buffer|load_buffer)$"
	"|kselect_(new|free|set_int|set_double|get_int|run|n_rows|get_column)$|bind_(gap_choose|knee|adjusted_rand)$"
	"|gmm_(set_init|predict_proba|score_samples|score|bic|aic|n_parameters)$))";

/* Enums: int constants with values inlined at compile time; the public layer
 * has real Java enums (Status, KMeans.Init, KMeans.Method) built on them. */
%include <enumsimple.swg>
%javaconst(1);

/* A borrowed view cannot outlive a JNI call: Java arrays move, and pinning one
 * for the life of a dataset would stall the garbage collector. Datasets are
 * always copied from Java. */
%ignore cseg_dataset_new_view;
/* Statistics (cseg_kstats) are not wrapped in Java yet. */
%ignore cseg_model_update_from_kstats;

/* Not in the list above: the tx_options getters (the Java ReadOptions keeps
 * its own settings), cseg_clv_model_fit_summary (Java summaries are arrays,
 * fitted through cseg_clv_model_fit) and cseg_transactions_copy_rows. */

/* The raw layer loads the native library itself, so no path reaches native
 * code without it. */
%pragma(java) jniclassclassmodifiers="public final class"
%pragma(java) moduleclassmodifiers="public final class"
%pragma(java) jniclasscode=%{
  static {
    NativeLibrary.load();
  }

  private CsegNativeJNI() {
  }
%}
%pragma(java) modulecode=%{
  private CsegNative() {
  }
%}

/* ---- Strings returned by the library: real UTF-8 decoding. ---- */
%typemap(out) const char * %{ $result = cseg_java_string(jenv, (const char *)$1); %}

/* Strings passed in (paths, column names): real UTF-8 copies. A failed
 * conversion leaves an exception pending and passes NULL, which the C call
 * refuses; see the error pattern above. */
%typemap(in) const char * %{
	$1 = NULL;
	if ($input != NULL)
		$1 = ($1_ltype)cseg_java_utf8(jenv, $input);
%}
%typemap(freearg) const char * %{ free((void *)$1); %}

/* ---- Handles: opaque pointers travel as Java longs. ---- */
%define CSEG_JAVA_HANDLE(TYPE)
%typemap(jni) TYPE *, const TYPE * "jlong"
%typemap(jtype) TYPE *, const TYPE * "long"
%typemap(jstype) TYPE *, const TYPE * "long"
%typemap(javain) TYPE *, const TYPE * "$javainput"
%typemap(javaout) TYPE *, const TYPE * { return $jnicall; }
%typemap(in) TYPE *, const TYPE * %{ $1 = ($1_ltype)(intptr_t)$input; %}
%typemap(out) TYPE *, const TYPE * %{ $result = (jlong)(intptr_t)$1; %}
/* An owned handle produced through `TYPE **out` is the Java return value. */
%typemap(in, numinputs=0) TYPE **out (TYPE *handle = NULL) %{ $1 = &handle; %}
%typemap(argout) TYPE **out %{ $result = (jlong)(intptr_t)handle$argnum; %}
%enddef

CSEG_JAVA_HANDLE(cseg_dataset)
CSEG_JAVA_HANDLE(cseg_model)
CSEG_JAVA_HANDLE(cseg_assignment)
CSEG_JAVA_HANDLE(cseg_transactions)
CSEG_JAVA_HANDLE(cseg_tx_options)
CSEG_JAVA_HANDLE(cseg_clv_summary)
CSEG_JAVA_HANDLE(cseg_clv_model)
CSEG_JAVA_HANDLE(cseg_rfm)
CSEG_JAVA_HANDLE(cseg_rules)
CSEG_JAVA_HANDLE(cseg_profile)
CSEG_JAVA_HANDLE(cseg_pca)
CSEG_JAVA_HANDLE(cseg_kselect)
CSEG_JAVA_HANDLE(cseg_feature_options)
CSEG_JAVA_HANDLE(cseg_prep)

/* ---- cseg_status: void in Java; a failure throws after cleanup. ---- */
%typemap(jni) cseg_status "void"
%typemap(jtype) cseg_status "void"
%typemap(jstype) cseg_status "void"
%typemap(javaout) cseg_status { $jnicall; }
%typemap(out) cseg_status ""
%typemap(ret) cseg_status %{
	if ($1 != CSEG_OK)
		cseg_java_throw(jenv, $1);
%}
/* No status constants in the raw layer: the typemaps above would type them
 * void (SWIG looks constants up by type alone). org.cseg.Status carries the
 * codes, which cseg_common.h freezes, and a test checks them against
 * cseg_status_str. */
%ignore cseg_status;
/* cseg_status as an argument (cseg_status_str) is a plain int. */
%typemap(jni) cseg_status status "jint"
%typemap(jtype) cseg_status status "int"
%typemap(jstype) cseg_status status "int"
%typemap(javain) cseg_status status "$javainput"
%typemap(in) cseg_status status %{ $1 = (cseg_status)$input; %}

/* Functions whose single output becomes the Java return value: the status
 * still throws (the `ret` typemap above), the argout typemap of the output
 * fills $result. JNITYPE/JTYPE name the returned type. */
%define CSEG_JAVA_RETURNS(FUNC, JNITYPE, JTYPE)
%typemap(jni) cseg_status FUNC "JNITYPE"
%typemap(jtype) cseg_status FUNC "JTYPE"
%typemap(jstype) cseg_status FUNC "JTYPE"
%typemap(javaout) cseg_status FUNC { return $jnicall; }
%typemap(out) cseg_status FUNC ""
%enddef

CSEG_JAVA_RETURNS(cseg_dataset_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_dataset_read_csv, jlong, long)
CSEG_JAVA_RETURNS(cseg_model_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_model_copy, jlong, long)
CSEG_JAVA_RETURNS(cseg_model_load, jlong, long)
CSEG_JAVA_RETURNS(cseg_model_load_buffer, jlong, long)
CSEG_JAVA_RETURNS(cseg_model_assign, jlong, long)
CSEG_JAVA_RETURNS(cseg_model_assign_one, jlong, long)
CSEG_JAVA_RETURNS(cseg_model_get_int, jlong, long)
CSEG_JAVA_RETURNS(cseg_model_get_double, jdouble, double)
CSEG_JAVA_RETURNS(cseg_model_get_string, jstring, String)
CSEG_JAVA_RETURNS(cseg_model_save_buffer, jbyteArray, byte[])
CSEG_JAVA_RETURNS(cseg_param_lookup, jint, int)
CSEG_JAVA_RETURNS(cseg_metric_inertia, jdouble, double)
CSEG_JAVA_RETURNS(cseg_metric_silhouette, jdouble, double)
CSEG_JAVA_RETURNS(cseg_metric_calinski_harabasz, jdouble, double)
CSEG_JAVA_RETURNS(cseg_metric_davies_bouldin, jdouble, double)
CSEG_JAVA_RETURNS(cseg_tx_options_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_transactions_read, jlong, long)
CSEG_JAVA_RETURNS(cseg_transactions_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_transactions_date_range, jlongArray, long[])
CSEG_JAVA_RETURNS(cseg_model_array_shape, jlongArray, long[])
CSEG_JAVA_RETURNS(cseg_gmm_n_parameters, jlong, long)
CSEG_JAVA_RETURNS(cseg_gmm_score, jdouble, double)
CSEG_JAVA_RETURNS(cseg_gmm_bic, jdouble, double)
CSEG_JAVA_RETURNS(cseg_gmm_aic, jdouble, double)
CSEG_JAVA_RETURNS(cseg_clv_summary_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_clv_model_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_clv_model_get_int, jlong, long)
CSEG_JAVA_RETURNS(cseg_clv_model_get_double, jdouble, double)
CSEG_JAVA_RETURNS(cseg_clv_expected_purchases, jdoubleArray, double[])
CSEG_JAVA_RETURNS(cseg_clv_prob_alive, jdoubleArray, double[])
CSEG_JAVA_RETURNS(cseg_clv_prob_n_purchases, jdoubleArray, double[])
CSEG_JAVA_RETURNS(cseg_clv_expected_purchases_new, jdoubleArray, double[])
CSEG_JAVA_RETURNS(cseg_clv_expected_spend, jdoubleArray, double[])
CSEG_JAVA_RETURNS(cseg_clv_value, jdoubleArray, double[])
CSEG_JAVA_RETURNS(cseg_rfm_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_rfm_get_int, jlong, long)
CSEG_JAVA_RETURNS(cseg_rules_parse, jlong, long)
CSEG_JAVA_RETURNS(cseg_rules_get_int, jlong, long)
CSEG_JAVA_RETURNS(cseg_profile_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_pca_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_kselect_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_kselect_get_int, jlong, long)
CSEG_JAVA_RETURNS(cseg_bind_gap_choose, jlong, long)
CSEG_JAVA_RETURNS(cseg_bind_knee, jlong, long)
CSEG_JAVA_RETURNS(cseg_bind_adjusted_rand, jdouble, double)
CSEG_JAVA_RETURNS(cseg_feature_options_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_feature_options_get_int, jlong, long)
CSEG_JAVA_RETURNS(cseg_features_compute, jlong, long)
CSEG_JAVA_RETURNS(cseg_features_compute_holdout, jlong, long)
CSEG_JAVA_RETURNS(cseg_prep_new, jlong, long)
CSEG_JAVA_RETURNS(cseg_prep_copy, jlong, long)
CSEG_JAVA_RETURNS(cseg_prep_load, jlong, long)
CSEG_JAVA_RETURNS(cseg_prep_load_buffer, jlong, long)
CSEG_JAVA_RETURNS(cseg_prep_save_buffer, jbyteArray, byte[])
CSEG_JAVA_RETURNS(cseg_prep_transform, jlong, long)
CSEG_JAVA_RETURNS(cseg_prep_fit_transform, jlong, long)
CSEG_JAVA_RETURNS(cseg_prep_get_stat, jdouble, double)
CSEG_JAVA_RETURNS(cseg_model_get_prep, jlong, long)

/* ---- Scalar outputs returned (see CSEG_JAVA_RETURNS). ---- */
%typemap(in, numinputs=0) double *out (double value = 0) %{ $1 = &value; %}
%typemap(argout) double *out %{ $result = (jdouble)value$argnum; %}
%apply double *out { double *value_out };  /* cseg_prep_get_stat */
%typemap(in, numinputs=0) int64_t *out (int64_t value = 0) %{ $1 = &value; %}
%typemap(argout) int64_t *out %{ $result = (jlong)value$argnum; %}
%apply int64_t *out { int64_t *n_merged_out };
CSEG_JAVA_RETURNS(cseg_model_merge_small_segments, jlong, long)
%typemap(in, numinputs=0) int64_t *label_out (int64_t value = 0) %{ $1 = &value; %}
%typemap(argout) int64_t *label_out %{ $result = (jlong)value$argnum; %}
%typemap(in, numinputs=0) int *key_out (int value = 0) %{ $1 = &value; %}
%typemap(argout) int *key_out %{ $result = (jint)value$argnum; %}
%typemap(in, numinputs=0) const char **out (const char *value = NULL) %{ $1 = ($1_ltype)&value; %}
%typemap(argout) const char **out %{
	if (result == CSEG_OK)
		$result = cseg_java_string(jenv, value$argnum);
%}

/* ---- Optional scalar outputs: a Java array of at least one element, or null
 * (the C call accepts NULL). Written with Set<T>ArrayRegion: no allocation. ---- */
%define CSEG_JAVA_OPT_OUT(CTYPE, NAME, JNIARR, JARR, JELEM, SETTER)
%typemap(jni) CTYPE *NAME "JNIARR"
%typemap(jtype) CTYPE *NAME "JARR"
%typemap(jstype) CTYPE *NAME "JARR"
%typemap(javain) CTYPE *NAME "$javainput"
%typemap(in) CTYPE *NAME (CTYPE value = 0) %{
	$1 = NULL;
	if ($input != NULL) {
		if ((*jenv)->GetArrayLength(jenv, $input) < 1)
			cseg_java_throw_class(jenv, "java/lang/IllegalArgumentException",
				"cseg: $1_name needs an array of at least one element");
		else
			$1 = ($1_ltype)&value;
	}
%}
%typemap(argout) CTYPE *NAME %{
	if ($1 != NULL && result == CSEG_OK) {
		JELEM tmp = (JELEM)value$argnum;
		(*jenv)->SETTER(jenv, $input, 0, 1, &tmp);
	}
%}
%enddef

CSEG_JAVA_OPT_OUT(double, distance_out, jdoubleArray, double[], jdouble, SetDoubleArrayRegion)
CSEG_JAVA_OPT_OUT(double, margin_out, jdoubleArray, double[], jdouble, SetDoubleArrayRegion)
CSEG_JAVA_OPT_OUT(double, default_out, jdoubleArray, double[], jdouble, SetDoubleArrayRegion)
CSEG_JAVA_OPT_OUT(double, min_out, jdoubleArray, double[], jdouble, SetDoubleArrayRegion)
CSEG_JAVA_OPT_OUT(double, max_out, jdoubleArray, double[], jdouble, SetDoubleArrayRegion)
CSEG_JAVA_OPT_OUT(int, type_out, jintArray, int[], jint, SetIntArrayRegion)
/* cseg_prep_transform: the dataset is returned, the dropped rows land here. */
CSEG_JAVA_OPT_OUT(int64_t, n_dropped_out, jlongArray, long[], jlong, SetLongArrayRegion)

/* const char **name_out: String[] of at least one element, or null. */
%typemap(jni) const char **name_out "jobjectArray"
%typemap(jtype) const char **name_out "String[]"
%typemap(jstype) const char **name_out "String[]"
%typemap(javain) const char **name_out "$javainput"
%typemap(in) const char **name_out (const char *value = NULL) %{
	$1 = NULL;
	if ($input != NULL) {
		if ((*jenv)->GetArrayLength(jenv, $input) < 1)
			cseg_java_throw_class(jenv, "java/lang/IllegalArgumentException",
				"cseg: name_out needs an array of at least one element");
		else
			$1 = ($1_ltype)&value;
	}
%}
%typemap(argout) const char **name_out %{
	if ($1 != NULL && result == CSEG_OK) {
		jstring s = cseg_java_string(jenv, value$argnum);
		if (s != NULL) {
			(*jenv)->SetObjectArrayElement(jenv, $input, 0, s);
			(*jenv)->DeleteLocalRef(jenv, s);
		}
	}
%}

/* ---- Matrix input: double[] data with long n_rows, long n_cols after it,
 * row-major. The C side cannot see a Java array's length, so the public
 * raw method checks it in Java before the native call (the JNI class is
 * package-private, so nothing else reaches it). The copy into the library is
 * short, so the array is pinned with critical access: no JNI call happens
 * until it is released in freearg. ---- */
%typemap(jni) const double *data "jdoubleArray"
%typemap(jtype) const double *data "double[]"
%typemap(jstype) const double *data "double[]"
%typemap(javain, pre="    NativeLibrary.checkMatrix($javainput, n_rows, n_cols);") const double *data "$javainput"
%typemap(in) const double *data %{
	$1 = $input != NULL ? ($1_ltype)(*jenv)->GetPrimitiveArrayCritical(jenv, $input, NULL) : NULL;
%}
%typemap(freearg) const double *data %{
	if ($1 != NULL)
		(*jenv)->ReleasePrimitiveArrayCritical(jenv, $input, (void *)$1, JNI_ABORT);
%}

/* ---- Array inputs whose length is the count: (const T *p, int64_t n). ---- */

/* Weights feed a long fit: a copied (not critical) region, so the garbage
 * collector is never held back for the length of a fit. */
%typemap(jni) (const double *weights, int64_t n_weights) "jdoubleArray"
%typemap(jtype) (const double *weights, int64_t n_weights) "double[]"
%typemap(jstype) (const double *weights, int64_t n_weights) "double[]"
%typemap(javain) (const double *weights, int64_t n_weights) "$javainput"
%typemap(in) (const double *weights, int64_t n_weights) %{
	$1 = NULL;
	$2 = 0;
	if ($input != NULL) {
		$2 = (int64_t)(*jenv)->GetArrayLength(jenv, $input);
		$1 = ($1_ltype)(*jenv)->GetDoubleArrayElements(jenv, $input, NULL);
	}
%}
%typemap(freearg) (const double *weights, int64_t n_weights) %{
	if ($1 != NULL)
		(*jenv)->ReleaseDoubleArrayElements(jenv, $input, (jdouble *)$1, JNI_ABORT);
%}

/* RFM columns and cut points, (const double *p, int64_t n): each carries its
 * own Java length, so cseg_rfm_compute compares the three counts before it
 * reads any value. Copied regions, never written back. */
%define CSEG_JAVA_DOUBLES_IN(PTRNAME, COUNTNAME)
%typemap(jni) (const double *PTRNAME, int64_t COUNTNAME) "jdoubleArray"
%typemap(jtype) (const double *PTRNAME, int64_t COUNTNAME) "double[]"
%typemap(jstype) (const double *PTRNAME, int64_t COUNTNAME) "double[]"
%typemap(javain) (const double *PTRNAME, int64_t COUNTNAME) "$javainput"
%typemap(in) (const double *PTRNAME, int64_t COUNTNAME) %{
	$1 = NULL;
	$2 = 0;
	if ($input != NULL) {
		$2 = (int64_t)(*jenv)->GetArrayLength(jenv, $input);
		$1 = ($1_ltype)(*jenv)->GetDoubleArrayElements(jenv, $input, NULL);
	}
%}
%typemap(freearg) (const double *PTRNAME, int64_t COUNTNAME) %{
	if ($1 != NULL)
		(*jenv)->ReleaseDoubleArrayElements(jenv, $input, (jdouble *)$1, JNI_ABORT);
%}
%enddef

CSEG_JAVA_DOUBLES_IN(recency, n_recency)
CSEG_JAVA_DOUBLES_IN(frequency, n_frequency)
CSEG_JAVA_DOUBLES_IN(monetary, n_monetary)
CSEG_JAVA_DOUBLES_IN(cuts, n_cuts)

/* One customer for assign_one: copied to the stack, so the serving path
 * neither allocates nor pins (wide rows fall back to malloc). */
%typemap(jni) (const double *x, int64_t n_features) "jdoubleArray"
%typemap(jtype) (const double *x, int64_t n_features) "double[]"
%typemap(jstype) (const double *x, int64_t n_features) "double[]"
%typemap(javain) (const double *x, int64_t n_features) "$javainput"
%typemap(in) (const double *x, int64_t n_features)
	(double stack_buf[CSEG_JAVA_STACK_DOUBLES], double *heap_buf = NULL) %{
	$1 = NULL;
	$2 = 0;
	if ($input != NULL) {
		jsize len = (*jenv)->GetArrayLength(jenv, $input);
		double *buf = stack_buf;
		if (len > CSEG_JAVA_STACK_DOUBLES) {
			heap_buf = (double *)malloc((size_t)len * sizeof(double));
			buf = heap_buf;
		}
		if (buf == NULL) {
			cseg_java_throw_class(jenv, "java/lang/OutOfMemoryError", "cseg: customer row");
		} else {
			(*jenv)->GetDoubleArrayRegion(jenv, $input, 0, len, (jdouble *)buf);
			$1 = buf;
			$2 = (int64_t)len;
		}
	}
%}
%typemap(freearg) (const double *x, int64_t n_features) %{ free(heap_buf$argnum); %}
/* cseg_prep_transform_one: the same raw customer row. */
%apply (const double *x, int64_t n_features) { (const double *x, int64_t n_in) };

/* Labels for the metrics, which may run for long (silhouette is O(n^2)). */
%typemap(jni) (const int64_t *labels, int64_t n_labels) "jlongArray"
%typemap(jtype) (const int64_t *labels, int64_t n_labels) "long[]"
%typemap(jstype) (const int64_t *labels, int64_t n_labels) "long[]"
%typemap(javain) (const int64_t *labels, int64_t n_labels) "$javainput"
%typemap(in) (const int64_t *labels, int64_t n_labels) %{
	$1 = NULL;
	$2 = 0;
	if ($input != NULL) {
		$2 = (int64_t)(*jenv)->GetArrayLength(jenv, $input);
		$1 = ($1_ltype)(*jenv)->GetLongArrayElements(jenv, $input, NULL);
	}
%}
%typemap(freearg) (const int64_t *labels, int64_t n_labels) %{
	if ($1 != NULL)
		(*jenv)->ReleaseLongArrayElements(jenv, $input, (jlong *)$1, JNI_ABORT);
%}

/* Model bytes for load_buffer: parsed and copied at once, so pinned. */
%typemap(jni) (const void *data, int64_t n_bytes) "jbyteArray"
%typemap(jtype) (const void *data, int64_t n_bytes) "byte[]"
%typemap(jstype) (const void *data, int64_t n_bytes) "byte[]"
%typemap(javain) (const void *data, int64_t n_bytes) "$javainput"
%typemap(in) (const void *data, int64_t n_bytes) %{
	$1 = NULL;
	$2 = 0;
	if ($input != NULL) {
		$2 = (int64_t)(*jenv)->GetArrayLength(jenv, $input);
		$1 = (*jenv)->GetPrimitiveArrayCritical(jenv, $input, NULL);
	}
%}
%typemap(freearg) (const void *data, int64_t n_bytes) %{
	if ($1 != NULL)
		(*jenv)->ReleasePrimitiveArrayCritical(jenv, $input, (void *)$1, JNI_ABORT);
%}

/* Names, IDs and CSV columns: String[] -> const char *const *. */
%define CSEG_JAVA_STRINGS(PTRNAME, COUNTNAME)
%typemap(jni) (const char *const *PTRNAME, int64_t COUNTNAME) "jobjectArray"
%typemap(jtype) (const char *const *PTRNAME, int64_t COUNTNAME) "String[]"
%typemap(jstype) (const char *const *PTRNAME, int64_t COUNTNAME) "String[]"
%typemap(javain) (const char *const *PTRNAME, int64_t COUNTNAME) "$javainput"
%typemap(in) (const char *const *PTRNAME, int64_t COUNTNAME) (jsize n_strings = 0) %{
	$1 = NULL;
	$2 = 0;
	if ($input != NULL) {
		n_strings = (*jenv)->GetArrayLength(jenv, $input);
		$1 = ($1_ltype)cseg_java_strings(jenv, $input, n_strings);
		if ($1 != NULL)
			$2 = (int64_t)n_strings;
	}
%}
%typemap(freearg) (const char *const *PTRNAME, int64_t COUNTNAME) %{
	cseg_java_free_strings((const char **)$1, n_strings$argnum);
%}
%enddef

CSEG_JAVA_STRINGS(names, n_names)
CSEG_JAVA_STRINGS(ids, n_ids)
CSEG_JAVA_STRINGS(columns, n_columns)
/* cseg_transactions_set_attribute: one value per row, null = unknown (the
 * library checks the count against the rows). */
CSEG_JAVA_STRINGS(values, n_values)

/* ---- Array outputs filled in place: (T *out, int64_t n_out), n = length.
 * Copied back only on success, so a failed call leaves the array unchanged. ---- */
%define CSEG_JAVA_ARRAY_OUT(CTYPE, JNIARR, JARR, JELEM, GET, RELEASE)
%typemap(jni) (CTYPE *out, int64_t n_out) "JNIARR"
%typemap(jtype) (CTYPE *out, int64_t n_out) "JARR"
%typemap(jstype) (CTYPE *out, int64_t n_out) "JARR"
%typemap(javain) (CTYPE *out, int64_t n_out) "$javainput"
%typemap(in) (CTYPE *out, int64_t n_out) %{
	$1 = NULL;
	$2 = 0;
	if ($input != NULL) {
		$2 = (int64_t)(*jenv)->GetArrayLength(jenv, $input);
		$1 = ($1_ltype)(*jenv)->GET(jenv, $input, NULL);
	}
%}
/* Shadows the scalar `CTYPE *out` argout typemap. */
%typemap(argout) (CTYPE *out, int64_t n_out) ""
%typemap(freearg) (CTYPE *out, int64_t n_out) %{
	if ($1 != NULL)
		(*jenv)->RELEASE(jenv, $input, (JELEM *)$1, result == CSEG_OK ? 0 : JNI_ABORT);
%}
%enddef

CSEG_JAVA_ARRAY_OUT(double, jdoubleArray, double[], jdouble, GetDoubleArrayElements, ReleaseDoubleArrayElements)
CSEG_JAVA_ARRAY_OUT(int64_t, jlongArray, long[], jlong, GetLongArrayElements, ReleaseLongArrayElements)

/* ---- Serialised model: (void **data_out, int64_t *n_bytes_out) -> byte[],
 * the library buffer released with cseg_free whatever happens. ---- */
%typemap(in, numinputs=0) (void **data_out, int64_t *n_bytes_out) (void *bytes = NULL, int64_t n_bytes = 0) %{
	$1 = &bytes;
	$2 = &n_bytes;
%}
%typemap(argout) (void **data_out, int64_t *n_bytes_out) %{
	if (result == CSEG_OK && bytes$argnum != NULL) {
		if (n_bytes$argnum > (int64_t)INT32_MAX - 8) {
			cseg_java_throw_msg(jenv, CSEG_E_NOMEM, "model buffer too large for a Java byte[]");
		} else {
			jbyteArray arr = (*jenv)->NewByteArray(jenv, (jsize)n_bytes$argnum);
			if (arr != NULL)
				(*jenv)->SetByteArrayRegion(jenv, arr, 0, (jsize)n_bytes$argnum, (const jbyte *)bytes$argnum);
			$result = arr;
		}
	}
%}
%typemap(freearg) (void **data_out, int64_t *n_bytes_out) %{ cseg_free(bytes$argnum); %}

/* ---- Transactions and CLV: per-customer columns. ----
 *
 * A vectorised call takes several arrays of one length n_rows (x, t_x, T,
 * zbar, weights, ...), which the C API cannot check. Here n_rows is no Java
 * argument: the call's row count lives in cseg_java_rows, a fixed-name local
 * that every typemap of the call shares. It is declared by the `arginit` of
 * the group (last column, n_rows), which SWIG emits before any `in`; each
 * column's `in` records its length there, and the last column's sets n_rows.
 * A column of another length raises CsegException(CSEG_E_INVALID_ARG) and
 * makes n_rows 0, so the C call fails on it before reading anything (the
 * error pattern above). n_rows is matched only with the column before it:
 * the dataset calls' n_rows stays a plain argument. A wrapped function with
 * these column names but no such group does not compile (cseg_java_rows is
 * undeclared), so a new signature cannot slip through unchecked. */
%{
#define CSEG_JAVA_ROWS_UNSET (-1)
#define CSEG_JAVA_ROWS_BAD (-2)

/* Note one column's length; the first column read names the count.
 * Returns 0 once the lengths disagree (an exception is then pending, and the
 * caller pins nothing more: JNI calls are not made with it pending). */
static int cseg_java_rows_note(JNIEnv *jenv, int64_t *rows, const char **first,
	jarray arr, const char *name)
{
	char msg[160];
	jsize len;

	if (*rows == CSEG_JAVA_ROWS_BAD || (*jenv)->ExceptionCheck(jenv))
		return 0;
	len = (*jenv)->GetArrayLength(jenv, arr);
	if (*rows == CSEG_JAVA_ROWS_UNSET) {
		*rows = (int64_t)len;
		*first = name;
		return 1;
	}
	if (*rows != (int64_t)len) {
		snprintf(msg, sizeof(msg), "%s has %ld values, %s has %lld (one per customer)",
			name, (long)len, *first, (long long)*rows);
		cseg_java_throw_msg(jenv, CSEG_E_INVALID_ARG, msg);
		*rows = CSEG_JAVA_ROWS_BAD;
		return 0;
	}
	return 1;
}
%}

%define CSEG_JAVA_ROWS_DECL
	int64_t cseg_java_rows = CSEG_JAVA_ROWS_UNSET;
	const char *cseg_java_rows_first = "";
%enddef

/* A column: pinned for the call, never written back. */
%define CSEG_JAVA_ROWS(CTYPE, NAME, JNIARR, JARR, JELEM, GET, RELEASE)
%typemap(jni) const CTYPE *NAME "JNIARR"
%typemap(jtype) const CTYPE *NAME "JARR"
%typemap(jstype) const CTYPE *NAME "JARR"
%typemap(javain) const CTYPE *NAME "$javainput"
%typemap(in) const CTYPE *NAME %{
	$1 = NULL;
	if ($input != NULL && cseg_java_rows_note(jenv, &cseg_java_rows, &cseg_java_rows_first,
			$input, "NAME")) {
		$1 = ($1_ltype)(*jenv)->GET(jenv, $input, NULL);
	}
%}
%typemap(freearg) const CTYPE *NAME %{
	if ($1 != NULL)
		(*jenv)->RELEASE(jenv, $input, (JELEM *)$1, JNI_ABORT);
%}
/* The same column last, followed by n_rows. */
%typemap(jni) (const CTYPE *NAME, int64_t n_rows) "JNIARR"
%typemap(jtype) (const CTYPE *NAME, int64_t n_rows) "JARR"
%typemap(jstype) (const CTYPE *NAME, int64_t n_rows) "JARR"
%typemap(javain) (const CTYPE *NAME, int64_t n_rows) "$javainput"
%typemap(arginit, noblock=1) (const CTYPE *NAME, int64_t n_rows) { CSEG_JAVA_ROWS_DECL }
%typemap(in) (const CTYPE *NAME, int64_t n_rows) %{
	$1 = NULL;
	if ($input != NULL && cseg_java_rows_note(jenv, &cseg_java_rows, &cseg_java_rows_first,
			$input, "NAME")) {
		$1 = ($1_ltype)(*jenv)->GET(jenv, $input, NULL);
	}
	$2 = cseg_java_rows > 0 ? cseg_java_rows : 0;
%}
%typemap(freearg) (const CTYPE *NAME, int64_t n_rows) %{
	if ($1 != NULL)
		(*jenv)->RELEASE(jenv, $input, (JELEM *)$1, JNI_ABORT);
%}
%enddef

CSEG_JAVA_ROWS(double, x, jdoubleArray, double[], jdouble, GetDoubleArrayElements, ReleaseDoubleArrayElements)
CSEG_JAVA_ROWS(double, t_x, jdoubleArray, double[], jdouble, GetDoubleArrayElements, ReleaseDoubleArrayElements)
CSEG_JAVA_ROWS(double, T, jdoubleArray, double[], jdouble, GetDoubleArrayElements, ReleaseDoubleArrayElements)
CSEG_JAVA_ROWS(double, zbar, jdoubleArray, double[], jdouble, GetDoubleArrayElements, ReleaseDoubleArrayElements)
CSEG_JAVA_ROWS(double, x_holdout, jdoubleArray, double[], jdouble, GetDoubleArrayElements, ReleaseDoubleArrayElements)
CSEG_JAVA_ROWS(double, weights, jdoubleArray, double[], jdouble, GetDoubleArrayElements, ReleaseDoubleArrayElements)
CSEG_JAVA_ROWS(double, amounts, jdoubleArray, double[], jdouble, GetDoubleArrayElements, ReleaseDoubleArrayElements)
CSEG_JAVA_ROWS(double, quantities, jdoubleArray, double[], jdouble, GetDoubleArrayElements, ReleaseDoubleArrayElements)
CSEG_JAVA_ROWS(int64_t, counts, jlongArray, long[], jlong, GetLongArrayElements, ReleaseLongArrayElements)
CSEG_JAVA_ROWS(int64_t, days, jlongArray, long[], jlong, GetLongArrayElements, ReleaseLongArrayElements)

/* Customer IDs of cseg_transactions_new: UTF-8 copies. */
%typemap(jni) const char *const *ids "jobjectArray"
%typemap(jtype) const char *const *ids "String[]"
%typemap(jstype) const char *const *ids "String[]"
%typemap(javain) const char *const *ids "$javainput"
%typemap(in) const char *const *ids (jsize n_strings = 0) %{
	$1 = NULL;
	if ($input != NULL) {
		if (cseg_java_rows_note(jenv, &cseg_java_rows, &cseg_java_rows_first, $input, "ids")) {
			n_strings = (*jenv)->GetArrayLength(jenv, $input);
			$1 = ($1_ltype)cseg_java_strings(jenv, $input, n_strings);
		}
		if ($1 == NULL)
			n_strings = 0;
	}
%}
%typemap(freearg) const char *const *ids %{
	cseg_java_free_strings((const char **)$1, n_strings$argnum);
%}

/* The result of a vectorised prediction: one value per row, a new Java
 * array returned on success. The buffer is allocated once the rows are known
 * (`check` runs after every `in`). `double *out` alone is the scalar getters'
 * output, so the typemap matches `out` together with the argument after it,
 * which differs by call: CSEG_JAVA_OUT_* below make the group. */
%define CSEG_JAVA_OUT_CHECK
	/* Room for one value at least: with no rows the C call reports n_rows. */
	if (cseg_java_rows >= 0) {
		buf$argnum = (double *)malloc((cseg_java_rows > 0 ? (size_t)cseg_java_rows : 1) * sizeof(double));
		if (buf$argnum == NULL)
			cseg_java_throw_class(jenv, "java/lang/OutOfMemoryError", "cseg: predictions");
		$1 = buf$argnum;
	}
%enddef
%define CSEG_JAVA_OUT_ARGOUT
	if (result == CSEG_OK && buf$argnum != NULL) {
		jdoubleArray arr = (*jenv)->NewDoubleArray(jenv, (jsize)cseg_java_rows);
		if (arr != NULL)
			(*jenv)->SetDoubleArrayRegion(jenv, arr, 0, (jsize)cseg_java_rows, (const jdouble *)buf$argnum);
		$result = arr;
	}
%enddef

/* (out, scalar): the scalar is the Java argument. */
%define CSEG_JAVA_OUT_SCALAR(CTYPE, NAME, JNITYPE, JTYPE)
%typemap(jni) (double *out, CTYPE NAME) "JNITYPE"
%typemap(jtype) (double *out, CTYPE NAME) "JTYPE"
%typemap(jstype) (double *out, CTYPE NAME) "JTYPE"
%typemap(javain) (double *out, CTYPE NAME) "$javainput"
%typemap(in) (double *out, CTYPE NAME) (double *buf = NULL) %{
	$1 = NULL;
	$2 = ($2_ltype)$input;
%}
%typemap(check) (double *out, CTYPE NAME) { CSEG_JAVA_OUT_CHECK }
%typemap(argout) (double *out, CTYPE NAME) { CSEG_JAVA_OUT_ARGOUT }
%typemap(freearg) (double *out, CTYPE NAME) %{ free(buf$argnum); %}
%enddef

CSEG_JAVA_OUT_SCALAR(double, t, jdouble, double)
CSEG_JAVA_OUT_SCALAR(int64_t, n_periods, jlong, long)

/* (out, column): the column is the Java argument, pinned as CSEG_JAVA_ROWS. */
%typemap(jni) (double *out, const double *x) "jdoubleArray"
%typemap(jtype) (double *out, const double *x) "double[]"
%typemap(jstype) (double *out, const double *x) "double[]"
%typemap(javain) (double *out, const double *x) "$javainput"
%typemap(in) (double *out, const double *x) (double *buf = NULL) %{
	$1 = NULL;
	$2 = NULL;
	if ($input != NULL && cseg_java_rows_note(jenv, &cseg_java_rows, &cseg_java_rows_first,
			$input, "x")) {
		$2 = ($2_ltype)(*jenv)->GetDoubleArrayElements(jenv, $input, NULL);
	}
%}
%typemap(check) (double *out, const double *x) { CSEG_JAVA_OUT_CHECK }
%typemap(argout) (double *out, const double *x) { CSEG_JAVA_OUT_ARGOUT }
%typemap(freearg) (double *out, const double *x) %{
	free(buf$argnum);
	if ($2 != NULL)
		(*jenv)->ReleaseDoubleArrayElements(jenv, $input, (jdouble *)$2, JNI_ABORT);
%}

/* (out, t, n_rows) of cseg_clv_expected_purchases_new: t is the only column. */
%typemap(jni) (double *out, const double *t, int64_t n_rows) "jdoubleArray"
%typemap(jtype) (double *out, const double *t, int64_t n_rows) "double[]"
%typemap(jstype) (double *out, const double *t, int64_t n_rows) "double[]"
%typemap(javain) (double *out, const double *t, int64_t n_rows) "$javainput"
%typemap(arginit, noblock=1) (double *out, const double *t, int64_t n_rows) { CSEG_JAVA_ROWS_DECL }
%typemap(in) (double *out, const double *t, int64_t n_rows) (double *buf = NULL) %{
	$1 = NULL;
	$2 = NULL;
	if ($input != NULL && cseg_java_rows_note(jenv, &cseg_java_rows, &cseg_java_rows_first,
			$input, "t")) {
		$2 = ($2_ltype)(*jenv)->GetDoubleArrayElements(jenv, $input, NULL);
	}
	$3 = cseg_java_rows > 0 ? cseg_java_rows : 0;
%}
%typemap(check) (double *out, const double *t, int64_t n_rows) { CSEG_JAVA_OUT_CHECK }
%typemap(argout) (double *out, const double *t, int64_t n_rows) { CSEG_JAVA_OUT_ARGOUT }
%typemap(freearg) (double *out, const double *t, int64_t n_rows) %{
	free(buf$argnum);
	if ($2 != NULL)
		(*jenv)->ReleaseDoubleArrayElements(jenv, $input, (jdouble *)$2, JNI_ABORT);
%}

/* Known parameters for cseg_clv_model_set_params, copied by the call. */
%typemap(jni) (const double *params, int64_t n_params) "jdoubleArray"
%typemap(jtype) (const double *params, int64_t n_params) "double[]"
%typemap(jstype) (const double *params, int64_t n_params) "double[]"
%typemap(javain) (const double *params, int64_t n_params) "$javainput"
%typemap(in) (const double *params, int64_t n_params) %{
	$1 = NULL;
	$2 = 0;
	if ($input != NULL) {
		$2 = (int64_t)(*jenv)->GetArrayLength(jenv, $input);
		$1 = ($1_ltype)(*jenv)->GetDoubleArrayElements(jenv, $input, NULL);
	}
%}
%typemap(freearg) (const double *params, int64_t n_params) %{
	if ($1 != NULL)
		(*jenv)->ReleaseDoubleArrayElements(jenv, $input, (jdouble *)$1, JNI_ABORT);
%}

/* Calibration versus holdout: n_buckets is the Java argument; the three
 * outputs come back as one double[3 * n_buckets] (actual means, predicted
 * means, counts), which the public layer splits. */
%typemap(jni) (double *actual_out, double *predicted_out, int64_t *count_out, int64_t n_buckets) "jint"
%typemap(jtype) (double *actual_out, double *predicted_out, int64_t *count_out, int64_t n_buckets) "int"
%typemap(jstype) (double *actual_out, double *predicted_out, int64_t *count_out, int64_t n_buckets) "int"
%typemap(javain) (double *actual_out, double *predicted_out, int64_t *count_out, int64_t n_buckets) "$javainput"
%typemap(in) (double *actual_out, double *predicted_out, int64_t *count_out, int64_t n_buckets)
	(double *means = NULL, int64_t *counts = NULL) %{
	$1 = NULL;
	$2 = NULL;
	$3 = NULL;
	$4 = (int64_t)$input;
	if ($input > (INT32_MAX - 8) / 3) {
		cseg_java_throw_msg(jenv, CSEG_E_INVALID_ARG, "n_buckets too large for one Java array");
	} else {
		/* At least one bucket of room, so that the C call, not a NULL
		 * output, reports a bad n_buckets. */
		size_t room = $input > 0 ? (size_t)$input : 1;
		means = (double *)malloc(2 * room * sizeof(double));
		counts = (int64_t *)malloc(room * sizeof(int64_t));
		if (means == NULL || counts == NULL) {
			cseg_java_throw_class(jenv, "java/lang/OutOfMemoryError", "cseg: holdout buckets");
		} else {
			$1 = means;
			$2 = means + room;
			$3 = counts;
		}
	}
%}
%typemap(argout) (double *actual_out, double *predicted_out, int64_t *count_out, int64_t n_buckets) %{
	if (result == CSEG_OK && means$argnum != NULL && counts$argnum != NULL) {
		jsize nb = (jsize)$4, i;
		jdoubleArray arr = (*jenv)->NewDoubleArray(jenv, 3 * nb);
		if (arr != NULL) {
			(*jenv)->SetDoubleArrayRegion(jenv, arr, 0, 2 * nb, (const jdouble *)means$argnum);
			for (i = 0; i < nb; i++) {
				jdouble c = (jdouble)counts$argnum[i];
				(*jenv)->SetDoubleArrayRegion(jenv, arr, 2 * nb + i, 1, &c);
			}
		}
		$result = arr;
	}
%}
%typemap(freearg) (double *actual_out, double *predicted_out, int64_t *count_out, int64_t n_buckets) %{
	free(means$argnum);
	free(counts$argnum);
%}
CSEG_JAVA_RETURNS(cseg_clv_holdout_compare, jdoubleArray, double[])

/* First and last transaction day as a long[2]. */
%typemap(in, numinputs=0) (int64_t *first_out, int64_t *last_out) (int64_t first = 0, int64_t last = 0) %{
	$1 = &first;
	$2 = &last;
%}
%typemap(argout) (int64_t *first_out, int64_t *last_out) %{
	if (result == CSEG_OK) {
		jlongArray arr = (*jenv)->NewLongArray(jenv, 2);
		jlong v[2];
		v[0] = (jlong)first$argnum;
		v[1] = (jlong)last$argnum;
		if (arr != NULL)
			(*jenv)->SetLongArrayRegion(jenv, arr, 0, 2, v);
		$result = arr;
	}
%}
%apply (int64_t *first_out, int64_t *last_out) { (int64_t *rows_out, int64_t *cols_out) };

/* ---- CLV tiers: long[] clv_tiers(double[] cuts_out, double[] values, long n_tiers).
 * The values are the group's one column (their length is n_rows); the tiers
 * come back as a new long[] of n_rows, allocated once the rows are known;
 * cuts_out (n_tiers - 1 values, or null) is filled in place on success. ---- */
CSEG_JAVA_ROWS(double, values, jdoubleArray, double[], jdouble, GetDoubleArrayElements, ReleaseDoubleArrayElements)
%typemap(jni) (int64_t *out, double *cuts_out, int64_t n_cuts) "jdoubleArray"
%typemap(jtype) (int64_t *out, double *cuts_out, int64_t n_cuts) "double[]"
%typemap(jstype) (int64_t *out, double *cuts_out, int64_t n_cuts) "double[]"
%typemap(javain) (int64_t *out, double *cuts_out, int64_t n_cuts) "$javainput"
%typemap(in) (int64_t *out, double *cuts_out, int64_t n_cuts) (int64_t *tiers = NULL) %{
	$1 = NULL;
	$2 = NULL;
	$3 = 0;
	if ($input != NULL) {
		$3 = (int64_t)(*jenv)->GetArrayLength(jenv, $input);
		$2 = ($2_ltype)(*jenv)->GetDoubleArrayElements(jenv, $input, NULL);
	}
%}
%typemap(check) (int64_t *out, double *cuts_out, int64_t n_cuts) %{
	/* Room for one tier at least: with no rows the C call reports n_rows. */
	tiers$argnum = (int64_t *)malloc((cseg_java_rows > 0 ? (size_t)cseg_java_rows : 1) * sizeof(int64_t));
	if (tiers$argnum == NULL)
		cseg_java_throw_class(jenv, "java/lang/OutOfMemoryError", "cseg: tiers");
	$1 = tiers$argnum;
%}
%typemap(argout) (int64_t *out, double *cuts_out, int64_t n_cuts) %{
	if (result == CSEG_OK && tiers$argnum != NULL) {
		jlongArray arr = (*jenv)->NewLongArray(jenv, (jsize)cseg_java_rows);
		if (arr != NULL)
			(*jenv)->SetLongArrayRegion(jenv, arr, 0, (jsize)cseg_java_rows, (const jlong *)tiers$argnum);
		$result = arr;
	}
%}
%typemap(freearg) (int64_t *out, double *cuts_out, int64_t n_cuts) %{
	free(tiers$argnum);
	if ($2 != NULL)
		(*jenv)->ReleaseDoubleArrayElements(jenv, $input, (jdouble *)$2, result == CSEG_OK ? 0 : JNI_ABORT);
%}
CSEG_JAVA_RETURNS(cseg_clv_tiers, jlongArray, long[])
