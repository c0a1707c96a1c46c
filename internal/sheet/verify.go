package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"sort"
	"strconv"
	"strings"
)

// MaxCellChars is Excel's own limit on the text of one cell. A longer cell (in an xlsx part or a
// CSV field) is refused as soon as its 32,768th character is seen, before the rest is held in
// memory.
const MaxCellChars = 32767

// maxToken caps one run of XML text, one tag, comment or CDATA section of any part of an xlsx:
// the XML decoder holds a whole token in memory, and no cell may be longer than MaxCellChars
// characters (at most four bytes each) anyway.
const maxToken = 1 << 20

// verifyZip checks a workbook against its zip structure before excelize sees it: every central
// directory record has a local header that agrees with it (name, method, CRC-32 and sizes, or a
// data descriptor that does), the entries lie inside the file without overlapping, and every
// entry, read to its end, inflates to exactly its declared size with the declared CRC-32. While
// reading, the XML of every part goes through a cellScanner, which refuses a cell longer than
// MaxCellChars and any token longer than maxToken as soon as it is seen. Memory stays at a few
// buffers whatever the entries hold.
func verifyZip(name string, r io.ReaderAt, size int64, zr *zip.Reader, lim *Limits) error {
	cd, err := centralDirectory(r, size, len(zr.File))
	if err != nil {
		return fail(name, ErrBadZip, "sheet.zip.directory", err.Error())
	}
	type span struct {
		from, to int64
		entry    string
	}
	spans := make([]span, 0, len(zr.File))
	seen := make(map[string]bool, len(zr.File))
	for i, zf := range zr.File {
		// Two entries of one name: readers disagree on which counts (excelize keeps the last).
		key := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		if seen[key] {
			return fail(name, ErrBadZip, "sheet.zip.duplicate", Clip(zf.Name))
		}
		seen[key] = true
		rec := cd.records[i]
		if rec.name != zf.Name {
			return fail(name, ErrBadZip, "sheet.zip.directory", "entry order")
		}
		end, err := checkLocal(r, size, zf, rec)
		if err != nil {
			return fail(name, ErrBadZip, err.key, Clip(zf.Name))
		}
		if end > cd.offset {
			return fail(name, ErrBadZip, "sheet.zip.overlap", Clip(zf.Name))
		}
		spans = append(spans, span{int64(rec.local), end, zf.Name})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	for i := 1; i < len(spans); i++ {
		if spans[i].from < spans[i-1].to {
			return fail(name, ErrBadZip, "sheet.zip.overlap", Clip(spans[i].entry))
		}
	}
	buf := make([]byte, 32<<10)
	for i, zf := range zr.File {
		if err := readEntry(zf, buf, newScanner(zf.Name)); err != nil {
			var long *tooLongError
			if errors.As(err, &long) {
				return cellTooLong(name, r, size, zr, lim, long)
			}
			var ze *zipEntryError
			if errors.As(err, &ze) {
				return fail(name, ErrBadZip, ze.key, Clip(zr.File[i].Name))
			}
			return fail(name, ErrBadZip, "sheet.zip.read", Clip(zf.Name), Clip(err.Error()))
		}
	}
	return nil
}

// zipEntryError is an entry whose bytes disagree with its declaration; key is the catalogue
// entry saying how.
type zipEntryError struct{ key string }

func (e *zipEntryError) Error() string { return e.key }

// readEntry reads entry zf to its end, through sc when it is XML, and checks its length and
// CRC-32 against the central directory (archive/zip skips the CRC check when the declared
// CRC-32 is zero, and excelize ignores read errors).
func readEntry(zf *zip.File, buf []byte, sc *cellScanner) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	h := crc32.NewIEEE()
	var n int64
	first := true
	for {
		k, rerr := rc.Read(buf)
		if k > 0 {
			chunk := buf[:k]
			h.Write(chunk)
			n += int64(k)
			if uint64(n) > zf.UncompressedSize64 {
				return &zipEntryError{"sheet.zip.size"}
			}
			if first {
				first = false
				sc.active = looksXML(chunk)
			}
			if sc.active {
				if err := sc.write(chunk); err != nil {
					return err
				}
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			switch {
			case errors.Is(rerr, zip.ErrChecksum):
				return &zipEntryError{"sheet.zip.crc"}
			case errors.Is(rerr, zip.ErrFormat), errors.Is(rerr, io.ErrUnexpectedEOF):
				return &zipEntryError{"sheet.zip.size"}
			}
			return rerr
		}
	}
	if uint64(n) != zf.UncompressedSize64 {
		return &zipEntryError{"sheet.zip.size"}
	}
	if h.Sum32() != zf.CRC32 {
		return &zipEntryError{"sheet.zip.crc"}
	}
	return nil
}

// looksXML reports whether an entry's first bytes are XML (after an optional byte-order mark and
// white space); pictures and other binary parts are only checked for length and CRC-32.
func looksXML(b []byte) bool {
	b = bytes.TrimPrefix(b, bomUTF8)
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

type cdRecord struct {
	name                 string
	flags, method        uint16
	crc                  uint32
	csize, usize, local  uint64
	zip64Sizes, zip64Off bool
}

type centralDir struct {
	offset  int64 // where the central directory starts
	records []cdRecord
}

var errDir = errors.New("central directory")

// centralDirectory reads the local header offsets (which archive/zip does not export) and the
// raw records of the central directory; n is the number of entries archive/zip found.
func centralDirectory(r io.ReaderAt, size int64, n int) (centralDir, error) {
	var cd centralDir
	tail := min(size, 22+65535)
	b := make([]byte, tail)
	if _, err := r.ReadAt(b, size-tail); err != nil && err != io.EOF {
		return cd, err
	}
	eocd := bytes.LastIndex(b, []byte("PK\x05\x06"))
	if eocd < 0 || len(b)-eocd < 22 {
		return cd, errDir
	}
	e := b[eocd:]
	dirSize, dirOff := uint64(binary.LittleEndian.Uint32(e[12:])), uint64(binary.LittleEndian.Uint32(e[16:]))
	if dirOff == 0xFFFFFFFF || dirSize == 0xFFFFFFFF || binary.LittleEndian.Uint16(e[10:]) == 0xFFFF {
		// zip64 end of central directory locator, then record
		loc := size - tail + int64(eocd) - 20
		var l [20]byte
		if loc < 0 {
			return cd, errDir
		}
		if _, err := r.ReadAt(l[:], loc); err != nil || !bytes.Equal(l[:4], []byte("PK\x06\x07")) {
			return cd, errDir
		}
		recOff := binary.LittleEndian.Uint64(l[8:])
		var z [56]byte
		if recOff > uint64(size) {
			return cd, errDir
		}
		if _, err := r.ReadAt(z[:], int64(recOff)); err != nil || !bytes.Equal(z[:4], []byte("PK\x06\x06")) {
			return cd, errDir
		}
		dirSize, dirOff = binary.LittleEndian.Uint64(z[40:]), binary.LittleEndian.Uint64(z[48:])
	}
	if dirOff > uint64(size) || dirSize > uint64(size)-dirOff {
		return cd, errDir
	}
	cd.offset = int64(dirOff)
	dir := make([]byte, dirSize)
	if _, err := r.ReadAt(dir, int64(dirOff)); err != nil && err != io.EOF {
		return cd, err
	}
	for len(cd.records) < n {
		if len(dir) < 46 || !bytes.Equal(dir[:4], []byte("PK\x01\x02")) {
			return cd, errDir
		}
		nl, el, cl := int(binary.LittleEndian.Uint16(dir[28:])), int(binary.LittleEndian.Uint16(dir[30:])), int(binary.LittleEndian.Uint16(dir[32:]))
		if len(dir) < 46+nl+el+cl {
			return cd, errDir
		}
		rec := cdRecord{
			name:   string(dir[46 : 46+nl]),
			flags:  binary.LittleEndian.Uint16(dir[8:]),
			method: binary.LittleEndian.Uint16(dir[10:]),
			crc:    binary.LittleEndian.Uint32(dir[16:]),
			csize:  uint64(binary.LittleEndian.Uint32(dir[20:])),
			usize:  uint64(binary.LittleEndian.Uint32(dir[24:])),
			local:  uint64(binary.LittleEndian.Uint32(dir[42:])),
		}
		ext := zip64Extra(dir[46+nl : 46+nl+el])
		for _, f := range []*uint64{&rec.usize, &rec.csize, &rec.local} {
			if *f == 0xFFFFFFFF {
				if len(ext) < 8 {
					return cd, errDir
				}
				*f, ext = binary.LittleEndian.Uint64(ext), ext[8:]
				if f == &rec.local {
					rec.zip64Off = true
				} else {
					rec.zip64Sizes = true
				}
			}
		}
		cd.records = append(cd.records, rec)
		dir = dir[46+nl+el+cl:]
	}
	return cd, nil
}

// zip64Extra returns the data of the zip64 extended information field of an extra field block.
func zip64Extra(b []byte) []byte {
	for len(b) >= 4 {
		id, n := binary.LittleEndian.Uint16(b), int(binary.LittleEndian.Uint16(b[2:]))
		if len(b) < 4+n {
			return nil
		}
		if id == 0x0001 {
			return b[4 : 4+n]
		}
		b = b[4+n:]
	}
	return nil
}

// checkLocal compares entry zf's local header (and data descriptor) with its central directory
// record and returns where the entry ends.
func checkLocal(r io.ReaderAt, size int64, zf *zip.File, rec cdRecord) (end int64, err *zipEntryError) {
	mismatch := &zipEntryError{"sheet.zip.local"}
	var h [30]byte
	if rec.local > uint64(size) || size-int64(rec.local) < 30 {
		return 0, mismatch
	}
	if _, err := r.ReadAt(h[:], int64(rec.local)); err != nil || !bytes.Equal(h[:4], sigZip) {
		return 0, mismatch
	}
	nl, el := int64(binary.LittleEndian.Uint16(h[26:])), int64(binary.LittleEndian.Uint16(h[28:]))
	data := int64(rec.local) + 30 + nl + el
	if data > size {
		return 0, mismatch
	}
	if off, err := zf.DataOffset(); err != nil || off != data {
		return 0, mismatch
	}
	ne := make([]byte, nl+el)
	if _, err := r.ReadAt(ne, int64(rec.local)+30); err != nil {
		return 0, mismatch
	}
	if string(ne[:nl]) != rec.name || binary.LittleEndian.Uint16(h[8:]) != rec.method {
		return 0, mismatch
	}
	crc := binary.LittleEndian.Uint32(h[14:])
	csize, usize := uint64(binary.LittleEndian.Uint32(h[18:])), uint64(binary.LittleEndian.Uint32(h[22:]))
	if csize == 0xFFFFFFFF || usize == 0xFFFFFFFF {
		ext := zip64Extra(ne[nl:])
		if len(ext) < 16 {
			return 0, mismatch
		}
		usize, csize = binary.LittleEndian.Uint64(ext), binary.LittleEndian.Uint64(ext[8:])
	}
	sizeErr := &zipEntryError{"sheet.zip.size"}
	if rec.csize > uint64(size-data) {
		return 0, sizeErr
	}
	end = data + int64(rec.csize)
	descriptor := binary.LittleEndian.Uint16(h[6:])&0x8 != 0
	if !descriptor {
		switch {
		case crc != rec.crc:
			return 0, &zipEntryError{"sheet.zip.crc"}
		case csize != rec.csize || usize != rec.usize:
			return 0, sizeErr
		}
		return end, nil
	}
	// Sizes and CRC-32 follow the data: the local header holds zeros or the same values.
	if (crc != 0 && crc != rec.crc) || (csize != 0 && csize != rec.csize) || (usize != 0 && usize != rec.usize) {
		return 0, mismatch
	}
	var d [24]byte
	k, _ := r.ReadAt(d[:], end)
	dd := d[:k]
	if len(dd) >= 4 && bytes.Equal(dd[:4], []byte("PK\x07\x08")) {
		dd, end = dd[4:], end+4
	}
	if len(dd) < 12 || binary.LittleEndian.Uint32(dd) != rec.crc {
		return 0, &zipEntryError{"sheet.zip.crc"}
	}
	switch {
	case uint64(binary.LittleEndian.Uint32(dd[4:])) == rec.csize && uint64(binary.LittleEndian.Uint32(dd[8:])) == rec.usize:
		end += 12
	case len(dd) >= 20 && binary.LittleEndian.Uint64(dd[4:]) == rec.csize && binary.LittleEndian.Uint64(dd[12:]) == rec.usize:
		end += 20
	default:
		return 0, sizeErr
	}
	return end, nil
}

// cellTooLong is the error for a cell or token past its limit, naming the sheet and cell when
// they can be found: a worksheet part is named by the workbook, and a shared string by the first
// cell that uses it.
func cellTooLong(name string, r io.ReaderAt, size int64, zr *zip.Reader, lim *Limits, e *tooLongError) error {
	limit := strconv.Itoa(MaxCellChars)
	if !e.cell {
		return fail(name, ErrCellTooLong, "sheet.zip.token_too_long", Clip(e.part), humanBytes(maxToken))
	}
	sheetOf := func(part string) string {
		m, _ := newMergeReader(r, size, lim.MaxUnzipped)
		if m == nil {
			return ""
		}
		for sh, p := range m.parts {
			if strings.EqualFold(p, part) {
				return sh
			}
		}
		return ""
	}
	part, ref := e.part, e.ref
	if e.sst {
		part, ref = "", ""
		buf := make([]byte, 32<<10)
		for _, zf := range zr.File {
			sc := newScanner(zf.Name)
			sc.findSST = e.index
			if err := readEntry(zf, buf, sc); errors.Is(err, errFound) {
				part, ref = zf.Name, string(sc.cellRef)
				break
			}
		}
	}
	if part == "" {
		return fail(name, ErrCellTooLong, "sheet.cell_too_long_sst", strconv.Itoa(e.index+1), limit)
	}
	sh := sheetOf(part)
	if sh == "" {
		sh = part
	}
	return fail(name, ErrCellTooLong, "sheet.cell_too_long", Clip(sh), ref, limit)
}

// Clip shortens s for a message: at most clipRunes characters, then "…"; control
// characters become spaces.
func Clip(s string) string {
	n := 0
	for i := range s {
		if n == clipRunes {
			return clean(s[:i]) + "…"
		}
		n++
	}
	return clean(s)
}

const clipRunes = 80

func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
