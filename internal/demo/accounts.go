package demo

import (
	"context"

	"pacer/internal/accounts"
	"pacer/internal/auth"
	"pacer/internal/domain"
	"pacer/internal/store"
)

// ReporterUnit is the unit demo-reporter submits for: the commerce bureau, which reports retail
// sales and foreign trade.
const ReporterUnit = Region + "-swj"

// OpenPeriod is the month the demo's units report next.
const OpenPeriod = "2023-07"

// Account is a demo account and its password.
type Account struct {
	Username, Password string
	Role               domain.Role
	Unit               string
}

// SetUp creates one account per role (demo-<role>), with password or, when it is empty, a
// random one each; says which indicators the demo units report; and opens OpenPeriod.
func SetUp(ctx context.Context, s *store.Store, password string) ([]Account, error) {
	by := store.Who{Username: "demo"}
	assignments := []store.Assignment{
		{UnitCode: ReporterUnit, IndicatorCode: "retail", RegionCode: Region},
		{UnitCode: ReporterUnit, IndicatorCode: "trade", RegionCode: Region},
		{UnitCode: Region + "-tjj", IndicatorCode: "gdp", RegionCode: Region},
		{UnitCode: Region + "-tjj", IndicatorCode: "industry_va", RegionCode: Region},
		{UnitCode: Region + "-gxj", IndicatorCode: "industrial_investment", RegionCode: Region},
		{UnitCode: Region + "-wlj", IndicatorCode: "tourists", RegionCode: Region},
		{UnitCode: Region + "-wlj", IndicatorCode: "tourism_revenue", RegionCode: Region},
		{UnitCode: "440784001", IndicatorCode: "fai", RegionCode: "440784001"},
		{UnitCode: "440784101", IndicatorCode: "fai", RegionCode: "440784101"},
	}
	if err := s.Assign(ctx, by, assignments); err != nil {
		return nil, err
	}
	for _, p := range []string{"2023-06", OpenPeriod} {
		if err := s.SetPeriod(ctx, by, Region, p, store.PeriodOpen); err != nil {
			return nil, err
		}
	}
	if err := s.SetPeriod(ctx, by, Region, "2023-06", store.PeriodLocked); err != nil {
		return nil, err
	}
	var out []Account
	for _, role := range domain.Roles {
		a := Account{Username: "demo-" + string(role), Password: password, Role: role}
		if a.Password == "" {
			a.Password = auth.RandomPassword()
		}
		if role == domain.RoleReporter {
			a.Unit = ReporterUnit
		}
		if _, err := accounts.New(s).Create(ctx, by, accounts.NewAccount{Username: a.Username, DisplayName: "演示" + string(role),
			Role: role, Unit: a.Unit, Password: a.Password, Again: a.Password}); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
