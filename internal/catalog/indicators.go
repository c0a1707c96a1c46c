package catalog

import "pacer/internal/domain"

// Indicators returns the built-in indicator catalogue. Codes are contracts: they appear in
// import files, JSON and URLs. All use linear time progress until configured otherwise; all are
// published monthly except where set (DESIGN.md §4a, staleness).
func Indicators() []domain.Indicator {
	mk := func(code, name, nameEN, unit string, kind domain.IndicatorKind, precision int) domain.Indicator {
		return domain.Indicator{
			Code: code, Name: name, NameEN: nameEN, Unit: unit, Kind: kind,
			Direction: domain.Up, Precision: precision, Mode: domain.Linear,
			Tolerance: 5, GrowthTolerance: 1, Frequency: domain.Monthly, BuiltIn: true,
		}
	}
	comparable := func(i domain.Indicator) domain.Indicator { i.ComparablePrice = true; return i }
	down := func(i domain.Indicator) domain.Indicator { i.Direction = domain.Down; return i }
	every := func(f domain.Frequency, i domain.Indicator) domain.Indicator { i.Frequency = f; return i }
	return []domain.Indicator{
		every(domain.Quarterly, comparable(mk("gdp", "地区生产总值", "Gross domestic product", "亿元", domain.KindFlow, 2))),
		comparable(mk("industry_va", "规模以上工业增加值", "Value added of above-scale industry", "亿元", domain.KindRate, 2)),
		mk("fai", "固定资产投资", "Fixed-asset investment", "亿元", domain.KindRate, 2),
		mk("industrial_investment", "工业投资", "Industrial investment", "亿元", domain.KindFlow, 2),
		mk("infra_investment", "基础设施投资", "Infrastructure investment", "亿元", domain.KindFlow, 2),
		mk("realestate_investment", "房地产开发投资", "Real-estate investment", "亿元", domain.KindFlow, 2),
		mk("techreform_investment", "技术改造投资", "Technical-upgrade investment", "亿元", domain.KindFlow, 2),
		mk("retail", "社会消费品零售总额", "Retail sales of consumer goods", "亿元", domain.KindFlow, 2),
		mk("trade", "外贸进出口总额", "Foreign trade (imports and exports)", "亿元", domain.KindFlow, 2),
		mk("tertiary_power", "第三产业用电量", "Tertiary-sector electricity use", "亿千瓦时", domain.KindFlow, 2),
		mk("services_revenue", "规模以上服务业营业收入", "Revenue of above-scale services", "亿元", domain.KindFlow, 2),
		mk("tourists", "接待游客", "Tourist visits", "万人次", domain.KindFlow, 2),
		mk("tourism_revenue", "旅游收入", "Tourism revenue", "亿元", domain.KindFlow, 2),
		mk("budget_revenue", "一般公共预算收入", "General public budget revenue", "亿元", domain.KindFlow, 2),
		mk("key_project_investment", "重点项目完成投资", "Key-project investment completed", "亿元", domain.KindFlow, 2),
		mk("attracted_projects", "引进亿元以上项目", "Projects of 100 million yuan or more attracted", "个", domain.KindCount, 0),
		mk("attracted_investment", "引进项目计划总投资", "Planned investment of attracted projects", "亿元", domain.KindFlow, 2),
		mk("new_above_scale_industrial", "新入库规上工业企业", "Newly registered above-scale industrial firms", "家", domain.KindCount, 0),
		// Constraints (lower is better) and balances. The surveyed unemployment rate is published
		// monthly by the bureaus that publish it; a county that gets it quarterly sets the frequency.
		down(mk("unemployment", "城镇调查失业率", "Surveyed urban unemployment rate", "%", domain.KindLevel, 1)),
		// 单位地区生产总值能耗 is a level; its target is a fall (growth −3 means 下降3%). Energy
		// figures follow the quarterly GDP accounts.
		every(domain.Quarterly, down(mk("energy_intensity", "单位地区生产总值能耗", "Energy consumption per unit of GDP", "吨标准煤/万元", domain.KindLevel, 4))),
		every(domain.Quarterly, down(mk("energy_consumption", "能源消费总量", "Total energy consumption", "万吨标准煤", domain.KindFlow, 2))),
		mk("deposits", "金融机构本外币存款余额", "Deposits of financial institutions (RMB and foreign currency)", "亿元", domain.KindStock, 2),
		mk("loans", "金融机构本外币贷款余额", "Loans of financial institutions (RMB and foreign currency)", "亿元", domain.KindStock, 2),
		every(domain.Yearly, mk("urbanization", "常住人口城镇化率", "Urbanisation rate of the resident population", "%", domain.KindLevel, 2)),
		every(domain.Yearly, mk("rd_intensity", "R&D经费投入强度", "R&D expenditure as a share of GDP", "%", domain.KindLevel, 2)),
	}
}
