package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"pacer/internal/accounts"
	"pacer/internal/domain"
	"pacer/internal/locale"
)

// pacer user add NAME --role ROLE [--unit CODE]: the password is read from standard input.
func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && args[0] == "token" {
		return runUserToken(ctx, env, args[1:])
	}
	if len(args) == 0 || args[0] != "add" {
		return misuse("cli.user.subcommands")
	}
	fs, db := flags(env, "user add")
	role := fs.String("role", "", locale.T(lang(env), "cli.flag.role"))
	unit := fs.String("unit", "", locale.T(lang(env), "cli.flag.unit"))
	name := fs.String("display-name", "", locale.T(lang(env), "cli.flag.display_name"))
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return misuse("cli.user.one_name")
	}
	a := accounts.NewAccount{Username: rest[0], DisplayName: *name, Role: domain.Role(*role), Unit: *unit}
	if err := a.User().Validate(); err != nil {
		return accountUsage(err, *role)
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	a.Password = strings.TrimRight(line, "\r\n")
	a.Again = a.Password
	if a.Password == "" {
		return domain.E(domain.EINVALID, "accounts.password_stdin")
	}
	if err := a.Validate(); err != nil {
		return err
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

// pacer user token NAME --label LABEL: a new API token for the account, printed once (only its
// hash is kept). API clients send it as "Authorization: Bearer TOKEN".
func runUserToken(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "user token")
	label := fs.String("label", "api", locale.T(lang(env), "cli.flag.label"))
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
	token, err := accounts.New(s).CreateToken(ctx, domain.Who{Username: actor()}, rest[0], *label)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, token)
	return nil
}
