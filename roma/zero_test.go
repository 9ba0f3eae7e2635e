package roma_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/fdireview/fdireview/roma"
)

// TestZeroClient: a Client that New did not make (zero value or nil pointer) refuses every
// call with ErrNoClient instead of panicking, and prints without one.
func TestZeroClient(t *testing.T) {
	ctx := context.Background()
	ref := roma.TaskRef{ProjectID: "p", InstanceID: "i", TaskID: "t"}
	for name, c := range map[string]*roma.Client{"zero": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			calls := map[string]func() error{
				"Task":    func() error { _, err := c.Task(ctx, ref); return err },
				"RawTask": func() error { _, err := c.RawTask(ctx, ref); return err },
				"TaskPair": func() error {
					_, _, err := c.TaskPair(ctx, ref, ref)
					return err
				},
				"List":    func() error { _, err := c.List(ctx, "p", "i", roma.ListOptions{}); return err },
				"ListAll": func() error { _, err := c.ListAll(ctx, "p", "i", roma.ListOptions{}); return err },
			}
			for call, f := range calls {
				if err := f(); !errors.Is(err, roma.ErrNoClient) {
					t.Errorf("%s: %v, want ErrNoClient", call, err)
				}
			}
			if got := c.Endpoint(); got != "" {
				t.Errorf("Endpoint() = %q", got)
			}
			if got := fmt.Sprint(c); got == "" {
				t.Error("String() is empty")
			}
		})
	}
}

// TestNilOptions: nil options are ignored.
func TestNilOptions(t *testing.T) {
	if _, err := roma.New("https://roma.example.com", nil, roma.WithParseOptions(nil)); err != nil {
		t.Fatal(err)
	}
}
