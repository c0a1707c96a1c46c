package cli

import (
	"context"
	"fmt"

	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/store"
)

func runImport(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "import")
	layoutFlag := fs.String("layout", "long", "long | auto | indicator-rows | region-rows (statistics bureau bulletins)")
	var maps []string
	fs.Func("map", "bulletins: name=code (an indicator or region code, or - to skip the name); repeatable, remembered per source", func(s string) error {
		maps = append(maps, s)
		return nil
	})
	source := fs.String("source", "", "bulletins: the source mappings are remembered under (default: the file name without date digits)")
	region := fs.String("region", "", "bulletins: the region of an indicator-row bulletin, or the parent of a region-row one, when the title does not say")
	period := fs.String("period", "", "bulletins: the period YYYY-MM, when the title does not say")
	dryRun := fs.Bool("dry-run", false, "write nothing: list each figure with the cell it came from and how it was read, what it would do, problems and warnings")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"no files given"}
	}
	layout, ok := ingest.ParseLayout(*layoutFlag)
	if !ok {
		return usageError{fmt.Sprintf("--layout %q: want long, auto, indicator-rows or region-rows", *layoutFlag)}
	}
	if layout == ingest.LayoutLong && (len(maps) > 0 || *source != "" || *region != "" || *period != "") {
		return usageError{"--map, --source, --region and --period are for bulletins: add --layout auto (or indicator-rows, region-rows)"}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	l := lang(env)
	opt := ingest.BulletinOptions{Options: ingest.Options{Actor: actor()},
		Layout: layout, Maps: maps, Source: *source, Region: *region, Period: *period}
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

// printSummary prints what a batch did; more, when given, adds lines before the batch line.
func printSummary(env Env, res store.BatchResult, l string, more func()) {
	fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.summary",
		res.Observations.New, res.Observations.Revised, res.Observations.Unchanged, res.Targets.New, res.Targets.Revised, res.Targets.Unchanged,
		res.Indicators.New, res.Indicators.Revised, res.Indicators.Unchanged))
	if more != nil {
		more()
	}
	if res.BatchID == 0 {
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.nothing"))
	} else {
		fmt.Fprintf(env.Stdout, "batch %d\n", res.BatchID)
	}
}
