/* The algorithm registry: model.c dispatches through these tables, so an
 * algorithm is one ops table and one line here. */
#include <string.h>

#include "../core/core.h"
#include "algos.h"

static const cseg__algo_ops *const registry[] = {
	&cseg__kmeans_ops,
	&cseg__gmm_ops,
	&cseg__hclust_ops,
	&cseg__dbscan_ops,
	&cseg__minibatch_ops,
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const cseg__algo_ops *cseg__algo_find(int algo)
{
	for (size_t i = 0; i < COUNT(registry); i++)
		if ((int)registry[i]->algo == algo)
			return registry[i];
	return NULL;
}

const char *cseg_algo_name(cseg_algo algo)
{
	const cseg__algo_ops *ops = cseg__algo_find((int)algo);

	return ops ? ops->name : NULL;
}

cseg_status cseg_algo_lookup(const char *name, cseg_algo *out)
{
	if (!name || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", name ? "out" : "name");
	for (size_t i = 0; i < COUNT(registry); i++)
		if (strcmp(registry[i]->name, name) == 0)
			return (*out = registry[i]->algo), CSEG_OK;
	return cseg__error(CSEG_E_UNSUPPORTED, "unknown algorithm '%s'", name);
}
