package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

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

func (p problemView) anchor() string {
	if p.Row >= 0 {
		return "#m-" + strconv.Itoa(p.Row)
	}
	return "#raw"
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
	Problems []problemView
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
	Loose          []problemView // problems not on a mapping row
	HasProperties  bool
	Settings       []settingGroup
	Raw            []rawLine
}

// settingGroup is one collapsible list of unmodelled settings.
type settingGroup struct {
	Title string
	Items []kv
}

// BuildTaskPage arranges a parsed task for the task page; ref is the task reference as
// the URL carries it ("task" or "instance/task").
func BuildTaskPage(c Chrome, ref string, t *rawform.Task) *TaskPage {
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
	add("Tag", first(info.Tag, d.TaskTag), false)
	add("Description", first(info.Description, d.Description), false)
	add("Created", epoch(info.CreatedDate), false)
	add("Last modified", epoch(info.LastModifiedDate), false)
	add("Project", first(info.ProjectID, d.ProjectID), true)
	add("Read as", t.Shape.String(), false)

	p.Source = sideView{Label: "Source", Datasource: first(d.SourceDatasource, info.SourceDatasourceName), Type: d.SourceDatasourceType,
		DsID: first(d.SourceDsID, info.SourceDatasourceID), Table: d.Source.Table, Inst: first(info.SourceInstanceName, d.Source.InstanceID),
		App: info.SourceAppName, Columns: len(d.Source.Columns)}
	p.Target = sideView{Label: "Target", Datasource: first(d.TargetDatasource, info.TargetDatasourceName), Type: d.TargetDatasourceType,
		DsID: first(d.TargetDsID, info.TargetDatasourceID), Table: d.Target.Table, Inst: first(info.TargetInstanceName, d.Target.InstanceID),
		App: info.TargetAppName, Columns: len(d.Target.Columns)}

	p.Rows = make([]mappingRow, len(d.Mappings))
	usedSrc := make(map[string]bool, len(d.Mappings))
	usedTgt := make(map[string]bool, len(d.Mappings))
	for i := range d.Mappings {
		m := &d.Mappings[i]
		p.Rows[i].M = m
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
	for _, pr := range t.Warnings {
		pv := problemView{Problem: pr, Row: mappingIndex(pr.Pointer, len(d.Mappings))}
		p.Problems = append(p.Problems, pv)
		if pv.Row >= 0 {
			p.Rows[pv.Row].Problems = append(p.Rows[pv.Row].Problems, pv)
		} else {
			p.Loose = append(p.Loose, pv)
		}
		ip := strings.TrimPrefix(pr.Pointer, "/task_detail")
		problemLines[ip] = joinMsg(problemLines[ip], pr.Message)
	}

	p.Settings = []settingGroup{
		{Title: "Task settings", Items: extraItems(d.Settings())},
		{Title: "Source settings (" + first(d.Source.Table, "sourceSelectedDatasource") + ")", Items: extraItems(d.Source.Extra)},
		{Title: "Target settings (" + first(d.Target.Table, "targetSelectedDatasource") + ")", Items: extraItems(d.Target.Extra)},
	}
	if len(t.Info.Extra) > 0 || len(t.Extra) > 0 {
		p.Settings = append(p.Settings, settingGroup{Title: "Other envelope fields", Items: append(extraItems(t.Info.Extra), extraItems(t.Extra)...)})
	}

	if raw, err := d.EncodeDetail(); err == nil {
		p.Raw = rawLines(raw, len(d.Mappings), problemLines)
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

func first(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func epoch(ms int64) string {
	if ms <= 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05 UTC")
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
	if e.Length.Known() {
		return e.Type + "(" + e.Length.String() + ")"
	}
	return e.Type
}

func colTypeText(c rawform.Column) string {
	if c.Length.Known() {
		return c.Type + "(" + c.Length.String() + ")"
	}
	return c.Type
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
	Group    int // index of the run of unchanged rows this row belongs to
	Gap      int // > 0: a placeholder for Gap unchanged rows of group Group
}

// ComparePage is the view model of /compare and of the standalone report.
type ComparePage struct {
	Chrome
	Old, New    taskHead
	Report      *diff.Report
	Rows        []cmpRow
	Changed     int           // rows with at least one change
	Other       []diff.Change // changes not attached to a mapping row
	ChangesOnly bool
	Severity    string // "", "breaking", "warning" or "info"
	IgnoreCase  bool
	// Query is old=…&new=… (plus ic=1): the base of the permalink and the downloads.
	// Empty for uploaded files and the standalone report.
	Query string
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
	}
	return p.link("/compare", "changes", ch, "sev", p.Severity)
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

// isMappingKind reports whether a change belongs on a mapping row.
func isMappingKind(k diff.Kind) bool { return strings.HasPrefix(string(k), "mapping.") }

// BuildCompare aligns old and new mappings by target column and attaches the report's
// changes to the rows they concern. Rows follow the new task's order; a removed mapping
// is placed after the old mapping that preceded it. oldRef and newRef head the two
// sides; linked links them to their task pages.
func BuildCompare(c Chrome, oldRef, newRef string, old, nw *rawform.Task, r *diff.Report, linked bool) *ComparePage {
	p := &ComparePage{Chrome: c, Report: r, Old: headOf("Old", oldRef, old, linked), New: headOf("New", newRef, nw, linked)}
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
		row := rows[i]
		if row.Severity != "" {
			row.Cells = cellsOf(row.Old, row.New)
			p.Changed++
			flush()
			out = append(out, row)
			continue
		}
		row.Group = group
		out = append(out, row)
		run++
	}
	flush()
	p.Rows = out
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
