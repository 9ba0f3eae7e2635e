package diff

import (
	"slices"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/rawform"
)

// apiRequest parses the real API-source request afresh, so that each test may modify it.
func apiRequest(t testing.TB) *rawform.Task {
	return mustParse(t, readExample(t, "create-request-api-to-oracle.json"))
}

func TestAPIRisk(t *testing.T) {
	tests := []struct {
		api, format, target string
		want                Severity
		says                string // a word the reason must contain
	}{
		{"String", "", "VARCHAR2", Info, "text"},
		{"String", "yyyy-MM-dd HH:mm:ss", "TIMESTAMP(6)", Warning, "format yyyy-MM-dd HH:mm:ss"},
		{"String", "", "TIMESTAMP(6)", Warning, "no format"},
		{"String", "", "NUMBER", Warning, "parsed as a number"},
		{"Integer", "", "VARCHAR2", Info, "text"},
		{"Integer", "", "BIGINT", Info, "whole numbers"},
		{"Long", "", "NUMBER", Info, ""},
		{"Integer", "", "BOOLEAN", Breaking, "booleans"},
		{"Integer", "", "TIMESTAMP", Warning, "epoch"},
		{"Double", "", "INT", Breaking, "fractions"},
		{"Double", "", "DECIMAL", Info, ""},
		{"Boolean", "", "BIT", Info, ""},
		{"Boolean", "", "DATE", Breaking, ""},
		{"Date", "yyyy-MM-dd", "DATE", Info, "yyyy-MM-dd"},
		{"Timestamp", "", "VARCHAR", Warning, "as text"},
		{"Date", "", "INT", Breaking, ""},
		{"Blob", "", "VARCHAR2", Warning, "unknown"},
		{"String", "", "GEOMETRY", Warning, "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.api+"→"+tt.target, func(t *testing.T) {
			sev, why := apiRisk(tt.api, tt.format, tt.target, familyOf(tt.target))
			if sev != tt.want || !strings.Contains(why, tt.says) {
				t.Errorf("apiRisk = %s %q, want %s containing %q", sev, why, tt.want, tt.says)
			}
		})
	}
}

// TestAPIMappings: API mappings are matched by target column like table mappings, with
// pointers into mappingInput.dataSource and risks from the API type table.
func TestAPIMappings(t *testing.T) {
	tests := []struct {
		name string
		edit func(n *rawform.Task)
		want []brief
		says string // words a change's message must contain
	}{
		{"unchanged", func(*rawform.Task) {}, []brief{}, ""},
		{"a String field with a format into TIMESTAMP(6) added", func(n *rawform.Task) {
			n.Detail.Mappings = append(n.Detail.Mappings, rawform.Mapping{Form: rawform.FormInput, Index: 2,
				Source: rawform.Endpoint{Column: "name", Type: "String", Format: "yyyy-MM-dd"},
				Target: rawform.Endpoint{Column: "ROOT_PASSWORD_OVERDUE_TIME", Type: "TIMESTAMP(6)"}})
		}, []brief{{MappingAdded, Warning, "ROOT_PASSWORD_OVERDUE_TIME", "/task_detail/mappingInput/dataSource/2"}}, "format yyyy-MM-dd"},
		{"source field swapped", func(n *rawform.Task) {
			m := mapping(n, "METRIC_DATA")
			m.Source.Column, m.Source.Type = "name", "String"
		}, []brief{
			{MappingSourceChanged, Breaking, "METRIC_DATA", "/task_detail/mappingInput/dataSource/1/sourceKey"},
			{MappingTypeChanged, Info, "METRIC_DATA", "/task_detail/mappingInput/dataSource/1/sourceKey"},
		}, "name"},
		{"removed", func(n *rawform.Task) {
			n.Detail.Mappings = n.Detail.Mappings[:1]
		}, []brief{{MappingRemoved, Breaking, "METRIC_DATA", "/task_detail/mappingInput/dataSource/1"}}, "no longer be written"},
		{"target no longer selected: renamed", func(n *rawform.Task) {
			for i := range n.Detail.Target.Columns {
				if n.Detail.Target.Columns[i].Name == "METRIC_DATA" {
					n.Detail.Target.Columns[i].Name = "METRIC_JSON"
				}
			}
			mapping(n, "METRIC_DATA").Target.Column = "METRIC_JSON"
		}, []brief{
			{ColumnRemoved, Warning, "METRIC_DATA", "/task_detail/targetSelectedDatasource/targetSelectedColumnList/25"},
			{MappingTargetRenamed, Warning, "METRIC_JSON", "/task_detail/mappingInput/dataSource/1/targetKey"},
			{ColumnAdded, Info, "METRIC_JSON", "/task_detail/targetSelectedDatasource/targetSelectedColumnList/25"},
		}, "renamed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, n := apiRequest(t), apiRequest(t)
			tt.edit(n)
			r := Tasks(o, n)
			got := briefs(r)
			if !slices.Equal(got, tt.want) {
				t.Errorf("changes:\n got %v\nwant %v", got, tt.want)
			}
			if tt.says != "" && !slices.ContainsFunc(r.Changes, func(c Change) bool { return strings.Contains(c.Message, tt.says) }) {
				t.Errorf("no message of %v says %q", r.Changes, tt.says)
			}
		})
	}
}

// TestHandlerSentences: error_handler and afterImplementation changes each have their
// own sentence and pointer.
func TestHandlerSentences(t *testing.T) {
	tests := []struct {
		name    string
		old     func(t testing.TB) *rawform.Task
		edit    func(n *rawform.Task)
		pointer string
		sev     Severity
		says    string
	}{
		{"OBS path changed", apiRequest, func(n *rawform.Task) { n.Detail.ErrorHandlers[0].Path = "data2" },
			"/task_detail/error_handler/path", Warning, "error rows now go to OBS path data2 instead of OBS path data1"},
		{"error handler added", seed, func(n *rawform.Task) {
			n.Detail.ErrorHandlers = []rawform.ErrorHandler{{Mode: "OBS", Path: "data1", DatasourceID: "d"}}
		}, "/task_detail/error_handler", Warning, "error rows now go to OBS path data1"},
		{"error handler removed", apiRequest, func(n *rawform.Task) { n.Detail.ErrorHandlers = nil },
			"/task_detail/error_handler", Warning, "error rows no longer go to OBS path data1"},
		{"stop on failure", apiRequest, func(n *rawform.Task) { n.Detail.ErrorHandlers[0].StopOnFailure = true },
			"/task_detail/error_handler/stop_task_when_obs_failure", Warning, "now stops"},
		{"Kafka message removed", apiRequest, func(n *rawform.Task) { n.Detail.AfterActions = nil },
			"/task_detail/afterImplementation", Warning, "after-run message to Kafka topic lgytest99 removed"},
		{"Kafka topic changed", apiRequest, func(n *rawform.Task) { n.Detail.AfterActions[0].Topic = "done" },
			"/task_detail/afterImplementation/topic", Warning, "Kafka topic done instead of topic lgytest99"},
		{"message text changed", apiRequest, func(n *rawform.Task) { n.Detail.AfterActions[0].Message = "ok" },
			"/task_detail/afterImplementation/messageContent", Info, `now reads "ok"`},
		{"written as a list", apiRequest, func(n *rawform.Task) { n.Detail.AfterActionsList = true },
			"/task_detail/afterImplementation", Info, "written as a list instead of an object; same meaning"},
		{"unknown mode's keys", apiRequest, func(n *rawform.Task) {
			n.Detail.ErrorHandlers[0].Extra = map[string]any{"retention": "7d"}
		}, "/task_detail/error_handler/retention", Warning, "7d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, n := tt.old(t), tt.old(t)
			tt.edit(n)
			r := Tasks(o, n)
			if len(r.Changes) != 1 {
				t.Fatalf("%d changes, want 1: %v", len(r.Changes), briefs(r))
			}
			c := r.Changes[0]
			if c.Kind != SettingChanged || c.Pointer != tt.pointer || c.Severity != tt.sev || !strings.Contains(c.Message, tt.says) {
				t.Errorf("change %s %s %s %q, want setting.changed %s %s containing %q", c.Kind, c.Severity, c.Pointer, c.Message, tt.sev, tt.pointer, tt.says)
			}
		})
	}
}
