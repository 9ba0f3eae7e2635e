package diff

import "fmt"

// Kind names a change. The set is a stable vocabulary, listed below: the JSON output,
// the CLI exit codes and the viewer use it.
type Kind string

// Change kinds.
const (
	MappingAdded              Kind = "mapping.added"
	MappingRemoved            Kind = "mapping.removed"
	MappingSourceChanged      Kind = "mapping.source_changed"
	MappingTargetRenamed      Kind = "mapping.target_renamed"
	MappingTypeChanged        Kind = "mapping.type_changed"
	MappingLengthChanged      Kind = "mapping.length_changed"
	MappingNullabilityChanged Kind = "mapping.nullability_changed"
	MappingUniqueChanged      Kind = "mapping.unique_changed"
	MappingFlagChanged        Kind = "mapping.flag_changed"
	ColumnAdded               Kind = "column.added"
	ColumnRemoved             Kind = "column.removed"
	ColumnChanged             Kind = "column.changed"
	TableChanged              Kind = "table.changed"
	DatasourceChanged         Kind = "datasource.changed"
	SettingChanged            Kind = "setting.changed"
	// StateChanged is a runtime field of the envelope (status, execute_status,
	// last_modified_date…): it describes a run, not the task. State changes are kept in
	// Report.State, never in Report.Changes: they are shown, never counted, never failing.
	StateChanged Kind = "state.changed"
)

// Severity ranks a change by what it can do to the data.
type Severity string

// Severities, from most to least serious.
const (
	// Breaking: data can be lost, rejected or written to the wrong column.
	Breaking Severity = "breaking"
	// Warning: behaviour changes but no loss is certain.
	Warning Severity = "warning"
	// Info: cosmetic or widening.
	Info Severity = "info"
)

// ParseSeverity reads "breaking", "warning" or "info" (as written in reports and on the
// command line) and refuses anything else, so that a typo in a threshold cannot make
// every change, or none, pass it.
func ParseSeverity(s string) (Severity, error) {
	switch v := Severity(s); v {
	case Breaking, Warning, Info:
		return v, nil
	}
	return "", fmt.Errorf("diff: unknown severity %q (want breaking, warning or info)", s)
}

// Valid reports whether s is Breaking, Warning or Info.
func (s Severity) Valid() bool { return s.Rank() > 0 }

// Rank orders severities: Breaking 3, Warning 2, Info 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case Breaking:
		return 3
	case Warning:
		return 2
	case Info:
		return 1
	}
	return 0
}

// Change is one difference between two tasks.
type Change struct {
	Kind Kind `json:"kind"`
	// Severity is empty for state changes (Report.State) and set for every other change.
	Severity Severity `json:"severity,omitempty"`
	// TargetColumn is the mapping's identity (for mapping.* kinds) or the column's name
	// (column.* kinds); empty otherwise. Raw, as in the task (see Escaping in the package
	// doc): print it with rawform.Visible.
	TargetColumn string `json:"target_column,omitempty"`
	// Pointer is a JSON Pointer (prefixed /task or /task_detail) to the changed value in
	// the new task (in the old one for removals). Raw: print it with rawform.Visible.
	Pointer string `json:"pointer,omitempty"`
	// Old and New are the values before and after, as JSON-friendly values (they marshal as
	// the JSON report shows them); nil when absent or unknown. Their dynamic types, by kind:
	//
	//   - mapping.added, mapping.removed: map[string]any with "source_column",
	//     "source_type", "target_column", "target_type" (strings, "VARCHAR(255)" style) and,
	//     when known, "target_nullable" (bool);
	//   - column.added, column.removed: map[string]any with "name", "type" (strings) and,
	//     when known, "nullable", "unique" (bool); for the fields of an API source, the
	//     field name (string);
	//   - lengths (mapping.length_changed, a column's field_length): int64;
	//   - nullability, uniqueness and flags: bool;
	//   - names, types, tables and data sources: string;
	//   - setting.changed and state.changed: the value as decoded from the task — string,
	//     bool, json.Number, int64 (envelope dates), map[string]any or []any of those.
	//
	// Compare them with reflect.DeepEqual or cmp.Equal, not ==.
	Old any `json:"old"`
	New any `json:"new"`
	// Message is one human sentence saying what changed and what it does to the data. It
	// quotes values as a person writes them (no JSON escapes) and dates as RFC 3339 UTC,
	// and is visible (control and invisible characters escaped, as rawform.Visible does).
	Message string `json:"message"`
	// Detail is an optional longer view of the change for a detail pane: for custom SQL,
	// a line diff ("- " old line, "+ " new line, "  " common context). Visible as Message
	// is, line feeds and tabs kept.
	Detail string `json:"detail,omitempty"`
	// Folded lists the pointers of other places in the task that state the same fact and
	// changed the same way, reported once, here: a mapping change folds the selected
	// column list entry of its column (targetSelectedColumnList/3/field_length), an
	// envelope field the task_detail field that repeats it (taskName for task_name).
	Folded []string `json:"folded,omitempty"`
	// Accepted is set when a reviewed entry of an accepted-changes file matches the
	// change (package accept): the change stays in every output, marked, and no longer
	// counts for AtLeast and the summary's severity counts.
	Accepted *Acceptance `json:"accepted,omitempty"`
}

// Acceptance says why a change was accepted, and by which entry.
type Acceptance struct {
	Reason string `json:"reason"`
	By     string `json:"by,omitempty"`
	// Expires is the entry's expiry date (YYYY-MM-DD), if any.
	Expires string `json:"expires,omitempty"`
	// Entry names the entry that matched, as FILE:LINE.
	Entry string `json:"entry,omitempty"`
}

// Side identifies one side of a comparison. Identity fields that differ because two
// different tasks are compared (task_id, created_date) are shown here, in the header,
// not as changes.
type Side struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Created is the envelope's created_date as an RFC 3339 UTC date; empty when unknown.
	Created string `json:"created,omitempty"`
}

// Summary counts changes by severity. Accepted changes are counted apart, in Accepted,
// and state changes in State: Breaking, Warning and Info count what still needs review.
type Summary struct {
	Breaking int `json:"breaking"`
	Warning  int `json:"warning"`
	Info     int `json:"info"`
	// Accepted counts the changes an accepted-changes entry matched, whatever their severity.
	Accepted int `json:"accepted"`
	// AcceptedFrom names the accepted-changes file that accepted them (set by package
	// accept); the summaries of every format say it, so that a reader sees which file
	// turned changes green.
	AcceptedFrom string `json:"accepted_from,omitempty"`
	// State counts Report.State: runtime fields, never counted among the changes.
	State int `json:"state"`
	// Ignored counts the differences dropped by Ignore patterns.
	Ignored int `json:"ignored"`
	// Reordered reports that matched mappings or selected columns appear in a different
	// order. Order does not change what is written, so it is not a Change; the renderers
	// mention it as information.
	Reordered bool `json:"reordered"`
}

// Total is the number of changes to the task's definition, accepted ones included
// (state changes are not changes to the definition).
func (s Summary) Total() int { return s.Breaking + s.Warning + s.Info + s.Accepted }

// Report is the result of comparing two tasks. Changes are sorted deterministically.
type Report struct {
	Old Side `json:"old"`
	New Side `json:"new"`
	// Changes are the changes to the task's definition.
	Changes []Change `json:"changes"`
	// State are the changes of runtime fields (kind state.changed, no severity), in field
	// order: shown in their own section, never counted, never failing.
	State []Change `json:"state"`
	// Ignored lists the Ignore patterns in force (empty when none).
	Ignored []string `json:"ignored,omitempty"`
	// MinSeverity and Hidden are set by Filter: the least severity shown, and how many
	// changes below it were left out. The summary still counts every change.
	MinSeverity Severity `json:"min_severity,omitempty"`
	Hidden      int      `json:"hidden,omitempty"`
	Summary     Summary  `json:"summary"`
}

// Filter returns a copy of the report showing only the changes of severity min or more
// (accepted ones by their own severity), for renderers: the summary keeps counting every
// change, Hidden counts those left out, and state changes are kept only when min is Info
// (or empty). The report itself is not modified.
func (r *Report) Filter(min Severity) *Report {
	out := *r
	if min == "" || min.Rank() <= Info.Rank() {
		return &out
	}
	out.MinSeverity = min
	out.Changes = make([]Change, 0, len(r.Changes))
	for _, c := range r.Changes {
		if c.Severity.Rank() >= min.Rank() {
			out.Changes = append(out.Changes, c)
		}
	}
	out.Hidden = len(r.Changes) - len(out.Changes)
	out.State = []Change{}
	return &out
}

// Empty reports whether the two tasks' definitions are equivalent: no change at all
// (state changes aside).
func (r *Report) Empty() bool { return len(r.Changes) == 0 }

// AtLeast reports whether some change that is not accepted has severity s or a more
// serious one. AtLeast(Info), and AtLeast("") (the zero Severity), are true when there is
// any such change; a value that is not a severity (see ParseSeverity) is never reached, so
// AtLeast("bogus") is false. State changes never count.
func (r *Report) AtLeast(s Severity) bool {
	min, ok := threshold(s)
	if !ok {
		return false
	}
	for _, c := range r.Changes {
		if c.Accepted == nil && c.Severity.Rank() >= min {
			return true
		}
	}
	return false
}

// threshold is the rank AtLeast compares with: the zero Severity asks for any change (as
// Info does); a value that is no severity at all asks for none.
func threshold(s Severity) (int, bool) {
	if s == "" {
		return Info.Rank(), true
	}
	return s.Rank(), s.Valid()
}

// Recount recomputes the severity, accepted and state counts of the summary from the
// changes, after they were marked accepted (package accept) or filtered.
func (r *Report) Recount() {
	s := &r.Summary
	s.Breaking, s.Warning, s.Info, s.Accepted = 0, 0, 0, 0
	for _, c := range r.Changes {
		switch {
		case c.Accepted != nil:
			s.Accepted++
		case c.Severity == Breaking:
			s.Breaking++
		case c.Severity == Warning:
			s.Warning++
		default:
			s.Info++
		}
	}
	s.State = len(r.State)
}
