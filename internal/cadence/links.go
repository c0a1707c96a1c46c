package cadence

import (
	"context"

	"pacer/internal/domain"
)

// What a follow-up may be linked to, and an agenda item refer to (issue 16): an indicator of the
// catalogue (shared by every region), or a key project, an investment lead or an enterprise of
// the follow-up's own region or below it. Another county's object reads as one that does not
// exist — the same message as an unknown code — so a county learns nothing of its neighbour's
// registers, and a page never shows another county's object's name.

// linkUnknown is the message key of a link that names no object the follow-up may link to, by
// link kind; each takes the code typed and, for a register's object, the region's name.
var linkUnknown = map[string]string{
	domain.LinkIndicator:  "cadence.followup.link_indicator_unknown",
	domain.LinkProject:    "cadence.followup.link_project_unknown",
	domain.LinkLead:       "cadence.followup.link_lead_unknown",
	domain.LinkEnterprise: "cadence.followup.link_enterprise_unknown",
}

// linked is the object a follow-up of region links to.
type linked struct {
	Name, NameEN string // NameEN: an indicator's English name; "" for a register's objects
}

// linkTarget returns what kind and ref (a link domain.FollowUp.Validate accepted) name for a
// follow-up of region: ok is false when there is no such object, or it is a register's object
// of a region region does not cover.
func (s *Service) linkTarget(ctx context.Context, region, kind, ref string) (l linked, ok bool, err error) {
	var objRegion string
	switch kind {
	case domain.LinkIndicator:
		ind, err := s.store.Indicator(ctx, ref)
		if domain.ErrorKind(err) == domain.ENOTFOUND {
			return l, false, nil
		}
		return linked{Name: ind.Name, NameEN: ind.NameEN}, err == nil, err
	case domain.LinkProject:
		p, e := s.store.Project(ctx, ref)
		l.Name, objRegion, err = p.Name, p.RegionCode, e
	case domain.LinkLead:
		ld, e := s.store.Lead(ctx, ref)
		l.Name, objRegion, err = ld.Name, ld.RegionCode, e
	case domain.LinkEnterprise:
		en, e := s.store.Enterprise(ctx, ref)
		l.Name, objRegion, err = en.Name, en.RegionCode, e
	default:
		return l, false, nil
	}
	if domain.ErrorKind(err) == domain.ENOTFOUND {
		return linked{}, false, nil
	} else if err != nil {
		return linked{}, false, err
	}
	if region == "" {
		return linked{}, false, nil // no region: nothing is its own (Scope{} would cover all)
	}
	chain, err := s.store.RegionChain(ctx, objRegion)
	if domain.ErrorKind(err) == domain.ENOTFOUND {
		return linked{}, false, nil
	} else if err != nil {
		return linked{}, false, err
	}
	if !(domain.Scope{Region: region}).Covers(chain) {
		return linked{}, false, nil
	}
	return l, true, nil
}

// checkLink refuses a link (kind and ref, of a follow-up or an agenda item of region) that names
// no object region may link to (see linkTarget): EINVALID naming the kind, the code typed and
// what was expected, the same whether the code is unknown or another region's.
func (s *Service) checkLink(ctx context.Context, region, kind, ref string) error {
	if kind == "" {
		return nil
	}
	if _, ok, err := s.linkTarget(ctx, region, kind, ref); err != nil || ok {
		return err
	}
	if kind == domain.LinkIndicator {
		return domain.E(domain.EINVALID, linkUnknown[kind], ref)
	}
	name := region
	if chain, err := s.store.RegionChain(ctx, region); err == nil && len(chain) > 0 {
		name = chain[0].Name
	}
	return domain.E(domain.EINVALID, linkUnknown[kind], ref, name)
}
