// Package sheettest builds damaged and oversized workbooks for the tests of the packages that
// read files from outside (sheet, ingest, cli, web): a valid xlsx whose zip headers are then
// patched, and a small workbook holding one huge cell.
package sheettest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// Plain rewrites a zip so that every entry states its CRC-32 and sizes in its local header (no
// data descriptor), as most zip writers other than Go's do; the bytes of each entry are kept.
func Plain(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		raw, err := f.OpenRaw()
		if err != nil {
			return nil, err
		}
		fh := f.FileHeader
		fh.Flags &^= 0x8
		w, err := zw.CreateRaw(&fh)
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(w, raw); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Header says which copy of an entry's declaration to patch.
type Header int

const (
	Local   Header = 1 << iota // the local file header
	Central                    // the central directory record
	Both    = Local | Central
)

// Field is a 32-bit field of an entry's declaration.
type Field int

const (
	CRC32 Field = iota
	CompressedSize
	UncompressedSize
)

// Declared returns field f of entry part as its central directory record states it.
func Declared(b []byte, part string, f Field) (uint32, error) {
	_, c, err := find(b, part)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b[c+16+4*int(f):]), nil
}

// Patch returns a copy of zip b in which field f of entry part is v in the headers h says. The
// entry's local header must hold its sizes (see Plain) for Local to mean anything.
func Patch(b []byte, part string, f Field, v uint32, h Header) ([]byte, error) {
	l, c, err := find(b, part)
	if err != nil {
		return nil, err
	}
	out := bytes.Clone(b)
	if h&Local != 0 {
		binary.LittleEndian.PutUint32(out[l+14+4*int(f):], v)
	}
	if h&Central != 0 {
		binary.LittleEndian.PutUint32(out[c+16+4*int(f):], v)
	}
	return out, nil
}

// find returns the offsets of entry part's local header and central directory record.
func find(b []byte, part string) (local, central int, err error) {
	e := bytes.LastIndex(b, []byte("PK\x05\x06"))
	if e < 0 || len(b)-e < 22 {
		return 0, 0, fmt.Errorf("no end of central directory")
	}
	off := int(binary.LittleEndian.Uint32(b[e+16:]))
	for off+46 <= len(b) && bytes.Equal(b[off:off+4], []byte("PK\x01\x02")) {
		nl := int(binary.LittleEndian.Uint16(b[off+28:]))
		el := int(binary.LittleEndian.Uint16(b[off+30:]))
		cl := int(binary.LittleEndian.Uint16(b[off+32:]))
		if string(b[off+46:off+46+nl]) == part {
			return int(binary.LittleEndian.Uint32(b[off+42:])), off, nil
		}
		off += 46 + nl + el + cl
	}
	return 0, 0, fmt.Errorf("no entry %s", part)
}

// HugeCell writes to w a workbook of one sheet whose cell A2, a shared string, is n copies of
// "A" under the header cell A1 "code". It is written as it goes: the deflated workbook is about
// a thousandth of n, and n bytes are never held in memory.
func HugeCell(w io.Writer, n int64) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	small := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>`,
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		fw, err := zw.Create(name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, small[name]); err != nil {
			return err
		}
	}
	fw, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(fw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>code</t></si><si><t>`); err != nil {
		return err
	}
	chunk := []byte(strings.Repeat("A", 1<<20))
	for left := n; left > 0; left -= int64(len(chunk)) {
		if _, err := fw.Write(chunk[:min(left, int64(len(chunk)))]); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(fw, `</t></si></sst>`); err != nil {
		return err
	}
	return zw.Close()
}
