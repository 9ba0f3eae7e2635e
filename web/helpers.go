package web

import (
	"strings"

	"github.com/fdireview/fdireview/web/ui"
)

// searchText is what the live filter on the task list matches, lower case.
func searchText(s Entry) string {
	return strings.ToLower(strings.Join([]string{s.RefText, s.ID, s.Name, s.Type, s.Status, s.SourceTable, s.TargetTable, s.SourceType, s.TargetType}, " "))
}

// taskItem is a summary as a row of the task picker.
func taskItem(s Entry) ui.TaskItem {
	return ui.TaskItem{Ref: s.RefText, Name: s.Name, Type: s.Type, Status: s.Status,
		SourceTable: s.SourceTable, SourceType: s.SourceType, TargetTable: s.TargetTable, TargetType: s.TargetType,
		Mappings: s.Mappings, Problem: s.Problem, Search: searchText(s)}
}

// matches reports whether a summary matches a filter query (all words, any field).
func matches(s Entry, q string) bool {
	hay := searchText(s)
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// defaultPair preselects the compare form: two tasks whose names differ only by a
// version suffix ("orders" and "orders_v2": old is the shorter name), else the first two.
func defaultPair(tasks []Entry) (old, new string) {
	base := func(n string) string {
		n = strings.ToLower(n)
		if i := strings.LastIndexAny(n, "_-."); i > 0 {
			suf := n[i+1:]
			if len(suf) > 1 && suf[0] == 'v' && strings.Trim(suf[1:], "0123456789") == "" {
				return n[:i]
			}
		}
		return n
	}
	byBase := map[string]int{}
	for i, t := range tasks {
		if t.Name == "" || t.Problem != "" {
			continue
		}
		b := base(t.Name)
		if j, ok := byBase[b]; ok {
			a, c := tasks[j], tasks[i]
			if len(c.Name) < len(a.Name) {
				a, c = c, a
			}
			return a.RefText, c.RefText
		}
		byBase[b] = i
	}
	switch len(tasks) {
	case 0:
		return "", ""
	case 1:
		return tasks[0].RefText, ""
	}
	return tasks[0].RefText, tasks[1].RefText
}
