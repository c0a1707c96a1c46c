package cli

import (
	"context"
	"fmt"

	"pacer/internal/ingest"
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
	en := lang(env) == "en"
	res, err := ingest.New(s).ImportFiles(ctx, files, ingest.BulletinOptions{Options: ingest.Options{Actor: actor()},
		Layout: layout, Maps: maps, Source: *source, Region: *region, Period: *period})
	if err != nil {
		return err
	}
	if layout == ingest.LayoutLong {
		printSummary(env, res.BatchResult, en, nil)
		return nil
	}
	for _, sh := range res.Sheets {
		where := sh.File
		if sh.Sheet != "" {
			where += ":" + sh.Sheet
		}
		switch {
		case sh.Skipped != "" && en:
			fmt.Fprintf(env.Stdout, "%s: skipped (%s)\n", where, sh.SkippedEN)
		case sh.Skipped != "":
			fmt.Fprintf(env.Stdout, "%s: 跳过（%s）\n", where, sh.Skipped)
		case en:
			fmt.Fprintf(env.Stdout, "%s: %s, %s %s, %s\n", where, sh.Layout, sh.RegionCode, sh.RegionName, sh.Period)
		default:
			fmt.Fprintf(env.Stdout, "%s: %s，%s %s，%s\n", where, layoutName(sh.Layout), sh.RegionCode, sh.RegionName, sh.Period)
		}
	}
	printSummary(env, res.BatchResult, en, func() {
		if en {
			fmt.Fprintf(env.Stdout, "published ranks: %d new, %d revised, %d unchanged\n", res.PublishedRanks.New, res.PublishedRanks.Revised, res.PublishedRanks.Unchanged)
		} else {
			fmt.Fprintf(env.Stdout, "公布名次：新增 %d，修订 %d，未变 %d\n", res.PublishedRanks.New, res.PublishedRanks.Revised, res.PublishedRanks.Unchanged)
		}
	})
	if len(res.Sources) > 0 {
		if en {
			fmt.Fprintf(env.Stdout, "mappings remembered for %v (%d changed)\n", res.Sources, res.Remembered)
		} else {
			fmt.Fprintf(env.Stdout, "已记住名称对应关系（来源 %v，变更 %d 条）\n", res.Sources, res.Remembered)
		}
	}
	if len(res.Warnings) > 0 {
		if en {
			fmt.Fprintf(env.Stdout, "%d warning(s) (the figures were written):\n", len(res.Warnings))
		} else {
			fmt.Fprintf(env.Stdout, "提示 %d 条（不影响写入）：\n", len(res.Warnings))
		}
		for _, w := range res.Warnings {
			fmt.Fprintln(env.Stdout, "  "+w.Format(lang(env)))
		}
	}
	return nil
}

func layoutName(l ingest.Layout) string {
	switch l {
	case ingest.LayoutIndicatorRows:
		return "每行一个指标"
	case ingest.LayoutRegionRows:
		return "每行一个地区"
	}
	return string(l)
}

// printSummary prints what a batch did; more, when given, adds lines before the batch line.
func printSummary(env Env, res store.BatchResult, en bool, more func()) {
	if en {
		fmt.Fprintf(env.Stdout, "observations: %d new, %d revised, %d unchanged\ntargets: %d new, %d revised, %d unchanged\nindicators: %d new, %d revised, %d unchanged\n",
			res.Observations.New, res.Observations.Revised, res.Observations.Unchanged, res.Targets.New, res.Targets.Revised, res.Targets.Unchanged,
			res.Indicators.New, res.Indicators.Revised, res.Indicators.Unchanged)
	} else {
		fmt.Fprintf(env.Stdout, "观测值：新增 %d，修订 %d，未变 %d\n目标：新增 %d，修订 %d，未变 %d\n指标：新增 %d，修订 %d，未变 %d\n",
			res.Observations.New, res.Observations.Revised, res.Observations.Unchanged, res.Targets.New, res.Targets.Revised, res.Targets.Unchanged,
			res.Indicators.New, res.Indicators.Revised, res.Indicators.Unchanged)
	}
	if more != nil {
		more()
	}
	if res.BatchID == 0 {
		fmt.Fprintln(env.Stdout, map[bool]string{true: "nothing changed", false: "没有变化，未写入"}[en])
	} else {
		fmt.Fprintf(env.Stdout, "batch %d\n", res.BatchID)
	}
}
