/* Constants of the model file format, version 1 (docs/model-format.md). */
#ifndef CSEG_MODEL_FORMAT_H
#define CSEG_MODEL_FORMAT_H

#define CSEG__MF_MAGIC "CSEGMODL"
#define CSEG__MF_MAGIC_LEN 8
#define CSEG__MF_VERSION 1u
#define CSEG__MF_HEADER_LEN 12   /* magic + u32 version */
#define CSEG__MF_SECTION_HEAD 12 /* u32 tag + u64 length */
#define CSEG__MF_CRC_LEN 4

/* Tags with this bit set are optional: a reader skips those it does not
 * know. Unknown tags without it make the file unreadable. */
#define CSEG__MF_TAG_OPTIONAL 0x80000000u

enum cseg__mf_tag {
	CSEG__MF_ALGO = 1,
	CSEG__MF_PARAMS = 2,
	CSEG__MF_SHAPE = 3,
	CSEG__MF_CENTROIDS = 4,
	CSEG__MF_FEATURE_NAMES = 5,
	CSEG__MF_INERTIA = 6,
	CSEG__MF_N_ITER = 7,
	CSEG__MF_CONVERGED = 8,
	CSEG__MF_N_TRAIN_ROWS = 9,
	CSEG__MF_FINGERPRINT = 10,
	CSEG__MF_CREATED = 11,
	CSEG__MF_LIB_VERSION = 12,
	CSEG__MF_INIT_CENTERS = 13,
	CSEG__MF_ARRAYS = 14,       /* present only when the algorithm keeps arrays */
	CSEG__MF_PREP = 15,         /* present only when the model preprocesses */
	CSEG__MF_LAST_TAG = 15
};

/* Optional sections this version reads: tag = CSEG__MF_TAG_OPTIONAL | n.
 * They hold what assignment does not need (an older reader skips them). */
enum cseg__mf_opt_tag {
	CSEG__MF_OPT_SEGMENT_NAMES = 1,
	CSEG__MF_LAST_OPT_TAG = 1
};

/* Slots of the section table: mandatory tags, then the optional ones. */
#define CSEG__MF_SLOTS (CSEG__MF_LAST_TAG + CSEG__MF_LAST_OPT_TAG + 1)
#define CSEG__MF_OPT_SLOT(n) (CSEG__MF_LAST_TAG + (n))

/* Longest segment name. */
#define CSEG__MF_SEGMENT_NAME_MAX 256

/* Value types of a PARAMS entry. */
#define CSEG__MF_PARAM_INT 0u
#define CSEG__MF_PARAM_DOUBLE 1u
#define CSEG__MF_PARAM_ENTRY 16 /* u32 key + u32 type + 8-byte value */

/* Longest name of a fitted array. */
#define CSEG__MF_ARRAY_NAME_MAX 64

#endif /* CSEG_MODEL_FORMAT_H */
