package diff

// The PostgreSQL table, and openGauss's: PostgreSQL's rows with openGauss's own first.
// PostgreSQL lengths: VARCHAR(n) and CHAR(n) count characters, and VARCHAR or NUMERIC
// without one are unbounded, as is a length beyond the largest (JDBC reports an unbounded
// varchar as 2147483647); TIMESTAMP's is its fractional seconds (none: 6). openGauss
// (A compatibility, its default) differs: VARCHAR, VARCHAR2 and CHAR count bytes,
// NVARCHAR2 characters, TINYINT holds 0 to 255, and DATE is TIMESTAMP(0), keeping
// seconds.
const (
	pgNumeric   = "https://www.postgresql.org/docs/current/datatype-numeric.html"
	pgCharacter = "https://www.postgresql.org/docs/current/datatype-character.html"
	pgBinary    = "https://www.postgresql.org/docs/current/datatype-binary.html"
	pgDateTime  = "https://www.postgresql.org/docs/current/datatype-datetime.html"
	pgBoolean   = "https://www.postgresql.org/docs/current/datatype-boolean.html"
	pgMoney     = "https://www.postgresql.org/docs/current/datatype-money.html"
	pgUUID      = "https://www.postgresql.org/docs/current/datatype-uuid.html"
	pgJSON      = "https://www.postgresql.org/docs/current/datatype-json.html"

	ogNumeric   = "https://docs.opengauss.org/en/docs/latest/docs/SQLReference/numeric-types.html"
	ogCharacter = "https://docs.opengauss.org/en/docs/latest/docs/SQLReference/character-types.html"
	ogDateTime  = "https://docs.opengauss.org/en/docs/latest/docs/SQLReference/date-time-types.html"
	ogBinary    = "https://docs.opengauss.org/en/docs/latest/docs/SQLReference/binary-types.html"
)

var postgresRows = []typeRule{
	{names: "SMALLINT|INT2|SMALLSERIAL|SERIAL2", fam: famInteger, bits: 16, doc: pgNumeric},
	{names: "INTEGER|INT|INT4|SERIAL|SERIAL4", fam: famInteger, bits: 32, doc: pgNumeric},
	{names: "BIGINT|INT8|BIGSERIAL|SERIAL8", fam: famInteger, bits: 64, doc: pgNumeric},
	{names: "NUMERIC|DECIMAL", fam: famDecimal, unit: unitDigits, none: unbounded, max: of(1000), over: unbounded, note: "PostgreSQL NUMERIC without a precision is unbounded", doc: pgNumeric},
	{names: "REAL|FLOAT4", fam: famDecimal, approx: 6, doc: pgNumeric},
	{names: "DOUBLE PRECISION|FLOAT8|FLOAT", fam: famDecimal, approx: 15, doc: pgNumeric},
	{names: "MONEY", fam: famDecimal, unit: unitDigits, fixed: of(19), scale: 2, doc: pgMoney},
	{names: "VARCHAR|CHARACTER VARYING", fam: famString, unit: unitChars, none: unbounded, max: of(10485760), over: unbounded, doc: pgCharacter},
	{names: "CHAR|CHARACTER|BPCHAR", fam: famString, unit: unitChars, none: of(1), max: of(10485760), doc: pgCharacter},
	{names: "TEXT|CITEXT|XML", fam: famString, unit: unitChars, fixed: unbounded, doc: pgCharacter},
	{names: "JSON|JSONB", fam: famString, unit: unitChars, fixed: unbounded, doc: pgJSON},
	{names: "UUID", fam: famString, unit: unitChars, fixed: of(36), doc: pgUUID},
	{names: "BYTEA", fam: famBinary, unit: unitBytes, fixed: unbounded, doc: pgBinary},
	{names: "BOOLEAN|BOOL", fam: famBoolean, doc: pgBoolean},
	{names: "DATE", fam: famTemporal, date: fullDate, years: [2]int{-4713, 5874897}, doc: pgDateTime},
	{names: "TIMESTAMP", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, none: of(6), max: of(6), years: [2]int{-4713, 294276}, doc: pgDateTime},
	{names: "TIMESTAMPTZ|TIMESTAMP WITH TIME ZONE", fam: famTemporal, date: fullDate, clock: true, unit: unitFraction, none: of(6), max: of(6), tz: true, years: [2]int{-4713, 294276},
		zoneNote: "PostgreSQL TIMESTAMPTZ stores UTC and reads values without a zone in the session's", doc: pgDateTime},
	{names: "TIME", fam: famTemporal, date: noDate, clock: true, unit: unitFraction, none: of(6), max: of(6), doc: pgDateTime},
	{names: "TIMETZ|TIME WITH TIME ZONE", fam: famTemporal, date: noDate, clock: true, unit: unitFraction, none: of(6), max: of(6), tz: true, doc: pgDateTime},
}

var postgresDialect = dialect{
	name:  "PostgreSQL",
	types: []string{"POSTGRESQL"},
	rows:  postgresRows,
}

var openGaussRows = []typeRule{
	{names: "TINYINT|INT1", fam: famInteger, bits: 8, unsigned: true, note: "openGauss TINYINT holds 0 to 255", doc: ogNumeric},
	{names: "NUMBER", fam: famDecimal, unit: unitDigits, none: unbounded, max: of(1000), over: unbounded, doc: ogNumeric},
	{names: "VARCHAR|CHARACTER VARYING|VARCHAR2", fam: famString, unit: unitBytes, none: unbounded, max: of(10485760), over: unbounded, note: "openGauss VARCHAR counts bytes", doc: ogCharacter},
	{names: "CHAR|CHARACTER|NCHAR|BPCHAR", fam: famString, unit: unitBytes, none: of(1), max: of(10485760), note: "openGauss CHAR counts bytes", doc: ogCharacter},
	{names: "NVARCHAR2|NVARCHAR", fam: famString, unit: unitChars, none: unbounded, max: of(10485760), over: unbounded, doc: ogCharacter},
	{names: "CLOB", fam: famString, unit: unitChars, fixed: unbounded, doc: ogCharacter},
	{names: "BLOB|RAW", fam: famBinary, unit: unitBytes, fixed: unbounded, doc: ogBinary},
	{names: "DATE", fam: famTemporal, date: fullDate, clock: true, years: [2]int{-4713, 294276}, note: "openGauss DATE is TIMESTAMP(0): it keeps seconds but not fractions", doc: ogDateTime},
	{names: "SMALLDATETIME", fam: famTemporal, date: fullDate, clock: true, minute: true, years: [2]int{-4713, 294276}, doc: ogDateTime},
}

var openGaussDialect = dialect{
	name:  "openGauss",
	types: []string{"OPENGAUSS"},
	rows:  append(append([]typeRule(nil), openGaussRows...), postgresRows...),
}
