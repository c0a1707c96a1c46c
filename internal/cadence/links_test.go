package cadence_test

import (
	"strings"
	"testing"

	"pacer/internal/cadence"
	"pacer/internal/domain"
	"pacer/internal/store"
)

// registers writes a key project, a lead and an enterprise of 台山市 (region) and of its peer
// 鹤山市 (440784, the enterprise in its town 龙口镇).
func registers(t *testing.T, s *store.Store) {
	t.Helper()
	if _, err := s.ApplyProjects(ctx, store.ProjectBatch{Actor: "test", Source: "test", Projects: []domain.Project{
		{Code: "TS-1", Name: "台山核电配套项目", Level: "省重点", Category: "工业", RegionCode: region, Stage: "动工", TotalInvestment: 10},
		{Code: "HS-1", Name: "鹤山项目", Level: "省重点", Category: "工业", RegionCode: "440784", Stage: "动工", TotalInvestment: 10},
	}}); err != nil {
		t.Fatal(err)
	}
	test := store.Who{Username: "test"}
	if _, err := s.SaveLeads(ctx, test, []domain.Lead{
		{Code: "TL-1", Name: "台山海上风电线索", Stage: domain.LeadTalks, Investment: 5, SourceRegion: "欧洲", Team: "一组", RegionCode: region},
		{Code: "HL-1", Name: "鹤山线索", Stage: domain.LeadTalks, Investment: 5, SourceRegion: "欧洲", Team: "一组", RegionCode: "440784"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveEnterprises(ctx, test, []domain.Enterprise{
		{CreditCode: "91440781MA00000001", Name: "台山甲公司", RegionCode: region, Industry: "装备"},
		{CreditCode: "91440784MA00000002", Name: "鹤山乙公司", RegionCode: "440784101", Industry: "装备"},
	}); err != nil {
		t.Fatal(err)
	}
}

// TestFollowUpLinks (issue 16): a follow-up of 台山市 linked to 台山's own key project, lead or
// enterprise is made and listed with the object's name; linked to a code that does not exist
// or to 鹤山's object it is refused with one message (naming the kind, the code and what was
// expected, never that 鹤山 has it), and nothing is written — no follow-up, no audit row.
func TestFollowUpLinks(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		registers(t, s)
		for _, tc := range []struct {
			kind, own, name, foreign, unknown string
			zh, en                            string // what the refusal says of the kind and what is expected
		}{
			{domain.LinkProject, "TS-1", "台山核电配套项目", "HS-1", "TS-404", "重点项目编号", "key project"},
			{domain.LinkLead, "TL-1", "台山海上风电线索", "HL-1", "TL-404", "招商线索编号", "investment lead"},
			{domain.LinkEnterprise, "91440781MA00000001", "台山甲公司", "91440784MA00000002", "91440781MA00000404", "统一社会信用代码", "enterprise"},
		} {
			fu, err := c.CreateFollowUp(ctx, ana, region, cadence.Decision{Title: "关联" + tc.kind, OwnerUnit: "440781-swj",
				Deadline: "2023-08-09", LinkKind: tc.kind, LinkRef: tc.own})
			if err != nil {
				t.Fatalf("link to 台山's own %s %s: %v", tc.kind, tc.own, err)
			}
			l, err := c.FollowUps(ctx, region, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range l.Rows {
				if r.ID == fu.ID && r.LinkName != tc.name {
					t.Errorf("follow-up linked to %s %s: got link name %q, want %q", tc.kind, tc.own, r.LinkName, tc.name)
				}
			}

			before, _ := s.AuditLog(ctx, 1)
			msgs := map[string][2]string{}
			for _, ref := range []string{tc.unknown, tc.foreign} {
				_, err := c.CreateFollowUp(ctx, ana, region, cadence.Decision{Title: "关联" + ref, OwnerUnit: "440781-swj",
					Deadline: "2023-08-09", LinkKind: tc.kind, LinkRef: ref})
				if domain.ErrorKind(err) != domain.EINVALID {
					t.Errorf("link to %s %s: got %v, want EINVALID", tc.kind, ref, err)
					continue
				}
				zh, en := domain.Message("zh-CN", err), domain.Message("en", err)
				for _, want := range []string{"「" + ref + "」", "台山市", tc.zh, "本地区"} {
					if !strings.Contains(zh, want) {
						t.Errorf("link to %s %s: got %q, want it to say %q", tc.kind, ref, zh, want)
					}
				}
				for _, want := range []string{`"` + ref + `"`, tc.en, "this region"} {
					if !strings.Contains(en, want) {
						t.Errorf("link to %s %s in English: got %q, want it to say %q", tc.kind, ref, en, want)
					}
				}
				if strings.Contains(zh, "鹤山") || strings.Contains(en, "鹤山") || strings.Contains(en, "Heshan") {
					t.Errorf("link to %s %s: got %q / %q, want no word of 鹤山", tc.kind, ref, zh, en)
				}
				msgs[ref] = [2]string{strings.ReplaceAll(zh, ref, "CODE"), strings.ReplaceAll(en, ref, "CODE")}
			}
			if msgs[tc.unknown] != msgs[tc.foreign] {
				t.Errorf("%s: unknown code gives %q, 鹤山's gives %q; want the same message", tc.kind, msgs[tc.unknown], msgs[tc.foreign])
			}
			after, _ := s.AuditLog(ctx, 1)
			if after[0].ID != before[0].ID {
				t.Errorf("refused links to %s: got audit row %+v, want none", tc.kind, after[0])
			}
			if l2, _ := c.FollowUps(ctx, region, ""); len(l2.Rows) != len(l.Rows) {
				t.Errorf("refused links to %s: got %d follow-ups, want %d", tc.kind, len(l2.Rows), len(l.Rows))
			}
		}
		// An unknown indicator is refused the same way (EINVALID, not a missing page).
		_, err := c.CreateFollowUp(ctx, ana, region, cadence.Decision{Title: "x", OwnerUnit: "440781-swj", Deadline: "2023-08-09",
			LinkKind: domain.LinkIndicator, LinkRef: "no_such"})
		if domain.ErrorKind(err) != domain.EINVALID || !strings.Contains(err.Error(), "「no_such」") {
			t.Errorf("link to indicator no_such: got %v, want EINVALID naming it", err)
		}
	})
}

// TestMeetingDecisionLinks: a meeting whose decisions link to 鹤山's project is refused as a
// whole — no meeting, no follow-up, no audit row; with 台山's own it is recorded.
func TestMeetingDecisionLinks(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		registers(t, s)
		m := domain.Meeting{RegionCode: region, Week: "2023-W32", HeldOn: "2023-08-07", Chair: "市长"}
		good := cadence.Decision{Title: "推进台山项目", OwnerUnit: "440781-swj", Deadline: "2023-08-30", LinkKind: domain.LinkProject, LinkRef: "TS-1"}
		before, _ := s.AuditLog(ctx, 1)
		for _, ref := range []string{"HS-1", "TS-404"} {
			bad := cadence.Decision{Title: "推进项目", OwnerUnit: "440781-swj", Deadline: "2023-08-30", LinkKind: domain.LinkProject, LinkRef: ref}
			_, _, err := c.RecordMeeting(ctx, ana, m, []cadence.Decision{good, bad})
			if domain.ErrorKind(err) != domain.EINVALID || !strings.Contains(err.Error(), "「"+ref+"」") {
				t.Errorf("a decision linked to project %s: got %v, want EINVALID naming it", ref, err)
			}
		}
		if ms, _ := s.Meetings(ctx, region, ""); len(ms) != 0 {
			t.Errorf("after refused meetings: got %d meetings, want none", len(ms))
		}
		if fs, _ := s.FollowUps(ctx, store.FollowUpQuery{Region: region}); len(fs) != 0 {
			t.Errorf("after refused meetings: got %d follow-ups, want none", len(fs))
		}
		if after, _ := s.AuditLog(ctx, 1); after[0].ID != before[0].ID {
			t.Errorf("after refused meetings: got audit row %+v, want none", after[0])
		}
		if _, ds, err := c.RecordMeeting(ctx, ana, m, []cadence.Decision{good}); err != nil || len(ds) != 1 || ds[0].LinkRef != "TS-1" {
			t.Errorf("a decision linked to 台山's project: got %+v, %v", ds, err)
		}
	})
}

// TestFollowUpForeignLinkNotShown: a follow-up that links to 鹤山's project (written before
// links were checked) is listed by the code alone — 鹤山's project's name is not shown.
func TestFollowUpForeignLinkNotShown(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		registers(t, s)
		if _, err := s.CreateFollowUp(ctx, store.Who{Username: "old"}, domain.FollowUp{RegionCode: region, Title: "旧关联",
			OwnerUnit: "440781-swj", Deadline: "2023-08-09", LinkKind: domain.LinkProject, LinkRef: "HS-1"}, nil); err != nil {
			t.Fatal(err)
		}
		l, err := c.FollowUps(ctx, region, "")
		if err != nil || len(l.Rows) != 1 {
			t.Fatalf("got %+v, %v; want one follow-up", l, err)
		}
		if r := l.Rows[0]; r.LinkName != "" || r.LinkRef != "HS-1" {
			t.Errorf("a link to 鹤山's project: got name %q ref %q, want no name and the code HS-1", r.LinkName, r.LinkRef)
		}
	})
}

// TestAgendaItemLinks: the analyst may put 台山's own key project or lead on 台山's agenda (shown
// by its name), never 鹤山's nor an unknown code — refused with the follow-ups' message.
func TestAgendaItemLinks(t *testing.T) {
	eachStore(t, func(t *testing.T, s *store.Store, c *cadence.Service) {
		registers(t, s)
		const week = "2023-W32"
		for _, bad := range []struct{ kind, ref string }{{"project", "HS-1"}, {"project", "TS-404"}, {"lead", "HL-1"}, {"lead", "TL-404"}} {
			err := c.AddItem(ctx, ana, region, week, bad.kind, bad.ref, "")
			if domain.ErrorKind(err) != domain.EINVALID || !strings.Contains(err.Error(), "「"+bad.ref+"」在台山市") {
				t.Errorf("add %s %s to 台山's agenda: got %v, want EINVALID naming it", bad.kind, bad.ref, err)
			}
		}
		for _, own := range []struct{ kind, ref, name string }{{"project", "TS-1", "台山核电配套项目"}, {"lead", "TL-1", "台山海上风电线索"}} {
			if err := c.AddItem(ctx, ana, region, week, own.kind, own.ref, ""); err != nil {
				t.Fatalf("add %s %s: %v", own.kind, own.ref, err)
			}
		}
		a, err := c.WeeklyAgenda(ctx, region, week)
		if err != nil {
			t.Fatal(err)
		}
		titles := map[string]string{}
		for _, it := range a.In("zh-CN").Items {
			titles[it.Kind+":"+it.Ref] = it.Title
		}
		if titles["project:TS-1"] != "台山核电配套项目" || titles["lead:TL-1"] != "台山海上风电线索" {
			t.Errorf("added items: got project %q, lead %q; want their names", titles["project:TS-1"], titles["lead:TL-1"])
		}
		if _, ok := titles["project:HS-1"]; ok {
			t.Errorf("鹤山's project HS-1 is on 台山's agenda")
		}
	})
}
