package cli

import (
	"context"
	"fmt"
	"time"

	"pacer/internal/audit"
	"pacer/internal/domain"
	"pacer/internal/locale"
)

// pacer audit purge --before DATE: removes the audit rows recorded before DATE (local midnight),
// which must be older than the retention (at least 180 days). The purge is itself audited; on
// PostgreSQL it needs the tables' owner, not the role of pacer serve.
func runAudit(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "purge" {
		return misuse("cli.usage.audit")
	}
	fs, db := flags(env, "audit purge")
	beforeFlag := fs.String("before", "", locale.T(lang(env), "cli.flag.before"))
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return misuse("cli.unexpected_args", fmt.Sprint(rest))
	}
	if *beforeFlag == "" {
		return misuse("cli.audit.before_required")
	}
	before, err := time.ParseInLocation("2006-01-02", *beforeFlag, time.Local)
	if err != nil {
		return domain.E(domain.EINVALID, "audit.purge.bad_date", *beforeFlag)
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := audit.New(s).Purge(ctx, domain.Who{Username: actor()}, before)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(lang(env), "audit.purge.done", n, *beforeFlag))
	return nil
}

// pacer db grant --role NAME: sets up the least-privilege PostgreSQL role pacer serve connects
// as (store.GrantAppRole); run with the tables' owner's URL, again after each upgrade.
func runDB(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "grant" {
		return misuse("cli.usage.db")
	}
	fs, db := flags(env, "db grant")
	role := fs.String("role", "pacer_app", locale.T(lang(env), "cli.flag.app_role"))
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return misuse("cli.unexpected_args", fmt.Sprint(rest))
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.GrantAppRole(ctx, *role); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(lang(env), "audit.grant.done", *role))
	return nil
}
