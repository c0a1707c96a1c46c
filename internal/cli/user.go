package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"pacer/internal/accounts"
	"pacer/internal/domain"
)

// pacer user add NAME --role ROLE [--unit CODE]: the password is read from standard input.
func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && args[0] == "token" {
		return runUserToken(ctx, env, args[1:])
	}
	if len(args) > 0 && (args[0] == "disable" || args[0] == "enable") {
		return runUserDisable(ctx, env, args[0], args[1:])
	}
	if len(args) == 0 || args[0] != "add" {
		return usageError{"subcommands: user add NAME --role ROLE [--unit CODE]; user token NAME --label LABEL; user disable NAME; user enable NAME"}
	}
	fs, db := flags(env, "user add")
	role := fs.String("role", "", "analyst, reporter, leader, sysadmin, secadmin or auditor")
	unit := fs.String("unit", "", "the unit (department or town) a reporter submits for")
	name := fs.String("display-name", "", "the person's name")
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"give exactly one user name"}
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
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := accounts.New(s).Create(ctx, domain.Who{Username: actor()}, a)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "user %s (%s) created\n", u.Username, u.Role)
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
		return usageError{fmt.Sprintf("unknown role %q", role)}
	case "users.err.unit_needed":
		return usageError{"a reporter needs --unit"}
	case "users.err.unit_only_reporter":
		return usageError{"only a reporter has a unit"}
	}
	return usageError{domain.Message("en", e)}
}

// pacer user token NAME --label LABEL: a new API token for the account, printed once (only its
// hash is kept). API clients send it as "Authorization: Bearer TOKEN".
func runUserToken(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "user token")
	label := fs.String("label", "api", "what the token is for")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"give exactly one user name"}
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

// pacer user disable NAME, pacer user enable NAME: disabling ends the account's sessions and
// revokes its API tokens at once; enabling lets it sign in again (audited as the operator's).
func runUserDisable(ctx context.Context, env Env, verb string, args []string) error {
	fs, db := flags(env, "user "+verb)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"give exactly one user name"}
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
