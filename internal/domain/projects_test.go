package domain

import (
	"slices"
	"testing"
	"time"
)

func TestProjectValidate(t *testing.T) {
	ok := Project{Code: "P-1", Name: "项目", Level: "省重点", Category: "工业", Stage: "动工", TotalInvestment: 3}
	if errs := ok.Validate(); len(errs) != 0 {
		t.Errorf("valid project: got %v", errs)
	}
	bad := Project{Code: "P 1", Name: " ", Level: "国重点", Category: "农业", Stage: "开工", TotalInvestment: -1}
	var fields []string
	for _, e := range bad.Validate() {
		fields = append(fields, e.Field)
		if e.Expected.IsZero() {
			t.Errorf("%s: no expected text", e.Field)
		}
	}
	if want := []string{"code", "name", "level", "category", "stage", "total_investment"}; !slices.Equal(fields, want) {
		t.Errorf("invalid project: got fields %v, want %v", fields, want)
	}
	if (Project{Stage: "供地"}).Started() || !(Project{Stage: "入库"}).Started() {
		t.Error("Started: 供地 is not started, 入库 is")
	}
}

func day(s string) time.Time { d, _ := time.Parse(DateLayout, s); return d }

func TestMilestoneDelay(t *testing.T) {
	for _, tc := range []struct {
		m    Milestone
		asOf string
		want int
		late bool
	}{
		{Milestone{Planned: "2023-06-10"}, "2023-06-30", 20, true},
		{Milestone{Planned: "2023-06-10"}, "2023-06-01", 0, false},
		{Milestone{Planned: "2023-06-10", Actual: "2023-06-15"}, "2023-06-30", 5, false},
		{Milestone{Planned: "2023-06-10", Actual: "2023-06-01"}, "2023-06-30", 0, false},
		{Milestone{}, "2023-06-30", 0, false},
	} {
		if got := tc.m.DelayDays(day(tc.asOf)); got != tc.want || tc.m.Late(day(tc.asOf)) != tc.late {
			t.Errorf("%+v at %s: got %d late %v, want %d %v", tc.m, tc.asOf, got, tc.m.Late(day(tc.asOf)), tc.want, tc.late)
		}
	}
	if errs := (Milestone{Stage: "挂牌", Planned: "2023-02-30"}).Validate(); len(errs) != 1 || errs[0].Field != "planned_date" {
		t.Errorf("bad date: got %v", errs)
	}
	if errs := (Milestone{Stage: "开工"}).Validate(); len(errs) != 1 || errs[0].Field != "milestone" {
		t.Errorf("bad stage: got %v", errs)
	}
}

func TestProblemRules(t *testing.T) {
	p := Problem{Description: "征地", Deadline: "2023-06-30", State: "待协调"}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if !p.Overdue(day("2023-07-01")) || p.Overdue(day("2023-06-30")) {
		t.Error("overdue: the day after the deadline only")
	}
	p.State = "已解决"
	if p.Overdue(day("2023-08-01")) {
		t.Error("a solved problem is never overdue")
	}
	for _, bad := range []Problem{{State: "待协调"}, {Description: "x", State: "搁置"}, {Description: "x", State: "待协调", Deadline: "6/30"}} {
		if ErrorKind(bad.Validate()) != EINVALID {
			t.Errorf("%+v: got %v, want invalid", bad, bad.Validate())
		}
	}
}

func TestProjectWork(t *testing.T) {
	asOf := day("2023-06-30")
	lists := func(stage string, ms ...Milestone) []string {
		var out []string
		for _, e := range (Project{Stage: stage}).Work(ms, asOf) {
			out = append(out, string(e.List)+":"+e.Milestone.Stage)
		}
		return out
	}
	for _, tc := range []struct {
		stage string
		ms    []Milestone
		want  []string
	}{
		// Not listed, 挂牌 planned this year (past: also late); 供地 next year is not this year's work.
		{"前期", []Milestone{{Stage: "挂牌", Planned: "2023-05-31"}}, []string{"to_list_or_supply:挂牌", "late:挂牌"}},
		{"前期", []Milestone{{Stage: "挂牌", Planned: "2023-09-30"}}, []string{"to_list_or_supply:挂牌"}},
		{"谋划储备", []Milestone{{Stage: "供地", Planned: "2024-03-01"}}, nil},
		{"谋划储备", []Milestone{{Stage: "挂牌", Planned: "2023-03-01", Actual: "2023-03-01"}, {Stage: "供地", Planned: "2023-10-01"}}, []string{"to_list_or_supply:供地"}},
		{"挂牌", []Milestone{{Stage: "挂牌", Planned: "2023-01-31"}, {Stage: "供地", Planned: "2023-08-31"}}, []string{"to_list_or_supply:供地"}},
		{"供地", nil, []string{"to_start:"}},
		{"供地", []Milestone{{Stage: "动工", Planned: "2023-06-10"}}, []string{"to_start:动工", "late:动工"}},
		{"动工", []Milestone{{Stage: "入库", Planned: "2023-07-31"}}, []string{"to_enter:入库"}},
		// A stage already past its milestone is not late, with or without an actual date.
		{"投产", []Milestone{{Stage: "动工", Planned: "2023-01-01"}}, nil},
		{"入库", nil, nil},
	} {
		if got := lists(tc.stage, tc.ms...); !slices.Equal(got, tc.want) {
			t.Errorf("%s %+v: got %v, want %v", tc.stage, tc.ms, got, tc.want)
		}
	}
}
