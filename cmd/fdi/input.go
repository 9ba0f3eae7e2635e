package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/fdireview/fdireview/internal/bytesize"
	"github.com/fdireview/fdireview/rawform"
)

// defaultMaxBytes is the input size limit without --max-bytes: rawform's and the FDI
// client's default (32 MiB; a 10,000-mapping task is about 6.5 MB, a 100,000-mapping one
// about 65 MB and needs the flag).
var defaultMaxBytes = int64(rawform.DefaultLimits().MaxBytes)

// errTooLarge is returned for an input over the --max-bytes limit.
var errTooLarge = errors.New("input too large")

// maxBytesFlag defines --max-bytes on fs: a size in bytes or with a unit (80MiB), read by
// internal/bytesize as the viewer's --max-bytes is.
func maxBytesFlag(fs *flag.FlagSet) *bytesize.Flag {
	b := bytesize.Flag(defaultMaxBytes)
	fs.Var(&b, "max-bytes", "largest input accepted, in bytes or with a unit such as 80MiB (a 100,000-mapping task needs about 80MiB)")
	return &b
}

// parseLimits are the rawform options that go with a --max-bytes value.
//
// Raising --max-bytes raises the mapping and column limits in proportion: a 100,000-mapping
// task (about 65 MB) selects a few more than 100,000 columns (its unmapped ones), and
// --max-bytes is the one knob the README tells users to turn for such a task.
func parseLimits(max int64) rawform.Option {
	l := rawform.Limits{MaxBytes: int(max)}
	if d := rawform.DefaultLimits(); int(max) > d.MaxBytes {
		scale := float64(max) / float64(d.MaxBytes)
		l.MaxMappings = int(float64(d.MaxMappings) * scale)
		l.MaxColumns = int(float64(d.MaxColumns) * scale)
	}
	return rawform.WithLimits(l)
}

// parseOptions are the rawform options of the --max-bytes and --lenient flags.
func parseOptions(maxBytes int64, lenient bool) []rawform.Option {
	opts := []rawform.Option{parseLimits(maxBytes)}
	if lenient {
		opts = append(opts, rawform.Lenient())
	}
	return opts
}

// readInput reads a named file, or standard input for "-", refusing more than limit bytes:
// a regular file over it is refused by its size, unread; anything else (standard input, a
// pipe, /dev/zero) is read up to limit+1 bytes and refused there. Opening and reading run
// apart from the caller so that a cancelled ctx (Ctrl-C) returns at once even while a
// FIFO's open or a terminal's read blocks.
func readInput(ctx context.Context, e *env, name string, limit int64) ([]byte, error) {
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := readLimited(e, name, limit)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

func readLimited(e *env, name string, limit int64) ([]byte, error) {
	what := "standard input"
	r := e.stdin
	size := int64(-1)
	if name != "-" {
		what = "task file"
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("read task file: %w", err)
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return nil, fmt.Errorf("read task file: %w", err)
		}
		if fi.IsDir() {
			return nil, fmt.Errorf("read task file: %s is a directory", name)
		}
		if fi.Mode().IsRegular() {
			size = fi.Size()
			if size > limit {
				return nil, fmt.Errorf("%w: %s is %d bytes, over the limit of %d (raise it with --max-bytes)", errTooLarge, what, size, limit)
			}
		}
		r = f
	}
	buf := make([]byte, 0, min(max(size+1, 512), limit+1))
	for int64(len(buf)) <= limit {
		if len(buf) == cap(buf) {
			nb := make([]byte, len(buf), min(2*cap(buf), int(limit+1)))
			copy(nb, buf)
			buf = nb
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
	}
	return nil, fmt.Errorf("%w: %s is over the limit of %d bytes (raise it with --max-bytes)", errTooLarge, what, limit)
}
