package cli

import (
	"context"
	"fmt"
	"strings"

	"pacer/internal/app"
	"pacer/internal/domain"
	"pacer/internal/locale"
)

// pacer indicator basis|link|unlink|sums: which figure of an indicator counts (the bureau's or a
// register's) and which register sums feed indicators, through the figures workflow (the
// indicator page sets the basis too).
func runIndicator(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return misuse("cli.usage.indicator")
	}
	sub, args := args[0], args[1:]
	l := lang(env)
	fs, db := flags(env, "indicator "+sub)
	var register, measure, filter, regions, periods *string
	want := 1
	switch sub {
	case "recompute": // REGISTER --region CODE[,CODE…] --period YYYY-MM[,YYYY-MM…]
		regions = fs.String("region", "", locale.T(l, "figures.cli.flag_regions"))
		periods = fs.String("period", "", locale.T(l, "figures.cli.flag_periods"))
	case "basis":
		want = -1 // CODE [official|register]
	case "link":
		register = fs.String("register", "", locale.T(l, "figures.cli.flag_register"))
		measure = fs.String("measure", "", locale.T(l, "figures.cli.flag_measure"))
		filter = fs.String("filter", "", locale.T(l, "figures.cli.flag_filter"))
	case "unlink":
	case "sums":
		want = 0
	default:
		return misuse("cli.usage.indicator")
	}
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if (want >= 0 && len(rest) != want) || (want < 0 && (len(rest) < 1 || len(rest) > 2)) {
		return misuse("cli.usage.indicator")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	// The application's figures workflow: the registers' summers are provided there (app.Services).
	w, by := app.Services(s).Figures, domain.Actor{Username: actor()}
	basisName := func(b domain.FigureBasis) string {
		return string(b) + "（" + locale.T(l, "figures.basis."+string(b)) + "）"
	}
	switch sub {
	case "basis":
		if len(rest) == 1 {
			b, err := w.Basis(ctx, rest[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, locale.T(l, "figures.cli.basis_set", rest[0], basisName(b)))
			return nil
		}
		changed, err := w.SetBasis(ctx, by, rest[0], rest[1])
		if err != nil {
			return err
		}
		key := "figures.cli.basis_set"
		if !changed {
			key = "figures.cli.basis_unchanged"
		}
		fmt.Fprintln(env.Stdout, locale.T(l, key, rest[0], basisName(domain.FigureBasis(rest[1]))))
	case "link":
		sum := domain.RegisterSum{Indicator: rest[0], Register: *register, Measure: *measure, Filter: *filter}
		if err := w.Link(ctx, by, sum); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "figures.cli.linked", rest[0], *register, *measure, domain.CanonicalFilter(sum.Conditions())))
	case "recompute":
		if *regions == "" || *periods == "" {
			return misuse("cli.usage.indicator")
		}
		c, err := w.Recompute(ctx, by, rest[0], splitList(*regions), splitList(*periods))
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "figures.cli.recomputed", rest[0], c.New, c.Revised, c.Unchanged))
	case "unlink":
		if err := w.Unlink(ctx, by, rest[0]); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, locale.T(l, "figures.cli.unlinked", rest[0]))
	case "sums":
		sums, err := w.Sums(ctx)
		if err != nil {
			return err
		}
		for _, sm := range sums {
			b, err := w.Basis(ctx, sm.Indicator)
			if err != nil {
				return err
			}
			origin := locale.T(l, "figures.cli.linked_by_analyst")
			if sm.BuiltIn {
				origin = locale.T(l, "figures.cli.builtin")
			}
			fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", sm.Indicator, sm.Register, sm.Measure, sm.Filter, origin, basisName(b))
		}
	}
	return nil
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
