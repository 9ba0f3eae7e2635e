package linediff_test

import (
	"fmt"
	"strings"

	"github.com/fdireview/fdireview/internal/linediff"
)

// Two separate edits: only the two changed lines are marked, the lines between them are
// context.
func Example() {
	old := strings.Split("select id,\n  name\nfrom orders\nwhere id > 1000\norder by id", "\n")
	new := strings.Split("select id,\n  full_name\nfrom orders\nwhere id > 2000\norder by id", "\n")
	edits := linediff.Lines(old, new)
	fmt.Println(linediff.Write(edits, 3))
	removed, added := linediff.Count(edits)
	fmt.Println(removed, "removed,", added, "added")
	// Output:
	//   select id,
	// -   name
	// +   full_name
	//   from orders
	// - where id > 1000
	// + where id > 2000
	//   order by id
	// 2 removed, 2 added
}
