package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// cellScanner follows the XML of one xlsx part as it is unzipped, a chunk at a time, and keeps
// only a few counters: it refuses a cell whose text is longer than MaxCellChars characters
// (a <c> of a worksheet: its <v> and <t> text; an <si> of the shared-string table: its <t>
// text, phonetic runs aside) and any single text run, tag, comment, CDATA section or
// processing instruction longer than maxToken bytes. It is not a validating parser: excelize
// parses the part afterwards; this only makes sure that nothing it will hold in memory is
// bigger than those limits.
type cellScanner struct {
	part   string
	active bool // the part is XML

	state   int
	quote   byte // inside a quoted attribute value of a tag
	tok     int  // bytes of the current token (text run, tag, comment …)
	tag     []byte
	pending []byte // bytes of a markup opening not yet classified ("<!-", "<![CDA" …)
	term    []byte // what ends the current comment, CDATA or processing instruction
	matched int    // how much of term has been seen

	root               string // local name of the root element: worksheet, sst, …
	inCell, inText     bool
	inPhonetic         bool
	cellChars          int
	cellRef, cellType  []byte
	cellValue          []byte // the start of a worksheet cell's <v>, to find a shared string
	siIndex            int    // 0-based index of the current <si>
	entity             bool   // inside an entity reference: counts as one character
	findSST            int    // ≥ 0: report the cell whose shared-string index is this
	found, foundInPart bool
}

const (
	scText = iota
	scOpen // just after '<'
	scTag
	scMarkup // comment, CDATA or processing instruction: until term
	scDecl   // <!DOCTYPE …> and the like: until '>'
)

// tooLongError is a cell or token past its limit; ref is the cell (worksheets) and index the
// shared string (sst), -1 when not a cell.
type tooLongError struct {
	part  string
	cell  bool
	sst   bool
	ref   string
	index int
}

func (e *tooLongError) Error() string {
	return fmt.Sprintf("%s: cell %s (shared string %d) too long", e.part, e.ref, e.index)
}

// errFound stops a scan that looks for the cell using a shared string.
var errFound = errors.New("found")

func newScanner(part string) *cellScanner { return &cellScanner{part: part, findSST: -1} }

func (s *cellScanner) write(p []byte) error {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch s.state {
		case scText:
			if c == '<' {
				s.state, s.tok, s.tag, s.pending = scOpen, 0, s.tag[:0], s.pending[:0]
				continue
			}
			if s.tok++; s.tok > maxToken {
				return s.tooLong(false)
			}
			if s.inCell && s.inText && !s.inPhonetic {
				if s.root == "worksheet" && len(s.cellValue) < 24 {
					s.cellValue = append(s.cellValue, c)
				}
				switch {
				case c == '&':
					s.entity = true
					s.cellChars++
				case s.entity:
					if c == ';' {
						s.entity = false
					}
				case c&0xC0 != 0x80: // not a UTF-8 continuation byte
					s.cellChars++
				}
				if s.cellChars > MaxCellChars {
					return s.tooLong(true)
				}
			}
		case scOpen:
			if s.tok++; s.tok > maxToken {
				return s.tooLong(false)
			}
			if len(s.pending) == 0 {
				switch c {
				case '?':
					s.state, s.term, s.matched = scMarkup, []byte("?>"), 0
				case '!':
					s.pending = append(s.pending, c)
				default:
					s.state = scTag
					s.tag = append(s.tag, c)
				}
				continue
			}
			s.pending = append(s.pending, c)
			switch p := string(s.pending); {
			case p == "!--":
				s.state, s.term, s.matched = scMarkup, []byte("-->"), 0
			case p == "![CDATA[":
				s.state, s.term, s.matched = scMarkup, []byte("]]>"), 0
			case p == "!-" || (len(p) < 8 && p == "![CDATA["[:len(p)]):
				// not decided yet
			default:
				s.state = scDecl
			}
		case scTag:
			if s.tok++; s.tok > maxToken {
				return s.tooLong(false)
			}
			switch {
			case s.quote != 0:
				if c == s.quote {
					s.quote = 0
				}
			case c == '"' || c == '\'':
				s.quote = c
			case c == '>':
				s.endTag()
				if s.found {
					return errFound
				}
				s.state, s.tok = scText, 0
				continue
			}
			if len(s.tag) < 256 {
				s.tag = append(s.tag, c)
			}
		case scMarkup:
			if s.tok++; s.tok > maxToken {
				return s.tooLong(false)
			}
			if s.term[0] == ']' && s.inCell && s.inText && !s.inPhonetic && c&0xC0 != 0x80 {
				// CDATA is text
				if s.cellChars++; s.cellChars > MaxCellChars {
					return s.tooLong(true)
				}
			}
			switch {
			case c == s.term[s.matched]:
				if s.matched++; s.matched == len(s.term) {
					s.state, s.tok = scText, 0
				}
			case c == s.term[0]:
				s.matched = 1
			default:
				s.matched = 0
			}
		case scDecl:
			if s.tok++; s.tok > maxToken {
				return s.tooLong(false)
			}
			if c == '>' {
				s.state, s.tok = scText, 0
			}
		}
	}
	return nil
}

// endTag acts on a complete start or end tag held in s.tag (without '<' and '>').
func (s *cellScanner) endTag() {
	t := s.tag
	end := len(t) > 0 && t[0] == '/'
	if end {
		t = t[1:]
	}
	selfClosing := len(t) > 0 && t[len(t)-1] == '/'
	name := t
	if i := bytes.IndexAny(name, " \t\r\n/"); i >= 0 {
		name = name[:i]
	}
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	if s.root == "" && !end {
		s.root = string(name)
		return
	}
	cellTag := "c"
	if s.root == "sst" {
		cellTag = "si"
	} else if s.root != "worksheet" {
		return
	}
	switch {
	case string(name) == cellTag:
		switch {
		case end:
			s.endCell()
		case selfClosing:
			if s.root == "sst" {
				s.siIndex++
			}
		default:
			s.inCell, s.cellChars, s.cellValue = true, 0, s.cellValue[:0]
			if s.root == "worksheet" {
				s.cellRef, s.cellType = append(s.cellRef[:0], attr(t, "r")...), append(s.cellType[:0], attr(t, "t")...)
			}
		}
	case string(name) == "t" || string(name) == "v":
		if s.inCell && !selfClosing {
			s.inText, s.entity = !end, false
		}
	case string(name) == "rPh":
		if s.inCell && !selfClosing {
			s.inPhonetic = !end
		}
	}
}

func (s *cellScanner) endCell() {
	if s.root == "worksheet" && s.findSST >= 0 && string(s.cellType) == "s" &&
		string(bytes.TrimSpace(s.cellValue)) == strconv.Itoa(s.findSST) && !s.found {
		s.found = true
	}
	if s.root == "sst" {
		s.siIndex++
	}
	s.inCell, s.inText, s.inPhonetic = false, false, false
}

func (s *cellScanner) tooLong(cell bool) error {
	e := &tooLongError{part: s.part, cell: cell, index: -1}
	if cell {
		if s.root == "sst" {
			e.sst, e.index = true, s.siIndex
		} else {
			e.ref = string(s.cellRef)
		}
	}
	return e
}

// attr returns the value of attribute name of a tag's bytes (as far as they were kept).
func attr(tag []byte, name string) []byte {
	for i := 0; i+len(name)+2 <= len(tag); i++ {
		if (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\r' || tag[i] == '\n') &&
			bytes.HasPrefix(tag[i+1:], []byte(name)) {
			rest := bytes.TrimLeft(tag[i+1+len(name):], " \t\r\n")
			if len(rest) < 2 || rest[0] != '=' {
				continue
			}
			rest = bytes.TrimLeft(rest[1:], " \t\r\n")
			if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
				continue
			}
			if j := bytes.IndexByte(rest[1:], rest[0]); j >= 0 {
				return rest[1 : 1+j]
			}
			return nil
		}
	}
	return nil
}
