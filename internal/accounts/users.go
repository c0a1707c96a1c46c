package accounts

import (
	"context"
	"errors"
	"strings"

	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/locale"
)

// NewAccount is an account to create and its first password, typed twice.
type NewAccount struct {
	Username, DisplayName string
	Role                  domain.Role
	Unit                  string // reporters only
	// Region is the account's scope (issue 16): the region it sees with everything below it;
	// empty: the creator's scope (the whole deployment for a deployment-wide creator). A
	// reporter's is its unit's region.
	Region          string
	Password, Again string
	// MustChange makes the password one-time: it must be changed at the first sign-in.
	MustChange bool
}

// User is the account a asks for, without its password.
func (a NewAccount) User() domain.User {
	return domain.User{Username: a.Username, DisplayName: a.DisplayName, Role: a.Role, UnitCode: a.Unit, RegionCode: a.Region, MustChange: a.MustChange}
}

// Validate returns every problem of a (errors.Join of EINVALID *domain.Errors) under the default
// policy: see ValidateWith.
func (a NewAccount) Validate() error { return a.ValidateWith(DefaultPolicy()) }

// ValidateWith returns every problem of a (errors.Join of EINVALID *domain.Errors): the account's
// own (domain.User.Validate), then the password's — typed differently twice, or against the
// password rules of p.
func (a NewAccount) ValidateWith(p Policy) error {
	errs := []error{a.User().Validate()}
	if a.Password != a.Again {
		errs = append(errs, domain.E(domain.EINVALID, "users.err.mismatch"))
	} else if err := auth.ValidatePasswordPolicy(a.Password, a.Username, p); err != nil {
		var e *domain.Error
		if !errors.As(err, &e) {
			return err
		}
		errs = append(errs, domain.E(domain.EINVALID, "users.err.password", e.Msg))
	}
	return errors.Join(errs...)
}

// Problems splits an error of Validate (or of Create) into the problems it joins, for a form
// that lists each.
func Problems(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, Problems(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// Create validates a under the policy in force and adds the account (the password hashed),
// audited as by's. A username is unique whatever its case; a reporter's unit must exist.
func (s *Service) Create(ctx context.Context, by domain.Who, a NewAccount) (domain.User, error) {
	p, err := s.Policy(ctx)
	if err != nil {
		return domain.User{}, err
	}
	if err := a.ValidateWith(p); err != nil {
		return domain.User{}, err
	}
	hash, err := auth.HashPassword(a.Password)
	if err != nil {
		return domain.User{}, err
	}
	u := a.User()
	if a.Unit != "" {
		unit, err := s.store.Unit(ctx, a.Unit)
		if err == nil && unit.Retired {
			return domain.User{}, domain.E(domain.EINVALID, "units.retired", a.Unit)
		}
		if err == nil {
			u.RegionCode = unit.RegionCode // a reporter sees its unit's region
		}
	}
	if u.RegionCode == "" {
		u.RegionCode = domain.ScopeOf(ctx).Region // nobody makes an account wider than their own
	}
	if u.RegionCode != "" {
		if _, err := s.store.Region(ctx, u.RegionCode); err != nil {
			return domain.User{}, err
		}
		if err := domain.InScope(ctx, s.store, u.RegionCode, ""); err != nil {
			return domain.User{}, domain.E(domain.EFORBIDDEN, "users.err.region_outside", u.RegionCode)
		}
	}
	u.PasswordHash = hash
	return s.store.CreateUser(ctx, by, u)
}

// Scope resolves u's scope (its region and that region's chain) for the workflows, which read it
// from the request's context (domain.WithScope).
func (s *Service) Scope(ctx context.Context, u domain.User) (domain.Scope, error) {
	if u.RegionCode == "" {
		return domain.Scope{}, nil
	}
	chain, err := s.store.RegionChain(ctx, u.RegionCode)
	return domain.Scope{Region: u.RegionCode, Chain: chain}, err
}

// visible keeps the accounts ctx's scope covers: a scoped administrator sees the accounts of its
// region and below, never a wider one's.
func (s *Service) visible(ctx context.Context, users []domain.User) ([]domain.User, error) {
	sc := domain.ScopeOf(ctx)
	if sc.Whole() {
		return users, nil
	}
	var out []domain.User
	for _, u := range users {
		if u.RegionCode == "" {
			continue
		}
		err := domain.InScope(ctx, s.store, u.RegionCode, "")
		if domain.ErrorKind(err) == domain.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// account is the account username when ctx's scope covers it, else ENOTFOUND.
func (s *Service) account(ctx context.Context, username string) error {
	if domain.ScopeOf(ctx).Whole() {
		return nil
	}
	u, err := s.store.UserByName(ctx, username)
	if err != nil {
		return err
	}
	if vis, err := s.visible(ctx, []domain.User{u}); err != nil || len(vis) == 0 {
		if err == nil {
			err = domain.E(domain.ENOTFOUND, "accounts.unknown_user", username)
		}
		return err
	}
	return nil
}

// Directory is the accounts page: every account, the units an account may belong to, the
// names of every unit shown, and the policy in force (for the password rules the form states).
type Directory struct {
	Users     []domain.User
	Units     []domain.Unit // the units of the home region
	UnitNames map[string]string
	// RegionNames names the accounts' regions (catalogue names: 台山市 for 440781).
	RegionNames map[string]string
	Policy      Policy
}

// Directory lists every account and the units of region ("" for none), naming also the units of
// accounts outside it.
func (s *Service) Directory(ctx context.Context, region string) (Directory, error) {
	var d Directory
	var err error
	if d.Users, err = s.Users(ctx); err != nil {
		return d, err
	}
	if d.Policy, err = s.Policy(ctx); err != nil {
		return d, err
	}
	d.Policy = d.Policy.WithDefaults()
	if region != "" && domain.InScope(ctx, s.store, region, "") != nil {
		region = domain.ScopeOf(ctx).Region // another region's units are not offered
	}
	if region != "" {
		if d.Units, err = s.store.Units(ctx, region); err != nil {
			return d, err
		}
	}
	d.UnitNames = map[string]string{}
	for _, u := range d.Units {
		d.UnitNames[u.Code] = u.Name
	}
	d.RegionNames = map[string]string{}
	for _, u := range d.Users {
		if _, ok := d.UnitNames[u.UnitCode]; !ok && u.UnitCode != "" {
			if unit, err := s.store.Unit(ctx, u.UnitCode); err == nil {
				d.UnitNames[u.UnitCode] = unit.Name
			}
		}
		if _, ok := d.RegionNames[u.RegionCode]; !ok && u.RegionCode != "" {
			if r, err := s.store.Region(ctx, u.RegionCode); err == nil {
				d.RegionNames[u.RegionCode] = r.Name
			}
		}
	}
	return d, nil
}

// Users lists every account, by username.
// A scoped account sees only the accounts of its region and below.
func (s *Service) Users(ctx context.Context) ([]domain.User, error) {
	users, err := s.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	return s.visible(ctx, users)
}

// Language is the interface language u chose, as a catalogue language.
func Language(u domain.User) string { return locale.Match(u.Lang) }

// SetDisabled disables (or enables again) the account username, audited as by's. Disabling ends
// the account's sessions and revokes its API tokens at once; a disabled account cannot sign in
// (and TokenUser refuses it). Nobody disables their own account.
func (s *Service) SetDisabled(ctx context.Context, by domain.Who, username string, disabled bool) (domain.User, error) {
	if strings.EqualFold(by.Username, username) {
		return domain.User{}, domain.E(domain.EFORBIDDEN, "policy.own_account")
	}
	if err := s.account(ctx, username); err != nil {
		return domain.User{}, err
	}
	return s.store.SetUserDisabled(ctx, by, username, disabled)
}

// RoleChange is what the role form sends: the account, its new role and, for a reporter, its unit.
type RoleChange struct {
	Username string
	Role     domain.Role
	Unit     string
}

// AssignRole gives an account its one role (三员分立: an administrator role excludes every other,
// as a business role does, since an account has exactly one), audited as by's with old → new. The
// role must be known and a reporter — only a reporter — needs a unit that exists; nobody changes
// their own role.
func (s *Service) AssignRole(ctx context.Context, by domain.Who, c RoleChange) (domain.User, error) {
	if strings.EqualFold(by.Username, c.Username) {
		return domain.User{}, domain.E(domain.EFORBIDDEN, "policy.own_role")
	}
	u := domain.User{Username: c.Username, Role: c.Role, UnitCode: c.Unit}
	if err := u.ValidateRole(); err != nil {
		return domain.User{}, err
	}
	if err := s.account(ctx, c.Username); err != nil {
		return domain.User{}, err
	}
	return s.store.SetUserRole(ctx, by, u, func(old domain.User) error {
		if strings.EqualFold(by.Username, old.Username) {
			return domain.E(domain.EFORBIDDEN, "policy.own_role")
		}
		return nil
	})
}
