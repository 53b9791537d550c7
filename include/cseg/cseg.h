/**
 * @file cseg.h
 * @brief The one header to include: customer segmentation in C.
 *
 * @mainpage cseg
 * cseg is an embeddable C library for customer segmentation: datasets from
 * arrays or CSV, k-means with reproducible seeds, assignment of new customers
 * from a shared read-only model, validity metrics and versioned model files.
 * Start with docs/getting-started.md.
 */
#ifndef CSEG_H
#define CSEG_H

#include "cseg_export.h"
#include "cseg_version.h"
#include "cseg_common.h"
#include "cseg_dataset.h"
#include "cseg_assignment.h"
#include "cseg_model.h"
#include "cseg_metrics.h"
#include "cseg_rules.h"
#include "cseg_rfm.h"
#include "cseg_profile.h"
#include "cseg_pca.h"
#include "cseg_kselect.h"
#include "cseg_transactions.h"
#include "cseg_clv.h"
#include "cseg_features.h"
#include "cseg_hierarchical.h"
#include "cseg_prep.h"
#include "cseg_gmm.h"
#include "cseg_minibatch.h"

#endif /* CSEG_H */
