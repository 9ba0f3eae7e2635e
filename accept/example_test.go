package accept_test

import (
	"fmt"
	"os"
	"time"

	"github.com/fdireview/fdireview/accept"
	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

func load(path string) *rawform.Task {
	body, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	task, err := rawform.Parse(body)
	if err != nil {
		panic(err)
	}
	return task
}

// Accept the breaking changes of a comparison, then apply the file to the report: the
// changes stay, marked, and no longer count for AtLeast.
func Example() {
	report := diff.Tasks(load("../roma/romatest/testdata/seed-response.json"), load("../roma/romatest/testdata/seed-v2-response.json"))
	fmt.Println("breaking before:", report.AtLeast(diff.Breaking))

	var entries []accept.Entry
	for _, c := range report.Changes {
		if c.Severity == diff.Breaking {
			entries = append(entries, accept.NewEntry(report, c, "name is capped at 100 upstream", "alice", nil))
		}
	}
	body, _ := accept.Encode(entries) // append this to fdi-accepted.toml
	file, err := accept.Parse(accept.DefaultName, body)
	if err != nil {
		panic(err)
	}
	res := file.Apply(report, time.Now())
	fmt.Println("accepted:", res.Accepted, "stale:", len(res.Stale))
	fmt.Println("breaking after:", report.AtLeast(diff.Breaking))
	fmt.Println(report.Changes[0].Accepted.Reason, "—", report.Changes[0].Accepted.Entry)
	// Output:
	// breaking before: true
	// accepted: 2 stale: 0
	// breaking after: false
	// name is capped at 100 upstream — fdi-accepted.toml:2
}
