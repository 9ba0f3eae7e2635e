package web

import (
	"strings"
	"testing"
)

// TestCompareShowsSentencesAndState: the where-clause change of the bundled pair reads as
// a sentence on the compare page, and the runtime fields are in their own State section,
// not among the changes.
func TestCompareShowsSentencesAndState(t *testing.T) {
	s := newTestServer(t)
	body := get(t, s, "/compare?old=seed&new=seed-v2").Body.String()
	for _, want := range []string{
		"filter added: id &gt; 1000",
		`data-testid="state-changes"`,
		`<li data-testid="state-change">status: stopped → running</li>`,
		"last modified: 2022-10-26T08:19:35.897Z → 2022-10-29T09:20:00Z",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("compare page lacks %q", want)
		}
	}
	for _, bad := range []string{`\u003e`, "task status:", "/task/execute_status"} {
		if strings.Contains(body, bad) {
			t.Errorf("compare page has %q", bad)
		}
	}
}
