package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/fdireview/fdireview/internal/taskgen"
)

// hostileInput is one input of the -hostile measurement.
type hostileInput struct {
	name string
	path string
	size int
}

// runHostile measures `fdi validate FILE` (exit 1: the unknown keys are refused) on the
// hostile inputs of issue 14, item 1, for this tree and for a build of base, in
// interleaved rounds, and prints the medians with peak RSS as a multiple of the input.
func runHostile(dir, base string, rounds int) error {
	cur, old, err := buildBoth(dir, base)
	if err != nil {
		return err
	}
	inputs, err := hostileInputs(dir)
	if err != nil {
		return err
	}
	progs := []struct{ label, path string }{{"base " + base, old}, {"this tree", cur}}
	runs := map[string][]sample{}
	for r := 0; r < rounds; r++ {
		for _, in := range inputs {
			for k := range progs {
				p := progs[(k+r)%len(progs)] // alternate which goes first
				s, err := measure(1, p.path, "validate", in.path)
				if err != nil {
					return err
				}
				runs[in.name+"\x00"+p.label] = append(runs[in.name+"\x00"+p.label], s)
			}
		}
		fmt.Fprintf(os.Stderr, "round %d/%d\n", r+1, rounds)
	}
	fmt.Printf("%d interleaved rounds of `fdi validate FILE` (medians; min–max wall in brackets; peak RSS by GNU time)\n\n", rounds)
	fmt.Println("| input | build | wall | CPU (user+sys) | peak RSS | RSS ÷ input |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: |")
	for _, in := range inputs {
		for _, p := range progs {
			s := runs[in.name+"\x00"+p.label]
			lo, wall, hi := spread(s, wallOf)
			_, cpu, _ := spread(s, cpuOf)
			_, rss, _ := spread(s, rssOf)
			fmt.Printf("| %s (%.1f MB) | %s | %s [%s–%s] | %s | %s | %.1f× |\n", in.name, float64(in.size)/1e6, p.label,
				ms(wall), ms(lo), ms(hi), ms(cpu), mib(rss), float64(rss)/float64(in.size))
		}
	}
	return nil
}

// buildBoth builds cmd/fdi from this tree (dir/fdi) and as it was at base, for the
// side-by-side measurements, and returns the two binaries.
func buildBoth(dir, base string) (cur, old string, err error) {
	cur = filepath.Join(dir, "fdi")
	if err := build(cur, "./cmd/fdi", ""); err != nil {
		return "", "", err
	}
	if old, err = buildAt(dir, base); err != nil {
		return "", "", err
	}
	return cur, old, nil
}

// buildAt builds cmd/fdi as it was at rev (git archive into dir), returning the binary.
func buildAt(dir, rev string) (string, error) {
	src := filepath.Join(dir, "base-src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", err
	}
	archive := exec.Command("sh", "-c", fmt.Sprintf("git archive %q | tar -x -C %q", rev, src))
	archive.Stderr = os.Stderr
	if err := archive.Run(); err != nil {
		return "", fmt.Errorf("git archive %s: %w", rev, err)
	}
	out := filepath.Join(dir, "fdi-base")
	if err := build(out, "./cmd/fdi", src); err != nil {
		return "", fmt.Errorf("%s: %w", rev, err)
	}
	return out, nil
}

// hostileInputs writes {"k0":0,…,"k999999":0} and the seed response with 500,000
// unknown keys added to its task_detail.
func hostileInputs(dir string) ([]hostileInput, error) {
	seed, err := os.ReadFile("testdata/examples/seed-response.json")
	if err != nil {
		return nil, err
	}
	wrapped := taskgen.Edit(seed, func(_, detail map[string]any) {
		for i := range 500_000 {
			detail[fmt.Sprintf("x%d", i)] = 0
		}
	})
	var out []hostileInput
	for _, in := range []struct {
		name string
		body []byte
	}{{"1,000,000 unknown keys", taskgen.UnknownKeys(1_000_000, false)}, {"500,000 unknown keys in task_detail", wrapped}} {
		path := filepath.Join(dir, fmt.Sprintf("hostile-%d.json", len(out)))
		if err := os.WriteFile(path, in.body, 0o644); err != nil {
			return nil, err
		}
		out = append(out, hostileInput{in.name, path, len(in.body)})
	}
	return out, nil
}
