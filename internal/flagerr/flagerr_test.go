package flagerr

import (
	"errors"
	"flag"
	"io"
	"testing"
	"time"
)

func TestSay(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "unknown flag --bogus"},
		{[]string{"-x"}, "unknown flag -x"},
		{[]string{"--format"}, "--format needs a value"},
		{[]string{"--timeout", "soon"}, `--timeout "soon": parse error`},
		{[]string{"--force=maybe"}, `--force "maybe": parse error`},
		{[]string{"-o"}, "-o needs a value"},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.String("format", "", "")
		fs.String("o", "", "")
		fs.Duration("timeout", time.Second, "")
		fs.Bool("force", false, "")
		err := fs.Parse(tt.args)
		if err == nil {
			t.Fatalf("%q: no error", tt.args)
		}
		if got := Say(err); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.args, got, tt.want)
		}
	}
	if got := Say(errors.New("something else")); got != "something else" {
		t.Errorf("another error: %q", got)
	}
}
