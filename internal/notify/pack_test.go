package notify_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pacer/internal/app"
	"pacer/internal/deadlines"
	"pacer/internal/demo"
	"pacer/internal/domain"
	"pacer/internal/notify"
	"pacer/internal/sheet"
	"pacer/internal/store"
	"pacer/internal/store/storetest"
)

// TestMonthlyPackByMail: the monthly_pack job (app.Jobs) sends the demo's July 2023 pack from
// its day (the 5th of August) once to each recipient — not on the 4th, not again on a second
// run — and the deliverer mails it to a real local SMTP listener as multipart/mixed: the text,
// the scorecard .xlsx, which opens and holds the scorecard, and the monthly analysis .docx.
func TestMonthlyPackByMail(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			st := d.Open(t)
			if _, err := demo.Load(ctx, st); err != nil {
				t.Fatal(err)
			}
			sv := app.Services(st)
			if err := sv.Setup.FirstRun(ctx, ana, demo.Region, 2023); err != nil {
				t.Fatal(err)
			}
			if err := sv.Deadlines.SetSettings(ctx, ana, deadlines.Settings{DefaultDay: "10", EscalateDays: "3", PackDay: "5",
				PackTo: "leader@heshan.gov.cn"}); err != nil {
				t.Fatal(err)
			}
			var job func(time.Time) error
			for _, j := range app.Jobs(sv) {
				if j.Name == "monthly_pack" {
					j := j
					job = func(at time.Time) error { return j.Run(ctx, at) }
				}
			}
			if job == nil {
				t.Fatal("monthly_pack not in app.Jobs")
			}
			ms := newSMTPServer(t, false, "", "")
			svc := sv.Notify.WithMail(notify.Mail{Addr: ms.Addr(), From: "pacer@heshan.gov.cn"})
			for _, step := range []struct {
				at   time.Time
				sent int
			}{
				{time.Date(2023, 8, 4, 8, 0, 0, 0, time.UTC), 0}, // before the pack's day
				{time.Date(2023, 8, 5, 8, 0, 0, 0, time.UTC), 1},
				{time.Date(2023, 8, 5, 9, 0, 0, 0, time.UTC), 0}, // again: once a period
				{time.Date(2023, 8, 20, 8, 0, 0, 0, time.UTC), 0},
			} {
				if err := job(step.at); err != nil {
					t.Fatalf("%s: %v", step.at, err)
				}
				res, err := svc.Drain(ctx)
				if err != nil || res.Sent != step.sent {
					t.Fatalf("%s: drained %+v, %v; want %d sent", step.at, res, err, step.sent)
				}
			}
			got := ms.got()
			if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != "leader@heshan.gov.cn" {
				t.Fatalf("mails: got %+v, want one to leader@heshan.gov.cn", got)
			}
			files := attachments(t, got[0].Data)
			var xlsx, docx []byte
			for name, data := range files {
				switch {
				case strings.HasSuffix(name, ".xlsx"):
					xlsx = data
				case strings.HasSuffix(name, ".docx"):
					docx = data
				}
				if !strings.Contains(name, "2023-07") {
					t.Errorf("attachment %q: want the period 2023-07 in its name", name)
				}
			}
			if len(files) != 2 || xlsx == nil || docx == nil {
				t.Fatalf("attachments: got %d (%v), want the .xlsx and the .docx", len(files), keysOf(files))
			}
			path := filepath.Join(t.TempDir(), "pack.xlsx")
			if err := os.WriteFile(path, xlsx, 0o600); err != nil {
				t.Fatal(err)
			}
			tables, err := sheet.ReadFile(path, sheet.DefaultLimits())
			if err != nil || len(tables) == 0 || len(tables[0].Rows) < 2 {
				t.Fatalf("the scorecard .xlsx: %v, %+v", err, tables)
			}
			found := false
			for _, row := range tables[0].Rows {
				found = found || len(row) > 2 && row[0] == "地区生产总值" && row[2] == "2023-06"
			}
			if tables[0].Rows[0][0] != "指标" || !found {
				t.Errorf("the scorecard .xlsx: header %v, want 指标 … and a GDP row of 2023-06 (its latest quarter)", tables[0].Rows[0])
			}
			if !bytes.HasPrefix(docx, []byte("PK")) || !bytes.Contains(docx, []byte("word/document.xml")) {
				t.Errorf("the .docx: not a Word document (%d bytes)", len(docx))
			}
		})
	}
}

// attachments parses an RFC 5322 message of multipart/mixed and returns its attachments by file
// name, decoded.
func attachments(t *testing.T, data string) map[string][]byte {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type %q: %v, want multipart/mixed", m.Header.Get("Content-Type"), err)
	}
	out := map[string][]byte{}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for i := 0; ; i++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(p)
		body, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		if i == 0 {
			if !strings.Contains(string(body), "月度材料") && !strings.Contains(string(body), "见附件") {
				t.Errorf("the text part: got %q", body)
			}
			continue
		}
		_, dp, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil || dp["filename"] == "" {
			t.Fatalf("part %d: Content-Disposition %q: %v", i, p.Header.Get("Content-Disposition"), err)
		}
		out[dp["filename"]] = body
	}
	return out
}

func keysOf(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestNamedRecipients: an event naming its recipients goes to them, not to the unit's
// subscribers: the webhook receives the attachment in its JSON (base64), the mail has it as a
// part of multipart/mixed, its Chinese name intact.
func TestNamedRecipients(t *testing.T) {
	each(t, func(t *testing.T, st *store.Store) {
		rc := newReceiver(t, map[string]string{})
		ms := newSMTPServer(t, false, "", "")
		svc := notify.New(st).WithMail(notify.Mail{Addr: ms.Addr(), From: "pacer@heshan.gov.cn"})
		subscribe(t, svc, domain.Subscription{EventKind: "*", Channel: domain.ChannelWebhook, Target: rc.URL + "/hook"}) // not a recipient
		file := domain.Attachment{Name: "鹤山市-2023-07-指标完成情况.xlsx", ContentType: "application/octet-stream", Data: []byte("PK\x03\x04 payload")}
		n, err := svc.Notify(ctx, ana, domain.Event{Kind: "pack.monthly", UnitCode: unit, Subject: "月度材料", Text: "见附件",
			To:          []domain.Recipient{{Channel: domain.ChannelWebhook, Target: rc.URL + "/hook?pack"}, {Channel: domain.ChannelEmail, Target: "li@heshan.gov.cn"}},
			Attachments: []domain.Attachment{file}})
		if err != nil || n != 2 {
			t.Fatalf("notify: got %d, %v; want 2 messages", n, err)
		}
		if res, err := svc.Drain(ctx); err != nil || res.Sent != 2 {
			t.Fatalf("drain: %+v, %v", res, err)
		}
		ds := rc.deliveries()
		if len(ds) != 1 || ds[0].Query != "pack" {
			t.Fatalf("webhook deliveries: got %+v, want one to the named URL", ds)
		}
		var body struct {
			Attachments []domain.Attachment `json:"attachments"`
		}
		if err := json.Unmarshal(ds[0].Body, &body); err != nil || len(body.Attachments) != 1 ||
			body.Attachments[0].Name != file.Name || !bytes.Equal(body.Attachments[0].Data, file.Data) {
			t.Errorf("webhook body: got %s (%v), want the attachment", ds[0].Body, err)
		}
		got := ms.got()
		if len(got) != 1 || got[0].To[0] != "li@heshan.gov.cn" {
			t.Fatalf("mails: got %+v", got)
		}
		if files := attachments(t, got[0].Data); !bytes.Equal(files[file.Name], file.Data) {
			t.Errorf("mail attachments: got %v, want %q", keysOf(files), file.Name)
		}
	})
}
