package cli

import (
	"context"
	"fmt"
	"pacer/internal/locale"
	"sort"
	"strings"

	"pacer/internal/accounts"
	"pacer/internal/domain"
	"pacer/internal/store"
)

// pacer policy [--db D]: the security policy in force, one setting a line.
// pacer policy set NAME=VALUE... [--db D]: change settings (the secadmin's policy page does the
// same), each audited old → new as the operator's.
func runPolicy(ctx context.Context, env Env, args []string) error {
	set := len(args) > 0 && args[0] == "set"
	if set {
		args = args[1:]
	}
	fs, db := flags(env, "policy")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	values := map[string]string{}
	for _, a := range rest {
		name, v, ok := strings.Cut(a, "=")
		if !set || !ok || !known(name) {
			return misuse("cli.policy.bad_setting", a, strings.Join(domain.PolicySettingNames, ", "))
		}
		values[name] = v
	}
	if set && len(values) == 0 {
		return misuse("cli.policy.none")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	acc := accounts.New(s)
	if set {
		changed, err := acc.SetPolicySettings(ctx, domain.Who{Username: actor()}, values)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "%d settings changed\n", len(changed))
	}
	p, err := acc.Policy(ctx)
	if err != nil {
		return err
	}
	settings := p.Settings()
	for _, name := range domain.PolicySettingNames {
		fmt.Fprintf(env.Stdout, "%s=%s\n", name, settings[name])
	}
	return nil
}

func known(name string) bool {
	for _, n := range domain.PolicySettingNames {
		if n == name {
			return true
		}
	}
	return false
}

// policyFlags adds to fs one flag per policy setting (password_min_length as
// --password-min-length, …): the first-run policy of `pacer serve`.
func policyFlags(env Env, fs *flagSet) map[string]*string {
	out := map[string]*string{}
	for _, name := range domain.PolicySettingNames {
		out[name] = fs.String(strings.ReplaceAll(name, "_", "-"), "", locale.T(lang(env), "cli.flag.policy", name))
	}
	return out
}

// seedPolicy stores the policy the flags give while the database has none, and says on stderr
// when flags were given but a policy is stored already (the flags are then ignored).
func seedPolicy(ctx context.Context, env Env, s *store.Store, given map[string]*string) error {
	values := map[string]string{}
	for name, v := range given {
		if *v != "" {
			values[name] = *v
		}
	}
	if len(values) == 0 {
		return nil
	}
	p, err := domain.PolicyFromSettings(values)
	if err != nil {
		return err
	}
	acc := accounts.New(s)
	if _, err := acc.SeedPolicy(ctx, domain.Who{Username: actor()}, p); err != nil {
		return err
	}
	inForce, err := acc.Policy(ctx)
	if err != nil {
		return err
	}
	var ignored []string
	settings, asked := inForce.Settings(), p.Settings()
	for name := range values {
		if settings[name] != asked[name] {
			ignored = append(ignored, "--"+strings.ReplaceAll(name, "_", "-"))
		}
	}
	if len(ignored) > 0 {
		sort.Strings(ignored)
		fmt.Fprintf(env.Stderr, "pacer serve: the database has a security policy already; %s ignored (pacer policy set, or the policy page)\n", strings.Join(ignored, " "))
	}
	return nil
}
