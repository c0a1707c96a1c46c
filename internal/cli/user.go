package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/store"
)

// pacer user add NAME --role ROLE [--unit CODE]: the password is read from standard input.
func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && args[0] == "token" {
		return runUserToken(ctx, env, args[1:])
	}
	if len(args) == 0 || args[0] != "add" {
		return usageError{"subcommands: user add NAME --role ROLE [--unit CODE]; user token NAME --label LABEL"}
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
	r := domain.Role(*role)
	if !auth.ValidRole(r) {
		return usageError{fmt.Sprintf("unknown role %q", *role)}
	}
	if r == domain.RoleReporter && *unit == "" {
		return usageError{"a reporter needs --unit"}
	}
	if r != domain.RoleReporter && *unit != "" {
		return usageError{"only a reporter has a unit"}
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	password := strings.TrimRight(line, "\r\n")
	if password == "" {
		return domain.E(domain.EINVALID, "err.cli.password_stdin")
	}
	if err := auth.ValidatePassword(password, rest[0]); err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := createUser(ctx, s, store.Who{Username: actor()}, rest[0], *name, r, *unit, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "user %s (%s) created\n", u.Username, u.Role)
	return nil
}

func createUser(ctx context.Context, s *store.Store, by store.Who, name, display string, role domain.Role, unit, password string) (domain.User, error) {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return domain.User{}, err
	}
	return s.CreateUser(ctx, by, domain.User{Username: name, DisplayName: display, Role: role, UnitCode: unit, PasswordHash: hash})
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
	u, err := s.UserByName(ctx, rest[0])
	if err != nil {
		return err
	}
	token := auth.NewToken()
	if err := s.CreateAPIToken(ctx, store.Who{Username: actor()}, u, *label, token); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, token)
	return nil
}
