package ingest

import (
	"context"

	"pacer/internal/domain"
	"pacer/internal/store"
)

// checkScope refuses a batch that writes outside ctx's scope (issue 16): every figure, target,
// unit, goal-tree point, assignment and printed rank must be of a region the scope covers (a new
// town: its county); indicator definitions are shared by every region, a deployment-wide
// account's. A bulletin that prints a whole prefecture's counties is imported by the prefecture's
// (or a deployment-wide) account; a county account imports its own figures.
func checkScope(ctx context.Context, st *store.Store, b store.Batch) error {
	if domain.ScopeOf(ctx).Whole() {
		return nil
	}
	if len(b.Indicators) > 0 {
		if err := domain.DeploymentWide(ctx); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	check := func(region string) error {
		if seen[region] {
			return nil
		}
		seen[region] = true
		return domain.InScope(ctx, st, region, "")
	}
	var parents []string
	for _, r := range b.Regions {
		seen[r.Code] = true // new towns: their county is checked
		parents = append(parents, r.Parent)
	}
	// Checked as they come, in the batch's order: a list of every figure's region first was 16
	// bytes a figure.
	var err error
	each := func(region string) {
		if err == nil {
			err = check(region)
		}
	}
	for _, r := range parents {
		each(r)
	}
	for _, x := range b.Observations {
		each(x.RegionCode)
	}
	for i := range b.Figures.Len() {
		r, _, _ := b.Figures.Key(i)
		each(r)
	}
	for _, x := range b.Targets {
		each(x.RegionCode)
	}
	for _, x := range b.Units {
		each(x.RegionCode)
	}
	for _, x := range b.FocusPoints {
		each(x.RegionCode)
	}
	for _, x := range b.Assignments {
		each(x.RegionCode)
	}
	for _, x := range b.PublishedRanks {
		each(x.RegionCode)
	}
	return err
}
