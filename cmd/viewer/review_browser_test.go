package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReviewSurface walks the review surface as issue #21's newcomer did, under
// the viewer's real Content-Security-Policy (nothing is relaxed here; axe-core runs in
// TestBrowserBigAndAccessible): a collapsed run of the 10,000-mapping comparison expands
// in place; j reaches the settings change ("filter added") below the mapping table; "N of
// M viewed" counts every change; and at 390 px no task, compare or set page scrolls
// sideways, neither the page nor any box in it. Nothing here asserts on time.
func TestBrowserReviewSurface(t *testing.T) {
	bctx := newBrowser(t, 4*time.Minute, chromedp.Flag("hide-scrollbars", true))
	v := startViewer(t, "--dir", bigDir(t))
	run := stepper(t, bctx)
	evalString := func(what, js string) string { return evaluate[string](t, bctx, what, js) }
	evalInt := func(what, js string) int { return evaluate[int](t, bctx, what, js) }

	// 1. Expand in place under the real CSP: the rows arrive by fetch, the page stays.
	big := v.URL + "/compare?old=big&new=big-v2"
	run("open the 10k comparison", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(big),
		chromedp.WaitVisible(chromedp.CSS(`a[data-testid=expand]`)))
	same := `document.querySelectorAll("tr.same").length`
	before := evalInt("unchanged rows", same)
	want := evalInt("gap size", `(() => { const a = document.querySelector("a[data-testid=expand]"); return Math.min(+a.dataset.to - +a.dataset.from, 500); })()`)
	run("expand a collapsed run", chromedp.Click(chromedp.CSS(`a[data-testid=expand]`)))
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](fmt.Sprintf(`%s >= %d`, same, before+want))); err != nil {
		t.Errorf("expanding a run of %d rows under the real CSP: %d unchanged rows on the page (was %d): %v", want, evalInt("rows", same), before, err)
	}
	if loc := evalString("location", `location.pathname`); loc != "/compare" {
		t.Errorf("expanding left the page for %s", loc)
	}

	// 2. and 3. Every change is a stop and counts as viewed.
	run("open the seed comparison", chromedp.Navigate(v.URL+"/compare?old=seed&new=seed-v2"),
		chromedp.WaitVisible(chromedp.CSS(`#viewed-count`)))
	rows := evalInt("changed rows", `document.querySelectorAll("#cmpwrap tr[data-severity]").length`)
	others := evalInt("other changes", `document.querySelectorAll("tr[data-testid=other-row]").length`)
	if others == 0 || rows == 0 {
		t.Fatalf("the seed pair shows %d changed rows and %d other changes; want both", rows, others)
	}
	if got, wantText := evalString("count", `document.getElementById("viewed-count").textContent.trim()`), fmt.Sprintf("0 of %d viewed", rows+others); got != wantText {
		t.Errorf("viewed count %q, want %q", got, wantText)
	}
	focused := func() string {
		return evalString("focus", `(() => { const tr = document.activeElement.closest && document.activeElement.closest("tr[data-severity]"); return tr ? tr.textContent.replace(/\s+/g, " ").trim() : ""; })()`)
	}
	reached := false
	for range rows + others {
		run("j", chromedp.KeyEvent("j"))
		if strings.Contains(focused(), "filter added: id > 1000") {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatalf("j never reached the settings change \"filter added: id > 1000\" in %d presses", rows+others)
	}
	run("v marks it viewed", chromedp.KeyEvent("v"))
	if got, wantText := evalString("count", `document.getElementById("viewed-count").textContent.trim()`), fmt.Sprintf("1 of %d viewed", rows+others); got != wantText {
		t.Errorf("after v on the settings change: %q, want %q", got, wantText)
	}
	for range rows + others {
		run("j to the end", chromedp.KeyEvent("j"))
	}
	if last := evalString("last stop", `document.activeElement.dataset.testid || ""`); last != "other-row" {
		t.Errorf("the last j stop is %q, want the last change below the mapping table", last)
	}

	// 5. Phones: no sideways scrolling, of the page or of any box in it.
	sideways := `(() => {
	  const out = [];
	  if (document.documentElement.scrollWidth > innerWidth) out.push("page " + document.documentElement.scrollWidth + " px");
	  for (const e of document.querySelectorAll("body *")) {
	    const s = getComputedStyle(e);
	    if ((s.overflowX === "auto" || s.overflowX === "scroll") && e.scrollWidth > e.clientWidth + 1)
	      out.push(e.tagName.toLowerCase() + "." + (e.className || "") + " " + e.scrollWidth + ">" + e.clientWidth);
	  }
	  return out.slice(0, 5).join("; ");
	})()`
	for _, p := range []string{"/tasks/seed", "/tasks/seed-v2", "/tasks/big", "/compare?old=seed&new=seed-v2&changes=0",
		"/compare?old=big&new=big-v2", "/compare-sets?old=.&new=v2", "/"} {
		run(p+" at 390 px", chromedp.EmulateViewport(390, 844), chromedp.Navigate(v.URL+p), chromedp.WaitReady(chromedp.CSS(`main`)))
		if got := evalString("sideways", sideways); got != "" {
			t.Errorf("%s at 390 px scrolls sideways: %s", p, got)
		}
	}
	// The cards keep the facts: a settings change shows its sentence at 390 px.
	run("compare at 390 px", chromedp.Navigate(v.URL+"/compare?old=seed&new=seed-v2"), chromedp.WaitVisible(chromedp.CSS(`tr[data-testid=other-row]`)))
	if w := evalInt("card width", `Math.round(document.querySelector("tr[data-testid=other-row] td.means").getBoundingClientRect().right)`); w > 390 {
		t.Errorf("\"What it means\" ends at x=%d, off a 390 px screen", w)
	}
}
