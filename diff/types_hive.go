package diff

// The Apache Hive table (FDI types HIVE, MRSHIVE, FIHIVE). Hive writes NULL for a number
// or date it cannot hold, and cuts a string longer than a VARCHAR's or CHAR's length
// (counted in characters); STRING is unbounded; DECIMAL without a precision is
// DECIMAL(10,0); TIMESTAMP keeps nanoseconds and no time zone.
const hiveTypes = "https://cwiki.apache.org/confluence/display/Hive/LanguageManual+Types"

var hiveDialect = dialect{
	name:  "Hive",
	types: []string{"HIVE", "MRSHIVE", "FIHIVE"},
	loses: "become NULL",
	rows: []typeRule{
		{names: "TINYINT", fam: famInteger, bits: 8, doc: hiveTypes},
		{names: "SMALLINT", fam: famInteger, bits: 16, doc: hiveTypes},
		{names: "INT|INTEGER", fam: famInteger, bits: 32, doc: hiveTypes},
		{names: "BIGINT", fam: famInteger, bits: 64, doc: hiveTypes},
		{names: "FLOAT", fam: famDecimal, approx: 6, doc: hiveTypes},
		{names: "DOUBLE|DOUBLE PRECISION", fam: famDecimal, approx: 15, doc: hiveTypes},
		{names: "DECIMAL|NUMERIC", fam: famDecimal, unit: unitDigits, none: of(10), max: of(38), doc: hiveTypes},
		{names: "STRING", fam: famString, unit: unitChars, fixed: unbounded, doc: hiveTypes},
		{names: "VARCHAR", fam: famString, unit: unitChars, max: of(65535), doc: hiveTypes},
		{names: "CHAR", fam: famString, unit: unitChars, max: of(255), doc: hiveTypes},
		{names: "BINARY", fam: famBinary, unit: unitBytes, fixed: unbounded, doc: hiveTypes},
		{names: "BOOLEAN", fam: famBoolean, doc: hiveTypes},
		{names: "DATE", fam: famTemporal, date: fullDate, years: [2]int{1, 9999}, doc: hiveTypes},
		{names: "TIMESTAMP", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, fixed: of(9), years: [2]int{1, 9999}, doc: hiveTypes},
		{names: "TIMESTAMP WITH LOCAL TIME ZONE", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, fixed: of(9), tz: true, years: [2]int{1, 9999}, doc: hiveTypes},
	},
}
