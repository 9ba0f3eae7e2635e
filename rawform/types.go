package rawform

import "strings"

// Family groups column types by the kind of value they hold, across the spellings of the
// databases FDI connects (MySQL, Oracle, PostgreSQL, SQL Server, DWS/GaussDB…) and of API
// sources ("String", "Integer"). It is what "a number into a string" means in checks and
// in the diff.
type Family string

// Type families.
const (
	FamilyNumber  Family = "number"
	FamilyString  Family = "string"
	FamilyTime    Family = "time"
	FamilyBool    Family = "boolean"
	FamilyBinary  Family = "binary"
	FamilyUnknown Family = "unknown"
)

var families = map[string]Family{
	"TINYINT": FamilyNumber, "SMALLINT": FamilyNumber, "MEDIUMINT": FamilyNumber, "INT": FamilyNumber,
	"INTEGER": FamilyNumber, "BIGINT": FamilyNumber, "DECIMAL": FamilyNumber, "NUMERIC": FamilyNumber,
	"NUMBER": FamilyNumber, "FLOAT": FamilyNumber, "DOUBLE": FamilyNumber, "REAL": FamilyNumber,
	"INT2": FamilyNumber, "INT4": FamilyNumber, "INT8": FamilyNumber, "FLOAT4": FamilyNumber,
	"FLOAT8": FamilyNumber, "SERIAL": FamilyNumber, "BIGSERIAL": FamilyNumber, "MONEY": FamilyNumber,
	"LONG": FamilyNumber, "SHORT": FamilyNumber, "BINARY_FLOAT": FamilyNumber, "BINARY_DOUBLE": FamilyNumber,
	"DOUBLE PRECISION": FamilyNumber, "BIT": FamilyNumber,

	"CHAR": FamilyString, "VARCHAR": FamilyString, "VARCHAR2": FamilyString, "NVARCHAR": FamilyString,
	"NVARCHAR2": FamilyString, "NCHAR": FamilyString, "TEXT": FamilyString, "TINYTEXT": FamilyString,
	"MEDIUMTEXT": FamilyString, "LONGTEXT": FamilyString, "CLOB": FamilyString, "NCLOB": FamilyString,
	"STRING": FamilyString, "CHARACTER": FamilyString, "CHARACTER VARYING": FamilyString,
	"BPCHAR": FamilyString, "ENUM": FamilyString, "SET": FamilyString, "JSON": FamilyString,
	"JSONB": FamilyString, "UUID": FamilyString, "XML": FamilyString, "NTEXT": FamilyString,

	"DATE": FamilyTime, "TIME": FamilyTime, "DATETIME": FamilyTime, "DATETIME2": FamilyTime,
	"TIMESTAMP": FamilyTime, "TIMESTAMPTZ": FamilyTime, "YEAR": FamilyTime, "SMALLDATETIME": FamilyTime,
	"INTERVAL": FamilyTime,

	"BOOLEAN": FamilyBool, "BOOL": FamilyBool,

	"BLOB": FamilyBinary, "TINYBLOB": FamilyBinary, "MEDIUMBLOB": FamilyBinary, "LONGBLOB": FamilyBinary,
	"BINARY": FamilyBinary, "VARBINARY": FamilyBinary, "BYTEA": FamilyBinary, "RAW": FamilyBinary,
	"LONG RAW": FamilyBinary, "IMAGE": FamilyBinary,
}

// TypeFamily classifies a column type as written on the wire ("VARCHAR", "int unsigned",
// "TIMESTAMP(6)", "String"). Unknown names give FamilyUnknown.
func TypeFamily(typ string) Family {
	t := strings.ToUpper(strings.TrimSpace(typ))
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, " UNSIGNED"), " ZEROFILL")
	if f, ok := families[t]; ok {
		return f
	}
	if strings.HasPrefix(t, "TIMESTAMP") {
		return FamilyTime
	}
	return FamilyUnknown
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
	if !n.Known() || typ == "" || strings.ContainsRune(typ, '(') {
		return typ
	}
	return typ + "(" + n.String() + ")"
}
