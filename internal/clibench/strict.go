package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/fdireview/fdireview/internal/taskgen"
)

// runStrict measures issue 23's task (n mappings; one unknown key, comment_text, in every
// selected column) under `fdi validate FILE` (strict: refused, exit 1) and `fdi validate
// --lenient FILE` (accepted, exit 0), for this tree and for a build of base, in interleaved
// rounds (the order of the four runs rotates each round), and prints the medians, the
// strict/lenient ratios and the bytes each prints.
func runStrict(dir, base string, n, rounds int) error {
	cur, old, err := buildBoth(dir, base)
	if err != nil {
		return err
	}
	body := newerConsoleTask(n)
	path := filepath.Join(dir, "newer-console.json")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%d mappings, %d columns with comment_text: %.1f MB\n", n, 2*n+1, float64(len(body))/1e6)
	type prog struct {
		label, bin string
		lenient    bool
	}
	progs := []prog{
		{"this tree, strict", cur, false}, {"this tree, lenient", cur, true},
		{"base " + base + ", strict", old, false}, {"base " + base + ", lenient", old, true},
	}
	args := func(p prog) []string {
		if p.lenient {
			return []string{"validate", "--lenient", path}
		}
		return []string{"validate", path}
	}
	runs := map[string][]sample{}
	for r := 0; r < rounds; r++ {
		for k := range progs {
			p := progs[(k+r)%len(progs)]
			want := 1
			if p.lenient {
				want = 0
			} else if p.bin == old {
				want = -1 // before issue 23 a long list of problems exited 2
			}
			s, err := measure(want, p.bin, args(p)...)
			if err != nil {
				return err
			}
			runs[p.label] = append(runs[p.label], s)
		}
		fmt.Fprintf(os.Stderr, "round %d/%d\n", r+1, rounds)
	}
	fmt.Printf("%d interleaved rounds of `fdi validate [--lenient] FILE`, FILE = %d mappings with comment_text in all %d columns, %.1f MB (medians; min–max wall in brackets)\n\n",
		rounds, n, 2*n+1, float64(len(body))/1e6)
	fmt.Println("| build, mode | exit | wall | CPU (user+sys) | peak RSS | RSS ÷ input | output |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	med := map[string][3]float64{}
	for _, p := range progs {
		s := runs[p.label]
		lo, wall, hi := spread(s, wallOf)
		_, cpu, _ := spread(s, cpuOf)
		_, rss, _ := spread(s, rssOf)
		med[p.label] = [3]float64{float64(wall), float64(cpu), float64(rss)}
		code, out := outputOf(p.bin, args(p)...)
		fmt.Printf("| %s | %d | %s [%s–%s] | %s | %s | %.1f× | %d lines, %d bytes |\n", p.label, code, ms(wall), ms(lo), ms(hi), ms(cpu),
			mib(rss), float64(rss)/float64(len(body)), bytes.Count(out, []byte("\n")), len(out))
	}
	fmt.Println()
	for _, b := range []string{"this tree", "base " + base} {
		s, l := med[b+", strict"], med[b+", lenient"]
		fmt.Printf("%s: strict ÷ lenient = %.2f× wall, %.2f× CPU, %.2f× peak RSS\n", b, s[0]/l[0], s[1]/l[1], s[2]/l[2])
	}
	return nil
}

// outputOf runs the program once and returns its exit code and standard output.
func outputOf(name string, args ...string) (int, []byte) {
	cmd := exec.Command(name, args...)
	out, _ := cmd.Output()
	return cmd.ProcessState.ExitCode(), out
}

// newerConsoleTask is the task of issue 23: n generated mappings, and comment_text added
// to every selected column, source and target.
func newerConsoleTask(n int) []byte {
	return taskgen.Edit(taskgen.Response(taskgen.Options{Mappings: n, Seed: 1}), func(_, d map[string]any) {
		for _, side := range [][2]string{{"sourceSelectedDatasource", "sourceSelectedColumnList"}, {"targetSelectedDatasource", "targetSelectedColumnList"}} {
			for _, c := range d[side[0]].(map[string]any)[side[1]].([]any) {
				c.(map[string]any)["comment_text"] = "added by a newer console"
			}
		}
	})
}
