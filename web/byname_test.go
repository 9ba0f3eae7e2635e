package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTaskByName: where no task has the reference as its ID, a task name that one task
// of the instance (or folder) has stands for it; a name several tasks share is an error
// listing their IDs; a name no task has is still a 404.
func TestTaskByName(t *testing.T) {
	dir := t.TempDir()
	for name, from := range map[string]string{"seed.json": "seed.json", "seed-v2.json": "seed-v2.json", "copy-a.json": "seed-v2.json", "copy-b.json": "seed-v2.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "tasks", from))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(name, "copy-") { // two more tasks named orders_twin
			b = []byte(strings.ReplaceAll(string(b), "fdi_task_pzy4m5_v2", "orders_twin"))
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := dirServer(t, dir)
	for _, tt := range []struct {
		target string
		status int
		says   string
	}{
		{"/tasks/seed", 200, "fdi_task_pzy4m5"},
		{"/tasks/fdi_task_pzy4m5", 200, "fdi_task_pzy4m5"},
		{"/compare?old=fdi_task_pzy4m5&new=fdi_task_pzy4m5_v2", 200, `data-testid="compare-table"`},
		{"/api/tasks/fdi_task_pzy4m5_v2", 200, "fdi_task_pzy4m5_v2"},
		{"/tasks/orders_twin", 400, "2 tasks are named &#34;orders_twin&#34;: use one&#39;s ID (copy-a, copy-b)."},
		{"/tasks/no_such_name", 404, ""},
	} {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.says) {
				t.Errorf("status %d, want %d saying %q:\n%.2000s", rec.Code, tt.status, tt.says, rec.Body)
			}
		})
	}
}

// TestTaskByNameTakesATurn: looking a name up lists the whole folder (parsing the files
// it has not seen), so it waits for a turn of cold work like every costly page; a missing
// ID alone costs no turn, so the wait can only be the lookup's.
func TestTaskByNameTakesATurn(t *testing.T) {
	s, _ := bigServer(t, 50)
	waited, status := waitsForATurn(t, s, "/tasks/no_task_has_this_name")
	if !waited || status != 404 {
		t.Errorf("a name lookup: waited for a turn %v, status %d; want a wait and 404", waited, status)
	}
}
