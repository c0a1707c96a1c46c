package cli

import (
	"context"
	"fmt"
	"strconv"

	"pacer/internal/domain"
	"pacer/internal/locale"
	"pacer/internal/scorecard"
	"pacer/internal/setup"
)

// pacer setup --region CODE --year YYYY: the first-run step — the home county and its current
// year, stored in the database (the web's /setup page does the same). Without flags it prints
// what is set. --draft-day N sets the day of the month the scheduler drafts the monthly analysis.
func runSetup(ctx context.Context, env Env, args []string) error {
	l := lang(env)
	fs, db := flags(env, "setup")
	region := fs.String("region", "", locale.T(l, "cli.flag.home_region"))
	year := fs.String("year", "", locale.T(l, "cli.flag.home_year"))
	draftDay := fs.Int("draft-day", 0, locale.T(l, "cli.flag.draft_day"))
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return misuse("cli.usage.setup")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	w := setup.New(s, scorecard.New(s))
	if *draftDay != 0 {
		if err := w.SetDraftDay(ctx, domain.Actor{Username: actor()}, *draftDay); err != nil {
			return err
		}
	}
	day, err := w.DraftDay(ctx)
	if err != nil {
		return err
	}
	var h setup.Home
	if *region == "" && *year == "" {
		if h, err = w.Home(ctx); err != nil {
			return err
		}
		if !h.Set() {
			return domain.E(domain.EINVALID, "setup.needed")
		}
	} else {
		y, err := strconv.Atoi(*year)
		if err != nil {
			return domain.E(domain.EINVALID, "setup.bad_year", *year)
		}
		if h, err = w.Configure(ctx, domain.Actor{Username: actor()}, *region, y); err != nil {
			return err
		}
	}
	fmt.Fprintln(env.Stdout, locale.T(l, "cli.setup.done", h.Region.Name, h.Region.Code, h.Year))
	if h.Latest != "" {
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.setup.latest", h.Latest))
	} else {
		fmt.Fprintln(env.Stdout, locale.T(l, "cli.setup.no_data"))
	}
	fmt.Fprintln(env.Stdout, locale.T(l, "cli.setup.draft_day", day))
	return nil
}
