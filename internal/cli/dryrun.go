package cli

import (
	"fmt"
	"strconv"

	"pacer/internal/ingest"
	"pacer/internal/locale"
)

// printPreview prints what `pacer import --dry-run` found: each sheet, then each figure with the
// cell it came from, what importing would do and how it was read, the counts, the warnings; the
// problems are returned (nothing is written either way).
func printPreview(env Env, pv *ingest.Preview, l string) error {
	printEncodings(env, pv.Encodings, l)
	for _, sh := range pv.Sheets {
		where := sh.File
		if sh.Sheet != "" {
			where += ":" + sh.Sheet
		}
		switch {
		case sh.Blank:
			fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.sheet_skipped", where, locale.M("bulletin.cli.blank")))
		case !sh.Skipped.IsZero():
			fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.sheet_skipped", where, sh.Skipped))
		case sh.Layout == "":
		default:
			fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.sheet", where, locale.Key("cli.layout."+string(sh.Layout)), sh.RegionCode, sh.RegionName, sh.Period))
		}
	}
	num := func(p *float64) string {
		if p == nil {
			return "—"
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	for _, r := range pv.Rows {
		where := r.File
		if r.Sheet != "" {
			where += ":" + r.Sheet
		}
		if r.Cell != "" {
			where += "!" + r.Cell
		}
		var what locale.Msg
		switch r.Kind {
		case ingest.KindTarget:
			what = locale.M("bulletin.cli.target", r.RegionCode, r.RegionName, r.IndicatorCode, r.IndicatorName, r.Year, locale.Key("tier."+string(r.Tier)), num(r.Value), num(r.Growth))
		case ingest.KindIndicator:
			what = locale.M("bulletin.cli.indicator", r.IndicatorCode, r.IndicatorName, r.Unit)
		default:
			if r.RegionCode == "" && r.IndicatorCode == "" {
				what = locale.M("bulletin.cli.label", r.Label)
			} else {
				v := num(r.Value)
				if r.Value != nil && r.Unit != "" {
					v += " " + r.Unit
				}
				what = locale.M("bulletin.cli.figure", r.RegionCode, r.RegionName, r.IndicatorCode, r.IndicatorName, r.Period, v, num(r.Growth))
			}
		}
		var state locale.Msg
		switch r.State {
		case ingest.RowNew:
			state = locale.M("bulletin.cli.new")
		case ingest.RowRevises:
			state = locale.M("bulletin.cli.revises", num(r.OldValue), num(r.OldGrowth))
		case ingest.RowUnchanged:
			state = locale.M("bulletin.cli.unchanged")
		default:
			state = locale.M("bulletin.cli.skipped", r.Reason)
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "bulletin.cli.row", where, what, state))
		if !r.Read.IsZero() {
			fmt.Fprintln(env.Stdout, "    "+locale.T(l, "bulletin.cli.read", r.Read))
		}
	}
	fmt.Fprintln(env.Stdout, locale.T(l, "bulletin.cli.counts", pv.New, pv.Revises, pv.Unchanged, pv.Skipped))
	fmt.Fprintln(env.Stdout, locale.T(l, "cli.import.ranks", pv.Ranks.New, pv.Ranks.Revised, pv.Ranks.Unchanged))
	printWarnings(env, pv.Warnings, l)
	if len(pv.Problems) > 0 {
		return pv.Problems
	}
	fmt.Fprintln(env.Stdout, locale.T(l, "bulletin.cli.dry_run"))
	return nil
}

// printEncodings says which files were read from GBK or GB18030 (converted to UTF-8).
func printEncodings(env Env, encs []string, l string) {
	for _, e := range encs {
		fmt.Fprintln(env.Stdout, locale.T(l, "bulletin.encoding", e))
	}
}
