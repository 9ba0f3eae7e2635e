package diff

// The GaussDB(DWS) table (FDI types DWS and GAUSS200): DWS's own rows, then PostgreSQL's,
// which it derives from. As documented for its default Oracle compatibility: VARCHAR and
// VARCHAR2 count bytes, CHAR and NVARCHAR2 characters; TINYINT holds 0 to 255; DATE is
// TIMESTAMP(0), keeping seconds; TIMESTAMP keeps at most 6 fractional digits.
const (
	dwsNumeric   = "https://support.huaweicloud.com/intl/en-us/sqlreference-dws/dws_06_0009.html"
	dwsCharacter = "https://support.huaweicloud.com/intl/en-us/sqlreference-dws/dws_06_0012.html"
	dwsDateTime  = "https://support.huaweicloud.com/intl/en-us/sqlreference-dws/dws_06_0014.html"
)

var dwsRows = []typeRule{
	{names: "TINYINT|INT1", fam: famInteger, bits: 8, unsigned: true, note: "DWS TINYINT holds 0 to 255", doc: dwsNumeric},
	{names: "BINARY_INTEGER", fam: famInteger, bits: 32, doc: dwsNumeric},
	{names: "NUMBER", fam: famDecimal, unit: unitDigits, none: unbounded, max: of(1000), over: unbounded, doc: dwsNumeric},
	{names: "VARCHAR|CHARACTER VARYING|VARCHAR2", fam: famString, unit: unitBytes, none: unbounded, max: of(10485760), over: unbounded, note: "DWS VARCHAR counts bytes", doc: dwsCharacter},
	{names: "CHAR|CHARACTER|NCHAR|BPCHAR", fam: famString, unit: unitChars, none: of(1), max: of(10485760), doc: dwsCharacter},
	{names: "NVARCHAR2", fam: famString, unit: unitChars, none: unbounded, max: of(10485760), over: unbounded, doc: dwsCharacter},
	{names: "CLOB|TEXT", fam: famString, unit: unitBytes, fixed: of(1073733621), doc: dwsCharacter},
	{names: "DATE", fam: famTemporal, date: fullDate, clock: true, years: [2]int{-4713, 294276}, note: "DWS DATE is TIMESTAMP(0): it keeps seconds but not fractions", doc: dwsDateTime},
	{names: "SMALLDATETIME", fam: famTemporal, date: fullDate, clock: true, minute: true, years: [2]int{-4713, 294276}, note: "DWS SMALLDATETIME rounds to the minute", doc: dwsDateTime},
}

var dwsDialect = dialect{
	name:  "DWS",
	types: []string{"DWS", "GAUSS200"},
	rows:  append(append([]typeRule(nil), dwsRows...), postgresRows...),
}
