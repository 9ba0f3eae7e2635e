package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestInvalidTaskPage: an invalid task's page (still status 422) shows the mappings it
// could read under its problem list, and every problem links to an anchor of its line in
// the raw view that the page holds.
func TestInvalidTaskPage(t *testing.T) {
	s := newTestServer(t)
	w := get(t, s, "/tasks/broken")
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", w.Code)
	}
	body := w.Body.String()
	list := strings.Index(body, `data-testid="invalid-task"`)
	table := strings.Index(body, `data-testid="mapping-table"`)
	if list < 0 || table < list {
		t.Fatalf("want the problem list, then the mapping table:\n%s", body)
	}
	if n := strings.Count(body, `data-testid="mapping-row"`); n != 2 {
		t.Errorf("%d mapping rows, want the 2 the task holds", n)
	}
	links := regexp.MustCompile(`<a href="#(raw-[a-z]+-\d+)" data-testid="problem-link">`).FindAllStringSubmatch(body, -1)
	if len(links) != 2 {
		t.Fatalf("%d problem links to raw lines, want 2", len(links))
	}
	for _, l := range links {
		if !strings.Contains(body, `id="`+l[1]+`"`) {
			t.Errorf("problem link #%s has no anchor on the page", l[1])
		}
	}
	// JSON clients still get the error.
	if w := get(t, s, "/tasks/broken", "Accept", "application/json"); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"kind":"invalid_task"`) {
		t.Errorf("JSON: status %d, %s", w.Code, w.Body.String())
	}
}

// TestCompareTasksWithProblems: comparing an invalid task shows its problems instead,
// unless the viewer reviews invalid tasks (-lenient): then it compares it as far as it
// reads, its problems listed above the report.
func TestCompareTasksWithProblems(t *testing.T) {
	const target = "/compare?old=seed&new=broken"
	if w := get(t, newTestServer(t), target); w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "parallel_length") {
		t.Errorf("strict: status %d, want 422 with the problems", w.Code)
	}
	s := newTestServer(t, func(c *Config) { c.ReviewInvalid = true })
	w := get(t, s, target)
	if w.Code != http.StatusOK {
		t.Fatalf("review: status %d, want 200:\n%s", w.Code, w.Body.String())
	}
	body := w.Body.String()
	problems := strings.Index(body, `data-testid="compare-problems-new"`)
	report := strings.Index(body, `data-testid="badges"`)
	if problems < 0 || report < problems || !strings.Contains(body, "parallel_length") {
		t.Errorf("review: want the new task's problems above the report:\n%s", body)
	}
	if strings.Contains(body, `data-testid="compare-problems-old"`) {
		t.Error("review: the valid old task is listed with problems")
	}
	for _, dl := range []string{"/compare.json?old=seed&new=broken", "/compare.md?old=seed&new=broken"} {
		if w := get(t, s, dl); w.Code != http.StatusOK {
			t.Errorf("review: %s: status %d", dl, w.Code)
		}
	}
}
