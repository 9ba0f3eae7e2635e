package diff

// The SQL Server table. Lengths: CHAR and VARCHAR count bytes of the column's code page
// (characters outside it are lost), NCHAR and NVARCHAR characters of Unicode; (MAX), or
// in the length field -1 or a length beyond 8000 (4000 for NVARCHAR; JDBC reports (MAX)
// as 2147483647), is up to 2 GB; DECIMAL without a precision is DECIMAL(18,0);
// DATETIME2, DATETIMEOFFSET and TIME have 7 fractional digits unless declared. TINYINT
// holds 0 to 255; BIT is a boolean; DATETIME rounds to 1/300 second and holds 1753 to
// 9999; SMALLDATETIME rounds to the minute.
const (
	mssqlInt      = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/int-bigint-smallint-and-tinyint-transact-sql"
	mssqlDecimal  = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/decimal-and-numeric-transact-sql"
	mssqlFloat    = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/float-and-real-transact-sql"
	mssqlMoney    = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/money-and-smallmoney-transact-sql"
	mssqlBit      = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/bit-transact-sql"
	mssqlChar     = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/char-and-varchar-transact-sql"
	mssqlNChar    = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/nchar-and-nvarchar-transact-sql"
	mssqlText     = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/ntext-text-and-image-transact-sql"
	mssqlBinary   = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/binary-and-varbinary-transact-sql"
	mssqlDate     = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/date-transact-sql"
	mssqlDatetime = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/datetime-transact-sql"
	mssqlDT2      = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/datetime2-transact-sql"
	mssqlDTO      = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/datetimeoffset-transact-sql"
	mssqlSmallDT  = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/smalldatetime-transact-sql"
	mssqlTime     = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/time-transact-sql"
	mssqlGUID     = "https://learn.microsoft.com/en-us/sql/t-sql/data-types/uniqueidentifier-transact-sql"
	mssqlXML      = "https://learn.microsoft.com/en-us/sql/t-sql/xml/xml-transact-sql"
)

var sqlServerDialect = dialect{
	name:  "SQL Server",
	types: []string{"SQLSERVER"},
	rows: []typeRule{
		{names: "TINYINT", fam: famInteger, bits: 8, unsigned: true, note: "SQL Server TINYINT holds 0 to 255", doc: mssqlInt},
		{names: "SMALLINT", fam: famInteger, bits: 16, doc: mssqlInt},
		{names: "INT|INTEGER", fam: famInteger, bits: 32, doc: mssqlInt},
		{names: "BIGINT", fam: famInteger, bits: 64, doc: mssqlInt},
		{names: "DECIMAL|DEC|NUMERIC", fam: famDecimal, unit: unitDigits, none: of(18), max: of(38), doc: mssqlDecimal},
		{names: "MONEY", fam: famDecimal, unit: unitDigits, fixed: of(19), scale: 4, doc: mssqlMoney},
		{names: "SMALLMONEY", fam: famDecimal, unit: unitDigits, fixed: of(10), scale: 4, doc: mssqlMoney},
		{names: "FLOAT|DOUBLE PRECISION", fam: famDecimal, approx: 15, doc: mssqlFloat},
		{names: "REAL", fam: famDecimal, approx: 6, doc: mssqlFloat},
		{names: "BIT", fam: famBoolean, doc: mssqlBit},
		{names: "CHAR|CHARACTER", fam: famString, unit: unitBytes, none: of(1), max: of(8000), codePage: true, doc: mssqlChar},
		{names: "VARCHAR|CHARACTER VARYING", fam: famString, unit: unitBytes, none: of(1), max: of(8000), over: unbounded, codePage: true,
			note: "SQL Server VARCHAR holds the characters of its collation's code page", doc: mssqlChar},
		{names: "TEXT", fam: famString, unit: unitBytes, fixed: unbounded, codePage: true, doc: mssqlText},
		{names: "NCHAR|NATIONAL CHARACTER", fam: famString, unit: unitChars, none: of(1), max: of(4000), doc: mssqlNChar},
		{names: "NVARCHAR|NATIONAL CHARACTER VARYING", fam: famString, unit: unitChars, none: of(1), max: of(4000), over: unbounded, doc: mssqlNChar},
		{names: "NTEXT", fam: famString, unit: unitChars, fixed: unbounded, doc: mssqlText},
		{names: "XML", fam: famString, unit: unitChars, fixed: unbounded, doc: mssqlXML},
		{names: "UNIQUEIDENTIFIER", fam: famString, unit: unitChars, fixed: of(36), doc: mssqlGUID},
		{names: "BINARY", fam: famBinary, unit: unitBytes, none: of(1), max: of(8000), doc: mssqlBinary},
		{names: "VARBINARY", fam: famBinary, unit: unitBytes, none: of(1), max: of(8000), over: unbounded, doc: mssqlBinary},
		{names: "IMAGE", fam: famBinary, unit: unitBytes, fixed: unbounded, doc: mssqlText},
		{names: "DATE", fam: famTemporal, date: fullDate, years: [2]int{1, 9999}, doc: mssqlDate},
		{names: "DATETIME", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, fixed: of(2), years: [2]int{1753, 9999},
			note: "SQL Server DATETIME rounds to 1/300 second", doc: mssqlDatetime},
		{names: "DATETIME2", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, none: of(7), max: of(7), years: [2]int{1, 9999}, doc: mssqlDT2},
		{names: "DATETIMEOFFSET", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, none: of(7), max: of(7), tz: true, years: [2]int{1, 9999}, doc: mssqlDTO},
		{names: "SMALLDATETIME", fam: famTemporal, date: fullDate, clock: true, minute: true, years: [2]int{1900, 2079},
			bound: "1900-01-01 to 2079-06-06", note: "SQL Server SMALLDATETIME rounds to the minute", doc: mssqlSmallDT},
		{names: "TIME", fam: famTemporal, date: noDate, clock: true, unit: unitFraction, none: of(7), max: of(7), doc: mssqlTime},
	},
}
