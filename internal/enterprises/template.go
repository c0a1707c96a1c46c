package enterprises

import "pacer/internal/sheet"

// headings are the Chinese headers an enterprises template writes, one a column of the file
// (each one of aliases, so that the template imports back as it is).
var headings = map[string]string{
	"credit_code": "统一社会信用代码", "name": "企业名称", "region_code": "地区代码", "industry": "所属行业",
	"titles": "称号", "above_scale_date": "纳入规上日期", "output": "产值（亿元）", "tax": "税收（亿元）", "sample": "示例",
}

// TemplateHeader is the header of an enterprises template (/import/template/enterprises): every
// column of an enterprises file, the required ones first; Chinese headers when chinese, else
// the columns' names. Either imports as it is.
func TemplateHeader(chinese bool) []any {
	var names map[string]string
	if chinese {
		names = headings
	}
	return sheet.HeaderRow(append(append([]string{}, Required...), Optional...), names)
}
