/* The ops table of every algorithm, listed in algos.c. */
#ifndef CSEG_ALGOS_H
#define CSEG_ALGOS_H

#include "model_internal.h"

extern const cseg__algo_ops cseg__kmeans_ops;
extern const cseg__algo_ops cseg__gmm_ops;
extern const cseg__algo_ops cseg__hclust_ops;
extern const cseg__algo_ops cseg__dbscan_ops;
extern const cseg__algo_ops cseg__minibatch_ops;

#endif /* CSEG_ALGOS_H */
