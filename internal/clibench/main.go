// Command clibench measures `fdi diff --format json` against the bare decode
// (internal/baredecode) of the same two files, side by side in one run (issue 10, point 4;
// DESIGN "Performance budget"). scripts/clibench.sh runs it.
//
//	go run ./internal/clibench [-rounds 15] [-sizes 1000,10000,100000] [-fdi PATH]
//
// For each size it writes a taskgen pair (the second with 1% of its mappings edited by
// taskgen.Mutate), builds both programs once, then runs rounds: each round runs the two
// programs once per size, alternating which goes first, each as a fresh process with its
// output to /dev/null. It reports, per size and program, the median wall time and the
// median peak RSS (getrusage's ru_maxrss of the child), and the ratio of the medians. The
// machine is shared, so single runs are noisy: many interleaved rounds and medians, and
// the min/max beside them to show the spread. It checks each run's exit status (fdi: 1,
// there are changes; baredecode: 0) so that a failing run cannot pass for a fast one.
// Nothing here asserts on time.
//
// With -hostile it measures instead what issue 14 (item 1) is about: `fdi validate` of a
// million unknown keys and of half a million unknown keys inside a task_detail, this tree
// against a build of -base, interleaved, medians (scripts/hostilebench.sh).
package main

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fdireview/fdireview/internal/taskgen"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "clibench:", err)
		os.Exit(1)
	}
}

type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system
	rss  int64         // bytes
}

func run() error {
	rounds := flag.Int("rounds", 15, "interleaved rounds")
	sizesFlag := flag.String("sizes", "1000,10000,100000", "mappings per task, comma-separated")
	fdiPath := flag.String("fdi", "", "fdi binary to measure (default: go build ./cmd/fdi)")
	keep := flag.String("dir", "", "work directory (default: a temporary one, removed after)")
	hostile := flag.Bool("hostile", false, "instead: fdi validate of hostile inputs (issue 14), this tree against -base")
	base := flag.String("base", "b29e85a", "with -hostile or -strict: the git revision to compare against (-strict: default ba4cdeb, before issue 23)")
	strict := flag.Bool("strict", false, "instead: fdi validate, strict and --lenient, of a task with one unknown key in every column (issue 23), this tree and -base")
	mappings := flag.Int("mappings", 10_000, "with -strict: mappings of the task")
	flag.Parse()
	baseSet := false
	flag.Visit(func(f *flag.Flag) { baseSet = baseSet || f.Name == "base" })

	dir := *keep
	if dir == "" {
		d, err := os.MkdirTemp("", "clibench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	if *hostile {
		return runHostile(dir, *base, *rounds)
	}
	if *strict {
		if !baseSet {
			*base = "ba4cdeb"
		}
		return runStrict(dir, *base, *mappings, *rounds)
	}
	fdi := *fdiPath
	if fdi == "" {
		fdi = filepath.Join(dir, "fdi")
		if err := build(fdi, "./cmd/fdi", ""); err != nil {
			return err
		}
	}
	bare := filepath.Join(dir, "baredecode")
	if err := build(bare, "./internal/baredecode", ""); err != nil {
		return err
	}

	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-sizes: %w", err)
		}
		sizes = append(sizes, n)
	}
	type pair struct{ old, new string }
	pairs := map[int]pair{}
	for _, n := range sizes {
		old := taskgen.Response(taskgen.Options{Mappings: n, Seed: 1})
		nw, _ := taskgen.Mutate(old, 0.01, 2)
		p := pair{filepath.Join(dir, fmt.Sprintf("old-%d.json", n)), filepath.Join(dir, fmt.Sprintf("new-%d.json", n))}
		if err := os.WriteFile(p.old, old, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(p.new, nw, 0o644); err != nil {
			return err
		}
		pairs[n] = p
		fmt.Fprintf(os.Stderr, "%d mappings: %.1f MB + %.1f MB\n", n, float64(len(old))/1e6, float64(len(nw))/1e6)
	}

	fdiRuns, bareRuns := map[int][]sample{}, map[int][]sample{}
	for r := 0; r < *rounds; r++ {
		for _, n := range sizes {
			p := pairs[n]
			runFDI := func() error {
				s, err := measure(1, fdi, "diff", "--format", "json", "--max-bytes", "256MiB", p.old, p.new)
				fdiRuns[n] = append(fdiRuns[n], s)
				return err
			}
			runBare := func() error {
				s, err := measure(0, bare, p.old, p.new)
				bareRuns[n] = append(bareRuns[n], s)
				return err
			}
			first, second := runFDI, runBare
			if r%2 == 1 {
				first, second = runBare, runFDI
			}
			if err := first(); err != nil {
				return err
			}
			if err := second(); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "round %d/%d\n", r+1, *rounds)
	}

	rssNote := "peak RSS by GNU time"
	if gnuTime == "" {
		rssNote = "peak RSS by getrusage, including this harness's (no /usr/bin/time)"
	}
	fmt.Printf("%d interleaved rounds (medians; min–max in brackets; %s)\n\n", *rounds, rssNote)
	fmt.Println("| mappings | `fdi diff --format json` | bare decode | wall ratio | CPU ratio (user+sys) | fdi peak RSS | bare peak RSS |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, n := range sizes {
		f, b := fdiRuns[n], bareRuns[n]
		fwLo, fw, fwHi := spread(f, wallOf)
		bwLo, bw, bwHi := spread(b, wallOf)
		_, fc, _ := spread(f, cpuOf)
		_, bc, _ := spread(b, cpuOf)
		_, fr, _ := spread(f, rssOf)
		_, br, _ := spread(b, rssOf)
		fmt.Printf("| %d | %s [%s–%s] | %s [%s–%s] | **%.2f×** | %.2f× (%s / %s) | %s | %s |\n", n,
			ms(fw), ms(fwLo), ms(fwHi), ms(bw), ms(bwLo), ms(bwHi),
			float64(fw)/float64(bw), float64(fc)/float64(bc), ms(fc), ms(bc), mib(fr), mib(br))
	}
	return nil
}

// build builds the package pkg of the module in dir ("": the working directory) into out.
func build(out, pkg, dir string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w", pkg, err)
	}
	return nil
}

// gnuTime is GNU time, used for the peak RSS when present. Go starts children with
// clone(CLONE_VM|CLONE_VFORK), and Linux carries the parent's peak RSS into the child's
// ru_maxrss at exec, so the child's own getrusage figure includes this harness (tens of
// MiB: it holds the generated tasks). GNU time fork()s its child from its own small
// address space, so its %M is the program's own peak.
var gnuTime = func() string {
	if _, err := os.Stat("/usr/bin/time"); err == nil {
		return "/usr/bin/time"
	}
	return ""
}()

// measure runs one process with its output to /dev/null and returns its wall time and
// peak RSS; its exit status must be want (any when want is negative).
func measure(want int, name string, args ...string) (sample, error) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return sample{}, err
	}
	defer null.Close()
	var rssFile string
	argv := append([]string{name}, args...)
	if gnuTime != "" {
		f, err := os.CreateTemp("", "clibench-rss")
		if err != nil {
			return sample{}, err
		}
		f.Close()
		rssFile = f.Name()
		defer os.Remove(rssFile)
		argv = append([]string{gnuTime, "-f", "%M", "-o", rssFile}, argv...)
	}
	var stderr strings.Builder
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = null, &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return sample{}, fmt.Errorf("%s: %w", name, err)
	}
	if code := cmd.ProcessState.ExitCode(); want >= 0 && code != want {
		return sample{}, fmt.Errorf("%s %s: exit %d, want %d: %s", filepath.Base(name), strings.Join(args, " "), code, want, stderr.String())
	}
	var kb int64
	if rssFile != "" {
		b, err := os.ReadFile(rssFile)
		if err != nil {
			return sample{}, err
		}
		fields := strings.Fields(string(b))
		if len(fields) == 0 {
			return sample{}, fmt.Errorf("GNU time wrote no RSS for %s", name)
		}
		if kb, err = strconv.ParseInt(fields[len(fields)-1], 10, 64); err != nil {
			return sample{}, fmt.Errorf("GNU time output %q: %w", b, err)
		}
	} else if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		kb = ru.Maxrss // includes this harness's peak; see gnuTime
	}
	// CPU time: the child's rusage (GNU time's includes the program it waited for).
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return sample{wall: wall, cpu: cpu, rss: kb * 1024}, nil
}

// spread returns the least, the median and the greatest of f over the samples s.
func spread[T cmp.Ordered](s []sample, f func(sample) T) (lo, med, hi T) {
	v := make([]T, len(s))
	for i, x := range s {
		v[i] = f(x)
	}
	slices.Sort(v)
	return v[0], v[len(v)/2], v[len(v)-1]
}

func wallOf(s sample) time.Duration { return s.wall }
func cpuOf(s sample) time.Duration  { return s.cpu }
func rssOf(s sample) int64          { return s.rss }

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/1e6) }
func mib(b int64) string        { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
