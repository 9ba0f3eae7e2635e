package diff

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/internal/linediff"
)

// conditionKeys are the source-section keys holding filter conditions, compared
// condition by condition rather than leaf by leaf, with their noun.
var conditionKeys = map[string]string{"where": "filter", "whereOptions": "filter option"}

// sourceSpecial compares the source-section settings that get their own sentences —
// filter conditions and custom SQL — and returns the two maps without them, for the
// generic comparison of the rest. Values of an unexpected shape are left in the maps.
func (d *differ) sourceSpecial(old, new map[string]any) (map[string]any, map[string]any) {
	var done []string
	for key, noun := range conditionKeys {
		ov, oin := old[key]
		nv, nin := new[key]
		if !oin && !nin {
			continue
		}
		oa, ok1 := asList(ov)
		na, ok2 := asList(nv)
		if !ok1 || !ok2 {
			continue
		}
		done = append(done, key)
		d.conditions(ptrSource+"/"+key, noun, oa, na)
	}
	if ov, nv := old["querySql"], new["querySql"]; ov != nil || nv != nil {
		os, ok1 := asString(ov)
		ns, ok2 := asString(nv)
		if ok1 && ok2 {
			done = append(done, "querySql")
			if os != ns {
				msg, detail := sqlSentence(os, ns)
				d.changes = append(d.changes, Change{Kind: SettingChanged, Severity: Warning, Pointer: ptrSource + "/querySql",
					Old: ov, New: nv, Message: msg, Detail: detail})
			}
		}
	}
	if len(done) == 0 {
		return old, new
	}
	return without(old, done), without(new, done)
}

func asList(v any) ([]any, bool) {
	if v == nil {
		return nil, true
	}
	l, ok := v.([]any)
	return l, ok
}

func asString(v any) (string, bool) {
	if v == nil {
		return "", true
	}
	s, ok := v.(string)
	return s, ok
}

// without returns a shallow copy of m without keys.
func without(m map[string]any, keys []string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// conditions compares two lists of filter conditions as sets: order alone is no change.
// A removed and an added condition on the same column are one changed condition.
func (d *differ) conditions(ptr, noun string, old, new []any) {
	remaining := make(map[string][]int, len(old))
	for i, c := range old {
		k := compactJSON(c)
		remaining[k] = append(remaining[k], i)
	}
	var added []int
	for j, c := range new {
		k := compactJSON(c)
		if l := remaining[k]; len(l) > 0 {
			remaining[k] = l[1:]
			continue
		}
		added = append(added, j)
	}
	var removed []int
	for i, c := range old {
		k := compactJSON(c)
		if l := remaining[k]; len(l) > 0 && l[0] == i {
			remaining[k] = l[1:]
			removed = append(removed, i)
		}
	}
	// Pair a removed and an added condition on the same column, in list order.
	used := make(map[int]bool)
	for _, j := range added {
		col, ok := conditionColumn(new[j])
		paired := false
		if ok {
			for _, i := range removed {
				if oc, ok := conditionColumn(old[i]); ok && !used[i] && oc == col {
					used[i], paired = true, true
					d.add(SettingChanged, Warning, "", ptr+"/"+strconv.Itoa(j), old[i], new[j],
						fmt.Sprintf("%s changed: %s → %s", noun, conditionText(old[i]), conditionText(new[j])))
					break
				}
			}
		}
		if !paired {
			d.add(SettingChanged, Warning, "", ptr+"/"+strconv.Itoa(j), nil, new[j],
				fmt.Sprintf("%s added: %s", noun, conditionText(new[j])))
		}
	}
	for _, i := range removed {
		if !used[i] {
			d.add(SettingChanged, Warning, "", ptr+"/"+strconv.Itoa(i), old[i], nil,
				fmt.Sprintf("%s removed: %s", noun, conditionText(old[i])))
		}
	}
}

// conditionColumn is the column a condition filters on, when it names one.
func conditionColumn(c any) (string, bool) {
	m, ok := c.(map[string]any)
	if !ok {
		return "", false
	}
	for _, k := range []string{"column", "field", "columnName", "field_name"} {
		if s, ok := m[k].(string); ok {
			return s, true
		}
	}
	return "", false
}

// conditionText writes a filter condition as a person reads it: "id > 1000". A
// condition of another shape is written as compact JSON.
func conditionText(c any) string {
	m, ok := c.(map[string]any)
	if !ok {
		return show(c)
	}
	col, _ := conditionColumn(c)
	op, _ := m["operator"].(string)
	if op == "" {
		op, _ = m["condition"].(string)
	}
	if col == "" || op == "" {
		return show(c)
	}
	parts := []string{col, op}
	if v, ok := m["value"]; ok {
		parts = append(parts, operand(v))
	}
	// Any other key is shown, so nothing is hidden by the sentence.
	rest := make(map[string]any)
	for k, v := range m {
		switch k {
		case "column", "field", "columnName", "field_name", "operator", "condition", "value":
		default:
			rest[k] = v
		}
	}
	s := strings.Join(parts, " ")
	if len(rest) > 0 {
		s += " " + compactJSON(rest)
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return strconv.Quote(s)
	}
	return cut(s, 160)
}

// operand writes a condition's value: bare when it is one word, quoted otherwise.
func operand(v any) string {
	s, ok := v.(string)
	if !ok {
		return show(v)
	}
	if s == "" || strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return quoteText(s)
	}
	return s
}

// sqlSentence summarises a change of custom SQL in one line and returns a line diff for
// the detail view.
func sqlSentence(old, new string) (msg, detail string) {
	ol, nl := sqlLines(old), sqlLines(new)
	detail = lineDiff(ol, nl)
	switch {
	case strings.TrimSpace(old) == "":
		return "custom SQL set: " + firstLine(nl), detail
	case strings.TrimSpace(new) == "":
		return "custom SQL removed (was: " + firstLine(ol) + ")", detail
	}
	if len(ol) == 1 && len(nl) == 1 && len(old)+len(new) <= 120 {
		return "custom SQL changed: " + strings.TrimSpace(old) + " → " + strings.TrimSpace(new), detail
	}
	var rm, add int
	for _, l := range strings.Split(detail, "\n") {
		switch {
		case strings.HasPrefix(l, "- "):
			rm++
		case strings.HasPrefix(l, "+ "):
			add++
		}
	}
	return fmt.Sprintf("custom SQL changed: %s removed, %s added", english.Plural(rm, "line"), english.Plural(add, "line")), detail
}

func sqlLines(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func firstLine(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	s := strings.TrimSpace(lines[0])
	if len(lines) > 1 {
		s += " …"
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		s = strconv.Quote(s)
	}
	return cut(s, 100)
}

// lineDiff writes a line diff of two texts (a shortest edit script, internal/linediff):
// unchanged lines as context ("  "), at most 3 of them on each side of a change, removed
// lines ("- ") and added lines ("+ ").
func lineDiff(old, new []string) string {
	return linediff.Write(linediff.Lines(old, new), 3)
}
