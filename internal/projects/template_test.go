package projects

import (
	"fmt"
	"testing"

	"pacer/internal/sheet"
)

// TestTemplate: each sheet of the key-project template, Chinese or English, is read as the
// register table it was written for, each heading as its column.
func TestTemplate(t *testing.T) {
	for _, chinese := range []bool{true, false} {
		for i, sh := range Template(chinese) {
			var row []string
			for _, c := range sh.Header {
				row = append(row, fmt.Sprint(c))
			}
			got, ok := recognise(sheet.Table{File: "t.xlsx", Rows: [][]string{row}})
			if !ok || got.kind != sh.Kind {
				t.Errorf("chinese %v: sheet %s %v read as %q (%v)", chinese, sh.Kind, row, got.kind, ok)
				continue
			}
			for j, c := range templateColumns[i].columns {
				if k, ok := got.col[c[0]]; !ok || k != j {
					t.Errorf("chinese %v: sheet %s heading %q read at %d (%v), want %s at %d", chinese, sh.Kind, row[j], k, ok, c[0], j)
				}
			}
		}
	}
}
