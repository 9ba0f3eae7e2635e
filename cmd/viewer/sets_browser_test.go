package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// setsFolder copies the set-comparison acceptance folders into dir/dev and dir/prod.
func setsFolder(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for side, from := range map[string]string{"dev": "a", "prod": "b"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "taskset", "testdata", "sets", from, "*.json"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no files in taskset/testdata/sets/%s: %v", from, err)
		}
		if err := os.MkdirAll(filepath.Join(root, side), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, side, filepath.Base(f)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return root
}

// TestBrowserCompareSets drives the set comparison with JavaScript switched off: from the
// index page's form to the table, a status filter, and a row's link to the task compare.
func TestBrowserCompareSets(t *testing.T) {
	// A generous bound so that a broken browser fails the test instead of hanging it.
	bctx := newBrowser(t, 2*time.Minute)
	v := startViewer(t, "--dir", setsFolder(t))
	run := stepper(t, bctx)
	rows := func() []string {
		t.Helper()
		nodes, err := chromedp.Run(bctx, chromedp.Nodes(chromedp.CSSAll(`tr[data-testid=set-row]`), chromedp.AtLeast(0)))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range nodes {
			out = append(out, n.AttributeValue("data-status"))
		}
		return out
	}

	run("switch JavaScript off and open the index",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}),
		chromedp.Navigate(v.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=index-sets-form]`)),
		chromedp.SetValue(chromedp.CSS(`[data-testid=index-sets-form] input[name=old]`), "dev"),
		chromedp.SetValue(chromedp.CSS(`[data-testid=index-sets-form] input[name=new]`), "prod"),
		chromedp.Submit(chromedp.CSS(`[data-testid=index-sets-form] input[name=old]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=set-table]`)),
	)
	// app.js un-hides the theme button: still hidden means no script ran.
	attrs, err := chromedp.Run(bctx, chromedp.Attributes(chromedp.CSS(`#theme-toggle`)))
	if err != nil {
		t.Fatal(err)
	}
	if _, hidden := attrs["hidden"]; !hidden {
		t.Error("the page's script ran: JavaScript was not off")
	}
	if got := strings.Join(rows(), " "); got != "removed changed added unchanged" {
		t.Errorf("rows %q, want removed changed added unchanged", got)
	}
	run("filter by status with the badge link",
		chromedp.Click(chromedp.CSS(`[data-testid=set-count-added]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=set-count-added].active`)),
	)
	if got := strings.Join(rows(), " "); got != "added" {
		t.Errorf("after the added filter: rows %q", got)
	}
	run("filter by status with the form",
		chromedp.SetValue(chromedp.CSS(`[data-testid=set-status]`), "changed"),
		chromedp.Submit(chromedp.CSS(`[data-testid=set-status]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=set-count-changed].active`)),
	)
	if got := strings.Join(rows(), " "); got != "changed" {
		t.Errorf("after the changed filter: rows %q", got)
	}
	run("open the changed task's comparison",
		chromedp.Click(chromedp.CSS(`[data-testid=set-compare]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=compare-table]`)),
	)
	loc, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(loc, "/compare?old=dev%2Fseed&new=prod%2Fseed") {
		t.Errorf("the row links to %s", loc)
	}
	breaking, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`[data-testid=badge-breaking] b`)))
	if err != nil || strings.TrimSpace(breaking) != "1" {
		t.Errorf("task compare shows %q breaking (err %v), want 1", breaking, err)
	}
}
