package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// mergeRowsLimit is the largest sheet (in rows) whose merged ranges ReadXLSX reads: the sheets
// that use merges — statistical bulletins with two-level headers — have a few hundred rows, and
// a big data sheet is not scanned a second time.
const mergeRowsLimit = 5000

// Bounds returns the 0-based first and last row and column the merged range covers, or ok false
// when a reference is not a cell name.
func (m Merge) Bounds() (r0, c0, r1, c1 int, ok bool) {
	c0, r0, err1 := excelize.CellNameToCoordinates(m.Start)
	c1, r1, err2 := excelize.CellNameToCoordinates(m.End)
	if err1 != nil || err2 != nil {
		return 0, 0, 0, 0, false
	}
	r0, r1 = min(r0, r1)-1, max(r0, r1)-1
	c0, c1 = min(c0, c1)-1, max(c0, c1)-1
	return r0, c0, r1, c1, true
}

// MergeAt returns the top-left cell of the merged range holding 0-based row r and column c, and
// whether there is one. A cell outside every merge is its own top-left cell.
func (t *Table) MergeAt(r, c int) (r0, c0 int, merged bool) {
	for _, m := range t.Merges {
		a, b, y, z, ok := m.Bounds()
		if ok && r >= a && r <= y && c >= b && c <= z {
			return a, b, true
		}
	}
	return r, c, false
}

// mergeReader finds the merged ranges of a workbook's sheets straight from the zip: the
// workbook part names each sheet's part, and a part's <mergeCells> follow its rows. (excelize's
// GetMergeCells unmarshals the whole worksheet, which costs as much as reading every cell.)
type mergeReader struct {
	zr    *zip.Reader
	parts map[string]string // sheet name → worksheet part
	max   int64             // bytes a part may inflate to

	styles     styles // number formats by cell style (format.go)
	stylesRead bool
}

func newMergeReader(r io.ReaderAt, size, max int64) (*mergeReader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	m := &mergeReader{zr: zr, parts: map[string]string{}, max: max}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"id,attr"` // r:id, in the transitional or the strict namespace
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := m.unmarshal("xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := m.unmarshal("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	for _, s := range wb.Sheets {
		m.parts[s.Name] = target[s.RID]
	}
	return m, nil
}

// open opens a part of the zip by name.
func (m *mergeReader) open(name string) (io.ReadCloser, error) {
	for _, f := range m.zr.File {
		if strings.EqualFold(f.Name, name) {
			return f.Open()
		}
	}
	return nil, fmt.Errorf("%s: no such part", name)
}

// read returns a small part (the workbook and its relationships).
func (m *mergeReader) read(name string) ([]byte, error) {
	rc, err := m.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, m.max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > m.max {
		return nil, fail(name, ErrUnzipTooLarge, "sheet.unzip_too_large")
	}
	return b, nil
}

// tailFrom streams a part and returns it from the first occurrence of marker on (nil when the
// marker is absent), holding no more than that tail in memory.
func (m *mergeReader) tailFrom(name string, marker []byte) ([]byte, error) {
	rc, err := m.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	buf := make([]byte, 64<<10)
	var keep, carry []byte
	var total int64
	for {
		n, err := rc.Read(buf)
		total += int64(n)
		if total > m.max {
			return nil, fail(name, ErrUnzipTooLarge, "sheet.unzip_too_large")
		}
		if keep != nil {
			keep = append(keep, buf[:n]...)
		} else {
			chunk := append(carry, buf[:n]...)
			if i := bytes.Index(chunk, marker); i >= 0 {
				keep = append([]byte(nil), chunk[i:]...)
			} else {
				carry = append(carry[:0], chunk[max(0, len(chunk)-len(marker)):]...)
			}
		}
		if err == io.EOF {
			return keep, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func (m *mergeReader) unmarshal(name string, v any) error {
	b, err := m.read(name)
	if err != nil {
		return err
	}
	return xml.Unmarshal(b, v)
}

var mergeCellRef = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref="([A-Za-z]+[0-9]+)(?::([A-Za-z]+[0-9]+))?"`)

// sheet returns the merged ranges of one sheet, nil when it has none.
func (m *mergeReader) sheet(sheet string) ([]Merge, error) {
	part, ok := m.parts[sheet]
	if !ok || part == "" || m.zr == nil {
		return nil, nil
	}
	b, err := m.tailFrom(part, []byte("mergeCells"))
	if err != nil || b == nil {
		return nil, err
	}
	var out []Merge
	for _, sm := range mergeCellRef.FindAllSubmatch(b, -1) {
		start, end := string(sm[1]), string(sm[2])
		if end == "" {
			end = start
		}
		out = append(out, Merge{Sheet: sheet, Start: strings.ToUpper(start), End: strings.ToUpper(end)})
	}
	return out, nil
}
