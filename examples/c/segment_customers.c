/* Fit k-means on the bundled wholesale customers, inspect the segments,
 * save the model, load it back and assign a new customer.
 * usage: segment_customers [wholesale_customers.csv] */
#include <stdio.h>
#include <stdlib.h>

#include <cseg/cseg.h>

#define CHECK(call) do { \
	cseg_status st_ = (call); \
	if (st_ != CSEG_OK) { \
		fprintf(stderr, "%s failed: %s\n", #call, cseg_last_error()); \
		exit(EXIT_FAILURE); \
	} \
} while (0)

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "data/wholesale_customers.csv";
	const char *columns[] = { "Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen" };
	const double new_customer[] = { 12000, 9000, 7500, 300, 2500, 1300 };
	const int64_t k = 4, d = 6;
	cseg_dataset *ds = NULL;
	cseg_model *model = NULL, *loaded = NULL;
	cseg_assignment *a = NULL;
	double centroids[4 * 6], inertia, distance, margin;
	int64_t *labels, sizes[4] = { 0 }, n, label;

	/* The SQLite idiom: the headers and the library must agree. */
	if (cseg_version_number() != CSEG_VERSION_NUMBER) {
		fprintf(stderr, "header %s, library %s\n", CSEG_VERSION_STRING, cseg_version());
		return EXIT_FAILURE;
	}
	CHECK(cseg_dataset_read_csv(&ds, path, ',', NULL, columns, d));
	n = cseg_dataset_n_rows(ds);

	CHECK(cseg_model_new(&model, CSEG_ALGO_KMEANS));
	CHECK(cseg_model_set_int(model, CSEG_PARAM_K, k));
	CHECK(cseg_model_set_int(model, CSEG_PARAM_SEED, 42));
	CHECK(cseg_model_set_int(model, CSEG_PARAM_N_INIT, 8));
	CHECK(cseg_model_fit(model, ds));
	CHECK(cseg_model_get_double(model, CSEG_RESULT_INERTIA, &inertia));
	CHECK(cseg_model_get_centroids(model, centroids, k * d));

	CHECK(cseg_model_assign(model, ds, &a));
	labels = malloc((size_t)n * sizeof(*labels));
	if (!labels)
		return EXIT_FAILURE;
	CHECK(cseg_assignment_get_labels(a, labels, n));
	for (int64_t i = 0; i < n; i++)
		sizes[labels[i]]++;

	printf("%lld customers in %lld segments, inertia %.4g\n", (long long)n, (long long)k, inertia);
	for (int64_t c = 0; c < k; c++) {
		printf("segment %lld: %3lld customers, mean spend", (long long)c, (long long)sizes[c]);
		for (int64_t j = 0; j < d; j++)
			printf(" %s=%.0f", columns[j], centroids[c * d + j]);
		printf("\n");
	}

	CHECK(cseg_model_save(model, "segment_customers.cseg"));
	CHECK(cseg_model_load(&loaded, "segment_customers.cseg"));
	CHECK(cseg_model_assign_one(loaded, new_customer, d, &label, &distance, &margin));
	printf("new customer -> segment %lld (distance %.0f, margin %.0f)\n",
		(long long)label, distance, margin);

	free(labels);
	cseg_assignment_free(a);
	cseg_model_free(loaded);
	cseg_model_free(model);
	cseg_dataset_free(ds);
	remove("segment_customers.cseg");
	return EXIT_SUCCESS;
}
