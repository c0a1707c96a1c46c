package cli

import (
	"context"
	"fmt"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/units"
)

// pacer unit add|list|rename|retire|indicators: departments and towns, through the units
// workflow (the /units page does the same).
func runUnit(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return misuse("cli.usage.unit")
	}
	sub, args := args[0], args[1:]
	l := lang(env)
	fs, db := flags(env, "unit "+sub)
	var name, region, kind *string
	switch sub {
	case "add":
		name = fs.String("name", "", locale.T(l, "cli.flag.unit_name"))
		region = fs.String("region", "", locale.T(l, "cli.flag.unit_region"))
		kind = fs.String("kind", domain.UnitDepartment, locale.T(l, "cli.flag.kind"))
	case "list":
		region = fs.String("region", "", locale.T(l, "cli.flag.unit_list_region"))
	case "rename":
		name = fs.String("name", "", locale.T(l, "cli.flag.unit_name"))
	case "retire", "indicators":
	default:
		return misuse("cli.usage.unit")
	}
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	want := 1
	switch sub {
	case "list":
		want = 0
	case "indicators":
		want = 2
	}
	if len(rest) != want {
		return misuse("cli.usage.unit")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	w, by := units.New(s), domain.Actor{Username: actor()}
	switch sub {
	case "add":
		u, err := w.Add(ctx, by, units.NewUnit{Code: rest[0], Name: *name, Region: *region, Kind: *kind})
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.unit.added", u.Code, u.Name, locale.Key("units.kind."+u.Kind), u.RegionCode))
	case "list":
		reg, err := w.List(ctx, *region)
		if err != nil {
			return err
		}
		printUnits(env, l, reg)
	case "rename":
		if err := w.Rename(ctx, by, rest[0], *name); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.unit.renamed", rest[0], strings.TrimSpace(*name)))
	case "retire":
		if err := w.Retire(ctx, by, rest[0]); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.unit.retired", rest[0]))
	case "indicators":
		var codes []string
		for _, c := range strings.Split(rest[1], ",") {
			if c = strings.TrimSpace(c); c != "" && c != "-" {
				codes = append(codes, c)
			}
		}
		if err := w.SetIndicators(ctx, by, rest[0], codes); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.unit.indicators", rest[0], strings.Join(codes, ",")))
	}
	return nil
}

// printUnits writes one line a unit: code, name, kind, region, state, what it reports.
func printUnits(env Env, l string, reg *units.Register) {
	if len(reg.Units) == 0 {
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.unit.none"))
		return
	}
	t := [][]string{{locale.T(l, "units.col.code"), locale.T(l, "units.col.name"), locale.T(l, "units.col.kind"),
		locale.T(l, "units.col.region"), locale.T(l, "units.col.state"), locale.T(l, "units.col.indicators")}}
	for _, u := range reg.Units {
		state := locale.T(l, "units.state.active")
		if u.Retired {
			state = locale.T(l, "units.state.retired")
		}
		t = append(t, []string{u.Code, u.Name, locale.T(l, "units.kind."+u.Kind), u.RegionCode, state, strings.Join(u.Indicators, ",")})
	}
	writeTable(env.Stdout, t, nil)
}
