/* Whole-file reads and atomic writes (POSIX). A save goes to a temporary
 * file beside the target, is flushed to disk, then renamed over it: readers
 * see either the old file or the new one, never half of one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core.h"
#include "model_file.h"

/* Folder of path ("." when it has none), in a new string. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	if (!slash)
		return cseg__strdup(".");
	if (slash == path)
		return cseg__strdup("/");
	dir = cseg__malloc((size_t)(slash - path) + 1);
	if (dir) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
	}
	return dir;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

cseg_status cseg__write_file_atomic(const char *path, const void *data, size_t len)
{
	static const char suffix[] = ".tmp.XXXXXX";
	char *tmp, *dir;
	size_t plen;
	int fd, err;
	const char *step;

	if (!path || !*path)
		return cseg__error(CSEG_E_INVALID_ARG, "path is %s", path ? "empty" : "NULL");
	if (!data && len > 0)
		return cseg__error(CSEG_E_INVALID_ARG, "data is NULL");
	plen = strlen(path);
	if (!(tmp = cseg__malloc(plen + sizeof(suffix))))
		return cseg__error(CSEG_E_NOMEM, "out of memory");
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, suffix, sizeof(suffix));
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = errno;
		free(tmp);
		return cseg__error(CSEG_E_IO, "cannot create a temporary file to write '%s': %s",
			path, strerror(err));
	}
	/* mkstemp makes the file 0600; a saved model is an ordinary document. */
	(void)fchmod(fd, 0644);
	step = "write";
	if (write_all(fd, data, len) != 0)
		goto fail;
	step = "flush";
	if (fsync(fd) != 0)
		goto fail;
	step = "close";
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	step = "rename";
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	/* Make the rename itself durable; failure here loses nothing already
	 * written, so it is not reported. */
	if ((dir = folder_of(path)) != NULL) {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	return CSEG_OK;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return cseg__error(CSEG_E_IO, "cannot save '%s' (%s failed): %s", path, step, strerror(err));
}

cseg_status cseg__read_file(const char *path, unsigned char **buf_out, size_t *len_out)
{
	unsigned char *buf = NULL;
	size_t len = 0, cap;
	struct stat sb;
	FILE *fp;
	int err;

	if (!buf_out || !len_out)
		return cseg__error(CSEG_E_INVALID_ARG, "read_file: NULL output");
	*buf_out = NULL;
	*len_out = 0;
	if (!path)
		return cseg__error(CSEG_E_INVALID_ARG, "path is NULL");
	if (!(fp = fopen(path, "rb")))
		return cseg__error(CSEG_E_IO, "cannot open '%s': %s", path, strerror(errno));
	/* The size is only a first guess: the file may grow, or be a pipe. */
	cap = (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
		? (size_t)sb.st_size + 1 : 4096;
	for (;;) {
		size_t n;

		if (!buf || len == cap) {
			unsigned char *p;
			if (buf && cap > SIZE_MAX / 2)
				goto nomem;
			if (buf)
				cap *= 2;
			if (!(p = realloc(buf, cap)))
				goto nomem;
			buf = p;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0 || len < cap) {
			if (ferror(fp)) {
				err = errno;
				free(buf);
				fclose(fp);
				return cseg__error(CSEG_E_IO, "cannot read '%s': %s", path, strerror(err));
			}
			if (feof(fp))
				break;
		}
	}
	fclose(fp);
	*buf_out = buf;
	*len_out = len;
	return CSEG_OK;
nomem:
	free(buf);
	fclose(fp);
	return cseg__error(CSEG_E_NOMEM, "out of memory reading '%s'", path);
}
