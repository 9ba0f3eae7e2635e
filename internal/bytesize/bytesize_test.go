package bytesize

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  string
	}{
		{in: "33554432", want: 33554432},
		{in: "80MiB", want: 80 << 20},
		{in: "80mib", want: 80 << 20},
		{in: "80 MiB", want: 80 << 20},
		{in: " 80M ", want: 80 << 20},
		{in: "64m", want: 64 << 20},
		{in: "512KiB", want: 512 << 10},
		{in: "2G", want: 2 << 30},
		{in: "1.5GiB", want: 3 << 29},
		{in: "0.5KiB", want: 512},
		{in: "80MB", want: 80_000_000},
		{in: "1kb", want: 1000},
		{in: "100B", want: 100},
		{in: "1TiB", want: Max},
		{in: "0", err: "want a positive size"},
		{in: "-5MiB", err: "want a positive size"},
		{in: "", err: "want a positive size"},
		{in: "MiB", err: "want a positive size"},
		{in: "eighty", err: "want a positive size"},
		{in: "1e9", err: "want a positive size"},
		{in: "0x10", err: "want a positive size"},
		{in: "NaN", err: "want a positive size"},
		{in: "Inf", err: "want a positive size"},
		{in: "0.0001B", err: "want a positive size"},
		{in: "2TiB", err: "over the largest accepted, 1TiB"},
		{in: "9223372036854775807", err: "over the largest accepted"},
		{in: "99999999999999999999", err: "over the largest accepted"},
		{in: "infinity", err: "want a positive size"},
		{in: "1..5M", err: "want a positive size"},
		{in: ".", err: "want a positive size"},
		{in: "80 MiB MiB", err: "want a positive size"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("Parse(%q) = %d, %v; want an error with %q", tt.in, got, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("Parse(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestFormatParsesBack(t *testing.T) {
	for _, n := range []int64{1, 1000, 1024, 1536, 32 << 20, 80 << 20, 3 << 29, 1 << 30, Max, 33554433} {
		s := Format(n)
		back, err := Parse(s)
		if err != nil || back != n {
			t.Errorf("Format(%d) = %q, which parses as %d, %v", n, s, back, err)
		}
	}
	if got := Format(32 << 20); got != "32MiB" {
		t.Errorf("Format(32 MiB) = %q", got)
	}
}

// TestFlagDefault: -h shows the default in units.
func TestFlagDefault(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := Flag(32 << 20)
	fs.Var(&f, "max-bytes", "largest input")
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	if !strings.Contains(b.String(), "(default 32MiB)") {
		t.Errorf("usage: %s", b.String())
	}
	if err := fs.Parse([]string{"--max-bytes", "80MiB"}); err != nil || f != 80<<20 {
		t.Errorf("--max-bytes 80MiB: %d, %v", f, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"80MiB", "1.5G", "0", "1e3", "9999999999999TiB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			return
		}
		if n <= 0 || n > Max {
			t.Fatalf("Parse(%q) = %d, outside 1..Max", s, n)
		}
		if back, err := Parse(Format(n)); err != nil || back != n {
			t.Fatalf("Format(%d) = %q does not parse back: %d, %v", n, Format(n), back, err)
		}
	})
}
