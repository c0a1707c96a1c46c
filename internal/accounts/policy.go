package accounts

import (
	"context"

	"pacer/internal/domain"
)

// Policy is the security policy in force (domain.SecurityPolicy): password rules, lockout, session
// timeouts and which roles need a second factor. The secadmin sets it (SetPolicy); it is stored in
// the database and read through Policy, so a change takes effect without a restart.
type Policy = domain.SecurityPolicy

// DefaultPolicy is the policy of a database whose secadmin never set one (SECURITY.md's defaults).
func DefaultPolicy() Policy { return domain.DefaultSecurityPolicy() }

// Policy returns the policy in force: the stored settings over the defaults. It is read again
// whenever the database has changed (the store's data version), so a change made by this process
// counts at once and one made by another within a second. A stored value that cannot be read is
// logged and keeps its default.
func (s *Service) Policy(ctx context.Context) (Policy, error) {
	version, err := s.store.DataVersion(ctx)
	if err != nil {
		return Policy{}, err
	}
	s.policy.mu.Lock()
	if s.policy.ok && s.policy.version == version {
		p := s.policy.p
		s.policy.mu.Unlock()
		return p, nil
	}
	s.policy.mu.Unlock()
	values, err := s.store.SecurityPolicySettings(ctx)
	if err != nil {
		return Policy{}, err
	}
	p, err := domain.PolicyFromSettings(values)
	if err != nil {
		s.log.Error("stored security policy", "err", err)
	}
	s.policy.mu.Lock()
	s.policy.p, s.policy.version, s.policy.ok = p, version, true
	s.policy.mu.Unlock()
	return p, nil
}

// SetPolicy validates p and stores it, audited as by's: one policy.change row per setting that
// moved, old → new. It returns the names of the settings it changed.
func (s *Service) SetPolicy(ctx context.Context, by domain.Who, p Policy) ([]string, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return s.store.SetSecurityPolicy(ctx, by, p.Settings(), DefaultPolicy().Settings(), false)
}

// SetPolicySettings is SetPolicy for a form or a command line that gives settings by name
// (domain.PolicySettingNames): the settings not given keep the values in force.
func (s *Service) SetPolicySettings(ctx context.Context, by domain.Who, values map[string]string) ([]string, error) {
	if err := domain.DeploymentWide(ctx); err != nil {
		return nil, err // one policy for every account
	}
	cur, err := s.Policy(ctx)
	if err != nil {
		return nil, err
	}
	merged := cur.Settings()
	for name, v := range values {
		merged[name] = v
	}
	p, err := domain.PolicyFromSettings(merged)
	if err != nil {
		return nil, err
	}
	return s.SetPolicy(ctx, by, p)
}

// SeedPolicy stores p as the first-run policy (`pacer serve` flags) while no setting is stored,
// audited as by's; it reports whether it wrote anything (nothing either when p is the default
// policy). Once a setting is stored the policy changes only through SetPolicy.
func (s *Service) SeedPolicy(ctx context.Context, by domain.Who, p Policy) (bool, error) {
	if err := p.Validate(); err != nil {
		return false, err
	}
	changed, err := s.store.SetSecurityPolicy(ctx, by, p.Settings(), DefaultPolicy().Settings(), true)
	return len(changed) > 0, err
}
