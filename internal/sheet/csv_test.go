package sheet

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// gbCSV is "地区,指标,数值\r\n台山市,地区生产总值,1.5\r\n开平·恩平,é¥😀,2\r\n"
// encoded as GB18030 (what Chinese Excel saves as "CSV（逗号分隔）"); it has
// two-byte and four-byte sequences.
const gbCSV = "\xb5\xd8\xc7\xf8,\xd6\xb8\xb1\xea,\xca\xfd\xd6\xb5\r\n" +
	"\xcc\xa8\xc9\xbd\xca\xd0,\xb5\xd8\xc7\xf8\xc9\xfa\xb2\xfa\xd7\xdc\xd6\xb5,1.5\r\n" +
	"\xbf\xaa\xc6\xbd\xa1\xa4\xb6\xf7\xc6\xbd,\xa8\xa6\x81\x30\x84\x36\x94\x39\xfc\x36,2\r\n"

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want [][]string
	}{
		{
			name: "BOM and CRLF",
			in:   "\xEF\xBB\xBFregion_code,indicator,value\r\n440784,gdp,12345.6\r\n440785,retail,-3\r\n",
			want: [][]string{{"region_code", "indicator", "value"}, {"440784", "gdp", "12345.6"}, {"440785", "retail", "-3"}},
		},
		{
			name: "quoted comma, quote and CRLF inside a field",
			in:   "a,b\r\n\"台山市,开平\",\"说 \"\"好\"\"\r\n第二行\"\r\n",
			want: [][]string{{"a", "b"}, {"台山市,开平", "说 \"好\"\n第二行"}},
		},
		{
			name: "blank lines are rows, trailing ones dropped",
			in:   "\n\r\nh1,h2\n\nx,y\n\r\n\n",
			want: [][]string{nil, nil, {"h1", "h2"}, nil, {"x", "y"}},
		},
		{
			name: "blank lines after a multi-line record",
			in:   "h\n\"1\n2\n3\"\n\nz\n",
			want: [][]string{{"h"}, {"1\n2\n3"}, nil, {"z"}},
		},
		{
			name: "trailing empty cells trimmed, all-empty row blank",
			in:   "a,b,,\n,,\n,c\n",
			want: [][]string{{"a", "b"}, nil, {"", "c"}},
		},
		{
			name: "text kept exactly, no trailing newline",
			in:   " 1 ,0012,1e3,=1+1\n2023-01, ",
			want: [][]string{{" 1 ", "0012", "1e3", "=1+1"}, {"2023-01", " "}},
		},
		{name: "empty file", in: "", want: nil},
		{name: "only BOM", in: "\xEF\xBB\xBF", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := ReadCSV("stats.csv", strings.NewReader(tt.in), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if tab.File != "stats.csv" || tab.Sheet != "" {
				t.Errorf("File, Sheet = %q, %q", tab.File, tab.Sheet)
			}
			if !reflect.DeepEqual(tab.Rows, tt.want) {
				t.Errorf("rows\n got %q\nwant %q", tab.Rows, tt.want)
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	small := Limits{MaxRows: 5, MaxCols: 3, MaxCells: 12, MaxBytes: 200}
	tests := []struct {
		name    string
		in      string
		lim     Limits
		want    error
		notWant error
		msg     string // substring of the message
	}{
		{name: "Latin-1 is not GB18030", in: "caf\xe9\n", want: ErrNotUTF8, notWant: ErrGB18030},
		{name: "UTF-16 BOM", in: "\xff\xfea\x00,\x00b\x00", want: ErrNotUTF8, msg: "UTF-16"},
		{name: "NUL bytes", in: "a\x00,\x00b\x00", want: ErrNotCSV},
		{name: "xlsx named .csv", in: "PK\x03\x04rest", want: ErrNotCSV, msg: ".xlsx"},
		{name: "xls named .csv", in: string(sigOLE) + "rest", want: ErrNotCSV, msg: ".xls"},
		{name: "unterminated quote", in: "a,b\n1,\"2\n", want: ErrCSVFormat, msg: "引号"},
		{name: "bare quote", in: "a,b\n1,2\"3\n", want: ErrCSVFormat, msg: "文本第 2 行"},
		{name: "too many rows", in: "1\n2\n3\n4\n5\n6\n", lim: small, want: ErrTooManyRows, msg: "第 6 行"},
		{name: "blank lines count as rows", in: "1\n\n\n\n\n6\n", lim: small, want: ErrTooManyRows},
		{name: "too many columns", in: "a,b,c,d\n", lim: small, want: ErrTooManyCols, msg: "D"},
		{name: "too many cells", in: "a,b,c\na,b,c\na,b,c\na,b,c\na\n", lim: small, want: ErrTooManyCells},
		{name: "too large", in: strings.Repeat("x", 201), lim: small, want: ErrTooLarge},
		{name: "timeout", in: strings.Repeat("a,b\n", 3000), lim: Limits{Timeout: time.Nanosecond}, want: ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV("stats.csv", strings.NewReader(tt.in), tt.lim)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			t.Log(err)
			if tt.notWant != nil && errors.Is(err, tt.notWant) {
				t.Errorf("err = %v, should not be %v", err, tt.notWant)
			}
			if !strings.HasPrefix(err.Error(), "stats.csv: ") || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q should start with the file name and contain %q", err, tt.msg)
			}
		})
	}
}

func TestReadCSVTrailingBlankRowsBeyondCap(t *testing.T) {
	// Blank lines after the data do not count against MaxRows.
	in := "1\n2\n" + strings.Repeat("\n", 50) + strings.Repeat(",,\n", 50)
	tab, err := ReadCSV("x.csv", strings.NewReader(in), Limits{MaxRows: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 2 {
		t.Errorf("got %d rows, want 2", len(tab.Rows))
	}
}

// TestReadCSVChinese: GBK and GB18030 files (what Chinese Excel and WPS save as "CSV（逗号分隔）")
// read as UTF-8 ones do, the encoding named.
func TestReadCSVChinese(t *testing.T) {
	for _, c := range []struct {
		name, in, enc string
		want          [][]string
	}{
		{"GB18030", gbCSV, EncodingGB18030, [][]string{{"地区", "指标", "数值"}, {"台山市", "地区生产总值", "1.5"}, {"开平·恩平", "é¥😀", "2"}}},
		{"GBK", "\xb5\xd8\xc7\xf8,\xca\xfd\xd6\xb5\r\n\xcc\xa8\xc9\xbd\xca\xd0,1.5\r\n", EncodingGBK, [][]string{{"地区", "数值"}, {"台山市", "1.5"}}},
		{"UTF-8", "地区,数值\n台山市,1.5\n", "", [][]string{{"地区", "数值"}, {"台山市", "1.5"}}},
	} {
		tab, err := ReadCSV("x.csv", strings.NewReader(c.in), Limits{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(tab.Rows, c.want) || tab.Encoding != c.enc {
			t.Errorf("%s: got %q encoding %q, want %q encoding %q", c.name, tab.Rows, tab.Encoding, c.want, c.enc)
		}
	}
}

func TestLooksGB18030(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{gbCSV, true},
		{"\xb5\xd8", true},                 // 地
		{"\x81\x30\x84\x36", true},         // ¥, four bytes
		{"ascii only", false},              // nothing multi-byte
		{"\xb5", false},                    // truncated
		{"\x81\x30\x84", false},            // truncated four-byte
		{"\x80\x40", false},                // 0x80 is no lead byte
		{"\xff\x40", false},                // nor 0xFF
		{"\xb5\x20", false},                // bad trail
		{"\x85\x30\x81\x30", false},        // four-byte lead outside the mapped ranges
		{"\xe5\x9c\xb0\xe5\x8c\xba", true}, // UTF-8 "地区" is also GBK-shaped; callers check UTF-8 first
	}
	for _, tt := range tests {
		if got := looksGB18030([]byte(tt.in)); got != tt.want {
			t.Errorf("looksGB18030(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
