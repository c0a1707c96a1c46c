package scorecard

import (
	"context"
	"sort"

	"pacer/internal/domain"
	"pacer/internal/pace"
	"pacer/internal/store"
)

// Ranking is the peers of a parent region ranked on one indicator at one period.
type Ranking struct {
	Indicator string       `json:"indicator"`
	Name      string       `json:"name"`
	Unit      string       `json:"unit"`
	Precision int          `json:"precision"` // decimals the value is published with
	Period    string       `json:"period"`
	By        string       `json:"by"` // growth | value
	Parent    RegionRef    `json:"parent"`
	Peers     int          `json:"peers"` // regions under parent, ranked or not
	Rows      []RankingRow `json:"rows"`
}

// RankingRow is one ranked region. Regions without the figure are not listed.
type RankingRow struct {
	Code           string   `json:"code"`
	Name           string   `json:"name"`
	Value          *float64 `json:"value"`
	Growth         *float64 `json:"growth"`
	GrowthComputed bool     `json:"growth_computed"`
	Rank           int      `json:"rank"`
	PublishedRank  *int     `json:"published_rank"` // as printed in a bulletin, on the same basis
	Sample         bool     `json:"sample"`
}

// BuildRanking ranks the peers under parent (see store.Peers) on indicator at period, by
// "growth" (default) or "value".
func BuildRanking(ctx context.Context, s *store.Store, parent, indicator, period, by string) (*Ranking, error) {
	if by == "" {
		by = "growth"
	}
	if by != "growth" && by != "value" {
		return nil, domain.E(domain.EINVALID, "err.rank.by", by)
	}
	p, err := pace.ParsePeriod(period)
	if err != nil {
		return nil, domain.E(domain.EINVALID, "err.period.invalid", period)
	}
	ind, err := s.Indicator(ctx, indicator)
	if err != nil {
		return nil, err
	}
	parentRef := RegionRef{Code: parent, Name: "全国"}
	if parent != "CN" && parent != "000000" {
		pr, err := s.Region(ctx, parent)
		if err != nil {
			return nil, err
		}
		parentRef = RegionRef{pr.Code, pr.Name}
	}
	peers, err := s.Peers(ctx, parent)
	if err != nil {
		return nil, err
	}
	obs, _, err := counting(ctx, s, store.ObservationQuery{Indicators: []string{ind.Code}, Brief: true,
		Periods: []string{p.String(), p.LastYear().String()}})
	if err != nil {
		return nil, err
	}
	fig := index(obs)
	codes := make([]string, len(peers))
	names := map[string]string{}
	for i, r := range peers {
		codes[i], names[r.Code] = r.Code, r.Name
	}
	ranks, _ := ranksOf(fig, codes, ind, p, by == "value")
	rk := &Ranking{Indicator: ind.Code, Name: ind.Name, Unit: ind.Unit, Precision: ind.Precision, Period: p.String(), By: by,
		Parent: parentRef, Peers: len(peers), Rows: []RankingRow{}}
	for i, code := range codes {
		if ranks[i] == 0 {
			continue
		}
		o := fig.at(code, ind.Code, p)
		g := fig.growth(code, ind, p)
		rk.Rows = append(rk.Rows, RankingRow{Code: code, Name: names[code], Value: o.Value, Growth: g,
			GrowthComputed: o.Growth == nil && g != nil, Rank: ranks[i], Sample: o.Sample})
	}
	sort.SliceStable(rk.Rows, func(i, j int) bool { return rk.Rows[i].Rank < rk.Rows[j].Rank })
	prs, err := s.PublishedRanks(ctx, store.PublishedRankQuery{Indicators: []string{ind.Code}, Periods: []string{p.String()}})
	if err != nil {
		return nil, err
	}
	for _, pr := range prs {
		for i := range rk.Rows {
			if row := &rk.Rows[i]; row.Code == pr.RegionCode && pr.By == by {
				r := pr.Rank
				row.PublishedRank = &r
			}
		}
	}
	return rk, nil
}

// ranksOf ranks regions on ind at p: by growth at its published precision, or by value at the
// indicator's precision; lower is better when the indicator says so. A rank of 0 means unranked.
func ranksOf(fig figures, regions []string, ind domain.Indicator, p pace.Period, byValue bool) ([]int, []*float64) {
	vals := make([]*float64, len(regions))
	for i, code := range regions {
		if byValue {
			if o, ok := fig.get(code, ind.Code, p); ok {
				vals[i] = o.Value
			}
		} else {
			vals[i] = fig.growth(code, ind, p)
		}
	}
	decimals := pace.DefaultGrowthDecimals
	if byValue {
		decimals = ind.Precision
	}
	ranks, _ := pace.Rank(vals, decimals, ind.Direction == domain.Down)
	return ranks, vals
}

// rankAmong returns region's rank among peers on ind at p (nil when it has no figure) and how
// many peers were ranked.
func rankAmong(fig figures, peers []string, ind domain.Indicator, p pace.Period, byValue bool, region string) (*int, int) {
	ranks, vals := ranksOf(fig, peers, ind, p, byValue)
	n := 0
	var mine *int
	for i, code := range peers {
		if vals[i] != nil && ranks[i] > 0 {
			n++
			if code == region {
				r := ranks[i]
				mine = &r
			}
		}
	}
	return mine, n
}
