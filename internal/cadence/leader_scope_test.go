package cadence_test

import (
	"slices"
	"testing"

	"pacer/internal/cadence"
	"pacer/internal/domain"
	"pacer/internal/store"
)

// TestLeadersOfRegion (issue 16): the leader in charge a follow-up of 台山市 may have is a leader
// who sees 台山市 — deployment-wide, the prefecture's (江门市) or 台山市's own — never a leader of
// its peer 鹤山市, whose name the forms would otherwise show to 台山's analyst; and a follow-up
// may not be linked to 鹤山's key project (whose leader in charge it would otherwise take).
func TestLeadersOfRegion(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		for _, u := range []domain.User{
			{Username: "whole", Role: domain.RoleLeader},
			{Username: "pref", Role: domain.RoleLeader, RegionCode: "440700"},
			{Username: "own", Role: domain.RoleLeader, RegionCode: region},
			{Username: "heshan", DisplayName: "鹤山市领导甲", Role: domain.RoleLeader, RegionCode: "440784"},
		} {
			u.PasswordHash = "x"
			if _, err := s.CreateUser(ctx, store.Who{Username: "test"}, u); err != nil {
				t.Fatal(err)
			}
		}
		ls, err := c.Leaders(ctx, region)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range ls {
			got = append(got, u.Username)
		}
		if want := []string{"own", "pref", "whole"}; !slices.Equal(got, want) {
			t.Errorf("Leaders(%s): got %v, want %v (not 鹤山's leader)", region, got, want)
		}
		if _, err := c.CreateFollowUp(ctx, ana, region, cadence.Decision{Title: "派给鹤山领导", OwnerUnit: "440781-swj",
			Deadline: "2023-08-09", Leader: "heshan"}); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("a follow-up of %s with 鹤山's leader in charge: got %v, want EINVALID", region, err)
		}
		if _, err := s.ApplyProjects(ctx, store.ProjectBatch{Actor: "test", Source: "test", Projects: []domain.Project{{Code: "HS-1",
			Name: "鹤山项目", Level: "省重点", Category: "工业", RegionCode: "440784", Stage: "动工", TotalInvestment: 10, Leader: "鹤山市领导甲"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateFollowUp(ctx, ana, region, cadence.Decision{Title: "关联鹤山项目", OwnerUnit: "440781-swj",
			Deadline: "2023-08-09", LinkKind: domain.LinkProject, LinkRef: "HS-1"}); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("a follow-up of %s linked to 鹤山's project: got %v, want EINVALID (TestFollowUpLinks)", region, err)
		}
		fu, err := c.CreateFollowUp(ctx, ana, region, cadence.Decision{Title: "无关联", OwnerUnit: "440781-swj", Deadline: "2023-08-09"})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.SetLeader(ctx, ana, region, fu.ID, "heshan"); domain.ErrorKind(err) != domain.EINVALID {
			t.Errorf("naming 鹤山's leader in charge of a follow-up of %s: got %v, want EINVALID", region, err)
		}
		if err := c.SetLeader(ctx, ana, region, fu.ID, "pref"); err != nil {
			t.Errorf("naming the prefecture's leader in charge of a follow-up of %s: %v", region, err)
		}
	})
}
