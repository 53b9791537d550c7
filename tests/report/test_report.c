/* The HTML report writer of the cseg command (cli/report), on hand-made
 * inputs: every section, missing parts, hostile names, NaN values, edge
 * sizes, a large input and failed writes. With --write-sample PATH [k d n]
 * it writes the sample report instead (used by render_test.sh). */
#define _GNU_SOURCE  /* strcasestr */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"
#include "report.h"
#include "report_internal.h"
#include "sample_input.h"

static char tmp_dir[256];

static void make_tmp_dir(void)
{
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/cseg-report-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
}

/* Remove the files of tmp_dir (it holds no subdirectories unless a test
 * made one, which that test removes) and the directory itself. */
static void remove_tmp_dir(void)
{
	DIR *dir = opendir(tmp_dir);
	struct dirent *e;
	char path[512];

	if (!dir)
		return;
	while ((e = readdir(dir))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmp_dir, e->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(tmp_dir);
}

static int count_entries(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!dir)
		return -1;
	while ((e = readdir(dir)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(dir);
	return n;
}

static char *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	if (size)
		*size = (size_t)len;
	return buf;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

/* A whole word "nan" or "inf" (any case) anywhere: what printf makes of
 * missing values. */
static const char *bad_number(const char *html)
{
	static const char *const words[] = { "nan", "inf" };

	for (const char *p = html; *p; p++)
		for (int w = 0; w < 2; w++)
			if (strncasecmp(p, words[w], 3) == 0 && (p == html || !isalpha((unsigned char)p[-1])) &&
			    !isalpha((unsigned char)p[3]))
				return p;
	return NULL;
}

/* Checks every report must pass. */
static void check_page(const char *html)
{
	const char *bad = bad_number(html);

	ck_assert_msg(strncmp(html, "<!DOCTYPE html>", 15) == 0, "no doctype");
	ck_assert_msg(strstr(html, "</html>\n") != NULL, "page not closed");
	ck_assert_msg(strstr(html, "http://") == NULL, "external http URL");
	ck_assert_msg(strstr(html, "https://") == NULL, "external https URL");
	ck_assert_msg(strcasestr(html, "<script") == NULL, "script element");
	ck_assert_msg(bad == NULL, "printf'd a missing value: ...%.40s", bad ? bad - 20 : "");
	ck_assert_uint_eq(count_of(html, "<svg"), count_of(html, "</svg>"));
	ck_assert_uint_eq(count_of(html, "<section"), count_of(html, "</section>"));
	ck_assert_uint_eq(count_of(html, "<text"), count_of(html, "</text>"));
	ck_assert_uint_eq(count_of(html, "<title>"), count_of(html, "</title>"));
}

static char *write_and_read(const cseg_report_input *in, size_t *size)
{
	char path[512], err[256];

	snprintf(path, sizeof(path), "%s/report.html", tmp_dir);
	ck_assert_msg(cseg_report_write(in, path, err, sizeof(err)) == 0, "write failed: %s", err);
	ck_assert_int_eq(count_entries(tmp_dir), 1);  /* no temporary file left */
	return read_all(path, size);
}

static const char *const section_ids[] = {
	"id=\"sizes\"", "id=\"profile\"", "id=\"rfm\"", "id=\"pca\"", "id=\"alive\"",
	"id=\"holdout\"", "id=\"k\"", "id=\"parameters\"",
};
#define N_SECTIONS (sizeof(section_ids) / sizeof(section_ids[0]))

START_TEST(full_input)
{
	sample s;
	char *html;

	make_tmp_dir();
	ck_assert_int_eq(sample_build(&s, 6, 8, 600), 0);
	html = write_and_read(&s.in, NULL);
	check_page(html);
	for (size_t i = 0; i < N_SECTIONS; i++)
		ck_assert_msg(strstr(html, section_ids[i]) != NULL, "section %s missing", section_ids[i]);
	ck_assert_ptr_nonnull(strstr(html, "<title>CDNOW customers as of 1998-06-30</title>"));
	ck_assert_ptr_nonnull(strstr(html, "Champions"));
	ck_assert_ptr_nonnull(strstr(html, "Can&#39;t lose them"));
	ck_assert_ptr_nonnull(strstr(html, "avg_order_value"));
	ck_assert_ptr_nonnull(strstr(html, "PC1 (41.2% of variance)"));
	ck_assert_ptr_nonnull(strstr(html, "PC2 (18.7% of variance)"));
	ck_assert_ptr_nonnull(strstr(html, "chosen k = 6"));
	ck_assert_ptr_nonnull(strstr(html, "6 (chosen)"));
	ck_assert_ptr_nonnull(strstr(html, "sha256:6f1ed002ab5595859014ebf0951522d9"));
	ck_assert_ptr_nonnull(strstr(html, "7+"));
	/* one heatmap cell (rect with tooltip) per segment and feature */
	ck_assert_uint_eq(count_of(html, " \xC2\xB7 "), 6 * 8);
	/* every criterion has its own chart */
	ck_assert_ptr_nonnull(strstr(html, "aria-label=\"Gap statistic\""));
	ck_assert_ptr_nonnull(strstr(html, "aria-label=\"BIC\""));
	/* the unclassified points of the sample (every 97th) get a legend row */
	ck_assert_ptr_nonnull(strstr(html, "unclassified (6)"));
	free(html);
	sample_free(&s);
	remove_tmp_dir();
}
END_TEST

/* Counts without data, or an all-zero input: a valid page with no chart. */
START_TEST(optional_parts_null)
{
	cseg_report_input in;
	char *html;

	make_tmp_dir();
	memset(&in, 0, sizeof(in));
	html = write_and_read(&in, NULL);
	check_page(html);
	ck_assert_ptr_nonnull(strstr(html, "nothing to show"));
	ck_assert_ptr_null(strstr(html, "<svg"));
	ck_assert_ptr_nonnull(strstr(html, "<title>Customer segmentation report</title>"));
	free(html);

	in.k = 3;
	in.d = 4;
	in.n_points = 10;
	in.n_alive_bins = 5;
	in.n_holdout_buckets = 3;
	in.n_k = 4;
	in.n_params = 2;
	in.pca_explained[0] = NAN;
	html = write_and_read(&in, NULL);
	check_page(html);
	ck_assert_ptr_null(strstr(html, "<svg"));
	ck_assert_ptr_nonnull(strstr(html, "nothing to show"));
	free(html);

	/* sizes without names: default names; profile without feature names */
	{
		const int64_t sizes[3] = { 10, 0, 5 };
		const double index[6] = { 120, 80, 100, 100, 50, 300 };
		in.segment_sizes = sizes;
		in.d = 2;
		in.profile_index = index;
		html = write_and_read(&in, NULL);
		check_page(html);
		ck_assert_ptr_nonnull(strstr(html, "Segment 3"));
		ck_assert_ptr_nonnull(strstr(html, "feature 2"));
		ck_assert_ptr_null(strstr(html, "id=\"pca\""));
		ck_assert_ptr_null(strstr(html, "id=\"rfm\""));
		ck_assert_ptr_null(strstr(html, "id=\"k\""));
		free(html);
	}
	remove_tmp_dir();
}
END_TEST

/* Names come from users: every one must be escaped wherever it appears. */
START_TEST(hostile_names)
{
	static const char evil[] = "<script>alert(\"x&y\")</script>'";
	const char *seg_names[2] = { evil, "Tom & Jerry's \"best\" <b>" };
	const char *feat_names[2] = { evil, "a<b" };
	const char *bucket_labels[2] = { evil, "1" };
	const report_kv params[2] = { { evil, evil }, { "plain", "value & more" } };
	const int64_t sizes[2] = { 3, 4 }, labels[3] = { 0, 1, 0 }, k_values[2] = { 2, 3 };
	const double index[4] = { 50, 150, 100, 100 }, x[3] = { 0, 1, 2 }, y[3] = { 1, 0, 2 };
	const double actual[2] = { 1, 2 }, inertia[2] = { 5, 3 };
	cseg_report_input in = {
		.title = evil, .params = params, .n_params = 2,
		.k = 2, .segment_names = seg_names, .segment_sizes = sizes,
		.d = 2, .feature_names = feat_names, .profile_index = index,
		.n_points = 3, .pca_x = x, .pca_y = y, .pca_label = labels,
		.n_holdout_buckets = 2, .holdout_labels = bucket_labels, .holdout_actual = actual,
		.n_k = 2, .k_values = k_values, .k_inertia = inertia, .k_chosen = 2,
	};
	char *html;

	make_tmp_dir();
	html = write_and_read(&in, NULL);
	check_page(html);
	ck_assert_ptr_null(strstr(html, "<script"));
	ck_assert_ptr_null(strstr(html, "alert(\"x"));
	ck_assert_ptr_null(strstr(html, "<b>"));
	ck_assert_ptr_null(strstr(html, "a<b"));
	ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;"));
	ck_assert_ptr_nonnull(strstr(html, "Tom &amp; Jerry&#39;s &quot;best&quot; &lt;b&gt;"));
	ck_assert_ptr_nonnull(strstr(html, "value &amp; more"));
	/* truncated labels still escape what they keep */
	ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(&quot;x"));
	free(html);
	remove_tmp_dir();
}
END_TEST

/* Missing values show as "n/a" and never reach a coordinate. */
START_TEST(nan_values)
{
	sample s;
	char *html;

	make_tmp_dir();
	ck_assert_int_eq(sample_build(&s, 4, 3, 50), 0);
	s.index[0] = NAN;
	s.index[4] = INFINITY;
	s.index[5] = -5;       /* impossible, but must not break the log scale */
	s.index[6] = 0;
	s.mean[1] = NAN;
	s.rfm_monetary[3] = NAN;
	for (int i = 0; i < 50; i += 3)
		s.px[i] = NAN;
	s.py[1] = -INFINITY;
	s.in.pca_explained[0] = NAN;
	s.in.pca_explained[1] = 3.5;  /* a variance rather than a share */
	s.actual[2] = NAN;
	s.predicted[0] = NAN;
	s.inertia[0] = NAN;
	s.silhouette[3] = INFINITY;
	for (int64_t i = 0; i < s.in.n_k; i++)
		s.gap[i] = NAN;
	html = write_and_read(&s.in, NULL);
	check_page(html);
	ck_assert_ptr_nonnull(strstr(html, ">n/a</text>"));
	ck_assert_ptr_nonnull(strstr(html, "index n/a"));
	ck_assert_ptr_nonnull(strstr(html, "mean n/a"));
	ck_assert_ptr_nonnull(strstr(html, "<td>n/a</td>"));
	ck_assert_ptr_nonnull(strstr(html, ">PC1</text>"));
	ck_assert_ptr_nonnull(strstr(html, "PC2 (variance 3.5)"));
	ck_assert_ptr_nonnull(strstr(html, ">no values</text>"));
	free(html);

	/* every PCA point missing: the section says so instead of drawing */
	for (int i = 0; i < 50; i++)
		s.px[i] = NAN;
	html = write_and_read(&s.in, NULL);
	check_page(html);
	ck_assert_ptr_nonnull(strstr(html, "No customer in the sample has finite coordinates"));
	free(html);
	sample_free(&s);
	remove_tmp_dir();
}
END_TEST

START_TEST(one_segment)
{
	sample s;
	char *html;

	make_tmp_dir();
	ck_assert_int_eq(sample_build(&s, 1, 1, 20), 0);
	s.in.n_k = 1;
	s.in.k_chosen = 2;
	s.in.n_alive_bins = 1;
	s.in.n_holdout_buckets = 1;
	html = write_and_read(&s.in, NULL);
	check_page(html);
	ck_assert_ptr_nonnull(strstr(html, "1 segment, "));
	ck_assert_ptr_nonnull(strstr(html, "(100.0%)"));
	ck_assert_ptr_nonnull(strstr(html, "chosen k = 2"));
	free(html);
	sample_free(&s);
	remove_tmp_dir();
}
END_TEST

START_TEST(no_points)
{
	sample s;
	char *html;

	make_tmp_dir();
	ck_assert_int_eq(sample_build(&s, 3, 2, 10), 0);
	s.in.n_points = 0;
	html = write_and_read(&s.in, NULL);
	check_page(html);
	ck_assert_ptr_null(strstr(html, "id=\"pca\""));
	free(html);
	/* labels outside 0..k-1 are drawn as unclassified */
	s.in.n_points = 10;
	s.labels[0] = 99;
	s.labels[1] = -7;
	html = write_and_read(&s.in, NULL);
	check_page(html);
	ck_assert_ptr_nonnull(strstr(html, "unclassified (2)"));
	free(html);
	/* points without labels: one colour, no legend */
	s.in.pca_label = NULL;
	s.in.n_points = 10;
	html = write_and_read(&s.in, NULL);
	check_page(html);
	ck_assert_ptr_nonnull(strstr(html, "id=\"pca\""));
	ck_assert_ptr_null(strstr(html, "coloured by segment"));
	free(html);
	sample_free(&s);
	remove_tmp_dir();
}
END_TEST

/* k = 30, d = 40, 5000 points: the page stays well under 2 MB. */
START_TEST(large_input)
{
	sample s;
	size_t size;
	char *html;

	make_tmp_dir();
	ck_assert_int_eq(sample_build(&s, 30, 40, 5000), 0);
	html = write_and_read(&s.in, &size);
	check_page(html);
	ck_assert_msg(size < 2000000, "report is %zu bytes", size);
	ck_assert_uint_eq(count_of(html, " \xC2\xB7 "), 30 * 40);
	ck_assert_ptr_nonnull(strstr(html, "Segment 30"));
	ck_assert_ptr_nonnull(strstr(html, "different marker shapes"));
	free(html);

	/* a sample larger than the plot takes is thinned, not refused */
	sample_free(&s);
	ck_assert_int_eq(sample_build(&s, 3, 2, 3 * REP_MAX_POINTS + 5), 0);
	html = write_and_read(&s.in, &size);
	check_page(html);
	ck_assert_ptr_nonnull(strstr(html, "(every 4th of the"));
	ck_assert_msg(size < 2000000, "report is %zu bytes", size);
	free(html);
	sample_free(&s);
	remove_tmp_dir();
}
END_TEST

START_TEST(bad_input)
{
	cseg_report_input in;
	char err[256];

	make_tmp_dir();
	memset(&in, 0, sizeof(in));
	ck_assert_int_eq(cseg_report_write(NULL, "x.html", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "NULL"));
	ck_assert_int_eq(cseg_report_write(&in, NULL, err, sizeof(err)), -1);
	ck_assert_int_eq(cseg_report_write(&in, "", err, sizeof(err)), -1);
	in.k = -1;
	ck_assert_int_eq(cseg_report_write(&in, "x.html", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "k is negative"));
	in.k = 0;
	in.n_points = -3;
	ck_assert_int_eq(cseg_report_write(&in, "x.html", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "n_points"));
	in.n_points = 0;
	in.d = 5000;
	ck_assert_int_eq(cseg_report_write(&in, "x.html", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "d = 5000"));
	/* a NULL or empty error buffer is allowed */
	ck_assert_int_eq(cseg_report_write(&in, "x.html", NULL, 0), -1);
	ck_assert_int_eq(access("x.html", F_OK), -1);
	remove_tmp_dir();
}
END_TEST

/* A failed write returns -1 with a message and leaves nothing behind. */
START_TEST(unwritable_path)
{
	cseg_report_input in;
	char err[256], path[512];

	make_tmp_dir();
	memset(&in, 0, sizeof(in));
	snprintf(path, sizeof(path), "%s/no-such-dir/report.html", tmp_dir);
	ck_assert_int_eq(cseg_report_write(&in, path, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no-such-dir/report.html") != NULL, "message: %s", err);
	ck_assert_int_eq(count_entries(tmp_dir), 0);

	/* the target is a directory: the temporary file is written, the
	 * rename fails, and the temporary file is removed */
	snprintf(path, sizeof(path), "%s/dir", tmp_dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(cseg_report_write(&in, path, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "cannot write report") != NULL, "message: %s", err);
	ck_assert_int_eq(count_entries(tmp_dir), 1);
	ck_assert_int_eq(count_entries(path), 0);
	rmdir(path);
	remove_tmp_dir();
}
END_TEST

/* Rewriting replaces the old report whole; "-" writes to stdout. */
START_TEST(replace_and_stdout)
{
	sample s;
	char path[512], err[256], *html;
	int saved, fd;

	make_tmp_dir();
	snprintf(path, sizeof(path), "%s/report.html", tmp_dir);
	{
		FILE *f = fopen(path, "w");
		fputs("old contents", f);
		fclose(f);
	}
	ck_assert_int_eq(sample_build(&s, 2, 2, 5), 0);
	ck_assert_int_eq(cseg_report_write(&s.in, path, err, sizeof(err)), 0);
	html = read_all(path, NULL);
	ck_assert_ptr_null(strstr(html, "old contents"));
	check_page(html);
	free(html);
	ck_assert_int_eq(count_entries(tmp_dir), 1);

	snprintf(path, sizeof(path), "%s/stdout.html", tmp_dir);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	ck_assert_int_eq(cseg_report_write(&s.in, "-", err, sizeof(err)), 0);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	html = read_all(path, NULL);
	check_page(html);
	ck_assert_ptr_nonnull(strstr(html, "Loyal customers"));
	free(html);
	sample_free(&s);
	remove_tmp_dir();
}
END_TEST

static char *capture(void (*fn)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	ck_assert_ptr_nonnull(f);
	fn(f, arg);
	fclose(f);
	return buf;
}

static void coord_fn(FILE *f, const void *arg)
{
	rep_coord(f, *(const double *)arg);
}

static void escape_trunc_fn(FILE *f, const void *arg)
{
	rep_escape_trunc(f, arg, 6);
}

#define ck_assert_coord(v, text) do { \
	double v_ = (v); \
	char *got_ = capture(coord_fn, &v_); \
	ck_assert_str_eq(got_, text); \
	free(got_); \
} while (0)

START_TEST(number_formats)
{
	char buf[64], *got;

	ck_assert_coord(12.34, "12.3");
	ck_assert_coord(12.36, "12.4");
	ck_assert_coord(7.0, "7");
	ck_assert_coord(-0.04, "0");
	ck_assert_coord(-3.25, "-3.3");
	ck_assert_coord(NAN, "0");
	ck_assert_coord(INFINITY, "0");
	ck_assert_coord(1e300, "10000000");
	ck_assert_coord(-1e300, "-10000000");

	rep_fmt_count(buf, sizeof(buf), 1234567);
	ck_assert_str_eq(buf, "1,234,567");
	rep_fmt_count(buf, sizeof(buf), -1234);
	ck_assert_str_eq(buf, "-1,234");
	rep_fmt_count(buf, sizeof(buf), 999);
	ck_assert_str_eq(buf, "999");
	rep_fmt_value(buf, sizeof(buf), NAN);
	ck_assert_str_eq(buf, "n/a");
	rep_fmt_value(buf, sizeof(buf), -INFINITY);
	ck_assert_str_eq(buf, "n/a");
	rep_fmt_value(buf, sizeof(buf), 12345.6);
	ck_assert_str_eq(buf, "12,346");
	rep_fmt_value(buf, sizeof(buf), 0.123456);
	ck_assert_str_eq(buf, "0.123");
	rep_fmt_value(buf, sizeof(buf), -0.0);
	ck_assert_str_eq(buf, "0");
	rep_fmt_tick(buf, sizeof(buf), 0.30000000000000004, 0.1);
	ck_assert_str_eq(buf, "0.3");
	rep_fmt_tick(buf, sizeof(buf), 25000, 5000);
	ck_assert_str_eq(buf, "25k");
	rep_fmt_tick(buf, sizeof(buf), 2500000, 500000);
	ck_assert_str_eq(buf, "2.5M");
	rep_fmt_tick(buf, sizeof(buf), 1500, 500);
	ck_assert_str_eq(buf, "1,500");
	rep_fmt_tick(buf, sizeof(buf), -1e-17, 0.05);
	ck_assert_str_eq(buf, "0");
	rep_fmt_tick(buf, sizeof(buf), 0, 2000);
	ck_assert_str_eq(buf, "0");

	/* UTF-8 is cut at code points, and the ellipsis counts as one */
	got = capture(escape_trunc_fn, "\xC3\xA9t\xC3\xA9 & hiver");
	ck_assert_str_eq(got, "\xC3\xA9t\xC3\xA9 &amp;\xE2\x80\xA6");
	free(got);
	got = capture(escape_trunc_fn, "a<b>c");
	ck_assert_str_eq(got, "a&lt;b&gt;c");
	free(got);
}
END_TEST

START_TEST(colour_scales)
{
	char c[8];

	ck_assert_double_eq_tol(rep_index_position(100), 0, 1e-12);
	ck_assert_double_eq_tol(rep_index_position(100 * REP_INDEX_CAP), 1, 1e-12);
	ck_assert_double_eq_tol(rep_index_position(100 / REP_INDEX_CAP), -1, 1e-12);
	ck_assert_double_eq(rep_index_position(1e9), 1);
	ck_assert_double_eq(rep_index_position(0), -1);
	ck_assert(isnan(rep_index_position(NAN)));
	rep_diverging(0, c);
	ck_assert_str_eq(c, "#f7f7f7");
	rep_diverging(-1, c);
	ck_assert_str_eq(c, "#2166ac");
	rep_diverging(1, c);
	ck_assert_str_eq(c, "#b2182b");
	rep_sequential(NAN, c);
	ck_assert_str_eq(c, "#f7fbff");
	rep_sequential(1, c);
	ck_assert_str_eq(c, "#08306b");
	/* 32 segments get 32 distinct colour-and-shape pairs */
	for (int64_t a = 0; a < 32; a++)
		for (int64_t b = a + 1; b < 32; b++)
			ck_assert(strcmp(rep_segment_colour(a), rep_segment_colour(b)) != 0 ||
				rep_segment_shape(a) != rep_segment_shape(b));
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, full_input);
	tcase_add_test(tc, optional_parts_null);
	tcase_add_test(tc, hostile_names);
	tcase_add_test(tc, nan_values);
	tcase_add_test(tc, one_segment);
	tcase_add_test(tc, no_points);
	tcase_add_test(tc, large_input);
	tcase_add_test(tc, bad_input);
	tcase_add_test(tc, unwritable_path);
	tcase_add_test(tc, replace_and_stdout);
	tcase_add_test(tc, number_formats);
	tcase_add_test(tc, colour_scales);
	suite_add_tcase(s, tc);
	return s;
}

static int write_sample(int argc, char **argv)
{
	long long k = argc > 3 ? atoll(argv[3]) : 6;
	long long d = argc > 4 ? atoll(argv[4]) : 8;
	long long n = argc > 5 ? atoll(argv[5]) : 1500;
	char err[256];
	sample s;
	int rc;

	if (sample_build(&s, k, d, n) != 0) {
		fprintf(stderr, "test_report: out of memory\n");
		return 1;
	}
	rc = cseg_report_write(&s.in, argv[2], err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "test_report: %s\n", err);
	sample_free(&s);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "--write-sample") == 0)
		return write_sample(argc, argv);
	return test_run_suite(report_suite());
}
