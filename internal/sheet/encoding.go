package sheet

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encodings a CSV file may be read from besides UTF-8 (Table.Encoding).
const (
	EncodingGBK     = "GBK"     // what Chinese Excel and WPS save as "CSV（逗号分隔）"
	EncodingGB18030 = "GB18030" // GBK with four-byte sequences
)

// decodeChinese converts a CSV file that is not UTF-8 but well-formed GBK/GB18030 to UTF-8, and
// names the encoding; ok is false when data is not such a file (it is then refused as before).
// golang.org/x/text is already a dependency of excelize.
func decodeChinese(data []byte) (out []byte, enc string, ok bool) {
	if utf8.Valid(data) || bytes.HasPrefix(data, sigZip) || bytes.HasPrefix(data, sigOLE) || !looksGB18030(data) {
		return data, "", false
	}
	dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(dec) {
		return data, "", false
	}
	enc = EncodingGBK
	for i := 0; i+1 < len(data); {
		c := data[i]
		if c < 0x80 {
			i++
			continue
		}
		if d := data[i+1]; d >= 0x30 && d <= 0x39 {
			enc = EncodingGB18030
			break
		}
		i += 2
	}
	return dec, enc, true
}
