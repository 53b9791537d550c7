# Segment the customers of a wholesale distributor with cseg from R:
# read the CSV, fit k-means on log spending, inspect the segments, save the
# model, load it back and assign a new customer.
#
# usage: Rscript segment_customers.R [wholesale_customers.csv]
# (from a build directory: meson devenv -C build Rscript examples/r/segment_customers.R)
library(cseg)

args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) > 0L) args[[1L]] else file.path("data", "wholesale_customers.csv")

# cseg's reader is strict: a row with more fields than the header is an
# error (a cseg_error condition, status 4 = format, naming file:line:column).
# Some rows of the UCI file carry trailing notes; keep the header's fields.
customers <- tryCatch(cseg_read_csv(path), cseg_error = function(e) {
	message("note: ", conditionMessage(e), "; dropping the extra fields")
	lines <- readLines(path)
	width <- length(strsplit(lines[[1L]], ",", fixed = TRUE)[[1L]])
	pattern <- sprintf("^((?:[^,]*,){%d}[^,]*),.*$", width - 1L)
	clean <- tempfile(fileext = ".csv")
	writeLines(sub(pattern, "\\1", lines, perl = TRUE), clean)
	on.exit(unlink(clean))
	cseg_read_csv(clean)
})  # 440 x 8 numeric matrix, row names "1".."440"
categories <- c("Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen")
spend <- customers[, categories]

# Spending is heavily right-skewed: cluster log spending, standardised, so
# that no single category dominates the distances.
logged <- log1p(spend)
centre <- colMeans(logged)
spread <- apply(logged, 2, sd)
z <- scale(logged, center = centre, scale = spread)

fit <- cseg_kmeans(z, centers = 4, nstart = 10, seed = 42)
print(summary(fit))
cat(sprintf("silhouette %.3f, Calinski-Harabasz %.1f, Davies-Bouldin %.3f\n",
	cseg_silhouette(z, fit), cseg_calinski_harabasz(z, fit), cseg_davies_bouldin(z, fit)))

# Segment profiles in the original money units, and the channel mix.
profile <- aggregate(as.data.frame(spend), list(segment = fit$cluster), median)
cat("\nMedian annual spending by segment:\n")
print(profile, row.names = FALSE)
channel <- c("Horeca", "Retail")[customers[, "Channel"]]
cat("\nChannel by segment:\n")
print(table(segment = fit$cluster, channel = channel))

# Save the model, load it back (as a service would), assign a new customer.
model_path <- file.path(tempdir(), "wholesale.cseg")
cseg_save(fit, model_path)
model <- cseg_load(model_path)
new_customer <- c(Fresh = 3000, Milk = 12000, Grocery = 18000, Frozen = 500,
	Detergents_Paper = 8000, Delicassen = 1500)
z_new <- scale(log1p(t(new_customer)), center = centre, scale = spread)
segment <- predict(model, z_new)
cat(sprintf("\nNew customer (retail-like basket) -> segment %d of %d\n",
	segment, nrow(model$centers)))

# The loaded model and the fit agree, and so does a copy kept with saveRDS.
rds_path <- file.path(tempdir(), "wholesale-fit.rds")
saveRDS(fit, rds_path)
restored <- readRDS(rds_path)
stopifnot(
	identical(unname(predict(model, z)), unname(fit$cluster)),
	identical(predict(restored, z_new), segment),
	sum(fit$size) == nrow(customers))
unlink(c(model_path, rds_path))

# Describe the segments: automatic names from the features that distinguish
# them (standardised mean difference), renamed where we know better.
prof <- cseg_profile(log1p(spend), fit)
print(summary(prof))
prof <- cseg_rename_segments(prof, setNames("Largest segment",
	names(prof$sizes)[which.max(prof$sizes)]))

# Hybrid segments: business rules override the clusters for a few customers.
rules <- cseg_rules(c(
	'Grocery > 30000 and Detergents_Paper > 15000 -> "Key retail accounts"',
	'Fresh > 50000 -> "Fresh wholesalers"'))
hybrid <- predict(rules, spend, clusters = fit)
cat("\nHybrid segments:\n")
print(table(hybrid$segment))

# Two principal components of the clustered data, e.g. for a scatter plot.
pca <- cseg_pca(z, n_components = 2)
cat(sprintf("\nPC1 + PC2 explain %.1f %% of the variance\n",
	100 * sum(pca$explained_variance_ratio)))
stopifnot(sum(hybrid$report$rules$won) + hybrid$report$n_unmatched == nrow(spend),
	nrow(pca$x) == nrow(z))
