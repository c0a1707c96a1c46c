package cli

import (
	"context"
	"fmt"

	"pacer/internal/app"
	"pacer/internal/locale"
	"pacer/internal/notify"
	"pacer/internal/schedule"
	"pacer/internal/web"
)

// pacer run JOB: runs one job of the scheduler's table (app.Jobs) once, now, by hand — recorded
// in the scheduler's record as the slot manual@<time>. Without JOB it lists the jobs.
func runRun(ctx context.Context, env Env, args []string) error {
	l := lang(env)
	fs, db := flags(env, "run")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return misuse("cli.run.job_missing", schedule.Names(app.Jobs(web.Services{})))
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	services := app.Services(s)
	services.Notify = services.Notify.WithMail(mailFromEnv(env))
	if err := schedule.New(s, app.Jobs(services)).RunByHand(ctx, rest[0]); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(l, "cli.run.done", rest[0]))
	return nil
}

// mailFromEnv is the SMTP server e-mail notifications go out through: PACER_SMTP_ADDR
// (host:port), PACER_SMTP_FROM, and PACER_SMTP_USER / PACER_SMTP_PASSWORD when it wants an account.
func mailFromEnv(env Env) notify.Mail {
	return notify.Mail{Addr: env.Getenv("PACER_SMTP_ADDR"), From: env.Getenv("PACER_SMTP_FROM"),
		Username: env.Getenv("PACER_SMTP_USER"), Password: env.Getenv("PACER_SMTP_PASSWORD")}
}
