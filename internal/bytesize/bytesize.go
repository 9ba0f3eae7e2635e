// Package bytesize reads and writes sizes in bytes the way people type them: 33554432,
// 32MiB, 32M, 500KiB, 1.5GiB. The fdi command and the viewer share it, so that a flag such
// as --max-bytes accepts the same values in both.
package bytesize

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Max is the largest size Parse accepts (1 TiB): far above any input the tools read, low
// enough that no arithmetic on it overflows.
const Max = 1 << 40

// units are the accepted suffixes, matched case-insensitively. K, M and G are binary, as
// in git, ls -h and sort -h; KB, MB and GB are decimal, as the SI prefixes are.
var units = []struct {
	suffix string
	mult   float64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"t", 1 << 40},
	{"b", 1},
}

// Parse reads a positive size: a number of bytes, or a number (decimals allowed) followed
// by a unit KiB, MiB, GiB, TiB (also K, M, G, T), KB, MB, GB, TB (powers of 1000) or B,
// in any case, with or without a space. The result is at most Max bytes.
func Parse(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	for _, u := range units {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	bad := errors.New("want a positive size such as 67108864, 64MiB or 1.5GiB")
	// Digits with at most one decimal point: no sign, exponent, hex, underscores or Inf.
	if t == "" || t == "." || strings.Trim(t, "0123456789.") != "" || strings.Count(t, ".") > 1 {
		return 0, bad
	}
	if n, err := strconv.ParseInt(t, 10, 64); err == nil && mult == 1 {
		if n <= 0 {
			return 0, bad
		}
		if n > Max {
			return 0, fmt.Errorf("size %q is over the largest accepted, %s", s, Format(Max))
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f <= 0 {
		return 0, bad
	}
	n := math.Round(f * mult)
	if math.IsInf(n, 0) {
		return 0, fmt.Errorf("size %q is over the largest accepted, %s", s, Format(Max))
	}
	if n > Max {
		return 0, fmt.Errorf("size %q is over the largest accepted, %s", s, Format(Max))
	}
	if n < 1 {
		return 0, bad
	}
	return int64(n), nil
}

// Format writes n with the largest binary unit that divides it exactly (32MiB, 1536KiB),
// else as a number of bytes: Parse reads every result back to n.
func Format(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n != 0 && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

// Flag is a flag.Value holding a size: define it with
//
//	limit := bytesize.Flag(32 << 20)
//	fs.Var(&limit, "max-bytes", "largest input accepted (bytes, or with a unit such as 80MiB)")
//
// Its String is Format's, so that -h shows the default as 32MiB.
type Flag int64

// String implements flag.Value.
func (f *Flag) String() string {
	if f == nil {
		return "0"
	}
	return Format(int64(*f))
}

// Set implements flag.Value: it parses s with Parse.
func (f *Flag) Set(s string) error {
	n, err := Parse(s)
	if err != nil {
		return err
	}
	*f = Flag(n)
	return nil
}
