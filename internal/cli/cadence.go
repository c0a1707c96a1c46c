package cli

import (
	"context"
	"fmt"
	"strconv"

	"pacer/internal/cadence"
	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/scorecard"
)

// pacer dispatch agenda --region CODE --week YYYY-Www [--json]: a week's dispatch agenda.
func runDispatch(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "dispatch agenda")
	region := fs.String("region", "", locale.T(lang(env), "cli.flag.region"))
	week := fs.String("week", "", locale.T(lang(env), "cadence.flag.week"))
	asJSON := fs.Bool("json", false, locale.T(lang(env), "cli.flag.json"))
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "agenda" {
		return misuse("cadence.cli.dispatch.what")
	}
	if *region == "" || *week == "" {
		return misuse("cadence.cli.dispatch.required")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := cadence.New(s, scorecard.New(s)).WeeklyAgenda(ctx, *region, *week)
	if err != nil {
		return err
	}
	v := a.In(lang(env))
	if *asJSON {
		return writeJSON(env.Stdout, v)
	}
	l := lang(env)
	fmt.Fprintln(env.Stdout, locale.T(l, "cadence.cli.dispatch.title", a.Region.Name, a.Week, a.Period))
	rows := [][]string{columns(l, "cadence.col.", "no", "kind", "title", "status", "owner", "due")}
	for i, it := range v.Items {
		due := display.Absent
		if it.Due != nil {
			due = *it.Due
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), locale.T(l, "cadence.kind."+it.Kind), it.Title,
			locale.T(l, "cadence.status."+it.Status), it.OwnerName, due})
	}
	writeTable(env.Stdout, rows, nil)
	return nil
}

// pacer assess --region CODE --date YYYY-MM-DD [--compare YYYY-MM-DD] [--json]: the snapshot of
// a day, taken (once) when there is none yet; with --compare, two snapshots side by side.
func runAssess(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "assess")
	region := fs.String("region", "", locale.T(lang(env), "cli.flag.region"))
	date := fs.String("date", "", locale.T(lang(env), "cadence.flag.date"))
	other := fs.String("compare", "", locale.T(lang(env), "cadence.flag.compare"))
	asJSON := fs.Bool("json", false, locale.T(lang(env), "cli.flag.json"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *region == "" || *date == "" {
		return misuse("cadence.cli.assess.required")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	l := lang(env)
	svc := cadence.New(s, scorecard.New(s))
	snap, err := svc.TakeSnapshotAs(ctx, domain.Actor{Username: actor()}, *region, *date, l)
	if err != nil {
		return err
	}
	if *other != "" {
		c, err := svc.CompareSnapshots(ctx, *region, *other, snap.Date, l)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(env.Stdout, map[string]any{"a": c.A, "b": c.B, "moves": cadence.Compare(c.A.Indicators, c.B.Indicators, l)})
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "cadence.cli.assess.compare", c.A.Date, c.B.Date))
		rows := [][]string{columns(l, "cadence.col.", "indicator", "status_a", "status_b", "change")}
		for _, r := range c.Rows {
			ch := display.Absent
			if r.Change != "" {
				ch = locale.T(l, "cadence.change."+r.Change)
			}
			rows = append(rows, []string{r.Name, locale.T(l, "status."+r.StatusA), locale.T(l, "status."+r.StatusB), ch})
		}
		writeTable(env.Stdout, rows, nil)
		return nil
	}
	if *asJSON {
		return writeJSON(env.Stdout, snap)
	}
	fmt.Fprintln(env.Stdout, locale.T(l, "cadence.cli.assess.title", snap.Region.Name, snap.Date, snap.Period))
	rows := [][]string{columns(l, "cadence.col.", "indicator", "status", "required")}
	for _, ln := range snap.Indicators {
		req := display.Absent
		if t := cadence.PrimaryTier(ln); t != nil {
			req = display.Growth(t.RequiredGrowth)
		}
		name := ln.Name
		if l == "en" && ln.NameEN != "" {
			name = ln.NameEN
		}
		rows = append(rows, []string{name, locale.T(l, "status."+cadence.StatusOf(ln)), req})
	}
	writeTable(env.Stdout, rows, nil)
	for _, m := range snap.Moves {
		fmt.Fprintln(env.Stdout, locale.T(l, "cadence.cli.assess.move", m.Name, locale.T(l, "cadence.change."+m.Change),
			locale.T(l, "status."+m.From), locale.T(l, "status."+m.To)))
	}
	return nil
}
