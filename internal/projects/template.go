package projects

// TemplateSheet is one sheet of the key-project template (/import/template/projects): a register
// table as the import reads it, by its header.
type TemplateSheet struct {
	Kind   Kind
	Header []any
}

// templateColumns are the columns of each sheet of the template with their Chinese headers
// (each one of aliases, so that the template imports back as it is): the projects with their
// annual plans (年度计划投资 for 年度), their monthly progress and their milestones.
var templateColumns = []struct {
	kind    Kind
	columns [][2]string
}{
	{KindProjects, [][2]string{{"code", "项目编号"}, {"name", "项目名称"}, {"level", "项目级别"}, {"category", "项目类别"},
		{"region_code", "地区代码"}, {"stage", "项目阶段"}, {"total_investment", "总投资（亿元）"}, {"annual_plan", "年度计划投资（亿元）"},
		{"year", "年度"}, {"owner_unit", "责任单位"}, {"leader", "挂点领导"}, {"sample", "示例"}}},
	{KindProgress, [][2]string{{"project_code", "项目编号"}, {"name", "项目名称"}, {"period", "月份"}, {"completed", "累计完成投资（亿元）"},
		{"sample", "示例"}}},
	{KindMilestones, [][2]string{{"project_code", "项目编号"}, {"name", "项目名称"}, {"milestone", "节点"}, {"planned_date", "计划日期"},
		{"actual_date", "实际日期"}}},
}

// Template is the key-project template's sheets, in order: projects (with their annual plans),
// progress, milestones; Chinese headers when chinese, else the columns' names. Each imports as
// it is; the sheets left with their header only import nothing.
func Template(chinese bool) []TemplateSheet {
	out := make([]TemplateSheet, len(templateColumns))
	for i, t := range templateColumns {
		out[i].Kind = t.kind
		for _, c := range t.columns {
			if chinese {
				out[i].Header = append(out[i].Header, c[1])
			} else {
				out[i].Header = append(out[i].Header, c[0])
			}
		}
	}
	return out
}
