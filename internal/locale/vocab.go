package locale

// The registers' fixed words — project levels, categories and stages, problem states, lead
// stages, source regions, enterprise titles (domain.ProjectLevels … domain.Titles) — are
// written, stored and filed in Chinese: they are the contract of the import files and the JSON.
// A page or a document names them in its language (catalog/<lang>/vocab.json).
var wordKeys = map[string]string{
	"省重点":            "vocab.level.provincial",
	"市重点":            "vocab.level.municipal",
	"县重点":            "vocab.level.county",
	"工业":             "vocab.category.industry",
	"技改":             "vocab.category.upgrade",
	"基础设施":           "vocab.category.infrastructure",
	"房地产":            "vocab.category.real_estate",
	"服务业":            "vocab.category.services",
	"其他":             "vocab.other",
	"谋划储备":           "vocab.stage.planning",
	"前期":             "vocab.stage.preliminary",
	"挂牌":             "vocab.stage.listed",
	"供地":             "vocab.stage.land",
	"动工":             "vocab.stage.started",
	"入库":             "vocab.stage.registered_stats",
	"封顶":             "vocab.stage.topped_out",
	"试产":             "vocab.stage.trial",
	"投产":             "vocab.stage.producing",
	"待协调":            "vocab.problem.open",
	"协调中":            "vocab.problem.coordinating",
	"已解决":            "vocab.problem.solved",
	"线索":             "vocab.lead.new",
	"洽谈":             "vocab.lead.talks",
	"签约":             "vocab.lead.signed",
	"注册":             "vocab.lead.registered",
	"终止":             "vocab.lead.terminated",
	"大湾区":            "vocab.source.gba",
	"长三角":            "vocab.source.yrd",
	"成渝":             "vocab.source.chengyu",
	"京津":             "vocab.source.jingjin",
	"欧洲":             "vocab.source.europe",
	"创新型中小企业":        "vocab.title.innovative_sme",
	"省级专精特新":         "vocab.title.provincial_srdi",
	"国家级专精特新\"小巨人\"": "vocab.title.little_giant",
	"高新技术企业":         "vocab.title.high_tech",
}

// Word names a register's fixed word in lang; a word the catalogue does not know (typed data)
// is given as it is.
func Word(lang, w string) string {
	if k, ok := wordKeys[w]; ok {
		return T(lang, k)
	}
	return w
}

// Words calls fn with each fixed word and its catalogue key.
func Words(fn func(word, key string)) {
	for w, k := range wordKeys {
		fn(w, k)
	}
}
