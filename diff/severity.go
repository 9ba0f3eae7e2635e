package diff

import (
	"strings"

	"github.com/fdireview/fdireview/rawform"
)

// family is a type family of the compatibility table in the package doc.
type family int

const (
	famOther family = iota
	famInteger
	famDecimal
	famString
	famTemporal
	famBoolean
	famBinary
)

var familyNames = [...]string{"other", "integer", "decimal", "string", "temporal", "boolean", "binary"}

func (f family) String() string { return familyNames[f] }

// integerRank orders integer types by range; the other families have no rank.
var integerRank = map[string]int{"TINYINT": 1, "SMALLINT": 2, "MEDIUMINT": 3, "INT": 4, "INTEGER": 4, "BIGINT": 5}

var families = map[string]family{
	"TINYINT": famInteger, "SMALLINT": famInteger, "MEDIUMINT": famInteger, "INT": famInteger,
	"INTEGER": famInteger, "BIGINT": famInteger, "INT2": famInteger, "INT4": famInteger, "INT8": famInteger,
	"SERIAL": famInteger, "BIGSERIAL": famInteger, "LONG": famInteger, "SHORT": famInteger,

	"DECIMAL": famDecimal, "NUMERIC": famDecimal, "NUMBER": famDecimal, "FLOAT": famDecimal,
	"DOUBLE": famDecimal, "REAL": famDecimal, "FLOAT4": famDecimal, "FLOAT8": famDecimal,
	"MONEY": famDecimal, "BINARY_FLOAT": famDecimal, "BINARY_DOUBLE": famDecimal,

	"CHAR": famString, "VARCHAR": famString, "VARCHAR2": famString, "NCHAR": famString,
	"NVARCHAR": famString, "NVARCHAR2": famString, "TEXT": famString, "TINYTEXT": famString,
	"MEDIUMTEXT": famString, "LONGTEXT": famString, "CLOB": famString, "NCLOB": famString,
	"STRING": famString, "ENUM": famString, "SET": famString, "JSON": famString, "UUID": famString,
	"CHARACTER": famString, "BPCHAR": famString,

	"DATE": famTemporal, "DATETIME": famTemporal, "TIMESTAMP": famTemporal, "TIME": famTemporal,
	"YEAR": famTemporal, "TIMESTAMPTZ": famTemporal, "SMALLDATETIME": famTemporal, "DATETIME2": famTemporal,

	"BOOLEAN": famBoolean, "BOOL": famBoolean, "BIT": famBoolean,

	"BINARY": famBinary, "VARBINARY": famBinary, "BLOB": famBinary, "TINYBLOB": famBinary,
	"MEDIUMBLOB": famBinary, "LONGBLOB": famBinary, "BYTEA": famBinary, "RAW": famBinary,
}

// typeName normalises a declared type for lookups: upper case, without a length suffix
// or UNSIGNED-style modifiers ("varchar(255)" → "VARCHAR", "INT UNSIGNED" → "INT").
func typeName(t string) string {
	t = strings.ToUpper(strings.TrimSpace(t))
	if i := strings.IndexAny(t, "( "); i >= 0 {
		t = t[:i]
	}
	return t
}

// Capitalised aliases used by API-type sources ("String", "Integer").
var aliasFamilies = map[string]family{"STRING": famString, "INTEGER": famInteger, "LONG": famInteger, "DOUBLE": famDecimal, "BOOLEAN": famBoolean}

func familyOf(t string) family {
	n := typeName(t)
	if f, ok := families[n]; ok {
		return f
	}
	if f, ok := aliasFamilies[n]; ok {
		return f
	}
	return famOther
}

// compat is the compatibility table of the package doc: compat[source][target].
var compat = [7][7]Severity{
	famOther:    {Warning, Warning, Warning, Warning, Warning, Warning, Warning},
	famInteger:  {Warning, Info, Info, Warning, Breaking, Breaking, Warning},
	famDecimal:  {Warning, Breaking, Info, Warning, Breaking, Breaking, Warning},
	famString:   {Warning, Breaking, Breaking, Info, Breaking, Breaking, Warning},
	famTemporal: {Warning, Breaking, Breaking, Warning, Info, Breaking, Warning},
	famBoolean:  {Warning, Warning, Warning, Warning, Breaking, Info, Warning},
	famBinary:   {Warning, Breaking, Breaking, Warning, Breaking, Breaking, Info},
}

// typeRisk says how safely values of the source type go into the target type, and why.
func typeRisk(source, target string) (Severity, string) {
	sf, tf := familyOf(source), familyOf(target)
	sev := compat[sf][tf]
	switch {
	case sf == famInteger && tf == famInteger:
		sr, tr := integerRank[typeName(source)], integerRank[typeName(target)]
		if sr > 0 && tr > 0 && tr < sr {
			return Breaking, "values beyond the target's range will be rejected"
		}
		return Info, "the target holds every source value"
	case sev == Info:
		return Info, "the target holds every source value"
	case sf == famOther || tf == famOther:
		return Warning, "the conversion is unknown to fdireview; check it"
	case sev == Breaking:
		return Breaking, "values will be rejected or lose information in the conversion from " + sf.String() + " to " + tf.String()
	}
	return Warning, "values will be converted from " + sf.String() + " to " + tf.String()
}

// lengthMatters reports whether a declared length limits the values of a type: for
// strings and binaries it is the maximum size, for decimals the precision.
func lengthMatters(t string) bool {
	switch familyOf(t) {
	case famString, famBinary, famDecimal, famOther:
		return true
	}
	return false
}

// pairRisk checks a single mapping (a new one) for narrowing and nullability, for
// mapping.added: the worst severity and the reason, or Info and "".
func pairRisk(m *rawform.Mapping) (Severity, string) {
	if m.Added() {
		return Info, ""
	}
	s, t := m.Source, m.Target
	if s.Length.Known() && t.Length.Known() && lengthMatters(t.Type) && t.Length.Value < s.Length.Value {
		return Warning, "the target " + typeString(t.Type, t.Length) + " is shorter than the source " + typeString(s.Type, s.Length)
	}
	if s.Nullable.Known() && t.Nullable.Known() && s.Nullable.Value && !t.Nullable.Value {
		return Warning, "the target is NOT NULL but the source is nullable"
	}
	if sev, why := typeRisk(s.Type, t.Type); sev != Info {
		return Warning, why
	}
	return Info, ""
}

// typeString writes a type with its length when known: "VARCHAR(255)", "INT".
func typeString(t string, l rawform.Int) string {
	if t == "" {
		t = "(no type)"
	}
	if l.Known() {
		return t + "(" + l.String() + ")"
	}
	return t
}
