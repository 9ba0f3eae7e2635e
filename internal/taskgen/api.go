package taskgen

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// APIRequest returns a CreateCommonTask request body for o shaped exactly like
// testdata/examples/create-request-api-to-oracle.json, the one complete public API-source
// payload: an API source (paging, a raw-json body, the same 36 source keys) whose fields
// are mapped through mappingInput.dataSource ({sourceKey, targetKey}) into an Oracle-style
// relational target (VARCHAR2, NUMBER, TIMESTAMP(6)), with an OBS error_handler and a Kafka
// afterImplementation, each one object as the real request sends them. No *DatasourceType
// key says what the sections are, as in the real request.
//
// Each generated column becomes an API field (lower case; String, Integer, Long, Double or
// Date with a format) and a target column of the upper-case name; the target list also has
// two unmapped columns, OPERATION_MSG and METRIC_DATA, as the real one has unmapped columns.
func APIRequest(o Options) []byte {
	r := resolve(o)
	var detail bytes.Buffer
	detail.Grow(200*len(r.columns) + 4096)
	writeAPIDetail(&detail, r)

	var b bytes.Buffer
	b.Grow(detail.Len()*6/5 + 512)
	b.WriteString(`{"task":{`)
	str(&b, "description", "generated API task", true)
	str(&b, "source_datasource_id", r.sourceDsID, true)
	str(&b, "target_datasource_id", r.targetDsID, true)
	str(&b, "task_name", r.name, true)
	str(&b, "task_tag", "fdireview_taskgen", true)
	str(&b, "task_type", "TIMING", false)
	b.WriteString(`},"task_detail":`)
	b.Write(appendString(b.AvailableBuffer(), detail.Bytes()))
	b.WriteString("}\n")
	return b.Bytes()
}

// apiTypes maps a generated column type to the API field type that feeds it, the format of
// that field, and the Oracle-style target type and field_length.
var apiTypes = map[string]struct{ api, format, target, length string }{
	"INT":      {"Integer", "", "NUMBER", "11"},
	"BIGINT":   {"Long", "", "NUMBER", "20"},
	"VARCHAR":  {"String", "", "VARCHAR2", ""}, // length: the column's
	"DATETIME": {"Date", "yyyy-MM-dd HH:mm:ss", "TIMESTAMP(6)", "0"},
	"DECIMAL":  {"Double", "", "NUMBER", ""},
}

// writeAPIDetail writes the RawFormDataRequest of an API source, keys in the real
// request's order.
func writeAPIDetail(b *bytes.Buffer, r resolved) {
	b.WriteString(`{"sourceSelectedDatasource":{"dataTimestamp":1606807799782,"isNeedPageSrcApi":true,"pageKeySrcApi":"pageNum","pageSizeKeySrcApi":"pageSize","resultTotalRootPath":"","isUseDynamicSignal":false,"timeshift":"","startTimeKey":"","beginDateColSrcApi":"beginTime","endDateColSrcApi":"endTime","rootPath":"","sourceParams":[{"keys":"pageNum","value":"0"},{"keys":"pageSize","value":"10"},{"keys":"beginTime","value":"1"},{"keys":"endTime","value":"1"}],"sourceHeaders":[],"sourceBodyType":"raw-json","bodyRaw":"{\"pageNum\":\"1\",\"pageSize\":\"10\"}","sourceBodyFormData":[],"sourceResponseType":"json","sourceMetaData":{"dataSource":[`)
	for i, c := range r.columns {
		if i > 0 {
			b.WriteByte(',')
		}
		t := apiTypes[c.typ]
		b.WriteString(`{"index":`)
		b.WriteString(strconv.Itoa(i))
		b.WriteByte(',')
		str(b, "name", c.name, true)
		str(b, "type", t.api, true)
		str(b, "format", t.format, true)
		str(b, "path", "", false)
		b.WriteByte('}')
	}
	b.WriteString(`],"mode":"keyValue"},"incr_migration_type":"systemDefault","period_granularity":"","period_assignment":"","period_right_boarder":"","pagingEndType":"paging-list","pagingEndFieldPath":"","pageNumLimit":"1","servicetype":"None","current_page_num":"1","page_size":"10","need_inc_migration":true,"date_form":"unix_ms","timeZone":"GMT+08:00","reset_incr_begin_time":false,"compensation_time":"0","advanceStartTime":"0","advanceStartTimeUnit":"day","isParse":"true"},`)
	b.WriteString(`"targetSelectedDatasource":{"targetNeedCreateTable":false,"isSupportClearTab":false,`)
	str(b, "targetTable", "FDIREVIEW."+strings.ToUpper(r.name), true)
	b.WriteString(`"batchNumber":"","targetSelectedColumnList":[`)
	for i, c := range r.columns {
		if i > 0 {
			b.WriteByte(',')
		}
		t := apiTypes[c.typ]
		l := t.length
		if l == "" {
			l = strconv.Itoa(c.length)
		}
		writeOracleColumn(b, strings.ToUpper(c.name), t.target, l, c.nullable, c.unique)
	}
	for i, name := range []string{"OPERATION_MSG", "METRIC_DATA"} {
		if i > 0 || len(r.columns) > 0 {
			b.WriteByte(',')
		}
		writeOracleColumn(b, name, "VARCHAR2", "2048", true, false)
	}
	b.WriteString(`],"supportPartUpdate":false},"mappingTable":[],"mappingInput":{"dataSource":[`)
	for i, c := range r.columns {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		str(b, "sourceKey", c.name, true)
		str(b, "targetKey", strings.ToUpper(c.name), false)
		b.WriteByte('}')
	}
	b.WriteString(`]},"mappingRequired":true,"error_handler":{"path":"data1","datasource_id":"79c4caaa3e1441dfb0351038fcf5f281","mode":"OBS","app_id":"73965e3c-72b2-40c3-8335-2154ebd6c23a","stop_task_when_obs_failure":false},"afterImplementation":{"actionType":"KAFKA","appId":"73965e3c-72b2-40c3-8335-2154ebd6c23a","datasourceId":"a87a31a6288e4698865be122ae485dc0","topic":"lgytest99","messageContent":"success"}}`)
}

func writeOracleColumn(b *bytes.Buffer, name, typ, length string, nullable, unique bool) {
	b.WriteByte('{')
	str(b, "field_name", name, true)
	str(b, "field_type", typ, true)
	str(b, "field_length", length, true)
	b.WriteString(`"null_able":`)
	b.WriteString(digit(nullable))
	b.WriteString(`,"unique":`)
	b.WriteString(digit(unique))
	b.WriteByte('}')
}

// mutateInput is Mutate for a task whose mappings are mappingInput.dataSource items (an
// API source). It cycles through: the target column narrowed, widened, made nullable or
// not, its type changed (VARCHAR2 ↔ NUMBER); the source field swapped for another
// mapping's; the mapping removed (its target column stays selected); a mapping added (a
// new API field into a new target column); the mapping moved to a selected column nothing
// wrote (OPERATION_MSG, METRIC_DATA; the old one stays selected: the diff reports the old
// column's mapping removed and the new one's added — both are changed).
func mutateInput(d map[string]any, items []any, fraction float64, seed int64) []string {
	in := d["mappingInput"].(map[string]any)
	src := d["sourceSelectedDatasource"].(map[string]any)
	md := src["sourceMetaData"].(map[string]any)
	fields := md["dataSource"].([]any)
	dst := d["targetSelectedDatasource"].(map[string]any)
	dstCols := dst["targetSelectedColumnList"].([]any)

	n := len(items)
	dstIdx := indexByName(dstCols)
	picked := pick(n, fraction, seed)
	removed := map[int]bool{}
	spare := []string{"OPERATION_MSG", "METRIC_DATA"} // selected, unmapped (APIRequest)
	for _, it := range items {
		spare = slices.DeleteFunc(spare, func(c string) bool { return it.(map[string]any)["targetKey"] == c })
	}
	for _, c := range slices.Clone(spare) {
		if _, ok := dstIdx[c]; !ok {
			spare = slices.DeleteFunc(spare, func(s string) bool { return s == c })
		}
	}
	var changed []string
	var added []any
	newColumn := func(name string) {
		dstIdx[name] = len(dstCols)
		dstCols = append(dstCols, map[string]any{"field_name": name, "field_type": "VARCHAR2", "field_length": "256", "null_able": "1", "unique": "0"})
	}
	for j, i := range picked {
		m := items[i].(map[string]any)
		name := m["targetKey"].(string)
		col := dstCols[dstIdx[name]].(map[string]any)
		kind := inputCycle[j%len(inputCycle)]
		switch kind {
		case mutNarrow, mutWiden:
			l := atoi(col["field_length"].(string))
			if col["field_type"] == "TIMESTAMP(6)" { // no length: change its type instead
				col["field_type"], col["field_length"] = "VARCHAR2", "64"
				break
			}
			if kind == mutNarrow {
				l = max(l/2, 1)
			} else {
				l *= 2
			}
			col["field_length"] = strconv.Itoa(l)
		case mutNullability:
			if col["null_able"] == "1" {
				col["null_able"] = "0"
			} else {
				col["null_able"] = "1"
			}
		case mutType:
			typ, l := "VARCHAR2", "255"
			if col["field_type"] == "VARCHAR2" {
				typ, l = "NUMBER", "20"
			}
			col["field_type"], col["field_length"] = typ, l
		case mutSourceSwap:
			other := items[(i+1)%n].(map[string]any)
			if n == 1 || other["sourceKey"] == m["sourceKey"] {
				// Nothing else to read: a new field, a copy of the old one under another name.
				f := fieldNamed(fields, m["sourceKey"].(string))
				nf := map[string]any{"index": jsonInt(len(fields)), "name": f["name"].(string) + "_v2", "type": f["type"], "format": f["format"], "path": f["path"]}
				fields = append(fields, nf)
				m["sourceKey"] = nf["name"]
				break
			}
			m["sourceKey"] = other["sourceKey"]
		case mutRemove:
			removed[i] = true
		case mutAdd:
			newName := "added_" + strconv.Itoa(len(added)) + "_" + name
			fields = append(fields, map[string]any{"index": jsonInt(len(fields)), "name": strings.ToLower(newName), "type": "String", "format": "", "path": ""})
			newColumn(newName)
			added = append(added, map[string]any{"sourceKey": strings.ToLower(newName), "targetKey": newName})
			name = newName
		case mutRetarget: // to a selected column nothing writes; the old one stays selected
			if len(spare) == 0 { // none left: a new column, which makes it a renamed target
				newName := "MOVED_" + strconv.Itoa(j) + "_" + name
				newColumn(newName)
				m["targetKey"] = newName
				name = newName
				break
			}
			m["targetKey"] = spare[0]
			changed = append(changed, name)
			name, spare = spare[0], spare[1:]
		}
		changed = append(changed, name)
	}
	var kept []any
	for i, it := range items {
		if !removed[i] {
			kept = append(kept, it)
		}
	}
	in["dataSource"] = nonNil(append(kept, added...))
	md["dataSource"] = nonNil(fields)
	dst["targetSelectedColumnList"] = nonNil(dstCols)
	return changed
}

// mutRetarget moves an API mapping to another target column (mutateInput only).
const mutRetarget = mutKinds

// inputCycle is the order of mutateInput's edits: the retarget comes early, so that small
// fractions exercise it.
var inputCycle = []int{mutNarrow, mutRetarget, mutNullability, mutType, mutSourceSwap, mutRemove, mutAdd, mutWiden}

func fieldNamed(fields []any, name string) map[string]any {
	for _, f := range fields {
		if m := f.(map[string]any); m["name"] == name {
			return m
		}
	}
	panic("taskgen: no API field " + name)
}

func jsonInt(i int) json.Number { return json.Number(strconv.Itoa(i)) }
