package domain

import "time"

// Report version states: a draft (the scheduler's monthly draft) or a final version (marked by
// the analyst).
const (
	ReportDraft = "draft"
	ReportFinal = "final"
)

// ReportEdit is an analyst's edit of one paragraph of a region's monthly analysis (一月一分析) for
// a period, in one language. Text is the edited words with the paragraph's numbers as tokens
// ({{1}} …) bound to the figures; Base is the generated paragraph it was made on, tokenised the
// same way. An empty Text restores the generated paragraph.
type ReportEdit struct {
	ID       int64
	Region   string
	Period   string
	Lang     string
	Key      string
	Base     string
	Text     string
	EditedBy string
	EditedAt time.Time
}

// ReportFigure is one figure a report was written from, as displayed: its key (indicator and
// measure), its label in the report's language, its value.
type ReportFigure struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// ReportVersion is a version of a region's monthly analysis for a period, kept as stored: the
// .docx (Docx, empty in lists), the figures it was written from and their fingerprint.
type ReportVersion struct {
	ID          int64
	Region      string
	Period      string
	Number      int
	State       string // draft | final
	Lang        string
	Fingerprint string
	Figures     []ReportFigure
	Docx        []byte
	Size        int
	CreatedBy   string
	CreatedAt   time.Time
}
