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
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/web/ui"
)

// TestBrowserStandaloneCSP opens the standalone HTML report (fdi diff --format html) from
// disk in headless Chromium: its own Content-Security-Policy meta tag (issue #14) must
// let its style element apply, and nothing else. A report whose style hash is wrong
// shows unstyled, which proves the policy is enforced.
func TestBrowserStandaloneCSP(t *testing.T) {
	path := chromium()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium found, and CI is set: the browser tests must run")
		}
		t.Skip("no Chromium found (install chromium to run the browser tests)")
	}
	load := func(name string) *rawform.Task {
		b, err := os.ReadFile(filepath.Join("../../testdata/diff/length-narrowed", name))
		if err != nil {
			t.Fatal(err)
		}
		task, err := rawform.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		return task
	}
	old, nw := load("old.json"), load("new.json")
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

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang fails, nothing asserts on time
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(path), chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true), chromedp.UserDataDir(t.TempDir()))
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
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
