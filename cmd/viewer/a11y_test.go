package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/fdireview/fdireview/internal/taskgen"
)

// bigDir is a task folder with the bundled seed pair and a generated pair of 10,000
// mappings, 1% of them edited (the size issue 13 measured), and a sub-folder v2 (a second
// set) holding the edited seed.
func bigDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	old := taskgen.Response(taskgen.Options{Mappings: 10000, Seed: 13, TaskID: "big", Name: "orders_big"})
	nw, _ := taskgen.Mutate(old, 0.01, 13)
	files := map[string][]byte{"big.json": old, "big-v2.json": nw}
	for _, name := range []string{"seed.json", "seed-v2.json"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "web", "testdata", "tasks", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	// A second set (sub-folder) for /compare-sets: the seed task, edited.
	files[filepath.Join("v2", "seed.json")] = files["seed-v2.json"]
	if err := os.Mkdir(filepath.Join(dir, "v2"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// axeViolation is one failed axe-core rule, as the test reports it.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeScript runs axe-core on the page and returns its serious and critical violations.
const axeScript = `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(
  r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " "))
  }))))`

// TestBrowserBigAndAccessible loads the 10,000-mapping comparison in headless Chromium
// and checks what a reviewer meets first: the first change on the first screen, a
// collapsed run that expands in place, j moving to the next change, no horizontal
// scrolling at 390 px, a dark theme; and runs axe-core (vendored under testdata/) on
// every page (task list, task pages, comparisons, set comparison, upload result) in both
// themes, desktop and phone width: no serious or critical violation.
// Nothing here asserts on time.
func TestBrowserBigAndAccessible(t *testing.T) {
	// A generous bound so that a broken browser fails the test instead of hanging it.
	// Eight minutes: on a machine shared by several test runs, the 28 axe runs over the
	// 10k pages took longer than four.
	bctx := newBrowser(t, 8*time.Minute, chromedp.Flag("hide-scrollbars", true))
	axeSource, err := os.ReadFile(filepath.Join("testdata", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	v := startViewer(t, "--dir", bigDir(t))

	run := stepper(t, bctx)
	eval := func(what, js string) string {
		return evaluate[string](t, bctx, what, js, chromedp.EvalAwaitPromise)
	}
	evalInt := func(what, js string) int { return evaluate[int](t, bctx, what, js) }
	scheme := colorScheme
	checkAxe := func(label string) {
		t.Helper()
		if evalInt("axe present", `typeof axe === "undefined" ? 0 : 1`) == 0 {
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](string(axeSource)+"\n;true")); err != nil {
				t.Fatalf("%s: inject axe-core: %v", label, err)
			}
		}
		var found []axeViolation
		if err := json.Unmarshal([]byte(eval("axe "+label, axeScript)), &found); err != nil {
			t.Fatalf("%s: axe result: %v", label, err)
		}
		for _, f := range found {
			t.Errorf("%s: axe %s (%s): %s\n    %s", label, f.ID, f.Impact, f.Help, strings.Join(f.Nodes, "\n    "))
		}
	}
	background := func() string {
		return eval("background", `getComputedStyle(document.documentElement).backgroundColor`)
	}
	big := v.URL + "/compare?old=big&new=big-v2"

	// Desktop, light.
	run("open the 10k comparison", scheme(false), chromedp.EmulateViewport(1280, 900), chromedp.Navigate(big),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=compare-table]`)))
	if top := evalInt("first change", `Math.round(document.querySelector("tr[data-severity]").getBoundingClientRect().top)`); top < 0 || top >= 900 {
		t.Errorf("the first changed row starts at y=%d, outside the first 900 px viewport", top)
	}
	same := `document.querySelectorAll("tr.same").length`
	before := evalInt("unchanged rows", same)
	want := evalInt("gap size", `(() => { const a = document.querySelector("a[data-testid=expand]"); return Math.min(+a.dataset.to - +a.dataset.from, 500); })()`)
	run("expand a collapsed run", chromedp.Click(chromedp.CSS(`a[data-testid=expand]`)))
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](fmt.Sprintf(`%s >= %d`, same, before+want))); err != nil {
		t.Errorf("expanding a run of %d rows: %d unchanged rows on the page (was %d): %v", want, evalInt("rows", same), before, err)
	}
	run("j", chromedp.KeyEvent("j"))
	first := eval("focus", `(document.activeElement.closest("tr[data-severity]") || {}).id || ""`)
	run("j again", chromedp.KeyEvent("j"))
	second := eval("focus", `(document.activeElement.closest("tr[data-severity]") || {}).id || ""`)
	wantFirst := eval("rows", `document.querySelectorAll("tr[data-severity]")[0].id`)
	wantSecond := eval("rows", `document.querySelectorAll("tr[data-severity]")[1].id`)
	if first != wantFirst || second != wantSecond {
		t.Errorf("j, j focused %q, %q; want the first two changes %q, %q", first, second, wantFirst, wantSecond)
	}
	// axe-core is injected through DevTools; the page's CSP forbids inline script. The
	// CSP is relaxed only now, after the expand and j steps ran under the real policy
	// (issue #21: relaxed first, the test missed that the policy refused the expand's
	// fetch), and the page is loaded again under the relaxed one.
	run("bypass CSP for axe-core", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}), chromedp.Navigate(big), chromedp.WaitVisible(chromedp.CSS(`[data-testid=compare-table]`)))
	light := background()
	checkAxe("compare 10k, desktop, light")

	// Dark: the system preference, and the toggle.
	run("dark", scheme(true), chromedp.Navigate(big), chromedp.WaitVisible(chromedp.CSS(`[data-testid=compare-table]`)))
	if dark := background(); dark == light {
		t.Errorf("prefers-color-scheme: dark leaves the background %s", dark)
	}
	checkAxe("compare 10k, desktop, dark")
	run("light again, then the toggle", scheme(false), chromedp.Navigate(big), chromedp.WaitVisible(chromedp.CSS(`#theme-toggle`)),
		chromedp.Click(chromedp.CSS(`#theme-toggle`)))
	if got := eval("theme", `document.documentElement.dataset.theme || ""`); got != "dark" || background() == light {
		t.Errorf("the theme toggle: data-theme %q, background %s (light %s)", got, background(), light)
	}
	run("toggle back to auto", chromedp.Click(chromedp.CSS(`#theme-toggle`)), chromedp.Click(chromedp.CSS(`#theme-toggle`)))

	// With a severity chosen, an empty "Columns, tables and settings" section is hidden.
	for _, c := range []struct {
		sev   string
		shown bool
	}{{"breaking", false}, {"warning", true}, {"", true}} {
		run("severity "+c.sev, chromedp.Navigate(v.URL+"/compare?old=seed&new=seed-v2&sev="+c.sev), chromedp.WaitReady(chromedp.CSS(`[data-testid=others]`)))
		if shown := evalInt("others", `document.querySelector("[data-testid=others]").offsetParent === null ? 0 : 1`) == 1; shown != c.shown {
			t.Errorf("sev=%q: the settings section shown=%v, want %v", c.sev, shown, c.shown)
		}
	}

	// Every page, light and dark, desktop and phone.
	pages := []string{"/", "/tasks/big", "/tasks/seed", "/compare?old=big&new=big-v2", "/compare?old=seed&new=seed-v2&changes=0",
		"/compare-sets", "/compare-sets?old=.&new=v2"}
	for _, width := range []int64{1280, 390} {
		for _, dark := range []bool{false, true} {
			for _, p := range pages {
				label := fmt.Sprintf("%s at %d px, dark=%v", p, width, dark)
				run(label, scheme(dark), chromedp.EmulateViewport(width, 844), chromedp.Navigate(v.URL+p),
					chromedp.WaitReady(chromedp.CSS(`main`)))
				if width == 390 {
					if w := evalInt("scroll width", `document.documentElement.scrollWidth`); w > 390 {
						t.Errorf("%s: the page is %d px wide", label, w)
					}
				}
				checkAxe(label)
			}
		}
	}

	// The upload result page (and the phone's unified view of it).
	seed, _ := os.ReadFile(filepath.Join("..", "..", "web", "testdata", "tasks", "seed.json"))
	seedV2, _ := os.ReadFile(filepath.Join("..", "..", "web", "testdata", "tasks", "seed-v2.json"))
	for _, width := range []int64{1280, 390} {
		oldJS, _ := json.Marshal(string(seed))
		newJS, _ := json.Marshal(string(seedV2))
		run("upload", scheme(false), chromedp.EmulateViewport(width, 844), chromedp.Navigate(v.URL+"/"), chromedp.WaitReady(chromedp.CSS(`#old_text`)),
			chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById("old_text").value = %s; document.getElementById("new_text").value = %s; document.querySelector("form.upload").submit()`, oldJS, newJS)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=upload-notice]`)))
		label := fmt.Sprintf("upload result at %d px", width)
		if width == 390 {
			if w := evalInt("scroll width", `document.documentElement.scrollWidth`); w > 390 {
				t.Errorf("%s: the page is %d px wide", label, w)
			}
		}
		checkAxe(label)
	}
}
