// Package taskgen generates FDI tasks of any size for tests, benchmarks, fuzz seeds and load
// tests, and mutates them in known ways.
//
// Response and Detail shape every task exactly like testdata/examples/seed-response.json,
// the one complete public ShowTask payload (APIRequest like the real API-source request,
// testdata/examples/create-request-api-to-oracle.json): a MYSQL → MYSQL task whose
// relational source and target sections carry all their keys, whose parallel arrays (mappingTable,
// mappingTableProperties, mappingSourceTextOrNot) have one entry per mapping, and whose
// selected column lists contain every mapped column with the same type, length,
// nullability and uniqueness as the mapping says (the target list also has one unmapped
// column, "bunum", as in the seed). Names are valid task names. Numbers and booleans are
// spelled as the wire spells them ("11", "0"/"1", "true").
//
// Output is a pure function of Options: the same Options give the same bytes, so golden
// files and benchmarks are reproducible. Generation writes JSON straight into a buffer;
// 10,000 mappings (about 6.5 MB of response) take a few milliseconds.
//
// taskgen is a test helper, not a model of real workloads: column types are drawn from a
// small set (INT, BIGINT, VARCHAR, DATETIME, DECIMAL) and every mapping maps a source
// column to the target column of the same name.
package taskgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"unicode/utf8"
)

// Options say what to generate. The zero value is a valid, empty-mapping task.
type Options struct {
	// Mappings is the number of column mappings (and mapped columns on each side).
	Mappings int
	// Seed drives every random choice: column names, types, lengths, nullability.
	Seed int64
	// TaskID is the envelope's task_id; empty means one derived from Seed (32 hex digits).
	TaskID string
	// Name is the task name (envelope task_name and detail taskName); empty means
	// "fdi_task_<seed in base 36>". It must be a valid FDI task name.
	Name string
}

// column is one generated column: the same on both sides of its mapping.
type column struct {
	name     string
	typ      string
	length   int
	nullable bool
	unique   bool
}

// typeChoice is a column type with the lengths MySQL reports for it.
type typeChoice struct {
	typ     string
	lengths []int
}

var types = []typeChoice{
	{"INT", []int{11}},
	{"BIGINT", []int{20}},
	{"VARCHAR", []int{32, 64, 128, 255, 1024}},
	{"DATETIME", []int{19}},
	{"DECIMAL", []int{10, 18}},
}

var words = []string{
	"id", "name", "city", "age", "amount", "status", "created", "updated", "email", "phone",
	"price", "qty", "code", "region", "owner", "score", "note", "flag", "level", "ref",
}

const (
	projectID    = "c53626012ba84727b938ca8bf03108ef"
	appID        = "7f245167-ac84-4b2e-bbea-f0988a4bf6f4"
	instanceID   = "db93bfe1-c660-4c9e-82b6-388e44662cc8"
	datasource   = "100.85.221.77"
	createdDate  = 1666772375897
	instanceName = "roma-fdireview-taskgen"
)

// resolved holds Options with the defaults filled in.
type resolved struct {
	taskID, name, sourceDsID, targetDsID string
	columns                              []column
}

func resolve(o Options) resolved {
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x9e3779b97f4a7c15))
	r := resolved{
		taskID:     hex32(rng),
		sourceDsID: hex32(rng),
		targetDsID: hex32(rng),
		name:       "fdi_task_" + strconv.FormatInt(o.Seed&0x7fffffffffffffff, 36),
	}
	if o.TaskID != "" {
		r.taskID = o.TaskID
	}
	if o.Name != "" {
		r.name = o.Name
	}
	n := max(o.Mappings, 0)
	r.columns = make([]column, n)
	for i := range r.columns {
		t := types[rng.IntN(len(types))]
		r.columns[i] = column{
			name:     words[rng.IntN(len(words))] + "_" + strconv.Itoa(i),
			typ:      t.typ,
			length:   t.lengths[rng.IntN(len(t.lengths))],
			nullable: rng.IntN(3) != 0,
			unique:   rng.IntN(10) == 0,
		}
	}
	if n > 0 {
		// The first column is the primary key, as in the seed.
		r.columns[0] = column{name: "id", typ: "INT", length: 11, unique: true}
	}
	return r
}

func hex32(rng *rand.Rand) string {
	const digits = "0123456789abcdef"
	var b [32]byte
	for i := range b {
		b[i] = digits[rng.IntN(16)]
	}
	return string(b[:])
}

// Detail returns the bare task_detail document (a RawFormDataResponse) for o.
func Detail(o Options) []byte {
	r := resolve(o)
	var b bytes.Buffer
	b.Grow(600*len(r.columns) + 2048)
	writeDetail(&b, r)
	return b.Bytes()
}

// Response returns a full ShowTask response body for o: the envelope's task object and the
// task_detail document as a JSON string, as the FDI API sends it.
func Response(o Options) []byte {
	r := resolve(o)
	var detail bytes.Buffer
	detail.Grow(600*len(r.columns) + 2048)
	writeDetail(&detail, r)

	var b bytes.Buffer
	b.Grow(detail.Len()*6/5 + 2048)
	b.WriteString(`{"task":{`)
	str(&b, "task_id", r.taskID, true)
	str(&b, "task_name", r.name, true)
	str(&b, "task_type", "timing", true)
	str(&b, "project_id", projectID, true)
	str(&b, "source_datasource_id", r.sourceDsID, true)
	str(&b, "target_datasource_id", r.targetDsID, true)
	str(&b, "source_datasource_name", datasource, true)
	str(&b, "target_datasource_name", datasource, true)
	str(&b, "source_app_id", appID, true)
	str(&b, "target_app_id", appID, true)
	str(&b, "source_app_name", "app-fdi-taskgen", true)
	str(&b, "target_app_name", "app-fdi-taskgen", true)
	str(&b, "status", "stop", true)
	b.WriteString(`"created_date":` + strconv.Itoa(createdDate) + `,`)
	b.WriteString(`"last_modified_date":` + strconv.Itoa(createdDate) + `,`)
	str(&b, "task_mode", "NORMAL", true)
	str(&b, "enterprise_project_id", "0", true)
	str(&b, "source_datasource_type", "MYSQL", true)
	str(&b, "target_datasource_type", "MYSQL", true)
	str(&b, "source_instance_name", instanceName, true)
	str(&b, "target_instance_name", instanceName, true)
	str(&b, "execute_status", "SUCCESS", true)
	b.WriteString(`"repulling_snapshot":false},"task_detail":`)
	b.Write(appendString(b.AvailableBuffer(), detail.Bytes()))
	b.WriteString("}\n")
	return b.Bytes()
}

// writeDetail writes the RawFormDataResponse, keys in the seed's order.
func writeDetail(b *bytes.Buffer, r resolved) {
	b.WriteString(`{"needAPI":false,`)
	str(b, "targetDsId", r.targetDsID, true)
	b.WriteString(`"sourceSelectedDatasource":{"extend_meta_data":[],"orderType":"ASC","sourceDateColumn":"","dataTimestamp":"",`)
	str(b, "sourceTable", "fdireview.src_"+r.name, true)
	b.WriteString(`"sourceSelectedColumnList":`)
	writeColumns(b, r.columns, false)
	b.WriteString(`,"isParse":"true","querySql":"","whereOptions":[],`)
	str(b, "instanceId", instanceID, true)
	b.WriteString(`"sourceMetaData":{"dataSource":[]},"isAddSql":false,"meta_data":[],"where":[],"need_inc_migration":false,"textInputValue":"","orderColumn":"","isTextInput":false},`)
	str(b, "targetDatasource", datasource, true)
	b.WriteString(`"needEmailNew":false,"description":"","taskTag":"","mappingTableProperties":[`)
	for i, c := range r.columns {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"sourceNullable":`)
		b.WriteString(digit(c.nullable))
		b.WriteString(`,"sourceUnique":`)
		b.WriteString(digit(c.unique))
		b.WriteString(`,"targetUnique":`)
		b.WriteString(digit(c.unique))
		b.WriteString(`,"targetNullable":`)
		b.WriteString(digit(c.nullable))
		b.WriteByte('}')
	}
	b.WriteString(`],"sourceDatasourceType":"MYSQL","taskType":2,`)
	str(b, "sourceDatasource", datasource, true)
	b.WriteString(`"targetDatasourceType":"MYSQL","mappingSourceTextOrNot":[`)
	for i := range r.columns {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"flag":false}`)
	}
	b.WriteString(`],"mappingTable":[`)
	for i, c := range r.columns {
		if i > 0 {
			b.WriteByte(',')
		}
		l := strconv.Itoa(c.length)
		b.WriteByte('{')
		str(b, "targetColumnType", c.typ, true)
		b.WriteString(`"isAddDateMapping":false,`)
		str(b, "targetColumnLength", l, true)
		b.WriteString(`"isAddMapping":false,"isAddBooleanMapping":false,`)
		str(b, "sourceColumnLength", l, true)
		str(b, "targetColumn", c.name, true)
		str(b, "sourceColumnType", c.typ, true)
		b.WriteString(`"isAddFDIUUIDMapping":false,`)
		str(b, "sourceColumn", c.name, false)
		b.WriteByte('}')
	}
	b.WriteString(`],"targetSelectedDatasource":{"targetNeedCreateTable":false,"targetSelectedColumnList":`)
	writeColumns(b, r.columns, true)
	b.WriteString(`,"supportPartUpdate":false,`)
	str(b, "targetTable", "fdireview.dst_"+r.name, true)
	str(b, "instanceId", instanceID, true)
	b.WriteString(`"batch_number_style":"UUID","isSupportClearTab":false,"batchNumber":""},`)
	str(b, "taskName", r.name, true)
	str(b, "sourceDsId", r.sourceDsID, true)
	str(b, "projectId", projectID, true)
	b.WriteString(`"needMQS":false,"mappingInput":{},"mappingRequired":true}`)
}

// writeColumns writes a selected column list; the target list ends with the unmapped
// batch-number column "bunum", as in the seed.
func writeColumns(b *bytes.Buffer, cols []column, target bool) {
	b.WriteByte('[')
	for i, c := range cols {
		if i > 0 {
			b.WriteByte(',')
		}
		writeColumn(b, c)
	}
	if target {
		if len(cols) > 0 {
			b.WriteByte(',')
		}
		writeColumn(b, column{name: "bunum", typ: "VARCHAR", length: 64, nullable: true})
	}
	b.WriteByte(']')
}

func writeColumn(b *bytes.Buffer, c column) {
	b.WriteString(`{"null_able":`)
	b.WriteString(digit(c.nullable))
	b.WriteString(`,"unique":`)
	b.WriteString(digit(c.unique))
	b.WriteString(`,"field_length":"`)
	b.WriteString(strconv.Itoa(c.length))
	b.WriteString(`","field_type":`)
	b.Write(appendString(b.AvailableBuffer(), []byte(c.typ)))
	b.WriteString(`,"field_name":`)
	b.Write(appendString(b.AvailableBuffer(), []byte(c.name)))
	b.WriteByte('}')
}

func digit(v bool) string {
	if v {
		return `"1"`
	}
	return `"0"`
}

// str writes "key":"value" and a comma when more follows.
func str(b *bytes.Buffer, key, value string, comma bool) {
	b.Write(appendString(b.AvailableBuffer(), []byte(key)))
	b.WriteByte(':')
	b.Write(appendString(b.AvailableBuffer(), []byte(value)))
	if comma {
		b.WriteByte(',')
	}
}

// appendString appends s as a JSON string literal, escaping what JSON requires.
func appendString(dst, s []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				dst = append(dst, s[start:i]...)
				if r == utf8.RuneError {
					dst = append(dst, `\ufffd`...)
				} else {
					dst = append(dst, `\u202`...)
					dst = append(dst, hex[r&0xf])
				}
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Mutation kinds applied by Mutate, in the order it cycles through them.
const (
	mutNarrow = iota
	mutWiden
	mutNullability
	mutType
	mutSourceSwap
	mutRemove
	mutAdd
	mutKinds
)

// Mutate changes about fraction of the mappings of body (a full response as written by
// Response, a bare task_detail as written by Detail, or an API request as written by
// APIRequest, whose mappingInput mappings it edits: see mutateInput) and returns the new
// body and the names of the target columns whose mapping it changed, in the order it
// changed them.
//
// It cycles through these edits, each keeping the task valid (parallel arrays and column
// lists stay consistent): target length narrowed, target length widened, target
// nullability flipped, target type changed (to VARCHAR(255), or BIGINT from VARCHAR),
// source column swapped for the source column of another mapping, mapping removed
// (together with its target column), mapping added (with new source and target columns).
// Nothing outside the mappings and the selected column lists changes. At least one mapping
// changes when fraction > 0 and the task has one; the choice of mappings depends only on
// seed. Mutate panics if body is not such a document: it is for tests. The result is
// encoded as Edit encodes it.
func Mutate(body []byte, fraction float64, seed int64) ([]byte, []string) {
	var changed []string
	out := Edit(body, func(_, detail map[string]any) { changed = mutateDetail(detail, fraction, seed) })
	return out, changed
}

// Edit decodes body (a full response, whose task_detail is a JSON document in a string,
// or a bare task_detail or API request), calls f with the response's task object (nil
// for a bare document) and the task_detail for f to change in place, and returns the
// document re-encoded. Edit panics if body is not a JSON object: it is for tests.
//
// The result is compact JSON with object keys sorted (encoding/json's map order), not the
// generator's key order, and a final newline; numbers (decoded as json.Number) and string
// spellings are unchanged.
func Edit(body []byte, f func(task, detail map[string]any)) []byte {
	root := decode(body)
	envelope, isResponse := root["task_detail"].(string)
	detail, task := root, map[string]any(nil)
	if isResponse {
		detail = decode([]byte(envelope))
		task, _ = root["task"].(map[string]any)
	}
	f(task, detail)
	if isResponse {
		inner, err := json.Marshal(detail)
		if err != nil {
			panic(fmt.Sprintf("taskgen: encode task_detail: %v", err))
		}
		root["task_detail"] = string(inner)
	}
	out, err := json.Marshal(root)
	if err != nil {
		panic(fmt.Sprintf("taskgen: encode body: %v", err))
	}
	return append(out, '\n')
}

func decode(b []byte) map[string]any {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		panic(fmt.Sprintf("taskgen: decode: %v", err))
	}
	return m
}

func mutateDetail(d map[string]any, fraction float64, seed int64) []string {
	table := d["mappingTable"].([]any)
	if in, ok := d["mappingInput"].(map[string]any); ok && len(table) == 0 {
		if items, ok := in["dataSource"].([]any); ok { // an API source (APIRequest)
			if len(items) == 0 || fraction <= 0 {
				return nil
			}
			return mutateInput(d, items, fraction, seed)
		}
	}
	props := d["mappingTableProperties"].([]any)
	flags := d["mappingSourceTextOrNot"].([]any)
	src := d["sourceSelectedDatasource"].(map[string]any)
	dst := d["targetSelectedDatasource"].(map[string]any)
	srcCols := src["sourceSelectedColumnList"].([]any)
	dstCols := dst["targetSelectedColumnList"].([]any)

	n := len(table)
	if n == 0 || fraction <= 0 {
		return nil
	}
	// Index the target columns by name: each mutation touches its own column.
	dstIdx, srcIdx := indexByName(dstCols), indexByName(srcCols)
	picked := pick(n, fraction, seed)
	removed := make(map[int]bool)
	var changed []string
	var added []any
	for j, i := range picked {
		m := table[i].(map[string]any)
		p := props[i].(map[string]any)
		name := m["targetColumn"].(string)
		col := dstCols[dstIdx[name]].(map[string]any)
		switch j % mutKinds {
		case mutNarrow:
			l := atoi(m["targetColumnLength"].(string))
			setLength(m, col, max(l/2, 1))
		case mutWiden:
			l := atoi(m["targetColumnLength"].(string))
			setLength(m, col, l*2)
		case mutNullability:
			v := "1"
			if p["targetNullable"] == "1" {
				v = "0"
			}
			p["targetNullable"] = v
			col["null_able"] = v
		case mutType:
			typ, l := "VARCHAR", 255
			if m["targetColumnType"] == "VARCHAR" {
				typ, l = "BIGINT", 20
			}
			m["targetColumnType"], col["field_type"] = typ, typ
			setLength(m, col, l)
		case mutSourceSwap:
			other := table[(i+1)%n].(map[string]any)
			if n == 1 {
				// Nothing to swap with: rename the source column instead.
				sc := srcCols[srcIdx[m["sourceColumn"].(string)]].(map[string]any)
				sc["field_name"] = m["sourceColumn"].(string) + "_v2"
				m["sourceColumn"] = sc["field_name"]
				break
			}
			op := props[(i+1)%n].(map[string]any)
			for _, key := range []string{"sourceColumn", "sourceColumnType", "sourceColumnLength"} {
				m[key] = other[key]
			}
			p["sourceNullable"], p["sourceUnique"] = op["sourceNullable"], op["sourceUnique"]
		case mutRemove:
			removed[i] = true
			delete(dstIdx, name)
		case mutAdd:
			newName := "added_" + strconv.Itoa(len(added)) + "_" + name
			nc := map[string]any{"null_able": "1", "unique": "0", "field_length": "64", "field_type": "VARCHAR", "field_name": newName}
			sc := map[string]any{"null_able": "1", "unique": "0", "field_length": "64", "field_type": "VARCHAR", "field_name": newName}
			added = append(added, map[string]any{
				"targetColumnType": "VARCHAR", "isAddDateMapping": false, "targetColumnLength": "64",
				"isAddMapping": false, "isAddBooleanMapping": false, "sourceColumnLength": "64",
				"targetColumn": newName, "sourceColumnType": "VARCHAR", "isAddFDIUUIDMapping": false,
				"sourceColumn": newName,
			})
			dstCols = append(dstCols, nc)
			srcCols = append(srcCols, sc)
			name = newName
		}
		changed = append(changed, name)
	}

	if len(removed) > 0 {
		var t, p, f []any
		removedNames := make(map[string]bool, len(removed))
		for i := range table {
			if removed[i] {
				removedNames[table[i].(map[string]any)["targetColumn"].(string)] = true
				continue
			}
			t, p, f = append(t, table[i]), append(p, props[i]), append(f, flags[i])
		}
		table, props, flags = t, p, f
		var cols []any
		for _, c := range dstCols {
			if !removedNames[c.(map[string]any)["field_name"].(string)] {
				cols = append(cols, c)
			}
		}
		dstCols = cols
	}
	for _, m := range added {
		table = append(table, m)
		props = append(props, map[string]any{"sourceNullable": "1", "sourceUnique": "0", "targetUnique": "0", "targetNullable": "1"})
		flags = append(flags, map[string]any{"flag": false})
	}
	d["mappingTable"], d["mappingTableProperties"], d["mappingSourceTextOrNot"] = nonNil(table), nonNil(props), nonNil(flags)
	src["sourceSelectedColumnList"], dst["targetSelectedColumnList"] = nonNil(srcCols), nonNil(dstCols)
	return changed
}

// pick returns the indexes, out of n, of the mappings Mutate changes: about fraction of
// them (at least one, at most n), in an order that depends only on seed.
func pick(n int, fraction float64, seed int64) []int {
	k := min(max(int(float64(n)*fraction+0.5), 1), n)
	return rand.New(rand.NewPCG(uint64(seed), 0x2545f4914f6cdd1d)).Perm(n)[:k]
}

// indexByName maps the field_name of each column of a selected column list to its index.
func indexByName(cols []any) map[string]int {
	idx := make(map[string]int, len(cols))
	for i, c := range cols {
		idx[c.(map[string]any)["field_name"].(string)] = i
	}
	return idx
}

func nonNil(a []any) []any {
	if a == nil {
		return []any{}
	}
	return a
}

func setLength(m, col map[string]any, l int) {
	s := strconv.Itoa(l)
	m["targetColumnLength"] = s
	col["field_length"] = s
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(fmt.Sprintf("taskgen: length %q: %v", s, err))
	}
	return n
}
