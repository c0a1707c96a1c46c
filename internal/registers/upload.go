package registers

import (
	"strings"

	"pacer/internal/domain"
	"pacer/internal/sheet"
)

// SortUpload tells the files of one upload (the /import page: several files, key-project files
// recognised) into register files, written together by Import, or statistics tables, written
// by the statistics import. Confirming an upload is one transaction, and the two are written by
// different ones: an upload holding both is refused (EINVALID naming the files of each kind),
// nothing being written rather than a part.
func SortUpload(files []File) (Files, []sheet.Table, error) {
	var regs, stats []string
	for _, f := range files {
		if registerFile(f.Tables, true) {
			regs = append(regs, f.Name)
		} else {
			stats = append(stats, f.Name)
		}
	}
	switch {
	case len(regs) > 0 && len(stats) > 0:
		return Files{}, nil, domain.E(domain.EINVALID, "registers.mixed", strings.Join(stats, ", "), strings.Join(regs, ", "))
	case len(regs) > 0:
		f, _ := Sort(files, true)
		return f, nil, nil
	}
	var tables []sheet.Table
	for _, f := range files {
		tables = append(tables, f.Tables...)
	}
	return Files{}, tables, nil
}
