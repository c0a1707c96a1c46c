package leads

import "pacer/internal/sheet"

// headings are the Chinese headers a leads template writes, one a column of the file (each
// one of aliases, so that the template imports back as it is).
var headings = map[string]string{
	"code": "线索编号", "name": "线索名称", "stage": "阶段", "investment": "计划投资（亿元）", "industry": "产业",
	"source_region": "来源地区", "team": "招商小组", "region_code": "地区代码", "signed_date": "签约日期",
	"received_date": "接洽日期", "responded_date": "响应日期", "assessed_date": "研判日期", "feedback_date": "反馈日期",
	"talks_date": "洽谈日期", "registered_date": "注册日期", "land_date": "供地日期", "started_date": "开工日期",
	"producing_date": "投产日期", "terminated_date": "终止日期", "terminate_reason": "终止原因",
	"project_code": "重点项目编号", "sample": "示例",
}

// TemplateHeader is the header of a leads template (/import/template/leads): every column of a
// leads file, the required ones first; Chinese headers (as a bureau writes them) when chinese,
// else the columns' names. Either imports as it is.
func TemplateHeader(chinese bool) []any {
	var names map[string]string
	if chinese {
		names = headings
	}
	return sheet.HeaderRow(append(append([]string{}, Required...), Optional...), names)
}
