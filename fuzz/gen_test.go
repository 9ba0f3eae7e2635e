package fuzz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
)

// templates are the decoded real examples the generator starts from: the relational
// ShowTask response and the API-source CreateCommonTask request.
var templates = sync.OnceValues(func() (map[string]any, error) {
	out := map[string]any{}
	for name, file := range map[string]string{
		"relational": "../testdata/examples/seed-response.json",
		"api":        "../testdata/examples/create-request-api-to-oracle.json",
	} {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		env := decode(b)
		env.(map[string]any)["task_detail"] = decode([]byte(env.(map[string]any)["task_detail"].(string)))
		out[name] = env
	}
	return out, nil
})

func decode(b []byte) any {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		panic(err)
	}
	return v
}

func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, v := range x {
			m[k] = clone(v)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, v := range x {
			a[i] = clone(v)
		}
		return a
	}
	return v
}

var (
	namePool = []string{"id", "name", "amount", "created_at", "名前", "größe", "a b", `quote"d`, "<b>bold</b>",
		"back\\slash", "emoji😀", "tab\there", "x", "CamelCase", "snake_case_long_column_name_0123456789"}
	typePool = []struct {
		typ    string
		length int // 0: no length
	}{{"INT", 11}, {"BIGINT", 20}, {"VARCHAR", 255}, {"VARCHAR", 64}, {"CHAR", 1}, {"DECIMAL", 10},
		{"DATETIME", 0}, {"TEXT", 0}, {"TINYINT", 4}, {"TIMESTAMP", 0}}
	apiTypes = []string{"String", "Integer", "Long", "Double", "Boolean", "Date"}
)

type genColumn struct {
	name             string
	typ              string
	length           int
	nullable, unique bool
}

func (c genColumn) wire() map[string]any {
	return map[string]any{"field_name": c.name, "field_type": c.typ, "field_length": lengthText(c.length),
		"null_able": digit(c.nullable), "unique": digit(c.unique)}
}

func lengthText(n int) string {
	if n == 0 {
		return "0"
	}
	return strconv.Itoa(n)
}

func digit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// generate builds one valid task from seed. lenient reports whether it carries unknown
// fields (then only lenient parsing accepts it).
func generate(seed uint64) (body []byte, lenient bool) {
	tpl, err := templates()
	if err != nil {
		panic(err)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	api := rng.IntN(4) == 0
	var env map[string]any
	if api {
		env = clone(tpl["api"]).(map[string]any)
	} else {
		env = clone(tpl["relational"]).(map[string]any)
	}
	d := env["task_detail"].(map[string]any)
	src := d["sourceSelectedDatasource"].(map[string]any)
	tgt := d["targetSelectedDatasource"].(map[string]any)

	column := func(used map[string]bool, api bool) genColumn {
		var name string
		for {
			name = namePool[rng.IntN(len(namePool))]
			if rng.IntN(3) == 0 {
				name += strconv.Itoa(rng.IntN(1000))
			}
			if !used[name] {
				used[name] = true
				break
			}
		}
		if api {
			return genColumn{name: name, typ: apiTypes[rng.IntN(len(apiTypes))]}
		}
		t := typePool[rng.IntN(len(typePool))]
		return genColumn{name: name, typ: t.typ, length: t.length, nullable: rng.IntN(2) == 0, unique: rng.IntN(5) == 0}
	}

	n := rng.IntN(25)
	usedS, usedT := map[string]bool{}, map[string]bool{}
	var sources, targets []genColumn
	for range n + rng.IntN(3) {
		sources = append(sources, column(usedS, api))
	}
	for range n + rng.IntN(3) {
		targets = append(targets, column(usedT, false))
	}
	if len(sources) == 0 {
		n = 0
	}
	var table, props, flags, inputs []any
	for i := 0; i < n && i < len(targets); i++ {
		if api { // mappingInput.dataSource, as the real request maps API fields
			inputs = append(inputs, map[string]any{"sourceKey": sources[rng.IntN(len(sources))].name, "targetKey": targets[i].name})
			continue
		}
		s, t := sources[rng.IntN(len(sources))], targets[i]
		m := map[string]any{
			"sourceColumn": s.name, "sourceColumnType": s.typ, "sourceColumnLength": lengthText(s.length),
			"targetColumn": t.name, "targetColumnType": t.typ, "targetColumnLength": lengthText(t.length),
			"isAddMapping": false, "isAddDateMapping": false, "isAddBooleanMapping": false, "isAddFDIUUIDMapping": false,
		}
		if api {
			m["sourceColumnLength"] = ""
		}
		text := false
		switch rng.IntN(10) {
		case 0: // a constant, date, boolean or UUID instead of a source column
			m[[]string{"isAddMapping", "isAddDateMapping", "isAddBooleanMapping", "isAddFDIUUIDMapping"}[rng.IntN(4)]] = true
			m["sourceColumn"] = "constant value " + strconv.Itoa(i)
		case 1: // the source typed in as text
			text = true
			m["sourceColumn"] = "CONCAT(" + s.name + ", '-')"
		}
		table = append(table, m)
		flags = append(flags, map[string]any{"flag": text})
		props = append(props, map[string]any{"sourceNullable": digit(s.nullable), "sourceUnique": digit(s.unique),
			"targetNullable": digit(t.nullable), "targetUnique": digit(t.unique)})
	}
	if table == nil {
		table, flags, props = []any{}, []any{}, []any{}
	}
	d["mappingTable"] = table
	if api {
		if inputs == nil {
			inputs = []any{}
		}
		d["mappingInput"] = map[string]any{"dataSource": inputs}
		if rng.IntN(4) == 0 {
			d["mappingInput"] = map[string]any{} // no API mappings: {} as in the response
		}
		// error_handler and afterImplementation: one object (as sent), a list (as
		// documented), an empty list, another mode, or absent.
		for _, k := range []string{"error_handler", "afterImplementation"} {
			switch rng.IntN(5) {
			case 1:
				d[k] = []any{d[k]}
			case 2:
				d[k] = []any{}
			case 3:
				if k == "error_handler" {
					d[k] = map[string]any{"mode": "DIS", "stream": "errors-" + strconv.Itoa(rng.IntN(9))}
				} else {
					d[k] = []any{map[string]any{"actionType": "WEBHOOK", "url": "https://example.invalid/done"}}
				}
			case 4:
				delete(d, k)
			}
		}
		var fields []any
		for i, c := range sources {
			format := ""
			if c.typ == "Date" {
				format = []string{"yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", ""}[rng.IntN(3)]
			}
			fields = append(fields, map[string]any{"index": json.Number(strconv.Itoa(i)), "name": c.name, "type": c.typ, "format": format, "path": ""})
		}
		if fields == nil {
			fields = []any{}
		}
		src["sourceMetaData"].(map[string]any)["dataSource"] = fields
	} else {
		d["mappingSourceTextOrNot"] = flags
		d["mappingTableProperties"] = props
		var cols []any
		for _, c := range sources {
			cols = append(cols, c.wire())
		}
		if cols == nil {
			cols = []any{}
		}
		src["sourceSelectedColumnList"] = cols
		src["sourceTable"] = "db_" + strconv.Itoa(rng.IntN(9)) + ".src"
		if rng.IntN(3) == 0 && len(sources) > 0 {
			src["where"] = []any{map[string]any{"column": sources[0].name, "operator": ">", "value": strconv.Itoa(rng.IntN(1000))}}
			src["querySql"] = "SELECT * FROM t WHERE a < 'x' AND b = \"y\""
		}
	}
	var tcols []any
	for _, c := range targets {
		tcols = append(tcols, c.wire())
	}
	if tcols == nil {
		tcols = []any{}
	}
	tgt["targetSelectedColumnList"] = tcols
	tgt["targetTable"] = "dw.t" + strconv.Itoa(rng.IntN(100))

	name := fmt.Sprintf("task_%d", seed%100000)
	if !api { // a request's task_detail has no name or description of its own
		d["taskName"] = name
		d["description"] = []string{"", "copy <customers> & orders", "説明", "line\nbreak"}[rng.IntN(4)]
	}
	task := env["task"].(map[string]any)
	task["task_name"] = name

	if rng.IntN(6) == 0 { // unknown fields: lenient only
		lenient = true
		d["futureFeature"] = map[string]any{"enabled": true, "level": json.Number("3")}
		if len(table) > 0 {
			table[0].(map[string]any)["comment"] = "kept by lenient parsing"
		}
		if len(inputs) > 0 {
			inputs[0].(map[string]any)["comment"] = "kept by lenient parsing"
		}
		tgt["partitionKey"] = "id"
	}

	detail, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	switch rng.IntN(5) {
	case 0: // a bare task_detail document
		return detail, lenient
	default:
		env["task_detail"] = string(detail)
		out, err := json.Marshal(env)
		if err != nil {
			panic(err)
		}
		return out, lenient
	}
}

// generated returns count generated tasks from a fixed seed, for corpora and tests.
func generated(t testing.TB, count int) [][]byte {
	t.Helper()
	var out [][]byte
	for i := range count {
		b, _ := generate(uint64(i) + 1)
		out = append(out, b)
	}
	return out
}
