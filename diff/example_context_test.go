package diff_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fdireview/fdireview/diff"
)

// TasksContext is Tasks for a service that must bound its work.
func ExampleTasksContext() {
	old := load("testdata/length-narrowed-old.json")
	new := load("testdata/length-narrowed-new.json")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	report, err := diff.TasksContext(ctx, old, new)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("breaking:", report.AtLeast(diff.Breaking))
	// Output:
	// breaking: true
}

// ParseSeverity refuses a threshold that is not a severity, where AtLeast would silently
// never (or always) reach it.
func ExampleParseSeverity() {
	for _, s := range []string{"warning", "critical"} {
		sev, err := diff.ParseSeverity(s)
		fmt.Printf("%q %v\n", sev, err)
	}
	// Output:
	// "warning" <nil>
	// "" diff: unknown severity "critical" (want breaking, warning or info)
}
