package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fdireview/fdireview/internal/jsonptr"
)

// fieldWords names fields in plain words for the sentences of setting.changed and
// state.changed. A key not listed is named by splitting it at case changes and
// underscores ("retryPolicy" reads "retry policy").
var fieldWords = map[string]string{
	// Envelope (task object).
	"task_name": "name", "task_type": "type", "project_id": "project id",
	"source_app_id": "source application id", "target_app_id": "target application id",
	"source_app_name": "source application name", "target_app_name": "target application name",
	"source_datasource_id": "source data source id", "target_datasource_id": "target data source id",
	"source_datasource_name": "source data source name", "target_datasource_name": "target data source name",
	"source_datasource_type": "source data source type", "target_datasource_type": "target data source type",
	"source_instance_name": "source instance name", "target_instance_name": "target instance name",
	"task_tag": "tag", "created_by": "creator", "task_mode": "mode", "enterprise_project_id": "enterprise project id",
	// task_detail top level.
	"projectId": "project id", "taskName": "task name", "taskTag": "tag", "taskType": "task type",
	"sourceDatasourceType": "source data source type", "sourceDatasource": "source data source name",
	"sourceDsId": "source data source id", "targetDatasourceType": "target data source type",
	"targetDatasource": "target data source name", "targetDsId": "target data source id",
	"needMQS": "MQS channel", "needAPI": "API channel", "needEmailNew": "e-mail channel",
	"mappingRequired": "mapping required", "mappingInput": "mapping input",
	"error_handler": "error handler", "afterImplementation": "after-run action",
	"mappingTableProperties": "mapping properties",
	// Source section.
	"instanceId": "instance id", "querySql": "custom SQL", "isAddSql": "custom SQL",
	"orderColumn": "order column", "orderType": "sort order", "sourceDateColumn": "timestamp column",
	"dataTimestamp": "initial timestamp", "need_inc_migration": "incremental migration",
	"incr_migration_type": "incremental migration type", "isParse": "parsing",
	"where": "filter", "whereOptions": "filter options", "textInputValue": "text input",
	"isTextInput": "text input mode", "meta_data": "metadata", "extend_meta_data": "extended metadata",
	"sourceMetaData": "source metadata", "dataSource": "fields",
	"isNeedPageSrcApi": "paging", "pageKeySrcApi": "page number parameter",
	"pageSizeKeySrcApi": "page size parameter", "pagingEndType": "end of paging",
	"pagingEndFieldPath": "end of paging field", "pageNumLimit": "maximum number of pages",
	"current_page_num": "first page", "page_size": "page size",
	"resultTotalRootPath": "total count field", "rootPath": "data root field",
	"beginDateColSrcApi": "incremental start parameter", "endDateColSrcApi": "incremental end parameter",
	"startTimeKey": "start time parameter", "timeshift": "time shift", "isUseDynamicSignal": "dynamic signature",
	"period_granularity": "incremental period unit", "period_assignment": "incremental period",
	"period_right_boarder": "incremental period right boundary", "reset_incr_begin_time": "reset of the incremental start time",
	"compensation_time": "compensation time", "advanceStartTime": "advance of the start time",
	"advanceStartTimeUnit": "unit of the start time advance", "date_form": "date format", "timeZone": "time zone",
	"sourceParams": "request parameters", "sourceHeaders": "request headers", "sourceBodyType": "request body type",
	"bodyRaw": "request body", "sourceBodyFormData": "request form data", "sourceResponseType": "response type",
	"servicetype": "service type", "keys": "name",
	// Target section.
	"targetNeedCreateTable": "create the target table", "supportPartUpdate": "partial update",
	"isSupportClearTab": "clear the target table before writing", "batch_number_style": "batch number style",
	"batchNumber": "batch number column",
	// Columns and mappings.
	"field_name": "name", "field_type": "type", "field_length": "length", "null_able": "nullable",
	"is_partition": "partition column", "primary": "primary key", "decimal_digits": "decimal digits",
}

// fieldName names a JSON object key in words.
func fieldName(key string) string {
	if w, ok := fieldWords[key]; ok {
		return w
	}
	var b strings.Builder
	prevLower := false
	for _, r := range key {
		switch {
		case r == '_' || r == '-' || r == '.':
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			prevLower = false
			continue
		case unicode.IsUpper(r) && prevLower:
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	if b.Len() == 0 {
		return "(unnamed field)"
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// sectionOf names the part of a task a pointer lies in ("source", "target", "task"…) and
// returns the rest of the pointer below that part.
func sectionOf(ptr string) (section, rest string) {
	for _, s := range []struct{ prefix, name string }{
		{ptrMetaData, "source metadata"},
		{ptrSource, "source"},
		{ptrTarget, "target"},
		{ptrDetail, "task detail"},
		{ptrTask, "task"},
	} {
		if ptr == s.prefix || strings.HasPrefix(ptr, s.prefix+"/") {
			return s.name, strings.TrimPrefix(ptr, s.prefix)
		}
	}
	return "response", ptr
}

// pathWords names a relative JSON Pointer in words: "/sourceParams/0/value" reads
// "request parameters #1 value".
func pathWords(rel string) string {
	var parts []string
	for rel != "" {
		var tok string
		tok, rel = nextToken(rel)
		tok = jsonptr.Unescape(tok)
		if n, err := strconv.Atoi(tok); err == nil && n >= 0 {
			parts = append(parts, "#"+strconv.Itoa(n+1))
			continue
		}
		parts = append(parts, fieldName(tok))
	}
	if len(parts) == 0 {
		return "value"
	}
	return strings.Join(parts, " ")
}

// lastKey is the last object key of a pointer (array indices skipped), or "".
func lastKey(ptr string) string {
	toks := strings.Split(ptr, "/")
	for i := len(toks) - 1; i > 0; i-- {
		if _, err := strconv.Atoi(toks[i]); err != nil {
			return toks[i]
		}
	}
	return ""
}

// settingSentence says in words how a field changed: "source: order column set to
// "updated_at"", "target: batch number style changed from "UUID" to "DATE"",
// "source: paging turned on". subject is who owns the field (a section or a column) and
// what names the field.
func settingSentence(subject, what, key string, old, new any) string {
	prefix := ""
	if subject != "" {
		prefix = subject + ": "
	}
	ob, oIsBool := old.(bool)
	nb, nIsBool := new.(bool)
	switch {
	case oIsBool && nIsBool && !ob && nb:
		return prefix + what + " turned on"
	case oIsBool && nIsBool && ob && !nb:
		return prefix + what + " turned off"
	case isBlank(old) && isBlank(new):
		return fmt.Sprintf("%s%s changed from %s to %s", prefix, what, valueText(key, old), valueText(key, new))
	case old == nil:
		return fmt.Sprintf("%s%s added: %s", prefix, what, valueText(key, new))
	case new == nil:
		return fmt.Sprintf("%s%s removed (was %s)", prefix, what, valueText(key, old))
	case isBlank(old):
		return fmt.Sprintf("%s%s set to %s", prefix, what, valueText(key, new))
	case isBlank(new):
		return fmt.Sprintf("%s%s cleared (was %s)", prefix, what, valueText(key, old))
	}
	return fmt.Sprintf("%s%s changed from %s to %s", prefix, what, valueText(key, old), valueText(key, new))
}

// isBlank reports an empty string, array or object: a setting left empty.
func isBlank(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

// timeKeys are fields holding epoch milliseconds, shown as dates.
var timeKeys = map[string]bool{
	"created_date": true, "last_modified_date": true, "last_modified_time": true,
	"last_execute_time": true, "dataTimestamp": true,
}

// valueText writes a value for a person: strings in double quotes without escapes
// (control characters aside), numbers and booleans as written, epoch milliseconds of a
// date field as an RFC 3339 UTC date, objects and arrays as compact JSON without HTML
// escapes; long values cut.
func valueText(key string, v any) string {
	if timeKeys[key] || looksLikeTimeKey(key) {
		if ms, ok := epochMillis(v); ok {
			return FormatMillis(ms)
		}
	}
	return show(v)
}

func looksLikeTimeKey(key string) bool {
	for _, s := range []string{"_date", "Date", "_time", "Time", "Timestamp"} {
		if strings.HasSuffix(key, s) {
			return true
		}
	}
	return false
}

// epochMillis reads a plausible epoch-milliseconds value (1973 to 5138).
func epochMillis(v any) (int64, bool) {
	var n int64
	switch v := v.(type) {
	case int64:
		n = v
	case int:
		n = int64(v)
	case float64:
		n = int64(v)
	case json.Number:
		i, err := v.Int64()
		if err != nil {
			return 0, false
		}
		n = i
	default:
		return 0, false
	}
	if n < 1e11 || n > 1e14 {
		return 0, false
	}
	return n, true
}

// FormatMillis writes epoch milliseconds as an RFC 3339 date in UTC, with milliseconds
// only when there are some: "2022-10-26T08:19:35.897Z".
func FormatMillis(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.999Z07:00")
}

// show writes a value for a message: strings quoted (Go-escaped only when they hold
// control characters or invalid UTF-8), other values as compact JSON without HTML escapes,
// nothing at all as "(none)", long values cut.
func show(v any) string {
	const max = 80
	var s string
	switch v := v.(type) {
	case nil:
		return "(none)"
	case string:
		s = quoteText(v)
	default:
		s = compactJSON(v)
	}
	return cut(s, max)
}

// quoteText quotes a string for a sentence: "x", with Go escapes only when the string
// holds something a terminal must not see raw (control characters, invalid UTF-8).
func quoteText(s string) string {
	if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) >= 0 {
		return strconv.Quote(s)
	}
	return `"` + s + `"`
}

// compactJSON writes v as one line of JSON without HTML escaping (json.Marshal writes
// ">" as "\u003e", which is not for people).
func compactJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// cut shortens s to at most max bytes (plus "…"), never inside a UTF-8 sequence.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	c := max
	for c > 0 && !utf8.RuneStart(s[c]) {
		c--
	}
	return s[:c] + "…"
}
