// Package projects keeps the key-project register (重点项目): its import, summaries by level,
// category, town and stage against time progress, the stage worklists, the project page's
// figures, edits by permission, problems and site photos. Every entry point — `pacer import`,
// `pacer projects`, the /projects pages and the demo — goes through it.
package projects

import (
	"context"
	"slices"
	"sync"
	"time"

	"pacer/internal/domain"
	"pacer/internal/figures"
	"pacer/internal/store"
)

// Service is the key-project workflow over one store. Its only state is the region tree, kept
// for one data version (regions change only in write transactions).
type Service struct {
	store *store.Store
	figs  *figures.Service // register figures recomputed after each write (UseFigures); nil: none
	// Observe, when set (app.Observe: the server's metrics), is told each import's duration and
	// outcome (ingest.Outcome).
	Observe func(kind, outcome string, d time.Duration)

	mu   sync.Mutex
	tree *regionTree
}

// regionTree is every region's children and name, as read at data version.
type regionTree struct {
	version  int64
	regions  map[string]domain.Region
	children map[string][]string
}

// treeOf returns the region tree of the current data version.
func (s *Service) treeOf(ctx context.Context) (*regionTree, error) {
	v, err := s.store.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	t := s.tree
	s.mu.Unlock()
	if t != nil && t.version == v {
		return t, nil
	}
	all, err := s.store.Regions(ctx)
	if err != nil {
		return nil, err
	}
	t = &regionTree{version: v, regions: make(map[string]domain.Region, len(all)), children: map[string][]string{}}
	for _, r := range all {
		t.regions[r.Code] = r
		if r.Parent != "" {
			t.children[r.Parent] = append(t.children[r.Parent], r.Code)
		}
	}
	s.mu.Lock()
	s.tree = t
	s.mu.Unlock()
	return t, nil
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

// scopedArea is areaOf for an entry point: a region outside ctx's scope is ENOTFOUND.
func (s *Service) scopedArea(ctx context.Context, region string) (area, error) {
	if err := domain.InScope(ctx, s.store, region, ""); err != nil {
		return area{}, err
	}
	return s.areaOf(ctx, region)
}

// project is project code when ctx's scope covers its region, else ENOTFOUND.
func (s *Service) project(ctx context.Context, code string) (domain.Project, error) {
	p, err := s.store.Project(ctx, code)
	if err == nil {
		err = domain.InScope(ctx, s.store, p.RegionCode, code)
	}
	return p, err
}

// areaOf resolves region: an unknown code is ENOTFOUND.
func (s *Service) areaOf(ctx context.Context, region string) (area, error) {
	t, err := s.treeOf(ctx)
	if err != nil {
		return area{}, err
	}
	root, ok := t.regions[region]
	if !ok {
		return area{}, domain.E(domain.ENOTFOUND, "projects.unknown_region", region)
	}
	a := area{Root: root, Names: map[string]string{}}
	queue := []string{root.Code}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		a.Codes = append(a.Codes, c)
		a.Names[c] = t.regions[c].Name
		queue = append(queue, t.children[c]...)
	}
	slices.Sort(a.Codes)
	return a, nil
}

// within reports whether code is region or under it.
func (a area) within(code string) bool {
	_, ok := slices.BinarySearch(a.Codes, code)
	return ok
}
