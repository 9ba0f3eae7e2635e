package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fdireview/fdireview/internal/taskgen"
)

var screenshots = flag.Bool("screenshots", false, "write the README's screenshots (docs/compare.png, docs/viewer-*.png); scripts/screenshots.sh sets it")

// TestScreenshots writes the README's screenshots from a fixed setup, so that they show
// what a user sees and come out the same on every run: the viewer serves the folder
// "snapshots" (relative, so the header reads "tasks from folder snapshots", not a
// temporary path) holding the bundled seed task and its v2, and a generated pair of
// 10,000 mappings, 1% of them edited (taskgen, fixed seed), named orders and orders-v2;
// a fresh browser profile (nothing marked viewed), the system theme set per shot, fixed
// window sizes. It runs only with -screenshots (scripts/screenshots.sh).
func TestScreenshots(t *testing.T) {
	if !*screenshots {
		t.Skip("writes docs/*.png: run scripts/screenshots.sh (go test ./cmd/viewer -run '^TestScreenshots$' -screenshots)")
	}
	docs, err := filepath.Abs(filepath.Join("..", "..", "docs"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, name := range []string{"seed.json", "seed-v2.json"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "web", "testdata", "tasks", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	old := taskgen.Response(taskgen.Options{Mappings: 10000, Seed: 13, TaskID: "orders", Name: "orders_sync"})
	files["orders.json"] = old
	files["orders-v2.json"], _ = taskgen.Mutate(old, 0.01, 13)
	base := t.TempDir()
	if err := os.Mkdir(filepath.Join(base, "snapshots"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(base, "snapshots", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	bctx := newBrowser(t, 4*time.Minute, chromedp.Flag("hide-scrollbars", true))
	t.Chdir(base)
	v := startViewer(t, "--dir", "snapshots")
	run := stepper(t, bctx)
	scheme := colorScheme
	shots := []struct {
		file          string
		path          string
		width, height int64
		dark          bool
	}{
		{"compare.png", "/compare?old=seed&new=seed-v2", 1280, 800, false},
		{"viewer-light.png", "/compare?old=orders&new=orders-v2", 1280, 844, false},
		{"viewer-dark.png", "/compare?old=orders&new=orders-v2", 1280, 844, true},
		{"viewer-phone.png", "/compare?old=orders&new=orders-v2", 390, 844, false},
	}
	for _, s := range shots {
		run(s.file, scheme(s.dark), chromedp.EmulateViewport(s.width, s.height), chromedp.Navigate(v.URL+s.path),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=compare-table]`)))
		png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(docs, s.file)
		if err := os.WriteFile(out, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", out)
	}
}
