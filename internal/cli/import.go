package cli

import (
	"context"
	"fmt"
	"strings"

	"pacer/internal/app"
	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/registers"
	"pacer/internal/store"
)

func runImport(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "import")
	layoutFlag := fs.String("layout", "long", locale.T(lang(env), "cli.flag.layout"))
	var maps []string
	fs.Func("map", locale.T(lang(env), "cli.flag.map"), func(s string) error {
		maps = append(maps, s)
		return nil
	})
	source := fs.String("source", "", locale.T(lang(env), "cli.flag.source"))
	region := fs.String("region", "", locale.T(lang(env), "cli.flag.bulletin_region"))
	period := fs.String("period", "", locale.T(lang(env), "cli.flag.bulletin_period"))
	dryRun := fs.Bool("dry-run", false, locale.T(lang(env), "bulletin.flag.dry_run"))
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return misuse("cli.import.no_files")
	}
	layout, ok := ingest.ParseLayout(*layoutFlag)
	if !ok {
		return misuse("cli.import.bad_layout", *layoutFlag)
	}
	if layout == ingest.LayoutLong && (len(maps) > 0 || *source != "" || *region != "" || *period != "") {
		return misuse("cli.import.bulletin_flags")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	l := lang(env)
	// Register files (key projects and what refers to them — recognised in the long layout —,
	// leads, enterprises) go to their workflows, recognised by header; the rest are statistics.
	by := domain.Actor{Username: actor(), Role: domain.RoleAnalyst}
	opt := ingest.BulletinOptions{Options: ingest.Options{Actor: actor()},
		Layout: layout, Maps: maps, Source: *source, Region: *region, Period: *period}
	regs := app.Services(s).Registers
	if len(files) > 1 && !*dryRun {
		// Registers and statistics files in one command are written by two transactions: both
		// are checked before either is written, so that refused statistics leave no registers
		// written (and the other way round).
		_, rest, err := regs.ImportFiles(ctx, files, layout == ingest.LayoutLong, registers.Options{Actor: by, DryRun: true})
		if err != nil {
			return err
		}
		if len(rest) > 0 && len(rest) < len(files) {
			pv, err := ingest.New(s).PreviewFiles(ctx, rest, opt)
			if err != nil {
				return err
			}
			if len(pv.Problems) > 0 {
				return pv.Problems
			}
		}
	}
	reg, files, err := regs.ImportFiles(ctx, files, layout == ingest.LayoutLong, registers.Options{Actor: by, DryRun: *dryRun})
	if err != nil {
		return err
	}
	printRegisters(env, reg, l, *dryRun)
	if len(files) == 0 {
		return nil
	}
	if *dryRun {
		pv, err := ingest.New(s).PreviewFiles(ctx, files, opt)
		if err != nil {
			return err
		}
		return printPreview(env, pv, l)
	}
	res, err := ingest.New(s).ImportFiles(ctx, files, opt)
	if err != nil {
		return err
	}
	printEncodings(env, res.Encodings, l)
	if layout == ingest.LayoutLong {
		printSummary(env, res.BatchResult, l, nil)
		printWarnings(env, res.Warnings, l)
		return nil
	}
	for _, sh := range res.Sheets {
		where := sh.File
		if sh.Sheet != "" {
			where += ":" + sh.Sheet
		}
		if !sh.Skipped.IsZero() {
			fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.sheet_skipped", where, sh.Skipped))
		} else {
			fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.sheet", where, locale.Key("cli.layout."+string(sh.Layout)), sh.RegionCode, sh.RegionName, sh.Period))
		}
	}
	printSummary(env, res.BatchResult, l, func() {
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.ranks", res.PublishedRanks.New, res.PublishedRanks.Revised, res.PublishedRanks.Unchanged))
	})
	if len(res.Sources) > 0 {
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.remembered", fmt.Sprint(res.Sources), res.Remembered))
	}
	printWarnings(env, res.Warnings, l)
	return nil
}

// printRegisters prints what a register import wrote, or (a dry run) what it checked and would
// write.
func printRegisters(env Env, res registers.Result, l string, dryRun bool) {
	if dryRun {
		files := 0
		for _, line := range res.Lines {
			switch line.Register {
			case "projects":
				fmt.Fprintln(env.Stdout, locale.T(l, "projects.cli.dry_run", line.Checked, line.Progress, line.Milestones))
			default:
				files += len(strings.Split(line.Files, ", "))
			}
		}
		if files > 0 {
			fmt.Fprintln(env.Stdout, locale.T(l, "attraction.cli.checked", files))
		}
	}
	for _, t := range res.Texts(l, dryRun) {
		fmt.Fprintln(env.Stdout, t)
	}
}

// printWarnings prints the consistency warnings of an import, one a line.
func printWarnings(env Env, ws ingest.Warnings, l string) {
	if len(ws) == 0 {
		return
	}
	fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.warnings", len(ws)))
	for _, w := range ws {
		fmt.Fprintln(env.Stdout, "  "+w.Format(l))
	}
}

// printSummary prints what a batch did; more, when given, adds lines before the batch line. A
// batch of units only (a units file) prints its units line, not the figures it had none of.
func printSummary(env Env, res store.BatchResult, l string, more func()) {
	figures := res.Observations != (store.Counts{}) || res.Targets != (store.Counts{}) || res.Indicators != (store.Counts{})
	if figures || res.Units+res.Assignments == 0 {
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.summary",
			res.Observations.New, res.Observations.Revised, res.Observations.Unchanged, res.Targets.New, res.Targets.Revised, res.Targets.Unchanged,
			res.Indicators.New, res.Indicators.Revised, res.Indicators.Unchanged))
	}
	if res.Units+res.Assignments > 0 {
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.units", res.Units, res.Assignments))
	}
	if more != nil {
		more()
	}
	if res.BatchID == 0 {
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.nothing"))
	} else {
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.batch", res.BatchID))
	}
}
