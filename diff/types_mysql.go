package diff

// The MySQL table (also GaussDB(for MySQL), FDI type TAURUS). Lengths: a string's in
// characters, TEXT and BLOB types hold a fixed number of bytes whatever is declared, an
// integer's is a display width (INT(11) holds what INT holds), a decimal's is its
// precision (DECIMAL without one is DECIMAL(10,0)), a date-time's is its fractional
// seconds (none: 0). TINYINT(1) is BOOLEAN: MySQL's own synonym, and Connector/J reads it
// as a boolean (tinyInt1isBit). UNSIGNED and ZEROFILL written after a numeric type make it
// hold no negative values.
const (
	mysqlInteger  = "https://dev.mysql.com/doc/refman/8.4/en/integer-types.html"
	mysqlFixed    = "https://dev.mysql.com/doc/refman/8.4/en/fixed-point-types.html"
	mysqlFloat    = "https://dev.mysql.com/doc/refman/8.4/en/floating-point-types.html"
	mysqlBit      = "https://dev.mysql.com/doc/refman/8.4/en/bit-type.html"
	mysqlNumeric  = "https://dev.mysql.com/doc/refman/8.4/en/numeric-type-syntax.html"
	mysqlChar     = "https://dev.mysql.com/doc/refman/8.4/en/char.html"
	mysqlBinary   = "https://dev.mysql.com/doc/refman/8.4/en/binary-varbinary.html"
	mysqlBlob     = "https://dev.mysql.com/doc/refman/8.4/en/storage-requirements.html#data-types-storage-reqs-strings"
	mysqlDateTime = "https://dev.mysql.com/doc/refman/8.4/en/datetime.html"
	mysqlTime     = "https://dev.mysql.com/doc/refman/8.4/en/time.html"
	mysqlYear     = "https://dev.mysql.com/doc/refman/8.4/en/year.html"
	mysqlJSON     = "https://dev.mysql.com/doc/refman/8.4/en/json.html"
	mysqlEnum     = "https://dev.mysql.com/doc/refman/8.4/en/enum.html"
)

var mysqlDialect = dialect{
	name:  "MySQL",
	types: []string{"MYSQL", "TAURUS"},
	rows: []typeRule{
		{names: "TINYINT(1)|BOOL|BOOLEAN", fam: famBoolean, note: "MySQL BOOLEAN is TINYINT(1)", doc: mysqlNumeric},
		{names: "TINYINT|INT1", fam: famInteger, bits: 8, doc: mysqlInteger},
		{names: "SMALLINT|INT2", fam: famInteger, bits: 16, doc: mysqlInteger},
		{names: "MEDIUMINT|INT3|MIDDLEINT", fam: famInteger, bits: 24, doc: mysqlInteger},
		{names: "INT|INTEGER|INT4", fam: famInteger, bits: 32, doc: mysqlInteger},
		{names: "BIGINT|INT8", fam: famInteger, bits: 64, doc: mysqlInteger},
		{names: "SERIAL", fam: famInteger, bits: 64, unsigned: true, note: "MySQL SERIAL is BIGINT UNSIGNED", doc: mysqlNumeric},
		{names: "DECIMAL|DEC|NUMERIC|FIXED", fam: famDecimal, unit: unitDigits, none: of(10), max: of(65), doc: mysqlFixed},
		{names: "FLOAT|FLOAT4", fam: famDecimal, approx: 6, doc: mysqlFloat},
		{names: "DOUBLE|DOUBLE PRECISION|REAL|FLOAT8", fam: famDecimal, approx: 15, doc: mysqlFloat},
		{names: "BIT(1)", fam: famBoolean, doc: mysqlBit},
		{names: "BIT", fam: famInteger, unit: unitBits, none: of(1), max: of(64), doc: mysqlBit},
		{names: "CHAR|CHARACTER|NCHAR|NATIONAL CHAR", fam: famString, unit: unitChars, none: of(1), max: of(255), doc: mysqlChar},
		{names: "VARCHAR|CHARACTER VARYING|NVARCHAR|NATIONAL VARCHAR", fam: famString, unit: unitChars, max: of(65535), doc: mysqlChar},
		{names: "TINYTEXT", fam: famString, unit: unitBytes, fixed: of(255), doc: mysqlBlob},
		{names: "TEXT", fam: famString, unit: unitBytes, fixed: of(65535), doc: mysqlBlob},
		{names: "MEDIUMTEXT", fam: famString, unit: unitBytes, fixed: of(16777215), doc: mysqlBlob},
		{names: "LONGTEXT", fam: famString, unit: unitBytes, fixed: of(4294967295), doc: mysqlBlob},
		{names: "JSON", fam: famString, unit: unitBytes, fixed: unbounded, doc: mysqlJSON},
		{names: "ENUM|SET", fam: famString, doc: mysqlEnum},
		{names: "BINARY", fam: famBinary, unit: unitBytes, none: of(1), max: of(255), doc: mysqlBinary},
		{names: "VARBINARY", fam: famBinary, unit: unitBytes, max: of(65535), doc: mysqlBinary},
		{names: "TINYBLOB", fam: famBinary, unit: unitBytes, fixed: of(255), doc: mysqlBlob},
		{names: "BLOB", fam: famBinary, unit: unitBytes, fixed: of(65535), doc: mysqlBlob},
		{names: "MEDIUMBLOB", fam: famBinary, unit: unitBytes, fixed: of(16777215), doc: mysqlBlob},
		{names: "LONGBLOB", fam: famBinary, unit: unitBytes, fixed: of(4294967295), doc: mysqlBlob},
		{names: "DATE", fam: famTemporal, date: fullDate, years: [2]int{1000, 9999}, doc: mysqlDateTime},
		{names: "DATETIME", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, none: of(0), max: of(6), years: [2]int{1000, 9999}, doc: mysqlDateTime},
		{names: "TIMESTAMP", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, none: of(0), max: of(6), tz: true, years: [2]int{1970, 2038},
			bound: "1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC", zoneNote: "MySQL TIMESTAMP converts from the session time zone to UTC", doc: mysqlDateTime},
		{names: "TIME", fam: famTemporal, date: noDate, clock: true, unit: unitFraction, none: of(0), max: of(6), doc: mysqlTime},
		{names: "YEAR", fam: famTemporal, date: yearOnly, years: [2]int{1901, 2155}, doc: mysqlYear},
	},
}
