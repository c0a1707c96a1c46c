package leads

import (
	"fmt"
	"testing"

	"pacer/internal/sheet"
)

// TestTemplateHeader: the leads template's header, Chinese or English, is a leads file's
// header as it is, each heading read as the column it was written for.
func TestTemplateHeader(t *testing.T) {
	cols := append(append([]string{}, Required...), Optional...)
	for _, chinese := range []bool{true, false} {
		var row []string
		for _, c := range TemplateHeader(chinese) {
			row = append(row, fmt.Sprint(c))
		}
		tb := sheet.Table{File: "t.xlsx", Rows: [][]string{row}}
		h := header(tb)
		for i, c := range cols {
			if j, ok := h[c]; !ok || j != i {
				t.Errorf("chinese %v: heading %q read as column %d (%v), want %s at %d", chinese, row[i], j, ok, c, i)
			}
		}
		if !IsLeadsTable(tb) {
			t.Errorf("chinese %v: %v is not read as a leads file", chinese, row)
		}
	}
}
