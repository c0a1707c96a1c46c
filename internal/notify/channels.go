package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pacer/internal/domain"
)

// payload is what an outbox message's body holds.
type payload struct {
	Subject     string              `json:"subject"`
	Text        string              `json:"text"`
	Data        map[string]any      `json:"data"`
	Attachments []domain.Attachment `json:"attachments,omitempty"`
}

// send delivers one message over its channel; nil means the receiver has it.
func (s *Service) send(ctx context.Context, m domain.OutboxMessage) error {
	var p payload
	if err := json.Unmarshal([]byte(m.Body), &p); err != nil {
		return fmt.Errorf("body: %w", err)
	}
	switch m.Channel {
	case domain.ChannelWebhook:
		return s.sendWebhook(ctx, m, p)
	case domain.ChannelWeCom:
		return s.sendWeCom(ctx, m, p)
	case domain.ChannelDingTalk:
		return s.sendDingTalk(ctx, m, p)
	case domain.ChannelFeishu:
		return s.sendFeishu(ctx, m, p)
	case domain.ChannelEmail:
		return s.sendMail(ctx, m, p)
	}
	return fmt.Errorf("unknown channel %q", m.Channel)
}

// keyLine is the line robots' messages end with: the idempotency key, which a person may ignore
// and a bot reading the group may deduplicate by.
func keyLine(m domain.OutboxMessage) string { return "编号 " + m.IdempotencyKey }

// post sends body as JSON to target with the message's idempotency key as a header, and returns
// the response body of a 2xx answer (at most 64 KiB).
func (s *Service) post(ctx context.Context, m domain.OutboxMessage, target string, body []byte, header http.Header) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Idempotency-Key", m.IdempotencyKey)
	req.Header.Set("User-Agent", "Pacer-Notify/1")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return out, fmt.Errorf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(out[:min(len(out), 200)])))
	}
	return out, nil
}

// sendWebhook posts the generic JSON: {"idempotency_key","event","unit","subject","text","data",
// "created_at"}. With a secret it signs: X-Pacer-Timestamp (Unix seconds) and X-Pacer-Signature,
// "sha256=" and the hex HMAC-SHA256 under the secret of timestamp + "." + body.
func (s *Service) sendWebhook(ctx context.Context, m domain.OutboxMessage, p payload) error {
	msg := map[string]any{
		"idempotency_key": m.IdempotencyKey, "event": m.EventKind, "unit": m.UnitCode,
		"subject": p.Subject, "text": p.Text, "data": p.Data, "created_at": m.CreatedAt.UTC().Format(time.RFC3339),
	}
	if len(p.Attachments) > 0 {
		msg["attachments"] = p.Attachments // each {"name","content_type","data"}, data in base64
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	h := http.Header{}
	if m.Secret != "" {
		ts := strconv.FormatInt(s.now().Unix(), 10)
		mac := hmac.New(sha256.New, []byte(m.Secret))
		mac.Write([]byte(ts + "."))
		mac.Write(body)
		h.Set("X-Pacer-Timestamp", ts)
		h.Set("X-Pacer-Signature", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	}
	_, err = s.post(ctx, m, m.Target, body, h)
	return err
}

// robotAnswer checks a robot's JSON answer: WeCom and DingTalk say {"errcode":0}, Feishu
// {"code":0} (older bots {"StatusCode":0}); anything else non-zero is a refusal.
func robotAnswer(out []byte) error {
	var a struct {
		ErrCode    *int   `json:"errcode"`
		ErrMsg     string `json:"errmsg"`
		Code       *int   `json:"code"`
		Msg        string `json:"msg"`
		StatusCode *int   `json:"StatusCode"`
	}
	if err := json.Unmarshal(out, &a); err != nil {
		return fmt.Errorf("robot answer not JSON: %.200s", out)
	}
	switch {
	case a.ErrCode != nil && *a.ErrCode != 0:
		return fmt.Errorf("robot refused: errcode %d %s", *a.ErrCode, a.ErrMsg)
	case a.Code != nil && *a.Code != 0:
		return fmt.Errorf("robot refused: code %d %s", *a.Code, a.Msg)
	case a.StatusCode != nil && *a.StatusCode != 0:
		return fmt.Errorf("robot refused: StatusCode %d", *a.StatusCode)
	case a.ErrCode == nil && a.Code == nil && a.StatusCode == nil:
		return fmt.Errorf("robot answer without a code: %.200s", out)
	}
	return nil
}

// truncate cuts s to at most n bytes at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// sendWeCom posts to a WeCom group robot (its webhook URL, key included) a markdown message:
// {"msgtype":"markdown","markdown":{"content":…}}, content at most 4096 bytes.
func (s *Service) sendWeCom(ctx context.Context, m domain.OutboxMessage, p payload) error {
	tail := "\n> " + keyLine(m)
	content := truncate("**"+p.Subject+"**\n"+p.Text, 4096-len(tail)) + tail
	body, _ := json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": content}})
	out, err := s.post(ctx, m, m.Target, body, nil)
	if err != nil {
		return err
	}
	return robotAnswer(out)
}

// DingTalkSign is DingTalk's robot signature for a timestamp in milliseconds: the Base64
// HMAC-SHA256, under the secret, of timestamp + "\n" + secret.
func DingTalkSign(timestampMS int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestampMS, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// sendDingTalk posts to a DingTalk robot (its webhook URL with access_token) a markdown message,
// signed: timestamp and sign (URL-encoded) added to the URL's query.
func (s *Service) sendDingTalk(ctx context.Context, m domain.OutboxMessage, p payload) error {
	u, err := url.Parse(m.Target)
	if err != nil {
		return err
	}
	if m.Secret != "" {
		ts := s.now().UnixMilli()
		q := u.Query()
		q.Set("timestamp", strconv.FormatInt(ts, 10))
		q.Set("sign", DingTalkSign(ts, m.Secret))
		u.RawQuery = q.Encode()
	}
	body, _ := json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{
		"title": p.Subject, "text": "### " + p.Subject + "\n\n" + p.Text + "\n\n> " + keyLine(m)}})
	out, err := s.post(ctx, m, u.String(), body, nil)
	if err != nil {
		return err
	}
	return robotAnswer(out)
}

// FeishuSign is Feishu's (Lark's) robot signature for a timestamp in seconds: the Base64
// HMAC-SHA256 whose key is timestamp + "\n" + secret, of an empty message.
func FeishuSign(timestamp int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(strconv.FormatInt(timestamp, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// sendFeishu posts to a Feishu/Lark custom bot a text message, signed: timestamp and sign in the
// body.
func (s *Service) sendFeishu(ctx context.Context, m domain.OutboxMessage, p payload) error {
	msg := map[string]any{"msg_type": "text", "content": map[string]string{"text": p.Subject + "\n" + p.Text + "\n" + keyLine(m)}}
	if m.Secret != "" {
		ts := s.now().Unix()
		msg["timestamp"] = strconv.FormatInt(ts, 10)
		msg["sign"] = FeishuSign(ts, m.Secret)
	}
	body, _ := json.Marshal(msg)
	out, err := s.post(ctx, m, m.Target, body, nil)
	if err != nil {
		return err
	}
	return robotAnswer(out)
}

// sendMail sends the message as a plain-text e-mail (UTF-8, Base64) through the SMTP server:
// STARTTLS when the server offers it, AUTH PLAIN when an account is set. The idempotency key is
// the Message-ID and an Idempotency-Key header.
func (s *Service) sendMail(ctx context.Context, m domain.OutboxMessage, p payload) error {
	if s.mail.Addr == "" || s.mail.From == "" {
		return errors.New("no SMTP server configured (PACER_SMTP_ADDR, PACER_SMTP_FROM)")
	}
	host, _, err := net.SplitHostPort(s.mail.Addr)
	if err != nil {
		return err
	}
	d := net.Dialer{Timeout: sendTimeout}
	conn, err := d.DialContext(ctx, "tcp", s.mail.Addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * sendTimeout))
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if s.mail.TLS != nil {
			cfg = s.mail.TLS.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName = host
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if s.mail.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("SMTP server offers no AUTH")
		}
		if err := c.Auth(smtp.PlainAuth("", s.mail.Username, s.mail.Password, host)); err != nil {
			return fmt.Errorf("AUTH: %w", err)
		}
	}
	if err := c.Mail(s.mail.From); err != nil {
		return err
	}
	if err := c.Rcpt(m.Target); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(mailMessage(s.mail.From, m, p, s.now())); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// mailMessage is the RFC 5322 message of m: plain text, or multipart/mixed with the text first
// and each attachment after it (Base64, its name RFC 2231-encoded for Chinese names).
func mailMessage(from string, m domain.OutboxMessage, p payload, now time.Time) []byte {
	var b bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", from)
	hdr("To", m.Target)
	hdr("Subject", mime.BEncoding.Encode("UTF-8", p.Subject))
	hdr("Date", now.Format(time.RFC1123Z))
	hdr("Message-ID", "<"+m.IdempotencyKey+"@pacer>")
	hdr("Idempotency-Key", m.IdempotencyKey)
	hdr("MIME-Version", "1.0")
	text := []byte(p.Text + "\r\n\r\n" + keyLine(m) + "\r\n")
	if len(p.Attachments) == 0 {
		hdr("Content-Type", "text/plain; charset=UTF-8")
		hdr("Content-Transfer-Encoding", "base64")
		b.WriteString("\r\n")
		writeBase64(&b, text)
		return b.Bytes()
	}
	mw := multipart.NewWriter(&b)
	hdr("Content-Type", `multipart/mixed; boundary="`+mw.Boundary()+`"`)
	b.WriteString("\r\n")
	part := func(h textproto.MIMEHeader, data []byte) {
		h.Set("Content-Transfer-Encoding", "base64")
		w, _ := mw.CreatePart(h) // writes to b, which does not fail
		var enc bytes.Buffer
		writeBase64(&enc, data)
		w.Write(enc.Bytes())
	}
	part(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=UTF-8"}}, text)
	for _, a := range p.Attachments {
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		part(textproto.MIMEHeader{
			"Content-Type":        {mime.FormatMediaType(ct, map[string]string{"name": a.Name})},
			"Content-Disposition": {mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})},
		}, a.Data)
	}
	mw.Close()
	return b.Bytes()
}

// writeBase64 writes data in Base64, in lines of 76 characters (RFC 2045).
func writeBase64(b *bytes.Buffer, data []byte) {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
}
