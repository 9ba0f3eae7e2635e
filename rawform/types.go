package rawform

import "strings"

// Family groups column types by the kind of value they hold, across the spellings of the
// databases FDI connects (MySQL, Oracle, PostgreSQL, SQL Server, DWS/GaussDB…) and of API
// sources ("String", "Integer"). It is what "a number into a string" means in the checks
// here and in the diff package's compatibility table.
type Family string

// Type families.
const (
	FamilyInteger  Family = "integer"
	FamilyDecimal  Family = "decimal"
	FamilyString   Family = "string"
	FamilyTemporal Family = "temporal"
	FamilyBoolean  Family = "boolean"
	FamilyBinary   Family = "binary"
	FamilyOther    Family = "other" // a type this table does not know
)

// Numeric reports whether the family holds numbers (integer or decimal).
func (f Family) Numeric() bool { return f == FamilyInteger || f == FamilyDecimal }

var families = map[string]Family{
	"TINYINT": FamilyInteger, "SMALLINT": FamilyInteger, "MEDIUMINT": FamilyInteger, "INT": FamilyInteger,
	"INTEGER": FamilyInteger, "BIGINT": FamilyInteger, "INT2": FamilyInteger, "INT4": FamilyInteger,
	"INT8": FamilyInteger, "SERIAL": FamilyInteger, "BIGSERIAL": FamilyInteger, "LONG": FamilyInteger,
	"SHORT": FamilyInteger,

	"DECIMAL": FamilyDecimal, "NUMERIC": FamilyDecimal, "NUMBER": FamilyDecimal, "FLOAT": FamilyDecimal,
	"DOUBLE": FamilyDecimal, "REAL": FamilyDecimal, "FLOAT4": FamilyDecimal, "FLOAT8": FamilyDecimal,
	"MONEY": FamilyDecimal, "BINARY_FLOAT": FamilyDecimal, "BINARY_DOUBLE": FamilyDecimal,
	"DOUBLE PRECISION": FamilyDecimal,

	"CHAR": FamilyString, "VARCHAR": FamilyString, "VARCHAR2": FamilyString, "NVARCHAR": FamilyString,
	"NVARCHAR2": FamilyString, "NCHAR": FamilyString, "TEXT": FamilyString, "TINYTEXT": FamilyString,
	"MEDIUMTEXT": FamilyString, "LONGTEXT": FamilyString, "CLOB": FamilyString, "NCLOB": FamilyString,
	"STRING": FamilyString, "CHARACTER": FamilyString, "CHARACTER VARYING": FamilyString,
	"BPCHAR": FamilyString, "ENUM": FamilyString, "SET": FamilyString, "JSON": FamilyString,
	"JSONB": FamilyString, "UUID": FamilyString, "XML": FamilyString, "NTEXT": FamilyString,

	"DATE": FamilyTemporal, "TIME": FamilyTemporal, "DATETIME": FamilyTemporal, "DATETIME2": FamilyTemporal,
	"TIMESTAMP": FamilyTemporal, "TIMESTAMPTZ": FamilyTemporal, "YEAR": FamilyTemporal,
	"SMALLDATETIME": FamilyTemporal, "INTERVAL": FamilyTemporal,

	"BOOLEAN": FamilyBoolean, "BOOL": FamilyBoolean, "BIT": FamilyBoolean,

	"BLOB": FamilyBinary, "TINYBLOB": FamilyBinary, "MEDIUMBLOB": FamilyBinary, "LONGBLOB": FamilyBinary,
	"BINARY": FamilyBinary, "VARBINARY": FamilyBinary, "BYTEA": FamilyBinary, "RAW": FamilyBinary,
	"LONG RAW": FamilyBinary, "IMAGE": FamilyBinary,
}

// BaseType normalises a declared type for lookups: upper case, without a length suffix or
// UNSIGNED/ZEROFILL ("varchar(255)" → "VARCHAR", "int unsigned" → "INT", "String" → "STRING").
func BaseType(typ string) string {
	t := strings.ToUpper(strings.TrimSpace(typ))
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	return strings.TrimSuffix(strings.TrimSuffix(t, " ZEROFILL"), " UNSIGNED")
}

// TypeFamily classifies a column type as written on the wire ("VARCHAR", "int unsigned",
// "TIMESTAMP(6)", "String"). Unknown names give FamilyOther.
func TypeFamily(typ string) Family {
	t := BaseType(typ)
	if f, ok := families[t]; ok {
		return f
	}
	if strings.HasPrefix(t, "TIMESTAMP") { // TIMESTAMP WITH TIME ZONE, …
		return FamilyTemporal
	}
	return FamilyOther
}

// Family is the type family of the endpoint's declared type.
func (e Endpoint) Family() Family { return TypeFamily(e.Type) }

// Family is the type family of the column's declared type.
func (c Column) Family() Family { return TypeFamily(c.Type) }

// TypeString renders the type with its length when known: "VARCHAR(255)", "INT(11)", "String".
func (e Endpoint) TypeString() string { return typeString(e.Type, e.Length) }

// TypeString renders the column's type with its length when known.
func (c Column) TypeString() string { return typeString(c.Type, c.Length) }

func typeString(typ string, n Int) string {
	// A type written with its own arguments (TIMESTAMP(6)) is shown as written, and a
	// length of 0 (Oracle's NUMBER and CLOB, an unbounded type) as no length at all.
	if !n.Known() || n.Value == 0 || typ == "" || strings.ContainsRune(typ, '(') {
		return typ
	}
	return typ + "(" + n.String() + ")"
}
