package domain

import (
	"testing"
	"time"
)

func TestDeadline(t *testing.T) {
	for _, c := range []struct {
		year, month, day int
		want             string
	}{
		{2026, 10, 10, "2026-11-10"},
		{2026, 10, 31, "2026-11-30"}, // day 31 in a 30-day month: its last day
		{2026, 1, 31, "2026-02-28"},  // February of a common year
		{2028, 1, 30, "2028-02-29"},  // February of a leap year
		{2026, 12, 10, "2027-01-10"}, // December's figures: January of the next year
		{2026, 12, 31, "2027-01-31"},
		{2026, 11, 31, "2026-12-31"},
		{2026, 3, 0, "2026-04-01"}, // below 1: the 1st
	} {
		if got := Deadline(c.year, c.month, c.day).Format(DayLayout); got != c.want {
			t.Errorf("Deadline(%d, %d, %d) = %s, want %s", c.year, c.month, c.day, got, c.want)
		}
	}
}

func TestDeadlineRuleDay(t *testing.T) {
	r := DeadlineRule{Default: 8, Indicator: map[string]int{"gdp": 20, "retail": 12}, Unit: map[string]int{"town1": 15}}
	for _, c := range []struct {
		unit, ind string
		want      int
	}{
		{"stats", "fai", 8},     // neither: the default
		{"stats", "gdp", 20},    // the indicator's
		{"town1", "gdp", 15},    // the unit's wins over the indicator's
		{"town1", "fai", 15},    // the unit's
		{"stats", "retail", 12}, // another indicator's
	} {
		if got := r.Day(c.unit, c.ind); got != c.want {
			t.Errorf("Day(%s, %s) = %d, want %d", c.unit, c.ind, got, c.want)
		}
	}
	if got := (DeadlineRule{}).Day("u", "i"); got != DefaultDeadlineDay {
		t.Errorf("Day with nothing set = %d, want %d", got, DefaultDeadlineDay)
	}
}

func TestDaysLate(t *testing.T) {
	dl := Deadline(2026, 10, 10) // 2026-11-10
	for _, c := range []struct {
		day  string
		want int
	}{{"2026-11-09", 0}, {"2026-11-10", 0}, {"2026-11-11", 1}, {"2026-11-13", 3}, {"2026-12-10", 30}} {
		d, _ := time.Parse(DayLayout, c.day)
		if got := DaysLate(dl, d.Add(15*time.Hour)); got != c.want {
			t.Errorf("DaysLate(2026-11-10, %s) = %d, want %d", c.day, got, c.want)
		}
	}
}

func TestParseRecipients(t *testing.T) {
	rs, err := ParseRecipients("a@county.gov.cn\n https://hooks.example/x?k=1 ，b@county.gov.cn; a@county.gov.cn")
	if err != nil {
		t.Fatal(err)
	}
	want := []Recipient{{ChannelEmail, "a@county.gov.cn"}, {ChannelWebhook, "https://hooks.example/x?k=1"}, {ChannelEmail, "b@county.gov.cn"}}
	if len(rs) != len(want) {
		t.Fatalf("got %v, want %v", rs, want)
	}
	for i := range want {
		if rs[i] != want[i] {
			t.Errorf("recipient %d = %v, want %v", i, rs[i], want[i])
		}
	}
	for _, bad := range []string{"not-an-address", "ftp://x.example/y", "a@b"} {
		if _, err := ParseRecipients(bad); err == nil {
			t.Errorf("ParseRecipients(%q) accepted it, want an error", bad)
		}
	}
}
