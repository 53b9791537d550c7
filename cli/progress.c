/* A one-line progress bar on stderr for long steps. Drawn only when stderr
 * is a terminal and --quiet is off, so logs and pipes never see it. */
#include <unistd.h>

#include "cli.h"

enum { BAR = 20 };

void cli_progress_init(cli_progress *p, const char *label, int quiet)
{
	p->label = label;
	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->shown = 0;
	p->last = -1;
}

void cli_progress_update(cli_progress *p, double fraction)
{
	int pct, fill;

	if (!p->enabled)
		return;
	if (!(fraction >= 0))
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	pct = (int)(fraction * 100);
	if (pct == p->last)
		return;  /* redraw only on change: callbacks may come per iteration */
	p->last = pct;
	fill = pct * BAR / 100;
	fputs("\r[", stderr);
	for (int i = 0; i < BAR; i++)
		fputc(i < fill ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%% %s", pct, p->label);
	fflush(stderr);
	p->shown = 1;
}

int cli_progress_cb(double fraction, void *payload)
{
	cli_progress_update(payload, fraction);
	return 0;
}

void cli_progress_done(cli_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);  /* erase the bar: the result follows */
	p->shown = 0;
	p->last = -1;
}
