package web

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/fdireview/fdireview/accept"
	"github.com/fdireview/fdireview/diff"
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

// TestCompareShowsAcceptedChanges: with an accepted-changes file, the accepted changes
// are greyed with their reason and leave the badge counts; the JSON report marks them.
func TestCompareShowsAcceptedChanges(t *testing.T) {
	f := acceptBreaking(t, "capped upstream <b>", "alice")
	s := newTestServer(t, func(c *Config) { c.Accepted = f })
	page := get(t, s, "/compare?old=seed&new=seed-v2").Body.String()
	for _, want := range []string{
		`class="ch accepted" data-kind="mapping.length_changed"`,
		`data-testid="accepted-reason">accepted: <bdi>capped upstream &lt;b&gt;</bdi>`,
		`data-testid="badge-accepted"><b>2</b> accepted`,
		`data-testid="badge-breaking" data-sev="breaking"><b>0</b>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("compare page lacks %q", want)
		}
	}
	js := get(t, s, "/compare.json?old=seed&new=seed-v2").Body.String()
	if !strings.Contains(js, `"reason": "capped upstream <b>"`) || !strings.Contains(js, `"accepted": 2`) {
		t.Errorf("JSON report does not mark the accepted changes:\n%s", js)
	}
}

// TestJSONEndpointsDoNotEscapeHTML: the JSON API writes "id > 1000", not "id \u003e 1000"
// (responses are application/json with nosniff, so HTML escaping protects nothing and
// only hurts reading).
func TestJSONEndpointsDoNotEscapeHTML(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/api/tasks/seed-v2", "/api/compare?old=seed&new=seed-v2", "/compare.json?old=seed&new=seed-v2"} {
		rec := get(t, s, path)
		if body := rec.Body.String(); rec.Code != 200 || strings.Contains(body, `\u003e`) || !strings.Contains(body, `>`) {
			t.Errorf("%s: status %d, escaped or no '>' in the body", path, rec.Code)
		}
	}
}

// TestReportShowsSQLLineDiff: a custom SQL change shows its line diff in the detail view.
func TestReportShowsSQLLineDiff(t *testing.T) {
	old, nw := mustParse(t, "../testdata/diff/where-changed/old.json"), mustParse(t, "../testdata/diff/where-changed/new.json")
	var b bytes.Buffer
	if err := WriteReport(context.Background(), &b, old, nw, diff.Tasks(old, nw)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`custom SQL set: select id, name from zh_sss01 where id &gt; 100`,
		`<pre class="detail" data-testid="change-detail">+ select id, name from zh_sss01 where id &gt; 100</pre>`,
		`filter added: id &gt; 100`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// acceptBreaking returns an accepted-changes file (acc.toml) accepting every breaking
// change of the seed pair (testdata/tasks/seed.json → seed-v2.json) with reason and by.
func acceptBreaking(t *testing.T, reason, by string) *accept.File {
	t.Helper()
	old, nw := mustParse(t, "testdata/tasks/seed.json"), mustParse(t, "testdata/tasks/seed-v2.json")
	r := diff.Tasks(old, nw)
	var entries []accept.Entry
	for _, c := range r.Changes {
		if c.Severity == diff.Breaking {
			entries = append(entries, accept.NewEntry(r, c, reason, by, time.Time{}))
		}
	}
	body, err := accept.Encode(entries)
	if err != nil {
		t.Fatal(err)
	}
	f, err := accept.Parse(body, "acc.toml")
	if err != nil {
		t.Fatal(err)
	}
	return f
}
