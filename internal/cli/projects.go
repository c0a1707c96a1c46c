package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"

	"pacer/internal/display"
	"pacer/internal/locale"
	"pacer/internal/projects"
	"pacer/internal/sheet"
)

// pacer projects summary|worklists|export: the key-project register through its workflow (the
// /projects pages show the same).
func runProjects(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return misuse("cli.usage.projects")
	}
	sub, args := args[0], args[1:]
	l := lang(env)
	fs, db := flags(env, "projects "+sub)
	region := fs.String("region", "", locale.T(l, "cli.flag.region"))
	period := fs.String("period", "", locale.T(l, "cli.flag.period"))
	var asJSON *bool
	var out *string
	switch sub {
	case "summary", "worklists":
		asJSON = fs.Bool("json", false, locale.T(l, "cli.flag.json"))
	case "export":
		out = fs.String("out", "", locale.T(l, "projects.cli.flag_out"))
	default:
		return misuse("cli.usage.projects")
	}
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 || *region == "" || *period == "" || (out != nil && *out == "") {
		return misuse("cli.usage.projects")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	w := projects.New(s)
	switch sub {
	case "summary":
		sum, err := w.Summary(ctx, *region, *period)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(env.Stdout, sum)
		}
		writeProjectSummary(env.Stdout, sum, l)
	case "worklists":
		lists, err := w.Worklists(ctx, *region, *period)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(env.Stdout, lists)
		}
		for _, wl := range lists {
			fmt.Fprintf(env.Stdout, "%s（%d）\n", locale.T(l, "projects.work."+string(wl.List)), len(wl.Items))
			rows := [][]string{columns(l, "projects.col.", "code", "name", "stage", "town", "owner_unit", "leader", "milestone", "planned_date", "days_overdue")}
			for _, it := range wl.Items {
				rows = append(rows, []string{it.Code, it.Name, it.Stage, it.RegionName, it.OwnerUnit, it.Leader, it.Milestone, it.Planned, strconv.Itoa(it.DaysOverdue)})
			}
			writeTable(env.Stdout, rows, map[int]bool{8: true})
			fmt.Fprintln(env.Stdout)
		}
	case "export":
		rows, err := w.ExportRows(ctx, *region, *period, projects.Filter{})
		if err != nil {
			return err
		}
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		if err := sheet.WriteXLSX(f, "projects", rows); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "projects.cli.exported", len(rows)-1, *out))
	}
	return nil
}

func money(v float64) string { return display.Value(&v, 2) }

func writeProjectSummary(w io.Writer, s projects.Summary, l string) {
	fmt.Fprintln(w, locale.T(l, "projects.cli.title", s.RegionName, s.Region, s.Period, s.TimeProgress))
	fmt.Fprintln(w, locale.T(l, "projects.cli.headline", s.Count, money(s.Planned), money(s.Completed), display.Percent(s.Completion),
		display.PP(s.Gap), locale.T(l, "status."+s.Status)))
	fmt.Fprintln(w)
	rows := [][]string{columns(l, "projects.col.", "category", "count", "planned", "completed", "completion", "gap", "status")}
	for _, c := range s.ByCategory {
		rows = append(rows, []string{c.Category, strconv.Itoa(c.Count), money(c.Planned), money(c.Completed), display.Percent(c.Completion),
			display.PP(c.Gap), locale.T(l, "status."+c.Status)})
	}
	writeTable(w, rows, map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true})
	fmt.Fprintln(w)
	rows = [][]string{columns(l, "projects.col.", "level", "count", "planned", "completed", "completion", "gap", "status")}
	for _, c := range s.ByLevel {
		rows = append(rows, []string{c.Level, strconv.Itoa(c.Count), money(c.Planned), money(c.Completed), display.Percent(c.Completion),
			display.PP(c.Gap), locale.T(l, "status."+c.Status)})
	}
	writeTable(w, rows, map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true})
	fmt.Fprintln(w)
	rows = [][]string{columns(l, "projects.col.", "stage", "count")}
	for _, c := range s.ByStage {
		rows = append(rows, []string{c.Stage, strconv.Itoa(c.Count)})
	}
	writeTable(w, rows, map[int]bool{1: true})
	if len(s.NotReported) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, locale.T(l, "projects.cli.not_reported", len(s.NotReported), joinMax(s.NotReported, 20)))
	}
	if s.Sample {
		fmt.Fprintln(w, locale.T(l, "projects.cli.sample"))
	}
}

// joinMax joins up to n codes with 、, then …
func joinMax(codes []string, n int) string {
	out := ""
	for i, c := range codes {
		if i == n {
			return out + "…"
		}
		if i > 0 {
			out += "、"
		}
		out += c
	}
	return out
}
