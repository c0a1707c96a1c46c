package domain

import (
	"context"

	"pacer/internal/locale"
)

// Scope is the part of the country an account sees (issue 16): a region and everything below it.
// The zero Scope is the whole deployment (an account created before scopes, or a deployment-wide
// sysadmin; `pacer user add` without --region). A reporter's scope is its unit's region.
//
// Rules (the workflows apply them, once per entry):
//   - Covers: the region is the scope's region or below it — targets, the goal tree, submissions,
//     registers, follow-ups, snapshots, reports, the audit trail and the scorecard (which shows
//     targets) of a region are readable and writable only then.
//   - Peer: published observations (the bureau's figures, imported) of a region are readable when
//     the region's prefecture is the scope's (SharesPrefecture), so rankings among peers work.
//
// Both take the region's chain: its code and its ancestors', nearest first (the region, its
// county, prefecture, province), as store.RegionChain returns it.
type Scope struct {
	Region string // empty: the whole deployment
	// Chain is Region's chain (Region first, then its ancestors), filled when the scope is
	// resolved (accounts.Service); SharesPrefecture needs it, Covers does not.
	Chain []Region
}

// Whole reports whether s is the whole deployment.
func (s Scope) Whole() bool { return s.Region == "" }

// Covers reports whether the region whose chain is given (the region first, then its ancestors)
// is s's region or below it. The whole deployment covers everything.
func (s Scope) Covers(chain []Region) bool {
	if s.Whole() {
		return true
	}
	for _, r := range chain {
		if r.Code == s.Region {
			return true
		}
	}
	return false
}

// CoversCode reports whether region code, looked up with its ancestors in regions, is s's
// region or below it: what a file import asks of each row. An unknown code is not covered
// (unless s is the whole deployment).
func (s Scope) CoversCode(code string, regions map[string]Region) bool {
	if s.Whole() {
		return true
	}
	for range 8 { // province, prefecture, county, town: a chain is never longer
		if code == s.Region {
			return true
		}
		r, ok := regions[code]
		if !ok || r.Parent == "" {
			return false
		}
		code = r.Parent
	}
	return false
}

// Label names s's region for a problem of a file's row, in the reader's language: 新会区（440705）,
// 新会区 (440705) in English; its code alone when regions lacks it.
func (s Scope) Label(regions map[string]Region) locale.Msg {
	if r, ok := regions[s.Region]; ok {
		return locale.M("scope.region_label", r.Name, r.Code)
	}
	return locale.M("scope.code_label", s.Region)
}

// SharesPrefecture reports whether the region whose chain is given lies in s's prefecture (or
// s covers it): its published observations are readable by s. The prefecture of a chain is its
// prefecture-level member; a district of a municipality (北京市东城区, whose parent is the province)
// has the municipality as its prefecture.
func (s Scope) SharesPrefecture(chain []Region) bool {
	if s.Covers(chain) {
		return true
	}
	mine := PrefectureOf(s.Chain)
	return mine != "" && mine == PrefectureOf(chain)
}

// PrefectureOf is the prefecture of a chain (the region first, then its ancestors): its
// prefecture-level member, else — a municipality's district, or a province-administered county —
// the province; empty for a province itself or an empty chain.
func PrefectureOf(chain []Region) string {
	for _, r := range chain {
		if r.Level == LevelPrefecture {
			return r.Code
		}
	}
	if len(chain) > 1 && chain[len(chain)-1].Level == LevelProvince {
		return chain[len(chain)-1].Code
	}
	return ""
}

// Check answers ENOTFOUND naming key (the object's identifier) unless s covers the chain:
// another region's object reads as one that does not exist, never as its data.
func (s Scope) Check(chain []Region, key string) error {
	if s.Covers(chain) {
		return nil
	}
	return E(ENOTFOUND, "scope.not_found", key)
}

// Chains looks up a region's chain (store.Store.RegionChain).
type Chains interface {
	RegionChain(ctx context.Context, code string) ([]Region, error)
}

// InScope answers nil when ctx's scope covers the region code, else ENOTFOUND (an unknown
// region too); the whole deployment looks nothing up. key names the object in the error (the
// region code when empty).
func InScope(ctx context.Context, st Chains, region, key string) error {
	s := ScopeOf(ctx)
	if s.Whole() {
		return nil
	}
	if key == "" {
		key = region
	}
	chain, err := st.RegionChain(ctx, region)
	if err != nil && ErrorKind(err) != ENOTFOUND {
		return err
	}
	return s.Check(chain, key)
}

// PeerScope answers nil when ctx's scope may read the region's published observations (it
// shares the region's prefecture), else ENOTFOUND.
func PeerScope(ctx context.Context, st Chains, region string) error {
	s := ScopeOf(ctx)
	if s.Whole() {
		return nil
	}
	chain, err := st.RegionChain(ctx, region)
	if err != nil && ErrorKind(err) != ENOTFOUND {
		return err
	}
	if s.SharesPrefecture(chain) {
		return nil
	}
	return E(ENOTFOUND, "scope.not_found", region)
}

type scopeKey struct{}

// WithScope returns ctx carrying the signed-in account's scope; the web guard sets it on every
// request of an account, and every workflow reads it with ScopeOf. A context without one (the
// command line, the scheduler's jobs, the demo) is the whole deployment.
func WithScope(ctx context.Context, s Scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

// ScopeOf is the scope ctx carries, the whole deployment when none.
func ScopeOf(ctx context.Context) Scope {
	s, _ := ctx.Value(scopeKey{}).(Scope)
	return s
}

// DeploymentWide answers nil when ctx's scope is the whole deployment, else EFORBIDDEN: a setting
// every region shares (an indicator's figure basis, the home county, the lead deadlines) is a
// deployment-wide account's to change.
func DeploymentWide(ctx context.Context) error {
	if ScopeOf(ctx).Whole() {
		return nil
	}
	return E(EFORBIDDEN, "scope.deployment_wide")
}
