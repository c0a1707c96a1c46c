// Package projects keeps the key-project register (重点项目): its import, summaries by level,
// category, town and stage against time progress, the stage worklists, the project page's
// figures, edits by permission, problems and site photos. Every entry point — `pacer import`,
// `pacer projects`, the /projects pages and the demo — goes through it.
package projects

import (
	"context"
	"slices"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// Service is the key-project workflow over one store. It holds no other state.
type Service struct {
	store *store.Store
}

// New returns the workflow over st.
func New(st *store.Store) *Service { return &Service{store: st} }

func who(a domain.Actor) store.Who { return store.Who{Username: a.Username, Role: a.Role, IP: a.IP} }

// area is a region and every region under it (a county's towns; a province's prefectures,
// counties and towns), with the names of all of them.
type area struct {
	Root  domain.Region
	Codes []string
	Names map[string]string
}

// areaOf resolves region: an unknown code is ENOTFOUND.
func (s *Service) areaOf(ctx context.Context, region string) (area, error) {
	root, err := s.store.Region(ctx, region)
	if err != nil {
		return area{}, err
	}
	all, err := s.store.Regions(ctx)
	if err != nil {
		return area{}, err
	}
	children := map[string][]string{}
	names := map[string]string{}
	for _, r := range all {
		names[r.Code] = r.Name
		if r.Parent != "" {
			children[r.Parent] = append(children[r.Parent], r.Code)
		}
	}
	a := area{Root: root, Names: names}
	queue := []string{root.Code}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		a.Codes = append(a.Codes, c)
		queue = append(queue, children[c]...)
	}
	slices.Sort(a.Codes)
	return a, nil
}

// within reports whether code is region or under it.
func (a area) within(code string) bool {
	_, ok := slices.BinarySearch(a.Codes, code)
	return ok
}
