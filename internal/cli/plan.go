package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"pacer/internal/display"
	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/plans"
	"pacer/internal/scorecard"
)

// pacer plan: an indicator's monthly plan against its figures (以月保季); pacer plan save stores
// a version (entered by hand, quarters assigned from above, or the derived plan frozen);
// pacer plan approve freezes a draft.
func runPlan(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && (args[0] == "save" || args[0] == "approve") {
		return runPlanSave(ctx, env, args[0], args[1:])
	}
	l := lang(env)
	fs, db := flags(env, "plan")
	region := fs.String("region", "", locale.T(l, "cli.flag.region"))
	indicator := fs.String("indicator", "", locale.T(l, "cli.flag.indicator"))
	year := fs.Int("year", 0, locale.T(l, "cli.plan.flag.year"))
	method := fs.String("method", "", locale.T(l, "cli.plan.flag.method"))
	tier := fs.String("tier", string(domain.Assigned), locale.T(l, "cli.plan.flag.tier"))
	asJSON := fs.Bool("json", false, locale.T(l, "cli.flag.json"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *region == "" || *indicator == "" || *year == 0 {
		return misuse("cli.plan.required")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := plans.New(s, scorecard.New(s)).Plan(ctx, *region, *indicator, *year, plans.Options{Method: *method, Tier: domain.Tier(*tier)})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, v.JSON())
	}
	writePlan(env.Stdout, v, l)
	return nil
}

func writePlan(w io.Writer, v *plans.View, l string) {
	prec := v.Indicator.Precision
	name := v.Indicator.Name
	if l == "en" && v.Indicator.NameEN != "" {
		name = v.Indicator.NameEN
	}
	fmt.Fprintln(w, locale.T(l, "cli.plan.title", v.Region.Name, v.Year, name, locale.T(l, "plans.tier."+string(v.Tier)),
		locale.T(l, "plans.method."+v.Method), display.Value(&v.Target, prec), v.Indicator.Unit))
	fmt.Fprintln(w)
	rows := [][]string{columns(l, "cli.plan.col.", "period", "plan", "actual", "secured", "shortfall")}
	for _, m := range v.Months {
		plan := m.Plan
		rows = append(rows, []string{fmt.Sprintf("%d-%02d", v.Year, m.Month), display.Value(&plan, prec), display.Value(m.Actual, prec),
			securedText(l, m.Secured), display.Value(m.Shortfall, prec)})
	}
	writeTable(w, rows, map[int]bool{1: true, 2: true, 4: true})
	fmt.Fprintln(w)
	rows = [][]string{columns(l, "cli.plan.col.", "quarter", "plan", "actual", "secured", "shortfall")}
	for _, q := range v.Quarters {
		plan := q.Plan
		rows = append(rows, []string{"Q" + strconv.Itoa(q.Quarter), display.Value(&plan, prec), display.Value(q.Actual, prec),
			securedText(l, q.Secured), display.Value(q.Shortfall, prec)})
	}
	writeTable(w, rows, map[int]bool{1: true, 2: true, 4: true})
	fmt.Fprintln(w)
	if len(v.CatchUp) == 0 {
		fmt.Fprintln(w, locale.T(l, "cli.plan.no_catch_up", locale.T(l, v.CatchUpReason)))
	} else {
		rows = [][]string{columns(l, "cli.plan.col.", "period", "required", "required_amount")}
		for _, r := range v.CatchUp {
			c, a := r.Cumulative, r.Amount
			rows = append(rows, []string{fmt.Sprintf("%d-%02d", v.Year, r.Month), display.Value(&c, prec), display.Value(&a, prec)})
		}
		writeTable(w, rows, map[int]bool{1: true, 2: true})
	}
	if v.Sample {
		fmt.Fprintln(w, "\n"+locale.T(l, "cli.sc.sample"))
	}
}

func securedText(l string, s *bool) string {
	switch {
	case s == nil:
		return display.Absent
	case *s:
		return locale.T(l, "plans.secured")
	}
	return locale.T(l, "plans.not_secured")
}

func runPlanSave(ctx context.Context, env Env, sub string, args []string) error {
	l := lang(env)
	fs, db := flags(env, "plan "+sub)
	var region, indicator, method, tier, monthsText, quartersText, source *string
	var year *int
	var approve, sample *bool
	if sub == "save" {
		region = fs.String("region", "", locale.T(l, "cli.flag.region"))
		indicator = fs.String("indicator", "", locale.T(l, "cli.flag.indicator"))
		year = fs.Int("year", 0, locale.T(l, "cli.plan.flag.year"))
		method = fs.String("method", "", locale.T(l, "cli.plan.flag.save_method"))
		tier = fs.String("tier", string(domain.Assigned), locale.T(l, "cli.plan.flag.tier"))
		monthsText = fs.String("months", "", locale.T(l, "cli.plan.flag.months"))
		quartersText = fs.String("quarters", "", locale.T(l, "cli.plan.flag.quarters"))
		source = fs.String("source", "", locale.T(l, "cli.plan.flag.source"))
		approve = fs.Bool("approve", false, locale.T(l, "cli.plan.flag.approve"))
		sample = fs.Bool("sample", false, locale.T(l, "cli.plan.flag.sample"))
	}
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if (sub == "approve" && len(rest) != 1) || (sub == "save" && (len(rest) != 0 || *region == "" || *indicator == "" || *year == 0 || *method == "")) {
		return misuse("cli.plan.save_required")
	}
	e := plans.PlanEntry{}
	if sub == "save" {
		e = plans.PlanEntry{Region: *region, Indicator: *indicator, Year: *year, Tier: domain.Tier(*tier), Method: *method,
			Source: *source, Approve: *approve, Sample: *sample}
		if *monthsText != "" {
			if e.Months, err = plans.ParseMonths(*monthsText); err != nil {
				return err
			}
		}
		if *quartersText != "" {
			if e.Quarters, err = plans.ParseQuarters(*quartersText); err != nil {
				return err
			}
		}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	w, by := plans.New(s, scorecard.New(s)), domain.Actor{Username: actor()}
	var p domain.MonthPlan
	if sub == "approve" {
		id, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil {
			return misuse("cli.plan.bad_id", rest[0])
		}
		if p, err = w.ApprovePlan(ctx, by, id); err != nil {
			return err
		}
	} else if p, err = w.SavePlan(ctx, by, e); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(l, "cli.plan.saved", p.ID, p.Version, locale.T(l, "plans.state."+p.State)))
	return nil
}
