/* Segment profiles, private to lib/segments. */
#ifndef CSEG_PROFILE_INTERNAL_H
#define CSEG_PROFILE_INTERNAL_H

#include "cseg/cseg_profile.h"

#define CSEG__PROFILE_N_STATS 5

struct cseg_profile {
	int64_t k, d, n;
	char **features;                     /* d names */
	int64_t *size;                       /* k */
	double *stat[CSEG__PROFILE_N_STATS]; /* k * d each, row-major */
	double *pop[CSEG__PROFILE_N_STATS];  /* d each */
	int64_t *ranking;                    /* k * d feature indices */
	char **names;                        /* k segment names */
};

/* Fill p->names from the statistics (rules in include/cseg/cseg_profile.h). */
cseg_status cseg__profile_name_segments(cseg_profile *p);

#endif /* CSEG_PROFILE_INTERNAL_H */
