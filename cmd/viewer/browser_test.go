package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium or Chrome binary.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser returns the context of a headless Chromium tab, closed when the test ends.
// Without Chromium it skips the test, or fails it when CI is set (the browser tests must
// run there); call it before starting anything else. timeout bounds the test's browsing
// so that a broken browser fails the test instead of hanging it (nothing asserts on
// time); extra adds flags.
func newBrowser(t *testing.T, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := chromium()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium found, and CI is set: the browser tests must run")
		}
		t.Skip("no Chromium found (install chromium to run the browser tests)")
	}
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}, extra...)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancel()
	})
	return bctx
}

// stepper returns run, which does steps in the tab bctx and fails the test, naming what
// was being done, when one fails.
func stepper(t *testing.T, bctx context.Context) func(what string, steps ...chromedp.Action[chromedp.Void]) {
	return func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// TestBrowserCompare drives headless Chromium through the demo: open the task list,
// pick two tasks, compare, toggle "changes only", check the highlighted rows and the
// badge counts against the JSON report, and download the JSON report.
func TestBrowserCompare(t *testing.T) {
	// A generous bound so that a broken browser fails the test instead of hanging it;
	// nothing below asserts on time.
	bctx := newBrowser(t, 2*time.Minute, chromedp.Flag("hide-scrollbars", true))
	v := startViewer(t)

	// The report the page must agree with.
	_, body := fetch(t, v.URL+"/api/compare?old="+seedID+"&new="+seedV2ID)
	var report struct {
		Summary struct{ Breaking, Warning, Info int } `json:"summary"`
	}
	if err := json.Unmarshal([]byte(body), &report); err != nil {
		t.Fatal(err)
	}

	downloads := t.TempDir()

	// Every step below is one action; run reports which failed.
	run := stepper(t, bctx)
	value := func(what string, a chromedp.Action[int]) int {
		t.Helper()
		n, err := chromedp.Run(bctx, a)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return n
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}

	progress := chromedp.Events(bctx, browser.DownloadProgress)
	run("open the task list and compare",
		chromedp.Navigate(v.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=task-table]`)),
		chromedp.Click(chromedp.CSS(`input[data-testid=pick-old][value="`+seedID+`"]`)),
		chromedp.Click(chromedp.CSS(`input[data-testid=pick-new][value="`+seedV2ID+`"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=compare-button]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=compare-table]`)),
	)
	breaking, warning, info := text(`[data-testid=badge-breaking] b`), text(`[data-testid=badge-warning] b`), text(`[data-testid=badge-info] b`)
	countVisible := `[...document.querySelectorAll("tr[data-testid=cmp-row]")].filter(r => r.offsetParent !== null).length`
	rowsAll := value("count rows", chromedp.Evaluate[int](countVisible))
	rowsChanged := value("count changed rows", chromedp.Evaluate[int](`document.querySelectorAll("tr[data-testid=cmp-row]:not(.same)").length`))
	highlighted := value("count highlighted cells", chromedp.Evaluate[int](`document.querySelectorAll("tr.sev-breaking td.new .chg").length`))
	run("toggle changes only", chromedp.Click(chromedp.CSS(`#changes-only`)))
	visibleAfter := value("count visible rows", chromedp.Evaluate[int](countVisible))
	allChanged, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`[...document.querySelectorAll("tr[data-testid=cmp-row]")].filter(r => r.offsetParent !== null).every(r => !r.classList.contains("same") && r.dataset.severity)`))
	if err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(bctx, chromedp.Evaluate[string](`location.search`))
	if err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name string
		got  string
		want int
	}{{"breaking", breaking, report.Summary.Breaking}, {"warning", warning, report.Summary.Warning}, {"info", info, report.Summary.Info}} {
		if c.got != strconv.Itoa(c.want) {
			t.Errorf("%s badge shows %q, the report says %d", c.name, c.got, c.want)
		}
	}
	if report.Summary.Breaking == 0 || highlighted == 0 {
		t.Errorf("the example pair has %d breaking changes and %d highlighted cells on breaking rows; want some", report.Summary.Breaking, highlighted)
	}
	if rowsChanged == 0 || rowsChanged >= rowsAll {
		t.Errorf("%d changed rows of %d: the example should have both kinds", rowsChanged, rowsAll)
	}
	if visibleAfter != rowsChanged || !allChanged {
		t.Errorf("after 'changes only': %d rows visible (all changed: %v), want the %d changed rows", visibleAfter, allChanged, rowsChanged)
	}
	if !strings.Contains(href, "changes=1") {
		t.Errorf("the URL %q does not keep the filter", href)
	}

	// Download the JSON report.
	run("download the JSON report",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: new(true),
			})
			return err
		}),
		chromedp.Click(chromedp.CSS(`[data-testid=download-json]`)),
	)
	var guid string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			guid = ev.GUID
			break
		}
	}
	got, err := os.ReadFile(filepath.Join(downloads, guid))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != body {
		t.Errorf("downloaded JSON differs from /api/compare:\n%s", got)
	}
}

// evaluate runs js in the page and returns its value as a T, failing the test (naming
// what) when it cannot.
func evaluate[T any](t *testing.T, bctx context.Context, what, js string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(bctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// colorScheme emulates prefers-color-scheme: dark, or light.
func colorScheme(dark bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		v := "light"
		if dark {
			v = "dark"
		}
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}},
		})
		return err
	})
}
