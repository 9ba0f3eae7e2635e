package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/web/ui"
)

// TestBrowserStandaloneCSP opens the standalone HTML report (fdi diff --format html) from
// disk in headless Chromium: its own Content-Security-Policy meta tag (issue #14) must
// let its style element apply, and nothing else. A report whose style hash is wrong
// shows unstyled, which proves the policy is enforced.
func TestBrowserStandaloneCSP(t *testing.T) {
	bctx := newBrowser(t, time.Minute) // a hang fails, nothing asserts on time
	dir := "../../testdata/diff/length-narrowed"
	old, nw := mustParse(t, filepath.Join(dir, "old.json")), mustParse(t, filepath.Join(dir, "new.json"))
	f, err := os.Create(filepath.Join(t.TempDir(), "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ui.WriteReport(context.Background(), f, old, nw, diff.Tasks(old, nw)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	good, _ := os.ReadFile(f.Name())
	bad := filepath.Join(filepath.Dir(f.Name()), "bad.html")
	if err := os.WriteFile(bad, regexp.MustCompile(`sha256-[A-Za-z0-9+/=]+`).ReplaceAll(good, []byte("sha256-AAAA")), 0o644); err != nil {
		t.Fatal(err)
	}
	// The style element's rules are in force when the header is laid out as app.css says
	// (display: flex) rather than as a plain block.
	styled := func(file string) bool {
		t.Helper()
		if err := chromedp.Do(bctx, chromedp.Navigate("file://"+file)); err != nil {
			t.Fatal(err)
		}
		d, err := chromedp.Run(bctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("header.top")).display`))
		if err != nil {
			t.Fatal(err)
		}
		return d != "block"
	}
	if !styled(f.Name()) {
		t.Error("the report's own style is refused by its Content-Security-Policy")
	}
	if styled(bad) {
		t.Error("a style with a wrong hash applied: the CSP meta tag is not enforced")
	}
}
