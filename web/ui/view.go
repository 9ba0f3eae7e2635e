package ui

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

// This file turns parsed tasks and diff reports into view models: plain structs the templ
// components only have to walk. Everything here is linear in the number of mappings.

// Chrome is what every page's frame needs.
type Chrome struct {
	Title string
	// Origin says where tasks come from (Source.Describe); empty in the standalone report.
	Origin string
	// Standalone pages inline the CSS and link no script (WriteReport).
	Standalone bool
	// Theme is "light" or "dark" to override the reader's colour-scheme preference for
	// this page (the theme=… query parameter); empty follows the preference and the
	// toggle kept in localStorage.
	Theme string
}

// kv is one labelled value.
type kv struct {
	Label, Value string
	Mono         bool
}

// problemView is a rawform problem placed on the page.
type problemView struct {
	rawform.Problem
	Row int // mapping index the problem belongs to, or -1
}

// sideView is one end of a task: where data is read from or written to.
type sideView struct {
	Label                               string
	Datasource, Type, DsID, Table, Inst string
	App                                 string
	Columns                             int
}

// mappingRow is one row of a task's mapping table.
type mappingRow struct {
	M        *rawform.Mapping
	Pos      int // position in Detail.Mappings (and TaskPage.Rows): the row's anchor m-Pos
	Problems []problemView
}

// rowID is the anchor id of mapping row pos (its position in Detail.Mappings).
func rowID(pos int) string { return "m-" + strconv.Itoa(pos) }

// rawID is the anchor id of a mapping's first line in the raw task_detail: raw-m-I for
// mappingTable[I], raw-api-I for mappingInput.dataSource[I] (an API mapping).
func rawID(m *rawform.Mapping) string {
	if m.Form == rawform.FormInput {
		return "raw-api-" + strconv.Itoa(m.Index)
	}
	return "raw-m-" + strconv.Itoa(m.Index)
}

// rawLine is a piece of the pretty-printed task_detail: a run of plain lines, or one line
// that a mapping row or a problem points at.
type rawLine struct {
	Text    string
	ID      string // anchor id, e.g. raw-m-3
	Problem string // problem messages on this line, empty when none
}

// TaskPage is the view model of /tasks/{ref}.
type TaskPage struct {
	Chrome
	Ref            string
	Info           []kv
	Source, Target sideView
	Rows           []mappingRow
	UnmappedSource []rawform.Column
	UnmappedTarget []rawform.Column
	Fields         []rawform.Field
	Problems       []problemView // all problems, in document order
	Loose          []problemView // warnings not on a mapping row
	// Errors are the problems of an invalid task (BuildInvalidTaskPage), listed above its
	// mappings, each linked to its line in the raw view (rawLink); nil for a valid task.
	Errors []problemView
	// rawIDs maps a problem's inner pointer to the anchor of its raw line.
	rawIDs        map[string]string
	HasProperties bool
	Settings      []settingGroup
	Raw           []rawLine
	// Paging: the page shows Rows[First:First+len(Shown)] (see Paginate). Pages is 1
	// for a task that fits on one page.
	Shown       []mappingRow
	First, Page int
	Pages       int
	PageSize    int
	// RawOmitted is set when the task is too large to pretty-print on the page; the
	// raw document is then linked (/api/tasks/{ref}).
	RawOmitted bool
}

// TaskPageSize is the number of mappings per task page, and the size above which the
// raw task_detail is linked rather than printed.
const TaskPageSize = 500

// Paginate shows page (1-based, clamped) of size mappings. A task with more than size
// mappings loses its pretty-printed raw document, which would dwarf the page.
func (p *TaskPage) Paginate(page, size int) {
	if size <= 0 {
		size = TaskPageSize
	}
	p.PageSize = size
	p.Pages = max(1, (len(p.Rows)+size-1)/size)
	p.Page = min(max(page, 1), p.Pages)
	p.First = (p.Page - 1) * size
	p.Shown = p.Rows[p.First:min(p.First+size, len(p.Rows))]
	if len(p.Rows) > size {
		p.RawOmitted = true
		p.Raw = nil
	}
}

// pageLink is the address of page n of the mapping table.
func (p *TaskPage) pageLink(n int) string {
	return "/tasks/" + p.Ref + "?page=" + strconv.Itoa(n) + "#mappings"
}

// problemLink points at a problem: its row (on this page or another) or the raw document.
func (p *TaskPage) problemLink(pr problemView) string {
	if pr.Row >= 0 {
		if pr.Row >= p.First && pr.Row < p.First+len(p.Shown) {
			return "#m-" + strconv.Itoa(pr.Row)
		}
		return "/tasks/" + p.Ref + "?page=" + strconv.Itoa(pr.Row/max(p.PageSize, 1)+1) + "#m-" + strconv.Itoa(pr.Row)
	}
	if p.RawOmitted {
		return "/api/tasks/" + p.Ref
	}
	return "#raw"
}

// settingGroup is one collapsible list of unmodelled settings.
type settingGroup struct {
	Title string
	Items []kv
}

// rawLink points at a problem's line in the raw view, or at the raw document when it is
// not printed on the page.
func (p *TaskPage) rawLink(pr problemView) string {
	if p.RawOmitted {
		return "/api/tasks/" + p.Ref
	}
	if id := p.rawIDs[strings.TrimPrefix(pr.Pointer, "/task_detail")]; id != "" && strings.HasPrefix(pr.Pointer, "/task_detail") {
		return "#" + id
	}
	return "#raw"
}

// BuildTaskPage arranges a parsed task for the task page; ref is the task reference as
// the URL carries it ("task" or "instance/task").
func BuildTaskPage(c Chrome, ref string, t *rawform.Task) *TaskPage {
	return BuildInvalidTaskPage(c, ref, t, nil)
}

// BuildInvalidTaskPage is BuildTaskPage for a task read with problems (rawform.Partial):
// errs are listed above the mappings it could read, marked on their rows and on their
// lines of the raw view, each linked to that line. With no errs it is BuildTaskPage.
func BuildInvalidTaskPage(c Chrome, ref string, t *rawform.Task, errs []rawform.Problem) *TaskPage {
	d := t.Detail
	p := &TaskPage{Chrome: c, Ref: ref, HasProperties: d.HasProperties}
	p.Title = taskTitle(t)
	info := t.Info
	add := func(label, v string, mono bool) {
		if v != "" {
			p.Info = append(p.Info, kv{label, v, mono})
		}
	}
	add("Task ID", info.ID, true)
	add("Type", info.Type, false)
	add("Status", info.Status, false)
	add("Last run", info.ExecuteStatus, false)
	add("Mode", info.Mode, false)
	add("Tag", cmp.Or(info.Tag, d.TaskTag), false)
	add("Description", cmp.Or(info.Description, d.Description), false)
	add("Created", epoch(info.CreatedDate), false)
	add("Last modified", epoch(info.LastModifiedDate), false)
	add("Project", cmp.Or(info.ProjectID, d.ProjectID), true)
	add("Read as", t.Shape.String(), false)

	p.Source = sideView{Label: "Source", Datasource: cmp.Or(d.SourceDatasource, info.SourceDatasourceName), Type: sourceType(d),
		DsID: cmp.Or(d.SourceDsID, info.SourceDatasourceID), Table: d.Source.Table, Inst: cmp.Or(info.SourceInstanceName, d.Source.InstanceID),
		App: info.SourceAppName, Columns: len(d.Source.Columns)}
	p.Target = sideView{Label: "Target", Datasource: cmp.Or(d.TargetDatasource, info.TargetDatasourceName), Type: d.TargetDatasourceType,
		DsID: cmp.Or(d.TargetDsID, info.TargetDatasourceID), Table: d.Target.Table, Inst: cmp.Or(info.TargetInstanceName, d.Target.InstanceID),
		App: info.TargetAppName, Columns: len(d.Target.Columns)}

	p.Rows = make([]mappingRow, len(d.Mappings))
	usedSrc := make(map[string]bool, len(d.Mappings))
	usedTgt := make(map[string]bool, len(d.Mappings))
	for i := range d.Mappings {
		m := &d.Mappings[i]
		p.Rows[i].M, p.Rows[i].Pos = m, i
		if !m.Added() {
			usedSrc[m.Source.Column] = true
		}
		usedTgt[m.Target.Column] = true
	}
	for _, col := range d.Source.Columns {
		if !usedSrc[col.Name] {
			p.UnmappedSource = append(p.UnmappedSource, col)
		}
	}
	for _, col := range d.Target.Columns {
		if !usedTgt[col.Name] {
			p.UnmappedTarget = append(p.UnmappedTarget, col)
		}
	}
	p.Fields = d.Source.MetaData.Fields

	problemLines := map[string]string{}
	for i, pr := range append(slices.Clip(errs), t.Warnings...) {
		pv := problemView{Problem: pr, Row: rowOf(d, pr.Pointer)}
		p.Problems = append(p.Problems, pv)
		if i < len(errs) {
			p.Errors = append(p.Errors, pv)
		}
		if pv.Row >= 0 {
			p.Rows[pv.Row].Problems = append(p.Rows[pv.Row].Problems, pv)
		} else if i >= len(errs) {
			p.Loose = append(p.Loose, pv)
		}
		ip := strings.TrimPrefix(pr.Pointer, "/task_detail")
		problemLines[ip] = joinMsg(problemLines[ip], pr.Message)
	}

	p.Settings = []settingGroup{
		{Title: "Task settings", Items: extraItems(d.Settings())},
		{Title: "Source settings (" + cmp.Or(d.Source.Table, "sourceSelectedDatasource") + ")", Items: extraItems(d.Source.Extra)},
		{Title: "Target settings (" + cmp.Or(d.Target.Table, "targetSelectedDatasource") + ")", Items: extraItems(d.Target.Extra)},
	}
	if len(t.Info.Extra) > 0 || len(t.Extra) > 0 {
		p.Settings = append(p.Settings, settingGroup{Title: "Other envelope fields", Items: append(extraItems(t.Info.Extra), extraItems(t.Extra)...)})
	}

	p.Shown, p.Page, p.Pages, p.PageSize = p.Rows, 1, 1, max(len(p.Rows), 1)
	if len(d.Mappings) > TaskPageSize {
		p.RawOmitted = true // as Paginate would: not encoded only to be dropped
	} else if raw, err := d.EncodeDetail(); err == nil {
		p.Raw, p.rawIDs = rawLinesIDs(raw, len(d.Mappings), problemLines)
	}
	return p
}

// mappingIndex returns i when ptr addresses mappingTable[i] or one of its parallel
// entries (mappingTableProperties[i], mappingSourceTextOrNot[i]); -1 otherwise.
func mappingIndex(ptr string, n int) int {
	rest, ok := strings.CutPrefix(ptr, "/task_detail/")
	if !ok {
		return -1
	}
	for _, arr := range []string{"mappingTable/", "mappingTableProperties/", "mappingSourceTextOrNot/"} {
		if tail, ok := strings.CutPrefix(rest, arr); ok {
			num, _, _ := strings.Cut(tail, "/")
			i, err := strconv.Atoi(num)
			if err != nil || i < 0 || i >= n {
				return -1
			}
			return i
		}
	}
	return -1
}

// sourceType is the source's data source type, or "API (by its keys)" for an API source
// that no sourceDatasourceType names (the real create request has none).
func sourceType(d *rawform.Detail) string {
	if d.SourceDatasourceType == "" && d.APISource() {
		return "API (by its keys)"
	}
	return d.SourceDatasourceType
}

// rowOf returns the position in d.Mappings of the mapping ptr addresses — in mappingTable
// and its parallel arrays, or in mappingInput.dataSource — or -1.
func rowOf(d *rawform.Detail, ptr string) int {
	if i := mappingIndex(ptr, len(d.Mappings)); i >= 0 {
		return i
	}
	tail, ok := strings.CutPrefix(ptr, "/task_detail/mappingInput/dataSource/")
	if !ok {
		return -1
	}
	num, _, _ := strings.Cut(tail, "/")
	k, err := strconv.Atoi(num)
	if err != nil {
		return -1
	}
	for i := range d.Mappings {
		if m := &d.Mappings[i]; m.Form == rawform.FormInput && m.Index == k {
			return i
		}
	}
	return -1
}

func joinMsg(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func taskTitle(t *rawform.Task) string {
	if t.Info.Name != "" {
		return t.Info.Name
	}
	if t.Detail != nil && t.Detail.TaskName != "" {
		return t.Detail.TaskName
	}
	return "Unnamed task"
}

func epoch(ms int64) string {
	if ms <= 0 {
		return ""
	}
	return diff.FormatMillis(ms) // RFC 3339 UTC, as in the reports
}

// extraItems lists an Extra map, keys sorted, values as compact JSON.
func extraItems(m map[string]any) []kv {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	out := make([]kv, 0, len(keys))
	for _, k := range keys {
		out = append(out, kv{Label: k, Value: jsonText(m[k], 2000), Mono: true})
	}
	return out
}

// jsonText renders a value as compact JSON, cut to max bytes.
func jsonText(v any, max int) string {
	if v == nil {
		return "—"
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // templ escapes; keep ">" readable
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	s := strings.TrimSuffix(buf.String(), "\n")
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// typeText formats an endpoint's type with its length: VARCHAR(255).
func typeText(e rawform.Endpoint) string {
	t := withLength(e.Type, e.Length)
	if e.Format != "" { // an API field's format, e.g. a date pattern
		t += " " + e.Format
	}
	return t
}

func colTypeText(c rawform.Column) string { return withLength(c.Type, c.Length) }

// withLength writes a type with its length as the diff package's sentences do: a type
// written with its own arguments is shown as written ("TIMESTAMP(6)", never
// "TIMESTAMP(6)(0)"), and a length of 0 is none declared ("NUMBER", not "NUMBER(0)").
func withLength(typ string, l rawform.Int) string {
	if l.Known() && l.Value != 0 && !strings.ContainsRune(typ, '(') {
		return typ + "(" + l.String() + ")"
	}
	return typ
}

// nullText is "NULL", "NOT NULL" or "" (unknown).
func nullText(b rawform.Bool) string {
	if !b.Known() {
		return ""
	}
	if b.Value {
		return "NULL"
	}
	return "NOT NULL"
}

func uniqueText(b rawform.Bool) string {
	if b.Known() && b.Value {
		return "UNIQUE"
	}
	return ""
}

// flags lists a mapping's special markers: const, date, bool, uuid, text.
func flags(m *rawform.Mapping) []string {
	var f []string
	if m.Form == rawform.FormInput { // an API field (mappingInput.dataSource), not a table column
		f = append(f, "api")
	}
	if m.AddMapping {
		f = append(f, "const")
	}
	if m.AddDateMapping {
		f = append(f, "date")
	}
	if m.AddBooleanMapping {
		f = append(f, "bool")
	}
	if m.AddFDIUUIDMapping {
		f = append(f, "uuid")
	}
	if m.Text.Known() && m.Text.Value {
		f = append(f, "text")
	}
	return f
}

// ---- compare ----

// taskHead is one side of a comparison, for the page header.
type taskHead struct {
	Label, Ref, Name, ID   string
	SourceTable, TargetTab string
	SourceType, TargetType string
	Mappings               int
	Link                   string // /tasks/{ref}; empty for uploads and the standalone report
}

// cellDiff says which parts of an aligned row differ between old and new.
type cellDiff struct {
	SCol, SType, SNull, SUniq bool
	TCol, TType, TNull, TUniq bool
	Flags                     bool
}

// cmpRow is one row of the side-by-side table: the mappings writing one target column,
// or (Gap > 0) a placeholder for a run of unchanged rows when they are hidden.
type cmpRow struct {
	Key      string
	Old, New *rawform.Mapping
	Severity diff.Severity // "" when unchanged
	Changes  []diff.Change
	Cells    cellDiff
	Index    int    // position in the aligned rows (ComparePage.All)
	FP       string // fingerprint of the row's changes: "viewed" marks are kept under it
	Group    int    // index of the run of unchanged rows this row belongs to
	Gap      int    // > 0: a placeholder for Gap unchanged rows of group Group
	// Remote gaps (Collapse) stand for rows From..To-1 that are not on the page: their
	// link fetches them (RowsLink).
	Remote   bool
	From, To int
}

// ComparePage is the view model of /compare and of the standalone report.
type ComparePage struct {
	Chrome
	Old, New taskHead
	Report   *diff.Report
	Rows     []cmpRow
	// All is every aligned row, changed or not, without placeholders.
	All         []cmpRow
	Changed     int           // rows with at least one change
	Unchanged   int           // rows without a change
	Other       []diff.Change // changes not attached to a mapping row
	ChangesOnly bool
	Severity    string // "", "breaking", "warning" or "info"
	IgnoreCase  bool
	// Unified shows each row as one column (target, change, old → new) instead of the
	// old and new sides next to each other; narrow windows always get it.
	Unified bool
	// Collapsed is set by Collapse: long runs of unchanged rows are not on the page.
	Collapsed bool
	// Query is old=…&new=… (plus ic=1): the base of the permalink and the downloads.
	// Empty for uploaded files and the standalone report.
	Query string
	// Downloads are the report's files embedded in the page (uploads, which have no
	// address to download from); nil otherwise.
	Downloads []Download
	// Unrelated is set when the two tasks share neither name, ID, source table nor
	// target table: likely not the pair the reader meant to compare, which the page says.
	Unrelated bool
	// OldProblems and NewProblems are the problems of a side that is not a valid task
	// but is compared as far as it reads (the viewer's -lenient); listed above the report.
	OldProblems, NewProblems []rawform.Problem
}

// unrelated reports whether two tasks share neither name, ID nor a table.
func unrelated(o, n taskHead) bool {
	differ := func(a, b string) bool { return a == "" || b == "" || a != b }
	return differ(o.Name, n.Name) && differ(o.ID, n.ID) && differ(o.SourceTable, n.SourceTable) && differ(o.TargetTab, n.TargetTab)
}

// problemSide is one side of a comparison that has problems.
type problemSide struct {
	Label    string // "old" or "new"
	Problems []rawform.Problem
}

// problemSides lists the sides compared in spite of their problems.
func (p *ComparePage) problemSides() []problemSide {
	var out []problemSide
	if len(p.OldProblems) > 0 {
		out = append(out, problemSide{"old", p.OldProblems})
	}
	if len(p.NewProblems) > 0 {
		out = append(out, problemSide{"new", p.NewProblems})
	}
	return out
}

// Download is a file offered as a data: link.
type Download struct {
	Label, Name, Href string
}

// BigCompare is the number of unchanged rows above which a comparison is sent collapsed
// (Collapse) and "changes only" is the default.
const BigCompare = 200

// ContextRows is the number of unchanged rows kept next to each change in a collapsed
// comparison when "changes only" is off.
const ContextRows = 3

// MaxRange is the largest number of rows one RowsLink fetch returns; a longer run
// comes back as those rows and a placeholder for the rest.
const MaxRange = 500

// Collapse keeps changed rows and context unchanged rows on each side of them, and
// replaces the rest of every run of unchanged rows by a placeholder whose link fetches
// exactly that range; with context, runs that would hide fewer than 4 rows are kept
// whole. It needs Query (a server-side comparison).
func (p *ComparePage) Collapse(context int) {
	p.Collapsed = true
	all := p.All
	out := make([]cmpRow, 0, p.Changed*(2*context+2)+2)
	for i := 0; i < len(all); {
		if all[i].Severity != "" {
			out = append(out, all[i])
			i++
			continue
		}
		j := i
		for j < len(all) && all[j].Severity == "" {
			j++
		}
		lead, trail := 0, 0
		if i > 0 {
			lead = context
		}
		if j < len(all) {
			trail = context
		}
		if context > 0 && j-i <= lead+trail+3 { // a placeholder for under 4 rows saves nothing

			out = append(out, all[i:j]...)
		} else {
			out = append(out, all[i:i+lead]...)
			out = append(out, cmpRow{Remote: true, Gap: j - i - lead - trail, From: i + lead, To: j - trail})
			out = append(out, all[j-trail:j]...)
		}
		i = j
	}
	p.Rows = out
}

// Range returns the aligned rows from..to-1 (clamped), at most MaxRange of them, and a
// placeholder for the rest.
func (p *ComparePage) Range(from, to int) []cmpRow {
	from = min(max(from, 0), len(p.All))
	to = min(max(to, from), len(p.All))
	end := min(to, from+MaxRange)
	out := append([]cmpRow(nil), p.All[from:end]...)
	if end < to {
		out = append(out, cmpRow{Remote: true, Gap: to - end, From: end, To: to})
	}
	return out
}

// RowsLink fetches rows from..to-1 of the comparison: a page of its own without
// JavaScript, the rows alone (part=1) for app.js to put in place of the placeholder.
func (p *ComparePage) RowsLink(from, to int) string {
	return p.link("/compare/rows", "from", strconv.Itoa(from), "to", strconv.Itoa(to))
}

// Total is the number of aligned rows (mappings on either side).
func (p *ComparePage) Total() int { return len(p.All) }

// Reviewable is the number of changes a reviewer marks viewed: the changed mapping rows
// and every change outside the mapping table (columns, tables, settings).
func (p *ComparePage) Reviewable() int { return p.Changed + len(p.Other) }

// otherID is the anchor id of the i-th change outside the mapping table.
func otherID(i int) string { return "o-" + strconv.Itoa(i) }

// otherFingerprint identifies a change outside the mapping table, as rowFingerprint a row.
func otherFingerprint(ch diff.Change) string {
	return rowFingerprint(string(ch.Kind)+"\x00"+ch.Pointer, []diff.Change{ch})
}

// changedRows lists the changed rows, for the jump list.
func (p *ComparePage) changedRows() []cmpRow {
	out := make([]cmpRow, 0, p.Changed)
	for i := range p.All {
		if p.All[i].Severity != "" {
			out = append(out, p.All[i])
		}
	}
	return out
}

// viewLink is the comparison shown split or unified.
func (p *ComparePage) viewLink(unified bool) string {
	ch, v := "0", ""
	if p.ChangesOnly {
		ch = "1"
	}
	if unified {
		v = "unified"
	}
	return p.link("/compare", "changes", ch, "sev", p.Severity, "view", v)
}

// rowFingerprint identifies a row's changes: the same changes give the same value, so a
// "viewed" mark survives a reload and is dropped when the change changes.
func rowFingerprint(key string, chs []diff.Change) string {
	h := sha256.New()
	io.WriteString(h, key)
	for _, c := range chs {
		fmt.Fprintf(h, "\x00%s\x00%s\x00%s\x00%v\x00%v", c.Kind, c.Severity, c.Pointer, c.Old, c.New)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func (p *ComparePage) link(path string, extra ...string) string {
	q := p.Query
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] != "" {
			q += "&" + extra[i] + "=" + url.QueryEscape(extra[i+1])
		}
	}
	return path + "?" + q
}

func (p *ComparePage) permalink() string {
	ch := ""
	if p.ChangesOnly {
		ch = "1"
	} else if p.Collapsed || p.Unchanged > BigCompare {
		ch = "0" // big comparisons default to changes only
	}
	v := ""
	if p.Unified {
		v = "unified"
	}
	return p.link("/compare", "changes", ch, "sev", p.Severity, "view", v)
}

// filterClass is the wrapper's class: CSS hides rows from it, so the same HTML serves
// every filter and works without JavaScript.
func (p *ComparePage) filterClass() string {
	c := "cmpwrap"
	if p.ChangesOnly {
		c += " changes-only"
	}
	if p.Severity != "" {
		c += " only-" + p.Severity
	}
	if p.Unified {
		c += " unified"
	}
	if p.Collapsed {
		c += " collapsed"
	}
	return c
}

func headOf(label string, ref string, t *rawform.Task, linked bool) taskHead {
	h := taskHead{Label: label, Ref: ref, Name: taskTitle(t), ID: t.Info.ID}
	if d := t.Detail; d != nil {
		h.SourceTable, h.TargetTab = d.Source.Table, d.Target.Table
		h.SourceType, h.TargetType = d.SourceDatasourceType, d.TargetDatasourceType
		h.Mappings = len(d.Mappings)
	}
	if linked && ref != "" {
		h.Link = "/tasks/" + ref
	}
	return h
}

// Links says whether a comparison's two sides link to task pages.
type Links int

const (
	// NoLinks: the sides are plain text (uploads, the standalone report: no task page
	// exists for them).
	NoLinks Links = iota
	// LinkTaskPages: each side links to /tasks/{ref}.
	LinkTaskPages
)

// isMappingKind reports whether a change belongs on a mapping row.
func isMappingKind(k diff.Kind) bool { return strings.HasPrefix(string(k), "mapping.") }

// BuildCompare aligns old and new mappings by target column and attaches the report's
// changes to the rows they concern. Rows follow the new task's order; a removed mapping
// is placed after the old mapping that preceded it. oldRef and newRef head the two
// sides; with LinkTaskPages they link to the viewer's task pages.
func BuildCompare(c Chrome, oldRef, newRef string, old, nw *rawform.Task, r *diff.Report, links Links) *ComparePage {
	linked := links == LinkTaskPages
	p := &ComparePage{Chrome: c, Report: r, Old: headOf("Old", oldRef, old, linked), New: headOf("New", newRef, nw, linked)}
	p.Unrelated = unrelated(p.Old, p.New)
	om, nm := old.Detail.Mappings, nw.Detail.Mappings

	// Renames: a mapping.target_renamed change joins the old target's row to the new one.
	alias := map[string]string{} // old target name -> new target name
	for _, ch := range r.Changes {
		if ch.Kind == diff.MappingTargetRenamed {
			o, ok1 := ch.Old.(string)
			n, ok2 := ch.New.(string)
			if ok1 && ok2 {
				alias[o] = n
			}
		}
	}
	newIdx := make(map[string]int, len(nm))
	for i := range nm {
		if _, dup := newIdx[nm[i].Target.Column]; !dup {
			newIdx[nm[i].Target.Column] = i
		}
	}
	rows := make([]cmpRow, 0, len(nm)+8)
	rowOf := make(map[string]int, len(nm)) // key -> index in rows (before removed rows are placed)
	for i := range nm {
		k := nm[i].Target.Column
		if _, dup := rowOf[k]; dup {
			continue
		}
		rowOf[k] = len(rows)
		rows = append(rows, cmpRow{Key: k, New: &nm[i]})
	}
	// Old mappings: join to their new row, or collect as removed after an anchor.
	removedAfter := map[int][]cmpRow{} // row index (-1 = start) -> removed rows
	anchor := -1
	seenOld := make(map[string]bool, len(om))
	for i := range om {
		k := om[i].Target.Column
		if seenOld[k] {
			continue
		}
		seenOld[k] = true
		nk := k
		if a, ok := alias[k]; ok {
			if _, exists := newIdx[k]; !exists {
				nk = a
			}
		}
		if ri, ok := rowOf[nk]; ok && rows[ri].Old == nil {
			rows[ri].Old = &om[i]
			anchor = ri
			continue
		}
		removedAfter[anchor] = append(removedAfter[anchor], cmpRow{Key: k, Old: &om[i]})
	}
	if len(removedAfter) > 0 {
		merged := make([]cmpRow, 0, len(rows)+len(removedAfter))
		merged = append(merged, removedAfter[-1]...)
		for i := range rows {
			merged = append(merged, rows[i])
			merged = append(merged, removedAfter[i]...)
		}
		rows = merged
	}
	at := make(map[string]int, len(rows))
	for i := range rows {
		at[rows[i].Key] = i
	}
	for _, ch := range r.Changes {
		i, ok := -1, false
		if isMappingKind(ch.Kind) {
			if i, ok = at[ch.TargetColumn]; !ok {
				if a, renamed := alias[ch.TargetColumn]; renamed {
					i, ok = at[a]
				}
			}
		}
		if !ok {
			p.Other = append(p.Other, ch)
			continue
		}
		row := &rows[i]
		row.Changes = append(row.Changes, ch)
		if ch.Severity.Rank() > row.Severity.Rank() {
			row.Severity = ch.Severity
		}
	}
	// Cells, groups of unchanged rows, and the gap placeholders.
	out := make([]cmpRow, 0, len(rows)+len(rows)/8+2)
	group, run := 0, 0
	flush := func() {
		if run > 0 {
			out = append(out, cmpRow{Group: group, Gap: run})
			group++
			run = 0
		}
	}
	for i := range rows {
		row := &rows[i]
		row.Index = i
		if row.Severity != "" {
			row.Cells = cellsOf(row.Old, row.New)
			row.FP = rowFingerprint(row.Key, row.Changes)
			p.Changed++
			flush()
			out = append(out, *row)
			continue
		}
		row.Group = group
		p.Unchanged++
		out = append(out, *row)
		run++
	}
	flush()
	p.Rows = out
	p.All = rows
	return p
}

func cellsOf(o, n *rawform.Mapping) cellDiff {
	if o == nil || n == nil {
		return cellDiff{}
	}
	return cellDiff{
		SCol: o.Source.Column != n.Source.Column, SType: typeText(o.Source) != typeText(n.Source),
		SNull: nullText(o.Source.Nullable) != nullText(n.Source.Nullable), SUniq: uniqueText(o.Source.Unique) != uniqueText(n.Source.Unique),
		TCol: o.Target.Column != n.Target.Column, TType: typeText(o.Target) != typeText(n.Target),
		TNull: nullText(o.Target.Nullable) != nullText(n.Target.Nullable), TUniq: uniqueText(o.Target.Unique) != uniqueText(n.Target.Unique),
		Flags: strings.Join(flags(o), " ") != strings.Join(flags(n), " "),
	}
}

// sevClass is the CSS class of a severity ("sev-none" for unchanged).
func sevClass(s diff.Severity) string {
	if s == "" {
		return "sev-none"
	}
	return "sev-" + string(s)
}

// plural is word for n of it: "problem", "problems".
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
