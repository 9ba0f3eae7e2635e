package diff

// Kind names a change. The set is the stable vocabulary of DESIGN.md: the JSON output,
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
	Kind     Kind     `json:"kind"`
	Severity Severity `json:"severity"`
	// TargetColumn is the mapping's identity (for mapping.* kinds) or the column's name
	// (column.* kinds); empty otherwise.
	TargetColumn string `json:"target_column,omitempty"`
	// Pointer is a JSON Pointer (prefixed /task or /task_detail) to the changed value in
	// the new task (in the old one for removals).
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
	// Message is one human sentence saying what changed and what it does to the data.
	Message string `json:"message"`
}

// Side identifies one side of a comparison.
type Side struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Summary counts changes by severity.
type Summary struct {
	Breaking int `json:"breaking"`
	Warning  int `json:"warning"`
	Info     int `json:"info"`
	// Reordered reports that matched mappings or selected columns appear in a different
	// order. Order does not change what is written, so it is not a Change; the renderers
	// mention it as information.
	Reordered bool `json:"reordered"`
}

// Total is the number of changes counted.
func (s Summary) Total() int { return s.Breaking + s.Warning + s.Info }

// Report is the result of comparing two tasks. Changes are sorted deterministically.
type Report struct {
	Old     Side     `json:"old"`
	New     Side     `json:"new"`
	Changes []Change `json:"changes"`
	Summary Summary  `json:"summary"`
}

// Empty reports whether the two tasks are equivalent: no change at all.
func (r *Report) Empty() bool { return len(r.Changes) == 0 }

// AtLeast reports whether some change has severity s or a more serious one. AtLeast(Info)
// is true when there is any change.
func (r *Report) AtLeast(s Severity) bool {
	for _, c := range r.Changes {
		if c.Severity.Rank() >= s.Rank() {
			return true
		}
	}
	return false
}
