package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pacer/internal/accounts"
	"pacer/internal/domain"
	"pacer/internal/locale"
)

// pacer user add NAME --role ROLE [--unit CODE] [--region CODE]: the password is read from standard input.
func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && args[0] == "token" {
		return runUserToken(ctx, env, args[1:])
	}
	if len(args) > 0 && args[0] == "second-factor" {
		return runUserSecondFactor(ctx, env, args[1:])
	}
	if len(args) > 0 && (args[0] == "disable" || args[0] == "enable") {
		return runUserDisable(ctx, env, args[0], args[1:])
	}
	if len(args) == 0 || args[0] != "add" {
		return misuse("cli.user.subcommands")
	}
	fs, db := flags(env, "user add")
	role := fs.String("role", "", locale.T(lang(env), "cli.flag.role"))
	unit := fs.String("unit", "", locale.T(lang(env), "cli.flag.unit"))
	region := fs.String("region", "", locale.T(lang(env), "cli.user.region"))
	name := fs.String("display-name", "", locale.T(lang(env), "cli.flag.display_name"))
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return misuse("cli.user.one_name")
	}
	a := accounts.NewAccount{Username: rest[0], DisplayName: *name, Role: domain.Role(*role), Unit: *unit, Region: *region}
	if err := a.User().Validate(); err != nil {
		return accountUsage(err, *role)
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	a.Password = strings.TrimRight(line, "\r\n")
	a.Again = a.Password
	if a.Password == "" {
		return domain.E(domain.EINVALID, "accounts.password_stdin")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := accounts.New(s).Create(ctx, domain.Who{Username: actor()}, a)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.user.created", u.Username, locale.Key("role."+string(u.Role))))
	return nil
}

// accountUsage words the first problem of an account given by flags as a misuse of them.
func accountUsage(err error, role string) error {
	p := accounts.Problems(err)[0]
	var e *domain.Error
	if !errors.As(p, &e) {
		return p
	}
	switch e.Msg.Key {
	case "users.err.role":
		return misuse("cli.user.bad_role", role)
	case "users.err.unit_needed":
		return misuse("cli.user.unit_needed")
	case "users.err.unit_only_reporter":
		return misuse("cli.user.unit_only_reporter")
	}
	return usageError{e.Msg}
}

// pacer user token NAME --label LABEL [--expires DATE | --days N]: a new API token for the
// account, printed once (only its hash is kept). API clients send it as "Authorization: Bearer
// TOKEN". `pacer user token list NAME` lists the account's tokens, `pacer user token revoke NAME
// ID` revokes one.
func runUserToken(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && (args[0] == "list" || args[0] == "revoke") {
		return runUserTokenAdmin(ctx, env, args[0], args[1:])
	}
	fs, db := flags(env, "user token")
	label := fs.String("label", "api", locale.T(lang(env), "cli.flag.label"))
	expires := fs.String("expires", "", locale.T(lang(env), "cli.flag.expires"))
	days := fs.Int("days", 0, locale.T(lang(env), "cli.flag.days"))
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return misuse("cli.user.one_name")
	}
	t := accounts.NewToken{Username: rest[0], Label: *label}
	switch {
	case *expires != "" && *days != 0:
		return misuse("cli.token.expires_or_days")
	case *expires != "":
		day, err := time.ParseInLocation("2006-01-02", *expires, time.Local)
		if err != nil {
			return misuse("cli.token.bad_expires", *expires)
		}
		t.Expires = &day
	case *days < 0:
		return misuse("cli.token.days_positive")
	case *days > 0:
		at := time.Now().AddDate(0, 0, *days)
		t.Expires = &at
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	token, _, err := accounts.New(s).CreateToken(ctx, domain.Who{Username: actor()}, t)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, token)
	return nil
}

// pacer user token list NAME; pacer user token revoke NAME ID.
func runUserTokenAdmin(ctx context.Context, env Env, verb string, args []string) error {
	fs, db := flags(env, "user token "+verb)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	var id int64
	switch {
	case verb == "list" && len(rest) != 1:
		return misuse("cli.token.list_usage")
	case verb == "revoke" && len(rest) != 2:
		return misuse("cli.token.revoke_usage")
	case verb == "revoke":
		if id, err = strconv.ParseInt(rest[1], 10, 64); err != nil || id <= 0 {
			return misuse("cli.token.bad_id", rest[1])
		}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	acc := accounts.New(s)
	if verb == "revoke" {
		if err := acc.RevokeToken(ctx, domain.Who{Username: actor()}, rest[0], id); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, locale.T(lang(env), "tokens.cli.revoked", id, rest[0]))
		return nil
	}
	tokens, err := acc.Tokens(ctx, rest[0])
	if err != nil {
		return err
	}
	l := lang(env)
	rows := [][]string{{locale.T(l, "tokens.id"), locale.T(l, "tokens.label"), locale.T(l, "tokens.created"),
		locale.T(l, "tokens.last_used"), locale.T(l, "tokens.expires"), locale.T(l, "tokens.state")}}
	now := time.Now()
	for _, t := range tokens {
		rows = append(rows, []string{strconv.FormatInt(t.ID, 10), t.Label, t.CreatedAt.Format("2006-01-02 15:04"),
			optionalTime(l, t.LastUsedAt, "tokens.never_used"), optionalTime(l, t.ExpiresAt, "tokens.no_expiry"), locale.T(l, "tokens.state."+t.State(now))})
	}
	writeTable(env.Stdout, rows, map[int]bool{0: true})
	return nil
}

// optionalTime is t to the minute, or the text of none when there is none.
func optionalTime(lang string, t *time.Time, none string) string {
	if t == nil {
		return locale.T(lang, none)
	}
	return t.Format("2006-01-02 15:04")
}

// pacer user second-factor reset NAME: removes the account's second factor (a lost phone and no
// recovery code left); where one is required the account enrols again at its next sign-in.
func runUserSecondFactor(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "user second-factor")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 || rest[0] != "reset" {
		return misuse("cli.second_factor.usage")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := accounts.New(s).RemoveSecondFactor(ctx, domain.Who{Username: actor()}, rest[1]); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(lang(env), "second_factor.cli.reset", rest[1]))
	return nil
}

// pacer user disable NAME, pacer user enable NAME: disabling ends the account's sessions and
// revokes its API tokens at once; enabling lets it sign in again (audited as the operator's).
func runUserDisable(ctx context.Context, env Env, verb string, args []string) error {
	fs, db := flags(env, "user "+verb)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return misuse("cli.user.one_name")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := accounts.New(s).SetDisabled(ctx, domain.Who{Username: actor()}, rest[0], verb == "disable")
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "user %s %sd\n", u.Username, verb)
	return nil
}
