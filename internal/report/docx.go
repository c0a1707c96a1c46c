// Package report writes documents: it is the only package that knows the .docx format
// (WordprocessingML, ECMA-376), written here with archive/zip and encoding/xml alone. Pages are
// A4 with the margins of official documents (GB/T 9704); headings in 黑体, text in 仿宋, each
// with fallbacks a machine without them substitutes (a font table names their families).
package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"strings"
)

// Document is a Word document built block by block.
type Document struct {
	body   strings.Builder
	images [][]byte // word/media/imageN.png, N from 1, relationship rIdImgN
}

// Fonts: the East Asian faces and the Latin face beside them.
const (
	fontHeading = "黑体"
	fontText    = "仿宋"
	fontTitle   = "方正小标宋简体" // GB/T 9704's title face; 宋体 where it is missing (font table)
	fontKai     = "楷体"
	fontLatin   = "Times New Roman"
)

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// run is a run of text in a font and size (half-points), bold or not. Line breaks in s become
// breaks in the run.
func run(s, font string, halfPoints int, bold bool) string {
	var b strings.Builder
	b.WriteString(`<w:r><w:rPr><w:rFonts w:ascii="` + fontLatin + `" w:hAnsi="` + fontLatin + `" w:eastAsia="` + font + `" w:hint="eastAsia"/>`)
	if bold {
		b.WriteString(`<w:b/>`)
	}
	b.WriteString(`<w:sz w:val="` + itoa(halfPoints) + `"/><w:szCs w:val="` + itoa(halfPoints) + `"/></w:rPr>`)
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		b.WriteString(`<w:t xml:space="preserve">` + esc(line) + `</w:t>`)
	}
	b.WriteString(`</w:r>`)
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

// Title adds the document's title: 方正小标宋 (宋体 as fallback) 二号 (22 pt), centred.
func (d *Document) Title(s string) {
	d.body.WriteString(`<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr>` + run(s, fontTitle, 44, false) + `</w:p>`)
}

// Subheading adds a second-level heading: 楷体 三号 (16 pt).
func (d *Document) Subheading(s string) {
	d.body.WriteString(`<w:p><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/><w:spacing w:before="120" w:after="60"/></w:pPr>` +
		run(s, fontKai, 32, false) + `</w:p>`)
}

// Subtitle adds a centred line under the title: 仿宋 三号.
func (d *Document) Subtitle(s string) {
	d.body.WriteString(`<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr>` + run(s, fontText, 32, false) + `</w:p>`)
}

// Heading adds a heading: 黑体 三号 (16 pt).
func (d *Document) Heading(s string) {
	d.body.WriteString(`<w:p><w:pPr><w:spacing w:before="240" w:after="120"/></w:pPr>` + run(s, fontHeading, 32, false) + `</w:p>`)
}

// Para adds a paragraph of text: 仿宋 三号, first line indented two characters.
func (d *Document) Para(s string) {
	d.body.WriteString(`<w:p><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/><w:spacing w:line="560" w:lineRule="exact"/></w:pPr>` +
		run(s, fontText, 32, false) + `</w:p>`)
}

// Image adds a PNG picture, centred, widthMM wide (its height kept in proportion to its pixels).
func (d *Document) Image(pngBytes []byte, widthPx, heightPx int, widthMM float64) {
	d.images = append(d.images, pngBytes)
	n := itoa(len(d.images))
	cx := int(widthMM * 36000) // EMU: 36 000 a millimetre
	cy := cx * heightPx / widthPx
	ext := `cx="` + itoa(cx) + `" cy="` + itoa(cy) + `"`
	d.body.WriteString(`<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:before="120"/></w:pPr><w:r><w:drawing>` +
		`<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent ` + ext + `/><wp:docPr id="` + n + `" name="chart` + n + `"/>` +
		`<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>` +
		`<pic:nvPicPr><pic:cNvPr id="` + n + `" name="chart` + n + `.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
		`<pic:blipFill><a:blip r:embed="rIdImg` + n + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext ` + ext + `/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`)
}

// Caption adds a picture's caption under it: 楷体 四号 (14 pt), centred.
func (d *Document) Caption(s string) {
	d.body.WriteString(`<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr>` + run(s, fontKai, 28, false) + `</w:p>`)
}

// Table adds a table with a bold, shaded header row: 仿宋 四号 (14 pt), full width.
func (d *Document) Table(header []string, rows [][]string) { d.table(header, rows, 28) }

// DataTable adds a table of figures: like Table in 仿宋 五号 (10.5 pt), so that ten columns of
// figures fit the A4 text width without breaking a number.
func (d *Document) DataTable(header []string, rows [][]string) { d.table(header, rows, 21) }

func (d *Document) table(header []string, rows [][]string, halfPoints int) {
	b := &d.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="autofit"/></w:tblPr>`)
	row := func(cells []string, head bool) {
		b.WriteString(`<w:tr>`)
		if head {
			b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for _, c := range cells {
			b.WriteString(`<w:tc><w:tcPr>`)
			if head { // a cell's own fill: a table style's header fill is lost in LibreOffice
				b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>`)
			}
			font := fontText
			if head {
				font = fontHeading
			}
			b.WriteString(`</w:tcPr><w:p>` + run(c, font, halfPoints, false) + `</w:p></w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	row(header, true)
	for _, r := range rows {
		row(r, false)
	}
	b.WriteString(`</w:tbl><w:p/>`)
}

// A4 in twentieths of a point, and the margins of GB/T 9704 (37 mm top, 35 mm bottom, 28 mm
// left, 26 mm right).
const sectPr = `<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/>` +
	`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>`

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// nsDrawing are the namespaces of a picture in document.xml.
const nsDrawing = ` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
	` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`

// footer numbers the pages, centred: — 1 — (GB/T 9704 puts the number in 4号 半角 digits
// between dashes).
const footer = xmlHead + `<w:ftr ` + nsW + `><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
	`<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r>` +
	`<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>` +
	`<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>` +
	`<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r>` +
	`<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>` +
	`<w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`

// Bytes returns the .docx file.
func (d *Document) Bytes() ([]byte, error) {
	files := []struct{ name, body string }{
		{"[Content_Types].xml", xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Default Extension="png" ContentType="image/png"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
			`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
			`</Types>`},
		{"_rels/.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`</Relationships>`},
		{"word/_rels/document.xml.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
			imageRels(len(d.images)) + `</Relationships>`},
		{"word/styles.xml", xmlHead + `<w:styles ` + nsW + `><w:docDefaults><w:rPrDefault><w:rPr>` +
			`<w:rFonts w:ascii="` + fontLatin + `" w:hAnsi="` + fontLatin + `" w:eastAsia="` + fontText + `"/>` +
			`<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>` +
			`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`},
		{"word/fontTable.xml", xmlHead + `<w:fonts ` + nsW + `>` + fontEntry(fontHeading, "SimHei", "swiss") +
			fontEntry(fontText, "FangSong", "modern") + fontEntry(fontLatin, "", "roman") +
			fontEntry(fontTitle, "宋体", "roman") + fontEntry(fontKai, "KaiTi", "modern") + `</w:fonts>`},
		{"word/footer1.xml", footer},
		{"word/document.xml", xmlHead + `<w:document ` + nsW + nsDrawing + `><w:body>` + d.body.String() + sectPr + `</w:body></w:document>`},
	}
	for i, img := range d.images {
		files = append(files, struct{ name, body string }{"word/media/image" + itoa(i+1) + ".png", string(img)})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fontEntry names a font, its other name and family: Word and LibreOffice substitute a face of
// the same family (GB 2312 charset for the Chinese ones) where the font is missing.
func fontEntry(name, alt, family string) string {
	s := `<w:font w:name="` + esc(name) + `">`
	if alt != "" {
		s += `<w:altName w:val="` + alt + `"/><w:charset w:val="86"/>`
	}
	return s + `<w:family w:val="` + family + `"/></w:font>`
}

// imageRels are the relationships of n pictures, rIdImg1 … rIdImgN.
func imageRels(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(`<Relationship Id="rIdImg` + itoa(i) + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image` + itoa(i) + `.png"/>`)
	}
	return b.String()
}
