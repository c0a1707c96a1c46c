package cli_test

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pacer/internal/cli"
)

// Off loopback, pacer serve insists on TLS.
func TestServeNeedsTLSOffLoopback(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	for _, args := range [][]string{
		{"serve", "--db", db, "--addr", "0.0.0.0:0"},
		{"serve", "--db", db, "--addr", "127.0.0.1:0", "--tls-cert", "x.pem"},
		{"demo", "--db", db, "--addr", "0.0.0.0:0"},
	} {
		if r := runIn(t, "", args...); r.code != 2 {
			t.Errorf("%v: got exit %d, want 2\n%s", args, r.code, r.stderr)
		}
	}
}

// Over TLS the session cookie is Secure and __Host- prefixed, and HSTS is sent.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	db := filepath.Join(dir, "t.db")
	if r := runIn(t, "Tls-tester1\n", "user", "add", "tls-user", "--role", "leader", "--db", db); r.code != 0 {
		t.Fatalf("user add: %d\n%s", r.code, r.stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, cli.Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard, Getenv: func(string) string { return "" }},
			[]string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed nothing: %v", err)
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "https://")
	if i < 0 {
		t.Fatalf("got %q, want an https:// URL", line)
	}
	base := strings.TrimSuffix(strings.TrimSpace(line[i:]), "/")
	c := &http.Client{Timeout: 10 * time.Second,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/login", url.Values{"username": {"tls-user"}, "password": {"Tls-tester1"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var found bool
	for _, ck := range res.Cookies() {
		if ck.Name == "__Host-pacer_session" {
			found = true
			if !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
				t.Errorf("cookie %+v: want Secure, HttpOnly, SameSite=Lax, Path=/", ck)
			}
		}
	}
	if res.StatusCode != http.StatusSeeOther || !found {
		t.Errorf("login over TLS: got %d with cookies %v, want 303 and __Host-pacer_session", res.StatusCode, res.Cookies())
	}
	if h := res.Header.Get("Strict-Transport-Security"); h == "" {
		t.Error("got no Strict-Transport-Security header over TLS")
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exit: got %d, want 0 after shutdown", code)
	}
}

func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(k)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile
}
