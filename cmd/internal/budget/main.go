// Command budget is the measuring half of scripts/budget.sh, which checks the viewer's
// speed budgets (issue 13) on generated 10,000-mapping tasks:
//
//	go run ./cmd/internal/budget gen DIR            write DIR/big.json and DIR/big-v2.json
//	go run ./cmd/internal/budget load URL [N]       Chromium's load event on URL, N runs (median)
//
// gen writes two taskgen tasks of 10,000 mappings, the second with 1% (100) of its
// mappings edited by taskgen.Mutate. load opens URL in headless Chromium N times (a fresh
// tab each, the server already warm) and prints the time from navigation start to the
// load event. It is a measuring tool, not a test: nothing here asserts on time.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fdireview/fdireview/internal/taskgen"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "budget:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: budget gen DIR | budget load URL [N]")
	}
	switch args[0] {
	case "gen":
		return gen(args[1])
	case "load":
		n := 5
		if len(args) > 2 {
			v, err := strconv.Atoi(args[2])
			if err != nil {
				return fmt.Errorf("runs: %w", err)
			}
			n = v
		}
		return loadTimes(args[1], n)
	}
	return fmt.Errorf("unknown command %q", args[0])
}

func gen(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old := taskgen.Response(taskgen.Options{Mappings: 10000, Seed: 13, TaskID: "big", Name: "orders_big"})
	nw, edited := taskgen.Mutate(old, 0.01, 13)
	if err := os.WriteFile(filepath.Join(dir, "big.json"), old, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "big-v2.json"), nw, 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s: big.json (%d bytes), big-v2.json (%d bytes, %d mappings edited)\n", dir, len(old), len(nw), len(edited))
	return nil
}

func loadTimes(url string, n int) error {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.Flag("no-sandbox", true), chromedp.WindowSize(1280, 900))
	if p := os.Getenv("CHROMIUM"); p != "" {
		opts = append(opts, chromedp.ExecPath(p))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		return fmt.Errorf("start chromium: %w", err)
	}
	var times []float64
	for i := 0; i < n; i++ {
		tctx, cancelT := chromedp.NewContext(bctx)
		err := chromedp.Do(tctx, chromedp.Navigate(url))
		var ms float64
		if err == nil {
			ms, err = chromedp.Run(tctx, chromedp.Evaluate[float64](`(() => { const e = performance.getEntriesByType("navigation")[0]; return e.loadEventEnd - e.startTime; })()`))
		}
		cancelT()
		if err != nil {
			return fmt.Errorf("load %s: %w", url, err)
		}
		times = append(times, ms)
	}
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	fmt.Printf("load event (ms) over %d runs: %v; median %.0f\n", n, times, sorted[len(sorted)/2])
	return nil
}
