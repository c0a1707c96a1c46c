package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/leads"
	"pacer/internal/locale"
	"pacer/internal/pace"
	"pacer/internal/projects"
	"pacer/internal/report"
	"pacer/internal/scorecard"
)

// runReportBatch is `pacer report monthly --parent CODE --period YYYY-MM --out DIR`: one analysis
// per county-level unit under parent (a province: all its county-level units; a prefecture or
// county: its direct children — store.Peers) written into DIR as CODE-NAME-PERIOD.docx. On a
// terminal a progress bar shows on stdout; otherwise one line per file written. A region that
// fails is named on stderr and the rest are still written; the command then exits 1.
func runReportBatch(ctx context.Context, env Env, db, parent, period, dir string) error {
	l := lang(env)
	if _, err := pace.ParsePeriod(period); err != nil {
		return domain.E(domain.EINVALID, "err.period.invalid", period)
	}
	s, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	regions, err := s.Peers(ctx, parent)
	if err != nil {
		return err
	}
	if len(regions) == 0 {
		return domain.E(domain.ENOTFOUND, "reportbatch.none", parent)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bar := isTerminalWriter(env.Stdout)
	write := func(r domain.Region, b []byte) error {
		return os.WriteFile(filepath.Join(dir, report.FileName(r, period)), b, 0o644)
	}
	progress := func(done, total int, r domain.Region, err error) {
		if err != nil {
			if bar {
				fmt.Fprint(env.Stdout, "\r\033[K")
			}
			fmt.Fprintln(env.Stderr, locale.T(l, "reportbatch.region_failed", r.Name, r.Code, batchErrText(l, err)))
		} else if !bar {
			fmt.Fprintln(env.Stdout, locale.T(l, "report.cli.written", filepath.Join(dir, report.FileName(r, period)), r.Code, period))
		}
		if bar {
			drawBatchBar(env.Stdout, done, total, r.Name)
		}
	}
	svc := report.New(scorecard.New(s), projects.New(s), leads.New(s)).WithStore(s)
	failed, err := svc.MonthlyBatch(ctx, regions, period, l, write, progress)
	if bar {
		fmt.Fprintln(env.Stdout)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(l, "reportbatch.done", len(regions)-len(failed), len(regions), dir))
	if len(failed) > 0 {
		names := make([]string, len(failed))
		for i, f := range failed {
			names[i] = f.Region.Name + "（" + f.Region.Code + "）"
		}
		return domain.E(domain.EINVALID, "reportbatch.failed", len(failed), strings.Join(names, "、"))
	}
	return nil
}

// batchErrText is err in lang: a domain error's catalogue text, anything else as it says itself.
func batchErrText(lang string, err error) string {
	if domain.ErrorKind(err) == domain.EINTERNAL {
		return err.Error()
	}
	return domain.Message(lang, err)
}

// isTerminalWriter reports whether w is a character device (a terminal), where a progress bar belongs.
func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// drawBatchBar redraws the progress line: a bar of 30 cells, done/total and the region just written.
func drawBatchBar(w io.Writer, done, total int, name string) {
	const width = 30
	n := done * width / total
	fmt.Fprintf(w, "\r\033[K[%s%s] %d/%d %s", strings.Repeat("#", n), strings.Repeat(" ", width-n), done, total, name)
}
