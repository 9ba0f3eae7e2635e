package rawform_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/fdireview/fdireview/rawform"
)

// ParseReader reads a task from a stream (an HTTP request body, a file) no further than the
// size limit, and stops when its context ends.
func ExampleParseReader() {
	f, err := os.Open("testdata/seed-response.json")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	task, err := rawform.ParseReader(ctx, f, rawform.WithLimits(rawform.Limits{MaxBytes: 1 << 20}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(task.Info.Name, len(task.Detail.Mappings), "mappings")

	// Over the limit: refused after reading one byte past it.
	_, err = rawform.ParseReader(ctx, strings.NewReader(strings.Repeat(" ", 2048)), rawform.WithLimits(rawform.Limits{MaxBytes: 1024}))
	var perr *rawform.Error
	if errors.As(err, &perr) {
		fmt.Println(perr.Problems[0].Code, perr.Problems[0].Message)
	}
	// Output:
	// fdi_task_pzy4m5 2 mappings
	// limit input is over the limit of 1024 bytes
}

// ParseContext gives up once its context is done, with the context's error.
func ExampleParseContext() {
	body, err := os.ReadFile("testdata/seed-response.json")
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the client went away
	_, err = rawform.ParseContext(ctx, body)
	fmt.Println(errors.Is(err, context.Canceled), err)
	// Output:
	// true rawform: parse: context canceled
}
