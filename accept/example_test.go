package accept_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
			entries = append(entries, accept.NewEntry(report, c, "name is capped at 100 upstream", "alice", time.Time{}))
		}
	}
	body, _ := accept.Encode(entries) // append this to fdi-accepted.toml
	file, err := accept.Parse(body, accept.DefaultName)
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

// WriteFile replaces a file atomically and refuses a symbolic link in its place; ReadFile
// and LoadLimit read only regular files up to a limit.
func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "accept-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, accept.DefaultName)

	if err := accept.WriteFile(path, []byte(accept.Header)); err != nil {
		panic(err)
	}
	f, err := accept.LoadLimit(path, accept.DefaultMaxBytes)
	fmt.Println("entries:", len(f.Entries), err)

	link := filepath.Join(dir, "link.toml")
	os.Symlink(path, link)
	err = accept.WriteFile(link, []byte(accept.Header))
	fmt.Println("write through a link refused:", errors.Is(err, accept.ErrNotRegular))

	_, err = accept.ReadFile(path, 16)
	fmt.Println("over the limit:", errors.Is(err, accept.ErrTooLarge))
	// Output:
	// entries: 0 <nil>
	// write through a link refused: true
	// over the limit: true
}

// Append creates the accepted-changes file with its header, or adds to it; an entry
// already there is not written again.
func ExampleAppend() {
	dir, err := os.MkdirTemp("", "accept-append")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, accept.DefaultName)

	report := diff.Tasks(load("../roma/romatest/testdata/seed-response.json"), load("../roma/romatest/testdata/seed-v2-response.json"))
	until := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	entry := accept.NewEntry(report, report.Changes[0], "reviewed in PR 42", "alice", until)

	n, err := accept.Append(path, 0, entry)
	fmt.Println("written:", n, err)
	n, err = accept.Append(path, 0, entry)
	fmt.Println("again:", n, err)

	file, err := accept.Load(path)
	if err != nil {
		panic(err)
	}
	last, _ := file.Entries[0].ExpiresOn()
	fmt.Println(len(file.Entries), "entry, last day", last.Format(time.DateOnly))
	// Output:
	// written: 1 <nil>
	// again: 0 <nil>
	// 1 entry, last day 2027-03-31
}
