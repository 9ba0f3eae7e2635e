package diff

import (
	"strconv"
	"strings"

	"github.com/fdireview/fdireview/rawform"
)

// This file holds what is particular to API-source mappings (rawform.FormInput, the
// items of mappingInput.dataSource): their pointers, and the risk table of an API field
// type going into a target column type. They are matched, paired and reported by the
// same code as table mappings (tasks.go); only the wire keys and the type table differ.

const ptrInputMappings = ptrInput + "/dataSource/"

// wirePointer is the pointer of a mapping attribute, given as the table form's prefix and
// key (ptrMappings + "/targetColumn", ptrProps + "/targetNullable", …): for a table
// mapping, prefix + index + key; for an API mapping, the item of mappingInput.dataSource
// and its sourceKey or targetKey — the only keys it has on the wire (types, lengths and
// nullability come from the API field and the target column, whose own changes are
// reported at their own pointers as column.changed).
func wirePointer(m *rawform.Mapping, prefix string, idx int, key string) string {
	if m.Form != rawform.FormInput {
		return prefix + strconv.Itoa(idx) + key
	}
	base := ptrInputMappings + strconv.Itoa(m.Index)
	switch {
	case key == "":
		return base
	case strings.HasPrefix(key, "/source"):
		return base + "/sourceKey"
	}
	return base + "/targetKey"
}

// mappingRisk is the risk of the pair a mapping writes: the API table below for an API
// mapping; for a table mapping, the source database's type table read into the target
// database's (judge), or the compatibility table of the package doc by families where a
// database has no table.
func (d *differ) mappingRisk(m *rawform.Mapping) (Severity, string) {
	if m.Form == rawform.FormInput {
		return apiRisk(m.Source.Type, m.Source.Format, m.Target.Type, readEndpoint(d.tgtDialect, m.Target.Type, m.Target.Length).fam)
	}
	return judge(d.endpoints(m))
}

// apiFamily is the family of an API field type: JSON values, not database columns.
type apiFamily int

const (
	apiOther apiFamily = iota
	apiString
	apiInteger // Integer, Long, Short
	apiDecimal // Double, Float, BigDecimal, Number
	apiBoolean
	apiDate // Date, Timestamp, DateTime: parsed with the field's format
)

var apiFamilies = map[string]apiFamily{
	"STRING": apiString, "INTEGER": apiInteger, "INT": apiInteger, "LONG": apiInteger, "SHORT": apiInteger,
	"DOUBLE": apiDecimal, "FLOAT": apiDecimal, "BIGDECIMAL": apiDecimal, "NUMBER": apiDecimal, "DECIMAL": apiDecimal,
	"BOOLEAN": apiBoolean, "BOOL": apiBoolean,
	"DATE": apiDate, "TIMESTAMP": apiDate, "DATETIME": apiDate, "TIME": apiDate,
}

// apiCompat is the API-type family table: apiCompat[API family][target family] with the
// reason, {FORMAT} standing for the field's format.
//
//	API type \ target  integer   decimal   string    temporal          boolean   binary    other
//	String             warning   warning   info      warning (format)  warning   warning   warning
//	Integer/Long       info      info      info      warning (epoch)   breaking  warning   warning
//	Double             breaking  info      info      breaking          breaking  warning   warning
//	Boolean            warning   warning   info      breaking          info      warning   warning
//	Date/Timestamp     breaking  breaking  warning   info (format)     breaking  warning   warning
//	other              warning   warning   warning   warning           warning   warning   warning
//
// JSON text goes into any string column (its length is checked separately); text into a
// number, date or boolean column is parsed, and values that do not parse are rejected, so
// it is a warning naming the format when there is one (String → TIMESTAMP(6) with format
// yyyy-MM-dd: "parsed with format yyyy-MM-dd").
var apiCompat = map[apiFamily]map[family]struct {
	sev Severity
	why string
}{
	apiString: {
		famInteger:  {Warning, "text is parsed as a number; values that are not numbers will be rejected"},
		famDecimal:  {Warning, "text is parsed as a number; values that are not numbers will be rejected"},
		famString:   {Info, "text into text"},
		famTemporal: {Warning, "text is parsed as a date{FORMAT}; values in another form will be rejected"},
		famBoolean:  {Warning, "text is parsed as a boolean; other values will be rejected"},
	},
	apiInteger: {
		famInteger:  {Info, "the target holds whole numbers"},
		famDecimal:  {Info, "the target holds every whole number"},
		famString:   {Info, "numbers are written as text"},
		famTemporal: {Warning, "numbers are read as epoch times{FORMAT}; check the unit"},
		famBoolean:  {Breaking, "numbers cannot be written as booleans"},
	},
	apiDecimal: {
		famInteger:  {Breaking, "fractions will be lost or rejected"},
		famDecimal:  {Info, "the target holds decimals"},
		famString:   {Info, "numbers are written as text"},
		famTemporal: {Breaking, "decimals cannot be written as dates"},
		famBoolean:  {Breaking, "decimals cannot be written as booleans"},
	},
	apiBoolean: {
		famInteger:  {Warning, "booleans are written as numbers (0/1)"},
		famDecimal:  {Warning, "booleans are written as numbers (0/1)"},
		famString:   {Info, "booleans are written as text"},
		famTemporal: {Breaking, "booleans cannot be written as dates"},
		famBoolean:  {Info, "the target holds booleans"},
	},
	apiDate: {
		famInteger:  {Breaking, "dates cannot be written as numbers"},
		famDecimal:  {Breaking, "dates cannot be written as numbers"},
		famString:   {Warning, "dates are written as text{FORMAT}"},
		famTemporal: {Info, "dates into a date column{FORMAT}"},
		famBoolean:  {Breaking, "dates cannot be written as booleans"},
	},
}

// apiRisk says how safely values of an API field of type apiType (with format) go into a
// target column of type target, of family tf, and why.
func apiRisk(apiType, format, target string, tf family) (Severity, string) {
	af, ok := apiFamilies[strings.ToUpper(strings.TrimSpace(apiType))]
	row := apiCompat[af]
	cell, known := row[tf]
	if !ok || !known {
		return Warning, "the conversion of API type " + orNone(apiType) + " into " + orNone(target) + " is unknown to fdireview; check it"
	}
	f := ""
	if format != "" {
		f = " with format " + format
	} else if tf == famTemporal || af == apiDate {
		f = " with no format given"
	}
	return cell.sev, strings.ReplaceAll(cell.why, "{FORMAT}", f)
}

// fieldWhat describes an API field for a message: its type, with its format and path when
// it has them ("String", "Date yyyy-MM-dd at $.when").
func fieldWhat(f *rawform.Field) string {
	s := orNone(f.Type)
	if f.Format != "" {
		s += " " + f.Format
	}
	if f.Path != "" {
		s += " at " + f.Path
	}
	return s
}
