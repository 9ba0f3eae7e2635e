package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fdireview/fdireview/internal/taskgen"
)

// tallDir is a folder with a generated pair of 150 mappings, a fifth of them edited: every
// row is on the compare page, which is several screens tall.
func tallDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	old := taskgen.Response(taskgen.Options{Mappings: 150, Seed: 24, TaskID: "tall", Name: "orders_tall"})
	nw, _ := taskgen.Mutate(old, 0.2, 24)
	for name, b := range map[string][]byte{"tall.json": old, "tall-v2.json": nw} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// rowPlace is where a row is on the screen, against the sticky bar.
type rowPlace struct {
	Top, Bottom, BarBottom, Height, ScrollY float64
	// Covered is true when the element at the row's top edge is not part of the row
	// (the bar, a sticky header): the row is under something.
	Covered bool
	Focused string // the id of the focused change row, if any
	Hash    string
}

// whereIs returns the JavaScript that measures the row with the given id.
func whereIs(id string) string {
	idJS, _ := json.Marshal(id)
	return fmt.Sprintf(`(() => {
  const row = document.getElementById(%s);
  const r = row.getBoundingClientRect();
  const bar = document.getElementById("stickybar").getBoundingClientRect();
  const at = document.elementFromPoint(r.left + 20, r.top + 2);
  const f = document.activeElement && document.activeElement.closest && document.activeElement.closest("tr[data-severity]");
  return JSON.stringify({Top: r.top, Bottom: r.bottom, BarBottom: bar.bottom, Height: innerHeight, ScrollY: scrollY,
    Covered: !(at && row.contains(at)), Focused: f ? f.id : "", Hash: decodeURIComponent(location.hash)});
})()`, idJS)
}

// TestBrowserRowLinkBelowStickyBar: a row link (#t-col) opens the page with that row
// wholly visible below the sticky bar (it used to land 90 of its 115 px under the bar),
// and u (split/unified) keeps the focused change in view, focused, in the other view.
func TestBrowserRowLinkBelowStickyBar(t *testing.T) {
	// A generous bound so that a broken browser fails the test instead of hanging it;
	// nothing below asserts on time.
	bctx := newBrowser(t, 2*time.Minute, chromedp.Flag("hide-scrollbars", true))
	v := startViewer(t, "--dir", tallDir(t))
	run := stepper(t, bctx)
	page := v.URL + "/compare?old=tall&new=tall-v2&changes=0"
	measure := func(what, id string) rowPlace {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Evaluate[string](whereIs(id)))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		var p rowPlace
		if err := json.Unmarshal([]byte(s), &p); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return p
	}
	visible := func(what string, p rowPlace) {
		t.Helper()
		if p.Top < p.BarBottom || p.Bottom > p.Height || p.Covered {
			t.Errorf("%s: the row spans y=%.0f…%.0f; the sticky bar ends at %.0f, the window at %.0f; covered: %v",
				what, p.Top, p.Bottom, p.BarBottom, p.Height, p.Covered)
		}
	}

	run("open the comparison", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=compare-table]`)))
	ids, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#cmpwrap tr[data-severity]")].map(r => r.id)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 12 {
		t.Fatalf("only %d changed rows: the page is too short for the test", len(ids))
	}

	// A row link, opened as a new page and followed on the page itself.
	for _, id := range []string{ids[len(ids)/2], ids[len(ids)-3]} {
		run("open the row link "+id, chromedp.Navigate("about:blank"), chromedp.Navigate(page+"#"+id),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=compare-table]`)))
		p := measure("row link", id)
		if p.ScrollY == 0 {
			t.Errorf("#%s: the page did not scroll", id)
		}
		visible("opened at #"+id, p)
	}
	run("follow the row link of the middle row", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(`[data-testid=compare-table]`)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector("#%s .rowlink").click()`, ids[len(ids)/2])))
	visible("after clicking its # link", measure("row link clicked", ids[len(ids)/2]))

	// u keeps the reader's place: the focused change stays in view, focused.
	run("back to the top", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(`[data-testid=compare-table]`)))
	for range 8 {
		run("j", chromedp.KeyEvent("j"))
	}
	focused := measure("after j×8", ids[7]).Focused
	if focused != ids[7] {
		t.Fatalf("j×8 focused %q, want %q", focused, ids[7])
	}
	for _, view := range []string{"unified", "split"} {
		// The other view's page is the one whose table has (or lacks) the unified class.
		opened := `#cmpwrap.unified [data-testid=compare-table]`
		if view == "split" {
			opened = `#cmpwrap:not(.unified) [data-testid=compare-table]`
		}
		run("u to the "+view+" view", chromedp.KeyEvent("u"), chromedp.WaitVisible(chromedp.CSS(opened)))
		if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`document.readyState === "complete"`)); err != nil {
			t.Fatalf("the %s view did not finish loading: %v", view, err)
		}
		p := measure("after u", ids[7])
		if p.Hash != "#"+ids[7] || p.Focused != ids[7] {
			t.Errorf("%s view: fragment %q, focused %q; want the row %s", view, p.Hash, p.Focused, ids[7])
		}
		visible(view+" view after u", p)
	}
}
