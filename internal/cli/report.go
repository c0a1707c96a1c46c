package cli

import (
	"context"
	"fmt"
	"os"

	"pacer/internal/leads"
	"pacer/internal/locale"
	"pacer/internal/projects"
	"pacer/internal/report"
	"pacer/internal/scorecard"
)

// runReport is `pacer report monthly --region CODE --period YYYY-MM --out F.docx`: the monthly
// economic analysis written from the figures, as a Word document.
func runReport(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "report monthly")
	region := fs.String("region", "", locale.T(lang(env), "cli.flag.region"))
	parent := fs.String("parent", "", locale.T(lang(env), "reportbatch.flag_parent"))
	period := fs.String("period", "", locale.T(lang(env), "cli.flag.period"))
	out := fs.String("out", "", locale.T(lang(env), "report.cli.flag_out"))
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "monthly" {
		return misuse("report.cli.what")
	}
	if *parent != "" {
		if *region != "" {
			return misuse("reportbatch.region_or_parent")
		}
		if *period == "" || *out == "" {
			return misuse("reportbatch.required")
		}
		return runReportBatch(ctx, env, *db, *parent, *period, *out)
	}
	if *region == "" || *period == "" || *out == "" {
		return misuse("report.cli.required")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	b, err := report.New(scorecard.New(s), projects.New(s), leads.New(s)).WithStore(s).MonthlyDocx(ctx, *region, *period, lang(env))
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(lang(env), "report.cli.written", *out, *region, *period))
	return nil
}
