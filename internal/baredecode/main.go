// Command baredecode is the baseline `fdi diff` is measured against (issue 10, DESIGN
// "Performance budget"): it only decodes each file given with encoding/json into
// map[string]any — the envelope, then the task_detail string inside it — and prints how
// many mappings each has. No validation, no model, no diff: the least any tool must do to
// look inside a task. internal/clibench runs it beside `fdi diff --format json`.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	for _, name := range os.Args[1:] {
		n, err := decode(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "baredecode:", err)
			os.Exit(2)
		}
		fmt.Printf("%s: %d mappings\n", name, n)
	}
}

// decode reads one response and returns the length of its task_detail's mappingTable.
func decode(name string) (int, error) {
	body, err := os.ReadFile(name)
	if err != nil {
		return 0, err
	}
	var env map[string]any
	if err := json.Unmarshal(body, &env); err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	s, ok := env["task_detail"].(string)
	if !ok {
		return 0, fmt.Errorf("%s: task_detail is not a string", name)
	}
	var detail map[string]any
	if err := json.Unmarshal([]byte(s), &detail); err != nil {
		return 0, fmt.Errorf("%s: task_detail: %w", name, err)
	}
	mappings, _ := detail["mappingTable"].([]any)
	return len(mappings), nil
}
