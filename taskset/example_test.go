package taskset_test

import (
	"context"
	"fmt"
	"os"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/taskset"
)

// Compare two snapshot folders and list what happened to each task.
func Example() {
	ctx := context.Background()
	old, err := taskset.ReadDir(ctx, "testdata/sets/a", 32<<20)
	if err != nil {
		panic(err)
	}
	nw, err := taskset.ReadDir(ctx, "testdata/sets/b", 32<<20)
	if err != nil {
		panic(err)
	}
	c, err := taskset.Compare(ctx, old, nw)
	if err != nil {
		panic(err)
	}
	for _, t := range c.Tasks {
		fmt.Println(t.Status, t.Name)
	}
	fmt.Println(c.SummaryText())
	fmt.Println("fails --fail-on breaking:", c.AtLeast(diff.Breaking))
	// Output:
	// removed orders_from_api
	// changed fdi_task_pzy4m5
	// added invoices_sync
	// unchanged crm_customer_sync
	// 4 tasks: 1 removed, 1 changed, 1 added, 1 unchanged; changes: 1 breaking, 0 warnings, 0 info
	// fails --fail-on breaking: true
}

// Render a comparison as a Markdown table for a pull-request comment.
func ExampleWriteMarkdown() {
	ctx := context.Background()
	old, _ := taskset.ReadDir(ctx, "testdata/sets/a", 0)
	nw, _ := taskset.ReadDir(ctx, "testdata/sets/b", 0)
	c, _ := taskset.Compare(ctx, old, nw)
	c.Tasks = c.Tasks[2:] // the added and the unchanged task, to keep the example short
	if err := taskset.WriteMarkdown(os.Stdout, c); err != nil {
		panic(err)
	}
	// Output:
	// **FDI task sets** `testdata/sets/a` → `testdata/sets/b`: 4 tasks: 1 removed, 1 changed, 1 added, 1 unchanged; changes: 1 breaking, 0 warnings, 0 info
	//
	// | status | task | breaking | warning | info | top changes |
	// | --- | --- | --- | --- | --- | --- |
	// | **added** | `invoices_sync` |  |  |  |  |
	// | unchanged | `crm_customer_sync` |  |  |  |  |
}
