/**
 * @file cseg_minibatch.h
 * @brief Mini-batch and streaming k-means, and mergeable k-means statistics.
 *
 * ::CSEG_ALGO_MINIBATCH_KMEANS fitted by ::cseg_model_fit follows
 * sklearn.cluster.MiniBatchKMeans (1.2): an init_size sample per restart
 * seeded by k-means++, the restart with the lowest inertia on a validation
 * sample kept, then mini-batches drawn with replacement, each updating its
 * centres with the per-centre learning rate 1 / (weight seen so far)
 * (Sculley 2010), random reassignment of low-weight centres, and early
 * stopping on the exponentially weighted average of the batch inertia.
 * Random numbers come from the library's generator, so results agree with
 * sklearn's in distribution, not draw for draw.
 *
 * Beyond the generic model API:
 * - ::cseg_model_partial_fit updates a model with one chunk of customers
 *   (the first chunk initialises it), for data that arrives in pieces;
 * - ::cseg_model_fit_csv_stream fits from a CSV file read a chunk at a time,
 *   so the file may be larger than memory;
 * - ::cseg_kstats holds mergeable sufficient statistics (per-segment
 *   weighted sums and weights). A distributed Lloyd iteration is:
 *   on every partition ::cseg_kstats_accumulate with the current model,
 *   ship the statistics (::cseg_kstats_to_bytes, ::cseg_kstats_from_bytes),
 *   ::cseg_kstats_merge them on one node, then ::cseg_model_update_from_kstats
 *   (exactly one Lloyd step of ::CSEG_ALGO_KMEANS on the union of the
 *   partitions, whatever the partitioning, up to the order of additions),
 *   and broadcast the model again (::cseg_model_save_buffer).
 *
 * Fitted arrays of a mini-batch model (::cseg_model_get_array), saved in the
 * model file so a loaded model can continue with ::cseg_model_partial_fit:
 * - "counts" (1 x k): the weight each centre has absorbed (sklearn's
 *   `_counts`), its learning rate being 1 / count;
 * - "minibatch_state" (1 x 3): steps taken (sklearn's `n_steps_`), rows seen
 *   since the last random reassignment, and the batch size in use.
 *
 * Results: ::CSEG_RESULT_INERTIA is the inertia of the training data (of the
 * last chunk after ::cseg_model_partial_fit, as sklearn's `inertia_`);
 * ::CSEG_RESULT_N_ITER is sklearn's `n_iter_` (passes over the data) after
 * ::cseg_model_fit and the number of steps after a partial fit;
 * ::CSEG_RESULT_CONVERGED is 1 when a fit stopped early (tolerance or no
 * improvement).
 */
#ifndef CSEG_MINIBATCH_H
#define CSEG_MINIBATCH_H

#include <stddef.h>
#include <stdint.h>

#include "cseg_common.h"
#include "cseg_dataset.h"
#include "cseg_model.h"

CSEG_BEGIN_DECLS

/** @name Mini-batch and streaming fits
 * @{ */

/**
 * @brief Update a mini-batch k-means model with one chunk of customers, as
 *   sklearn's MiniBatchKMeans.partial_fit.
 *
 * On a model that is not fitted yet the chunk first initialises the centres
 * (k-means++ on an init_size sample of the chunk, or the centres given by
 * ::cseg_model_set_init_centers; one start, ::CSEG_PARAM_N_INIT is not used),
 * so it needs at least k rows. Then the whole chunk is one mini-batch step:
 * every centre moves to the weighted mean of everything it has absorbed,
 * and centres with little weight may be moved to random rows of the chunk
 * (::CSEG_PARAM_MB_REASSIGNMENT_RATIO). The random draws of a step are
 * seeded by ::CSEG_PARAM_SEED and the step number, so the same chunks in the
 * same order give the same model. The training labels and the inertia are
 * those of this chunk under the updated centres. A fitted mini-batch model
 * (also one fitted by ::cseg_model_fit or loaded from a file) continues
 * from its counts.
 * @param[in,out] model a ::CSEG_ALGO_MINIBATCH_KMEANS model; unchanged on failure.
 * @param[in] chunk complete data, as many columns as the model's features.
 * @param[in] weights @p n_weights finite non-negative weights, or NULL for 1.
 * @param[in] n_weights the rows of @p chunk, or 0 when @p weights is NULL.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, missing values, wrong column
 *   count, fewer rows than k for the first chunk, bad weights);
 *   ::CSEG_E_UNSUPPORTED for another algorithm; ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_partial_fit(cseg_model *model, const cseg_dataset *chunk,
	const double *weights, int64_t n_weights);

/**
 * @brief Fit a mini-batch k-means model from a CSV file read @p chunk_rows
 *   rows at a time.
 *
 * Equivalent to ::cseg_model_partial_fit on a fresh model over consecutive
 * chunks of @p chunk_rows data rows (the last may be shorter), in file
 * order, repeated @p n_passes times: the same chunks given in memory give
 * the same model. Memory is O(chunk_rows x features), independent of the
 * file size. The file is read as ::cseg_dataset_read_csv reads it (header
 * line, RFC 4180 fields, the same missing-value spellings); a missing or
 * non-numeric feature cell is an error at its file:line:column. A final
 * chunk with fewer than k rows, when it is not the first, is still used. The
 * model reports the inertia of the last chunk (under the final centres) and
 * every data row of one pass in ::CSEG_RESULT_N_TRAIN_ROWS; it keeps no
 * training labels (assign the file's rows to get them).
 * @param[in,out] model a ::CSEG_ALGO_MINIBATCH_KMEANS model; its previous fit
 *   is replaced on success and kept on failure.
 * @param[in] path CSV file; "-" reads standard input (then @p n_passes must be 1).
 * @param[in] delimiter field separator, e.g. ',' ';' or '\\t'.
 * @param[in] id_column header name of a column to ignore (customer IDs), or NULL.
 * @param[in] columns header names of the feature columns, in the order
 *   wanted, or NULL for every column except @p id_column.
 * @param[in] n_columns number of names in @p columns (0 when NULL).
 * @param[in] chunk_rows data rows per chunk, >= 1 (the first chunk must
 *   hold at least k rows).
 * @param[in] n_passes passes over the file, >= 1.
 * @return ::CSEG_OK; ::CSEG_E_IO; ::CSEG_E_FORMAT (malformed CSV, non-numeric
 *   or missing cell, with file:line:column); ::CSEG_E_INVALID_ARG;
 *   ::CSEG_E_UNSUPPORTED for another algorithm; ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_fit_csv_stream(cseg_model *model, const char *path,
	char delimiter, const char *id_column, const char *const *columns, int64_t n_columns,
	int64_t chunk_rows, int64_t n_passes);

/** @} */
/** @name Mergeable k-means statistics
 * @{ */

/** Opaque per-segment sufficient statistics of an assignment: for each of k
 * segments the weighted sum of its rows (d values) and their total weight,
 * plus the rows and the inertia (weighted squared distances to the centre
 * each row was assigned to) accumulated. Two statistics of the same k and d
 * merge exactly by adding. */
typedef struct cseg_kstats cseg_kstats;

/**
 * @brief New, empty statistics for k segments of d features.
 * @param[out] out the new statistics; NULL on failure. Free with ::cseg_kstats_free.
 * @param[in] k segments, >= 1.
 * @param[in] d features, >= 1.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kstats_new(cseg_kstats **out, int64_t k, int64_t d);

/**
 * @brief Free statistics. NULL is accepted.
 * @param[in] stats statistics to free.
 * @since 0.2.0
 */
CSEG_API void cseg_kstats_free(cseg_kstats *stats);

/**
 * @brief Assign every row of @p data to the nearest centroid of @p model and
 *   add it to that segment's statistics.
 *
 * The nearest centroid is found as ::cseg_model_assign does for k-means
 * (ties to the lower segment); any fitted model with k centroids of d
 * features can be used, its other state is ignored.
 * @param[in,out] stats statistics with the model's k and d; unchanged on failure.
 * @param[in] model fitted model.
 * @param[in] data complete data with d columns.
 * @param[in] weights @p n_weights finite non-negative weights, or NULL for 1.
 * @param[in] n_weights the rows of @p data, or 0 when @p weights is NULL.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG; ::CSEG_E_NOT_FITTED; ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kstats_accumulate(cseg_kstats *stats, const cseg_model *model,
	const cseg_dataset *data, const double *weights, int64_t n_weights);

/**
 * @brief Add @p src into @p dst (sums, weights, rows and inertia add).
 * @param[in,out] dst statistics; unchanged on failure.
 * @param[in] src statistics of the same k and d (may be @p dst itself).
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kstats_merge(cseg_kstats *dst, const cseg_kstats *src);

/**
 * @brief The centroids the statistics give: each segment's weighted mean.
 *
 * A segment with zero weight (empty) keeps the centroid of @p model, the
 * previous centre, as sklearn's Lloyd step keeps an empty cluster's centre
 * when there is nothing to relocate; without a model its row is NaN.
 * @param[in] stats statistics.
 * @param[in] model model whose centroids stand in for empty segments, or NULL.
 * @param[out] out k x d row-major.
 * @param[in] n_out must equal k * d.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kstats_centroids(const cseg_kstats *stats, const cseg_model *model,
	double *out, int64_t n_out);

/**
 * @brief Weighted squared distance of every accumulated row to the centroid
 *   it was assigned to: the inertia of the model used to accumulate.
 *
 * Each term is computed by differences (no ||x||^2 - 2 x.c + ||c||^2
 * cancellation), so the merged value is exact up to the order of additions.
 * @param[in] stats statistics.
 * @param[out] out the inertia.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kstats_inertia(const cseg_kstats *stats, double *out);

/**
 * @brief The total weight of every segment.
 * @param[in] stats statistics.
 * @param[out] out k weights.
 * @param[in] n_out must equal k.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kstats_weights(const cseg_kstats *stats, double *out, int64_t n_out);

/**
 * @brief Number of segments.
 * @param[in] stats statistics.
 * @return k, or 0 when @p stats is NULL.
 * @since 0.2.0
 */
CSEG_API int64_t cseg_kstats_k(const cseg_kstats *stats);

/**
 * @brief Number of features.
 * @param[in] stats statistics.
 * @return d, or 0 when @p stats is NULL.
 * @since 0.2.0
 */
CSEG_API int64_t cseg_kstats_d(const cseg_kstats *stats);

/**
 * @brief Rows accumulated (merged statistics add their rows).
 * @param[in] stats statistics.
 * @return the count, or 0 when @p stats is NULL.
 * @since 0.2.0
 */
CSEG_API int64_t cseg_kstats_n_rows(const cseg_kstats *stats);

/**
 * @brief Serialise statistics to a new buffer.
 *
 * The format is little-endian and versioned: magic "CSKS", version, k, d,
 * rows, inertia, the k x d sums, the k weights and an FNV-1a 64 checksum of
 * everything before it; 48 + 8 (k d + k) bytes in all.
 * @param[in] stats statistics.
 * @param[out] data_out the bytes; release with ::cseg_free. NULL on failure.
 * @param[out] n_bytes_out their number.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kstats_to_bytes(const cseg_kstats *stats, void **data_out,
	int64_t *n_bytes_out);

/**
 * @brief Statistics from bytes made by ::cseg_kstats_to_bytes.
 *
 * Every field is bounds-checked before use: the length must be exactly what
 * k and d imply, the checksum must match, weights and inertia must be finite
 * and non-negative, sums finite.
 * @param[out] out the new statistics; NULL on failure.
 * @param[in] data the bytes.
 * @param[in] n_bytes their number.
 * @return ::CSEG_OK; ::CSEG_E_FORMAT for truncated or corrupt bytes;
 *   ::CSEG_E_VERSION for a newer format; ::CSEG_E_INVALID_ARG; ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kstats_from_bytes(cseg_kstats **out, const void *data, int64_t n_bytes);

/**
 * @brief One exact Lloyd step from merged statistics: the centroids become
 *   the weighted means of ::cseg_kstats_centroids (empty segments keep their centre).
 *
 * The statistics must have been accumulated against this model's current
 * centroids; the step then equals one iteration of ::CSEG_ALGO_KMEANS from
 * them on the union of the accumulated rows (without its relocation of
 * empty clusters, which needs all rows at once). Afterwards
 * ::CSEG_RESULT_INERTIA is the statistics' inertia (of the centroids before
 * the step), ::CSEG_RESULT_N_ITER grows by one, ::CSEG_RESULT_CONVERGED is 1
 * when no centroid moved, ::CSEG_RESULT_N_TRAIN_ROWS is the statistics'
 * rows, and the training labels are dropped (they belonged to the old
 * centroids). Other fitted arrays are kept.
 * @param[in,out] model fitted ::CSEG_ALGO_KMEANS or ::CSEG_ALGO_MINIBATCH_KMEANS
 *   model with the statistics' k and d; unchanged on failure.
 * @param[in] stats statistics.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG; ::CSEG_E_NOT_FITTED;
 *   ::CSEG_E_UNSUPPORTED for other algorithms; ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_update_from_kstats(cseg_model *model, const cseg_kstats *stats);

/** @} */

CSEG_END_DECLS

#endif /* CSEG_MINIBATCH_H */
