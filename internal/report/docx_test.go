package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pacer/internal/report"
)

func sample(t *testing.T) []byte {
	t.Helper()
	var d report.Document
	d.Title("鹤山市周调度会议程（2023-W32）")
	d.Subtitle("2023-08-07 起的一周 · 数据截至 2023-07")
	d.Heading("会议决定事项")
	d.Para("社会消费品零售总额：红灯，全年目标需增速 16.7% <&> “引号”")
	d.Table([]string{"序号", "事项", "责任单位"}, [][]string{{"1", "地区生产总值：红灯，全年目标需增速 10.9%", "鹤山市统计局"}, {"2", "工业投资", "鹤山市工业和信息化局"}})
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDocxPackage: the .docx is a zip holding the parts Word needs, every XML part well formed,
// document.xml carrying the text (escaped), A4 pages and the Chinese fonts.
func TestDocxPackage(t *testing.T) {
	b := sample(t)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r)
		r.Close()
		parts[f.Name] = string(body)
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s: not well-formed XML: %v", f.Name, err)
				break
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "word/fontTable.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("part %s missing", name)
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{"鹤山市周调度会议程（2023-W32）", "需增速 16.7% &lt;&amp;&gt;", "鹤山市工业和信息化局",
		`w:pgSz w:w="11906" w:h="16838"`, `w:eastAsia="黑体"`, `w:eastAsia="仿宋"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
	if !strings.Contains(parts["word/fontTable.xml"], `<w:altName w:val="FangSong"/>`) {
		t.Errorf("fontTable.xml: no fallback name for 仿宋")
	}
}

// TestDocxInLibreOffice: LibreOffice opens the file and its PDF has the text. scripts/test.sh
// installs LibreOffice and poppler-utils; the test fails without them.
func TestDocxInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice (LibreOffice) is not installed: run scripts/test.sh, which installs libreoffice-writer-nogui")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("soffice is installed but pdftotext is not (apt-get install poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "agenda.docx")
	if err := os.WriteFile(in, sample(t), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	out, err := exec.Command(pdftotext, "-layout", filepath.Join(dir, "agenda.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"鹤山市周调度会议程", "需增速16.7%", "鹤山市工业和信息化局", "地区生产总值"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q; it reads:\n%s", want, out)
		}
	}
	info, err := exec.Command("pdfinfo", filepath.Join(dir, "agenda.pdf")).Output()
	if err == nil && !strings.Contains(string(info), "595.3") && !strings.Contains(string(info), "595.276") && !strings.Contains(string(info), "A4") {
		t.Errorf("page size: want A4 (595 × 842 pt), pdfinfo says:\n%s", info)
	}
}
