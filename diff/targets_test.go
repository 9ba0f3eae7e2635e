package diff

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/fdireview/fdireview/rawform"
)

// TestSeverityAcrossTargetKinds: moving a mapping to another target column, dropping one,
// or sending the data to another place is as breaking for a topic, queue or file target
// (an open section without a column list) as for a table.
func TestSeverityAcrossTargetKinds(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("..", "testdata", "examples", "seed-response.json"))
	if err != nil {
		t.Fatal(err)
	}
	// task builds the seed with its target as the given kind and edit applied.
	task := func(kind string, edit func(d map[string]any)) *rawform.Task {
		t.Helper()
		var env map[string]any
		if err := json.Unmarshal(seed, &env); err != nil {
			t.Fatal(err)
		}
		var d map[string]any
		if err := json.Unmarshal([]byte(env["task_detail"].(string)), &d); err != nil {
			t.Fatal(err)
		}
		d["targetDatasourceType"] = kind
		if kind != "MYSQL" {
			// A topic, queue or file section: where to write, no column list.
			place := map[string]string{"KAFKA": "topic", "RABBITMQ": "queue", "FTP": "filePath"}[kind]
			d["targetSelectedDatasource"] = map[string]any{place: "orders"}
			d["mappingTableProperties"] = []any{}
		}
		if edit != nil {
			edit(d)
		}
		inner, _ := json.Marshal(d)
		env["task_detail"] = string(inner)
		body, _ := json.Marshal(env)
		tk, err := rawform.Parse(body)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		return tk
	}
	mapping := func(d map[string]any, i int) map[string]any { return d["mappingTable"].([]any)[i].(map[string]any) }
	moved := func(d map[string]any) { mapping(d, 1)["targetColumn"] = "bunum" } // name → bunum
	dropped := func(d map[string]any) {
		d["mappingTable"] = d["mappingTable"].([]any)[:1]
		d["mappingSourceTextOrNot"] = d["mappingSourceTextOrNot"].([]any)[:1]
		if p, _ := d["mappingTableProperties"].([]any); len(p) > 0 {
			d["mappingTableProperties"] = p[:1]
		}
	}
	elsewhere := func(d map[string]any) {
		if s, ok := d["targetSelectedDatasource"].(map[string]any); ok {
			for _, k := range []string{"topic", "queue", "filePath"} {
				if _, ok := s[k]; ok {
					s[k] = "orders_v2"
				}
			}
			if _, ok := s["targetTable"]; ok {
				s["targetTable"] = "db.orders_v2"
			}
		}
	}
	for _, kind := range []string{"MYSQL", "KAFKA", "RABBITMQ", "FTP"} {
		for _, tt := range []struct {
			name string
			edit func(d map[string]any)
			kind Kind // a breaking change of this kind is wanted
		}{
			{"mapping moved to another column", moved, MappingRemoved},
			{"mapping dropped", dropped, MappingRemoved},
			{"data written elsewhere", elsewhere, TableChanged},
		} {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				r := Tasks(task(kind, nil), task(kind, tt.edit))
				found := false
				for _, c := range r.Changes {
					if c.Kind == tt.kind && c.Severity == Breaking {
						found = true
					}
				}
				if !found {
					t.Errorf("no breaking %s among %+v", tt.kind, r.Changes)
				}
			})
		}
	}
}
