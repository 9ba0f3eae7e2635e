package diff

// The ClickHouse table (FDI types CLICKHOUSE and MRSCLICKHOUSE). Names are matched in
// upper case (Int32 is INT32); Nullable(T) and LowCardinality(T) hold what T holds.
// Decimal32(S) … Decimal256(S) take the scale, their precision fixed (9, 18, 38, 76);
// String and FixedString(N) count bytes; Date holds 1970 to 2149, Date32 and DateTime64
// 1900 to 2299, DateTime 1970 to 2106 in seconds, converted with a time zone.
const (
	chInt      = "https://clickhouse.com/docs/en/sql-reference/data-types/int-uint"
	chFloat    = "https://clickhouse.com/docs/en/sql-reference/data-types/float"
	chDecimal  = "https://clickhouse.com/docs/en/sql-reference/data-types/decimal"
	chBool     = "https://clickhouse.com/docs/en/sql-reference/data-types/boolean"
	chString   = "https://clickhouse.com/docs/en/sql-reference/data-types/string"
	chFixed    = "https://clickhouse.com/docs/en/sql-reference/data-types/fixedstring"
	chUUID     = "https://clickhouse.com/docs/en/sql-reference/data-types/uuid"
	chDate     = "https://clickhouse.com/docs/en/sql-reference/data-types/date"
	chDate32   = "https://clickhouse.com/docs/en/sql-reference/data-types/date32"
	chDateTime = "https://clickhouse.com/docs/en/sql-reference/data-types/datetime"
	chDT64     = "https://clickhouse.com/docs/en/sql-reference/data-types/datetime64"
	chEnum     = "https://clickhouse.com/docs/en/sql-reference/data-types/enum"
)

var clickHouseDialect = dialect{
	name:  "ClickHouse",
	types: []string{"CLICKHOUSE", "MRSCLICKHOUSE"},
	rows: []typeRule{
		{names: "INT8|TINYINT", fam: famInteger, bits: 8, doc: chInt},
		{names: "INT16|SMALLINT", fam: famInteger, bits: 16, doc: chInt},
		{names: "INT32|INT|INTEGER", fam: famInteger, bits: 32, doc: chInt},
		{names: "INT64|BIGINT", fam: famInteger, bits: 64, doc: chInt},
		{names: "INT128", fam: famInteger, bits: 128, doc: chInt},
		{names: "INT256", fam: famInteger, bits: 256, doc: chInt},
		{names: "UINT8", fam: famInteger, bits: 8, unsigned: true, doc: chInt},
		{names: "UINT16", fam: famInteger, bits: 16, unsigned: true, doc: chInt},
		{names: "UINT32", fam: famInteger, bits: 32, unsigned: true, doc: chInt},
		{names: "UINT64", fam: famInteger, bits: 64, unsigned: true, doc: chInt},
		{names: "UINT128", fam: famInteger, bits: 128, unsigned: true, doc: chInt},
		{names: "UINT256", fam: famInteger, bits: 256, unsigned: true, doc: chInt},
		{names: "FLOAT32|FLOAT", fam: famDecimal, approx: 6, doc: chFloat},
		{names: "FLOAT64|DOUBLE", fam: famDecimal, approx: 15, doc: chFloat},
		{names: "DECIMAL", fam: famDecimal, unit: unitDigits, none: of(10), max: of(76), doc: chDecimal},
		{names: "DECIMAL32", fam: famDecimal, unit: unitDigits, fixed: of(9), scaleArg: true, doc: chDecimal},
		{names: "DECIMAL64", fam: famDecimal, unit: unitDigits, fixed: of(18), scaleArg: true, doc: chDecimal},
		{names: "DECIMAL128", fam: famDecimal, unit: unitDigits, fixed: of(38), scaleArg: true, doc: chDecimal},
		{names: "DECIMAL256", fam: famDecimal, unit: unitDigits, fixed: of(76), scaleArg: true, doc: chDecimal},
		{names: "BOOL|BOOLEAN", fam: famBoolean, doc: chBool},
		{names: "STRING", fam: famString, unit: unitBytes, fixed: unbounded, doc: chString},
		{names: "FIXEDSTRING", fam: famString, unit: unitBytes, note: "ClickHouse FixedString(N) holds N bytes", doc: chFixed},
		{names: "UUID", fam: famString, unit: unitChars, fixed: of(36), doc: chUUID},
		{names: "ENUM8|ENUM16|ENUM", fam: famString, doc: chEnum},
		{names: "DATE", fam: famTemporal, date: fullDate, years: [2]int{1970, 2149}, doc: chDate},
		{names: "DATE32", fam: famTemporal, date: fullDate, years: [2]int{1900, 2299}, doc: chDate32},
		{names: "DATETIME", fam: famTemporal, date: fullDate, clock: true, tz: true, years: [2]int{1970, 2106},
			zoneNote: "ClickHouse DateTime is a Unix time read in a time zone", doc: chDateTime},
		{names: "DATETIME64", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, none: of(3), max: of(9), tz: true, years: [2]int{1900, 2299}, doc: chDT64},
	},
}
