package diff

// The Oracle Database table. Lengths: VARCHAR2 and CHAR count bytes unless declared with
// CHAR ("VARCHAR2(64 CHAR)"; the default NLS_LENGTH_SEMANTICS is BYTE), NVARCHAR2 and
// NCHAR count characters; NUMBER's is its precision, and NUMBER without one (length "0")
// holds any number of up to 38 significant digits; CLOB, NCLOB and BLOB are unbounded
// whatever their length says; TIMESTAMP's is its fractional seconds (none: 6). DATE keeps
// a time of day to the second, without fractions.
// Every row cites the SQL Language Reference's data types page, which has one section per
// type (Oracle BOOLEAN is in the 23ai edition).
const (
	oracleTypes = "https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Data-Types.html"
	oracleBool  = "https://docs.oracle.com/en/database/oracle/oracle-database/23/sqlrf/Data-Types.html"
)

var oracleDialect = dialect{
	name:  "Oracle",
	types: []string{"ORACLE"},
	rows: []typeRule{
		{names: "NUMBER", fam: famDecimal, unit: unitDigits, none: unbounded, max: of(38), note: "Oracle NUMBER without a precision holds up to 38 significant digits", doc: oracleTypes},
		{names: "INTEGER|INT|SMALLINT", fam: famInteger, unit: unitDigits, fixed: of(38), note: "Oracle INTEGER is NUMBER(38)", doc: oracleTypes},
		{names: "DECIMAL|DEC|NUMERIC", fam: famDecimal, unit: unitDigits, none: of(38), max: of(38), doc: oracleTypes},
		{names: "FLOAT|REAL|DOUBLE PRECISION", fam: famDecimal, unit: unitDigits, fixed: unbounded, note: "Oracle FLOAT is a NUMBER with a binary precision", doc: oracleTypes},
		{names: "BINARY_FLOAT", fam: famDecimal, approx: 6, doc: oracleTypes},
		{names: "BINARY_DOUBLE", fam: famDecimal, approx: 15, doc: oracleTypes},
		{names: "VARCHAR2|VARCHAR", fam: famString, unit: unitBytes, max: of(32767), note: "Oracle VARCHAR2 counts bytes unless declared with CHAR", doc: oracleTypes},
		{names: "CHAR|CHARACTER", fam: famString, unit: unitBytes, none: of(1), max: of(2000), doc: oracleTypes},
		{names: "NVARCHAR2", fam: famString, unit: unitChars, max: of(16383), doc: oracleTypes},
		{names: "NCHAR", fam: famString, unit: unitChars, none: of(1), max: of(1000), doc: oracleTypes},
		{names: "CLOB|NCLOB|LONG", fam: famString, unit: unitChars, fixed: unbounded, doc: oracleTypes},
		{names: "XMLTYPE|JSON", fam: famString, unit: unitChars, fixed: unbounded, doc: oracleTypes},
		{names: "BLOB|LONG RAW|BFILE", fam: famBinary, unit: unitBytes, fixed: unbounded, doc: oracleTypes},
		{names: "RAW", fam: famBinary, unit: unitBytes, max: of(32767), doc: oracleTypes},
		{names: "DATE", fam: famTemporal, date: fullDate, clock: true, years: [2]int{-4712, 9999}, note: "Oracle DATE keeps seconds but not fractions", doc: oracleTypes},
		{names: "TIMESTAMP", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, none: of(6), max: of(9), years: [2]int{-4712, 9999}, doc: oracleTypes},
		{names: "TIMESTAMP WITH TIME ZONE", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, none: of(6), max: of(9), tz: true, years: [2]int{-4712, 9999}, doc: oracleTypes},
		{names: "TIMESTAMP WITH LOCAL TIME ZONE", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, none: of(6), max: of(9), tz: true, years: [2]int{-4712, 9999},
			zoneNote: "Oracle TIMESTAMP WITH LOCAL TIME ZONE stores values in the database time zone", doc: oracleTypes},
		{names: "BOOLEAN", fam: famBoolean, doc: oracleBool},
	},
}
