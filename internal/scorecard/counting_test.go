package scorecard_test

import (
	"math"
	"testing"

	"pacer/internal/domain"
	"pacer/internal/scorecard"
	"pacer/internal/store"
)

func lineOf(t *testing.T, sc map[string]any, code string) map[string]any {
	t.Helper()
	for _, l := range sc["indicators"].([]any) {
		if m := l.(map[string]any); m["code"] == code {
			return m
		}
	}
	t.Fatalf("no line %s", code)
	return nil
}

// The figure that counts: the bureau's by default, the register's when the indicator says so,
// either falling back to the other for a period the chosen one lacks; both shown when both exist.
func TestCountingFigure(t *testing.T) {
	eachDialect(t, func(t *testing.T, s *store.Store) {
		ana := store.Who{Username: "ana", Role: domain.RoleAnalyst}
		load(t, s, csv(obsHeader,
			"440784,key_project_investment,2023-05,72.5,,",
			"440784,key_project_investment,2023-06,90,,",
			"440703,key_project_investment,2023-06,120,,",
		), csv(targetHeader, "440784,key_project_investment,2023,assigned,135.28,"))
		reg := func(region, period string, v float64) domain.RegisterFigure {
			return domain.RegisterFigure{Region: region, Indicator: "key_project_investment", Period: period, Value: v, Register: domain.RegisterProjects}
		}
		if _, err := s.RecordRegisterFigures(ctx, ana, []domain.RegisterFigure{
			reg("440784", "2023-06", 88.2), reg("440784", "2023-07", 95.5), reg("440703", "2023-06", 130),
			{Region: "440784", Indicator: "attracted_projects", Period: "2023-06", Value: 45, Register: domain.RegisterLeads},
		}); err != nil {
			t.Fatal(err)
		}

		// Official by default; both given, labelled.
		l := lineOf(t, scorecardJSON(t, s, "440784", "2023-06"), "key_project_investment")
		if l["value"] != 90.0 || l["basis"] != "official" || l["official_value"] != 90.0 || l["register_value"] != 88.2 || l["register"] != "projects" {
			t.Errorf("official basis, June: got value %v basis %v official %v register %v (%v)", l["value"], l["basis"], l["official_value"], l["register_value"], l["register"])
		}
		if tg := l["targets"].([]any)[0].(map[string]any); round1(tg["completion"]) != 66.5 {
			t.Errorf("completion on the official 90 of 135.28: got %v, want 66.5", tg["completion"])
		}
		// Only the register has July: it counts there, labelled register, without official_value.
		l = lineOf(t, scorecardJSON(t, s, "440784", "2023-07"), "key_project_investment")
		if l["value"] != 95.5 || l["basis"] != "register" || l["official_value"] != nil || l["period"] != "2023-07" || l["source"] != "register" {
			t.Errorf("official basis, July (register only): got %v %v %v %v %v", l["value"], l["basis"], l["official_value"], l["period"], l["source"])
		}
		// An indicator only the register has.
		if l := lineOf(t, scorecardJSON(t, s, "440784", "2023-06"), "attracted_projects"); l["value"] != 45.0 || l["basis"] != "register" {
			t.Errorf("attracted_projects: got %v %v, want the register's 45", l["value"], l["basis"])
		}
		// An indicator without register figures says official and nothing more.
		if l := lineOf(t, scorecardJSON(t, s, "440784", "2023-05"), "key_project_investment"); l["basis"] != "official" || l["register_value"] != nil || l["register"] != nil {
			t.Errorf("May (official only): got %v %v %v", l["basis"], l["register_value"], l["register"])
		}

		// The register chosen: it counts where it has a figure, the bureau's where it has none.
		if _, err := s.SetFigureBasis(ctx, ana, "key_project_investment", domain.BasisRegister); err != nil {
			t.Fatal(err)
		}
		l = lineOf(t, scorecardJSON(t, s, "440784", "2023-06"), "key_project_investment")
		if l["value"] != 88.2 || l["basis"] != "register" || l["official_value"] != 90.0 || l["register_value"] != 88.2 {
			t.Errorf("register basis, June: got %v %v %v %v", l["value"], l["basis"], l["official_value"], l["register_value"])
		}
		if tg := l["targets"].([]any)[0].(map[string]any); round1(tg["completion"]) != 65.2 {
			t.Errorf("completion on the register's 88.2 of 135.28: got %v, want 65.2 (the seed's figure)", tg["completion"])
		}
		if l := lineOf(t, scorecardJSON(t, s, "440784", "2023-05"), "key_project_investment"); l["value"] != 72.5 || l["basis"] != "official" {
			t.Errorf("register basis, May (bureau only): got %v %v, want the official 72.5", l["value"], l["basis"])
		}
		// Rankings and series count the same figures.
		rk, err := scorecard.BuildRanking(ctx, s, "440700", "key_project_investment", "2023-06", "value")
		if err != nil {
			t.Fatal(err)
		}
		vals := map[string]float64{}
		for _, r := range rk.Rows {
			vals[r.Code] = *r.Value
		}
		if vals["440784"] != 88.2 || vals["440703"] != 130 {
			t.Errorf("ranking by value: got %v, want the register's figures", vals)
		}
		sv := scorecard.New(s)
		sr, err := sv.Series(ctx, "key_project_investment", "440784", "2023-07")
		if err != nil {
			t.Fatal(err)
		}
		if v := sr.Cumulative.Value; v[4] == nil || *v[4] != 72.5 || v[5] == nil || *v[5] != 88.2 || v[6] == nil || *v[6] != 95.5 {
			t.Errorf("series May–July: got %v %v %v, want 72.5 (bureau) 88.2 95.5 (register)", v[4], v[5], v[6])
		}
		iv, err := sv.IndicatorView(ctx, "key_project_investment", "440784", "2023-06")
		if err != nil {
			t.Fatal(err)
		}
		if iv.Basis != domain.BasisRegister || len(iv.RegisterRevisions) != 2 || iv.RegisterRevisions[0].Period != "2023-07" || len(iv.Revisions) != 2 {
			t.Errorf("indicator view: got basis %v, %d register revisions, %d official", iv.Basis, len(iv.RegisterRevisions), len(iv.Revisions))
		}

		// Back to official: the bureau's June counts again.
		if _, err := s.SetFigureBasis(ctx, ana, "key_project_investment", domain.BasisOfficial); err != nil {
			t.Fatal(err)
		}
		if l := lineOf(t, scorecardJSON(t, s, "440784", "2023-06"), "key_project_investment"); l["value"] != 90.0 || l["basis"] != "official" {
			t.Errorf("official again: got %v %v", l["value"], l["basis"])
		}
	})
}

func round1(v any) float64 {
	f, _ := v.(float64)
	return math.Round(f*10) / 10
}
