/**
 * @file cseg_profile.h
 * @brief Segment profiles: sizes, per-feature statistics, distinguishing
 *   features and automatic descriptive names.
 *
 * A profile describes any segmentation (k-means, rules, RFM, a column of the
 * data) of a dataset: for every segment its size and share, the mean, median
 * and standard deviation of every feature, an index against the population
 * (segment mean / population mean * 100) and the standardised mean
 * difference SMD = (segment mean - population mean) / population standard
 * deviation, which ranks the features that most distinguish the segment.
 * Standard deviations are sample ones (n - 1 denominator, as pandas).
 * Missing values (NaN) are skipped feature by feature.
 *
 * <b>Names.</b> Each segment gets a short, neutral name built from its
 * profile. A feature counts as notably high (low) in a segment when its SMD
 * is at least ::CSEG_PROFILE_NOTABLE_SMD (at most minus that). Features whose
 * names hint at RFM-style meaning (case-insensitive; tenure: "tenure",
 * "customer_age", "since_first", "first_purchase", exactly "t" or "age";
 * recency: "recency", "recent", "days_since", "last_purchase", "last_order",
 * "inactive", exactly "r"; frequency: "frequency", "freq", "orders",
 * "visits", "purchases", "transactions", exactly "f", "x" or "count";
 * monetary: "monetary", "spend", "revenue", "amount", "value", "sales",
 * "total", "clv", "ltv", exactly "m" or "zbar") give words, in this order:
 * "Recent"/"Lapsed", "new"/"long-standing", "high-spend"/"low-spend",
 * "frequent"/"occasional" (the strongest feature per meaning), e.g.
 * "Recent high-spend frequent" or "Lapsed low-spend". Without notable hinted
 * features the two most distinguishing notable features are named, e.g.
 * "High Milk, low Fresh" (underscores read as spaces); with none at all the
 * segment is "Typical", and an empty segment is "Empty segment". Names are
 * made unique by appending " (2)", " (3)", ... in segment order. Users can
 * rename segments with ::cseg_profile_set_segment_name.
 *
 * Thread safety: a profile is read-only after creation except for renaming;
 * any number of threads may read it at once.
 *
 * @defgroup profile Profiles
 * @{
 */
#ifndef CSEG_PROFILE_H
#define CSEG_PROFILE_H

#include "cseg_common.h"
#include "cseg_dataset.h"

CSEG_BEGIN_DECLS

/** Opaque segment profile. */
typedef struct cseg_profile cseg_profile;

/** |SMD| from which a feature is called high or low in automatic names. */
#define CSEG_PROFILE_NOTABLE_SMD 0.25

/** Per-feature statistics (::cseg_profile_get_stat, ::cseg_profile_get_population). */
typedef enum cseg_profile_stat {
	CSEG_PROFILE_MEAN = 0,   /**< Mean of the non-missing values (NaN when none). */
	CSEG_PROFILE_MEDIAN = 1, /**< Median; the mean of the two middle values for even counts. */
	CSEG_PROFILE_STD = 2,    /**< Sample standard deviation (NaN with fewer than 2 values). */
	CSEG_PROFILE_INDEX = 3,  /**< Segment mean / population mean * 100 (NaN when the population mean is 0). */
	CSEG_PROFILE_SMD = 4     /**< (Segment mean - population mean) / population std (0 when that std is 0). */
} cseg_profile_stat;

/** @name Create and destroy
 * @{ */

/**
 * @brief Profile a segmentation of a dataset.
 *
 * Complexity: O(d n log n) time (medians), O(n + k d) memory.
 * @param[out] out the profile; NULL on failure.
 * @param[in] data dataset; missing values are skipped per feature.
 * @param[in] labels segment of each row, 0..k-1; copied as needed.
 * @param[in] n_labels must equal the dataset's rows.
 * @param[in] k number of segments, 1..n_labels; segments without rows are
 *   allowed (size 0, statistics NaN).
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for NULL pointers, a label count
 *   other than the rows, k out of range or a label outside 0..k-1 (the
 *   message names the row); ::CSEG_E_NOMEM.
 * @note Caller owns the profile; free with ::cseg_profile_free. The profile
 *   keeps no pointer to @p data.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_profile_new(cseg_profile **out, const cseg_dataset *data,
	const int64_t *labels, int64_t n_labels, int64_t k);

/**
 * @brief Free a profile.
 * @param[in] profile profile, or NULL (ignored).
 * @since 0.1.0
 */
CSEG_API void cseg_profile_free(cseg_profile *profile);

/** @} */
/** @name Results
 * @{ */

/**
 * @brief Number of segments.
 * @param[in] profile profile.
 * @return k, or -1 when @p profile is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_profile_n_segments(const cseg_profile *profile);

/**
 * @brief Number of features.
 * @param[in] profile profile.
 * @return d, or -1 when @p profile is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_profile_n_features(const cseg_profile *profile);

/**
 * @brief Name of feature @p col (copied from the dataset).
 * @param[in] profile profile.
 * @param[in] col 0..d-1.
 * @return borrowed string valid until @p profile is freed; NULL when
 *   @p profile is NULL or @p col out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_profile_feature_name(const cseg_profile *profile, int64_t col);

/**
 * @brief Copy the segment sizes.
 * @param[in] profile profile.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal k.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG (NULL or wrong size).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_profile_get_sizes(const cseg_profile *profile, int64_t *out, int64_t n_out);

/**
 * @brief Copy the segment shares (size / rows, summing to 1).
 * @param[in] profile profile.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal k.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG (NULL or wrong size).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_profile_get_shares(const cseg_profile *profile, double *out, int64_t n_out);

/**
 * @brief Copy one statistic for every segment and feature, row-major k x d.
 * @param[in] profile profile.
 * @param[in] stat a ::cseg_profile_stat.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal k * d.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, wrong size); ::CSEG_E_UNSUPPORTED (unknown stat).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_profile_get_stat(const cseg_profile *profile, int stat, double *out, int64_t n_out);

/**
 * @brief Copy a population statistic per feature (index 100 and SMD 0 by
 *   definition, for columns with values).
 * @param[in] profile profile.
 * @param[in] stat a ::cseg_profile_stat.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal d.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, wrong size); ::CSEG_E_UNSUPPORTED (unknown stat).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_profile_get_population(const cseg_profile *profile, int stat,
	double *out, int64_t n_out);

/**
 * @brief Copy the features of segment @p segment ranked by |SMD|, largest
 *   first (ties by column order; NaN last).
 * @param[in] profile profile.
 * @param[in] segment 0..k-1.
 * @param[out] out buffer of @p n_out feature indices.
 * @param[in] n_out must equal d.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_profile_get_ranking(const cseg_profile *profile, int64_t segment,
	int64_t *out, int64_t n_out);

/** @} */
/** @name Names
 * @{ */

/**
 * @brief Name of segment @p segment (automatic until renamed).
 * @param[in] profile profile.
 * @param[in] segment 0..k-1.
 * @return borrowed string valid until @p profile is freed or that segment
 *   renamed; NULL when @p profile is NULL or @p segment out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_profile_segment_name(const cseg_profile *profile, int64_t segment);

/**
 * @brief Rename a segment.
 * @param[in,out] profile profile.
 * @param[in] segment 0..k-1.
 * @param[in] name 1..256 bytes, different from every other segment's name; copied.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL, out of range, empty, too
 *   long or duplicate) or ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_profile_set_segment_name(cseg_profile *profile, int64_t segment,
	const char *name);

/** @} */

CSEG_END_DECLS

/** @} */
#endif /* CSEG_PROFILE_H */
