package domain

import "testing"

// The 统一社会信用代码 check character (GB 32100-2015): published valid codes pass, a changed
// check character is refused naming the expected one, malformed codes are refused.
func TestCreditCode(t *testing.T) {
	for _, code := range []string{
		"91350100M000100Y43", // the standard's own example
		"91110000600037341L", // 中国石油天然气股份有限公司, as published
		"91440300708461136T", // 华为技术有限公司
		"9144030071526726XG", // 腾讯计算机
	} {
		if fe := CheckCreditCode(code); fe != nil {
			t.Errorf("%s: got %v, want valid", code, fe)
		}
	}
	fe := CheckCreditCode("91350100M000100Y44")
	if fe == nil || fe.Field != "credit_code" || fe.Err.Msg.Key != "enterprises.bad_check_char" || fe.Expected.Args[0] != "3" {
		t.Fatalf("a wrong check character: got %+v, want refused expecting 3", fe)
	}
	// Every check character: computed, then the code passes with it and fails with any other.
	for _, body := range []string{"91440784MA4UJ0QX7", "12440784456789012", "Y1440784000000000", "51440784MJL000000"} {
		c, ok := CreditCheckChar(body)
		if !ok {
			t.Fatalf("%s: no check character", body)
		}
		if fe := CheckCreditCode(body + string(c)); fe != nil {
			t.Errorf("%s%c: got %v", body, c, fe)
		}
		for _, other := range creditChars {
			if byte(other) != c && CheckCreditCode(body+string(other)) == nil {
				t.Errorf("%s%c passed, want only %c", body, other, c)
			}
		}
	}
	for _, bad := range []string{"", "91350100M000100Y4", "91350100M000100Y433", "91ABCDEFM000100Y43", "91350100I000100Y43", "91350100M000100Y4O"} {
		if fe := CheckCreditCode(bad); fe == nil || fe.Err.Msg.Key != "enterprises.bad_credit_code" {
			t.Errorf("%q: got %v, want malformed", bad, fe)
		}
	}
}

// ≥ 1亿 includes 1亿 (at 亿元's two decimals); 终止 never counts; only this year's signings up to
// the period's end; stages before 签约 never.
func TestLeadCounts(t *testing.T) {
	l := Lead{Stage: LeadSigned, Investment: 1, SignedDate: "2023-07-31"}
	for _, tc := range []struct {
		name  string
		edit  func(*Lead)
		end   string
		count bool
	}{
		{"exactly 1亿", func(*Lead) {}, "2023-07-31", true},
		{"0.999亿 rounds to 1.00", func(l *Lead) { l.Investment = 0.999 }, "2023-07-31", true},
		{"0.99亿", func(l *Lead) { l.Investment = 0.99 }, "2023-07-31", false},
		{"signed after the period", func(*Lead) {}, "2023-07-30", false},
		{"signed last year", func(l *Lead) { l.SignedDate = "2022-12-31" }, "2023-07-31", false},
		{"past 签约", func(l *Lead) { l.Stage = LeadProducing }, "2023-07-31", true},
		{"洽谈", func(l *Lead) { l.Stage = LeadTalks }, "2023-07-31", false},
		{"终止 with a signing date", func(l *Lead) { l.Stage = LeadTerminated }, "2023-07-31", false},
		{"no signing date", func(l *Lead) { l.SignedDate = "" }, "2023-07-31", false},
	} {
		x := l
		tc.edit(&x)
		if got := x.Counts(tc.end); got != tc.count {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.count)
		}
	}
}

// The rules name the column they break: signed without a date, 终止 without a reason.
func TestLeadValidate(t *testing.T) {
	ok := Lead{Code: "A", Name: "甲", Stage: LeadNew, Investment: 2, SourceRegion: "大湾区", Team: "一组", RegionCode: "440784"}
	if fes := ok.Validate(); len(fes) != 0 {
		t.Fatalf("a valid lead: got %v", fes)
	}
	for _, tc := range []struct {
		edit  func(*Lead)
		field string
	}{
		{func(l *Lead) { l.Stage = LeadSigned }, "signed_date"},
		{func(l *Lead) { l.Stage = LeadStarted }, "signed_date"},
		{func(l *Lead) { l.Stage = LeadTerminated }, "terminate_reason"},
		{func(l *Lead) { l.Stage = "搁置" }, "stage"},
		{func(l *Lead) { l.SourceRegion = "东北" }, "source_region"},
		{func(l *Lead) { l.Team = " " }, "team"},
		{func(l *Lead) { l.Investment = -1 }, "investment"},
		{func(l *Lead) { l.SignedDate = "2023-02-30" }, "signed_date"},
		{func(l *Lead) { l.Code = "a b" }, "code"},
	} {
		x := ok
		tc.edit(&x)
		fes := x.Validate()
		if len(fes) != 1 || fes[0].Field != tc.field {
			t.Errorf("%+v: got %v, want one problem in %s", x, fes, tc.field)
		}
	}
}

// Jiangmen's rule for ≥ 1亿 leads: respond within 1 day, assess within 3, feed back within 7.
func TestLeadOverdue(t *testing.T) {
	rules := []LeadDeadline{{MinInvestment: 0, RespondDays: 3, AssessDays: 7, FeedDays: 14}, {MinInvestment: 1, RespondDays: 1, AssessDays: 3, FeedDays: 7}}
	big := Lead{Stage: LeadNew, Investment: 1, ReceivedDate: "2023-07-01"}
	r, ok := DeadlineFor(rules, big)
	if !ok || r.RespondDays != 1 {
		t.Fatalf("rule of a 1亿 lead: got %+v", r)
	}
	if _, late := big.OverdueOn(r, "2023-07-02"); late {
		t.Error("on the due day: got overdue")
	}
	if od, late := big.OverdueOn(r, "2023-07-03"); !late || od.Step != "respond" || od.Due != "2023-07-02" || od.Days != 1 {
		t.Errorf("a day after: got %+v %v", od, late)
	}
	big.RespondedDate = "2023-07-02"
	if od, late := big.OverdueOn(r, "2023-07-10"); !late || od.Step != "assess" || od.Due != "2023-07-04" || od.Days != 6 {
		t.Errorf("responded, not assessed: got %+v %v", od, late)
	}
	big.AssessedDate, big.FeedbackDate = "2023-07-04", "2023-07-20"
	if _, late := big.OverdueOn(r, "2023-08-01"); late {
		t.Error("every step done (feedback late): got overdue now")
	}
	small := Lead{Stage: LeadNew, Investment: 0.5, ReceivedDate: "2023-07-01"}
	if r, _ := DeadlineFor(rules, small); r.RespondDays != 3 {
		t.Errorf("rule of a 0.5亿 lead: got %+v", r)
	}
	if _, late := (Lead{Stage: LeadTerminated, Investment: 5, ReceivedDate: "2023-01-01"}).OverdueOn(r, "2023-08-01"); late {
		t.Error("终止: got overdue")
	}
}
