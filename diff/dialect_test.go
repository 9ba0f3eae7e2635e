package diff

import (
	"os"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/rawform"
)

// n is a declared length as FDI writes it (a string-encoded number); unset is no length.
func n(v int64) rawform.Int { return rawform.Int{Value: v, Enc: rawform.EncString} }

var unset rawform.Int

// judgeCase is one source endpoint into one target endpoint, each read with its own
// database's table.
type judgeCase struct {
	src, tgt       string // FDI data source types
	srcType, tType string
	srcLen, tLen   rawform.Int
	want           Severity
	says           string // a part of the sentence
}

func runJudgeCases(t *testing.T, cases []judgeCase) {
	t.Helper()
	for _, c := range cases {
		name := c.src + " " + typeString(c.srcType, c.srcLen) + " → " + c.tgt + " " + typeString(c.tType, c.tLen)
		t.Run(name, func(t *testing.T) {
			sev, why := judge(readEndpoint(dialectFor(c.src), c.srcType, c.srcLen), readEndpoint(dialectFor(c.tgt), c.tType, c.tLen))
			if sev != c.want || !strings.Contains(why, c.says) {
				t.Errorf("got %s %q\nwant %s containing %q", sev, why, c.want, c.says)
			}
		})
	}
}

func TestJudgeMySQL(t *testing.T) {
	const m = "MYSQL"
	runJudgeCases(t, []judgeCase{
		{m, m, "INT", "INT UNSIGNED", n(11), n(10), Breaking, "MySQL INT UNSIGNED(10) holds no negative values"},
		{m, m, "int unsigned", "BIGINT", unset, unset, Info, holdsAll},
		{m, m, "INT UNSIGNED", "INT", unset, unset, Breaking, "-2147483648 to 2147483647"},
		{m, m, "BIGINT", "INT", n(20), n(11), Breaking, "larger values of source BIGINT(20) are rejected"},
		{m, m, "TINYINT", "BOOLEAN", n(1), unset, Info, holdsAll},
		{m, m, "INT", "INT", n(11), n(4), Info, holdsAll}, // a display width
		{m, m, "VARCHAR", "TEXT", n(255), n(0), Info, holdsAll},
		{m, m, "VARCHAR", "TEXT", n(20000), unset, Warning, "MySQL TEXT counts bytes"},
		{m, m, "TEXT", "VARCHAR", unset, n(255), Breaking, "longer values will be truncated or rejected"},
		{m, m, "MEDIUMTEXT", "LONGTEXT", unset, unset, Info, holdsAll},
		{m, m, "DATETIME", "DATE", unset, unset, Breaking, "MySQL DATE keeps no time of day"},
		{m, m, "DATETIME(6)", "DATETIME", unset, unset, Warning, "fractional seconds of source DATETIME(6) are dropped"},
		{m, m, "DATETIME", "TIMESTAMP", unset, unset, Breaking, "1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC"},
		{m, m, "TIMESTAMP", "DATETIME", unset, unset, Warning, "MySQL DATETIME keeps no time zone"},
		{m, m, "DECIMAL(10,2)", "DECIMAL(10,4)", unset, unset, Breaking, "up to 6 whole digits"},
		{m, m, "DECIMAL(10,4)", "DECIMAL(12,2)", unset, unset, Warning, "keeps 2 digits after the point"},
		{m, m, "DOUBLE", "FLOAT", unset, unset, Breaking, "keeps about 6 digits"},
		{m, m, "BIGINT", "DOUBLE", unset, unset, Warning, "about 15 significant digits"},
		{m, m, "YEAR", "DATE", unset, unset, Info, holdsAll},
		{m, m, "BIT", "TINYINT UNSIGNED", n(8), unset, Info, holdsAll},
		{m, m, "GEOMETRY", "VARCHAR", unset, n(10), Warning, "MySQL GEOMETRY is not in fdireview's type table"},
	})
}

func TestJudgeOracle(t *testing.T) {
	const o = "ORACLE"
	runJudgeCases(t, []judgeCase{
		{o, o, "TIMESTAMP(6)", "DATE", n(0), n(0), Warning, "Oracle DATE keeps seconds but not fractions; the fractional seconds of source TIMESTAMP(6) are dropped"},
		{o, o, "NUMBER", "NUMBER", n(0), n(10), Breaking, "up to 10 whole digits"},
		{o, o, "NUMBER", "NUMBER", n(10), n(0), Info, holdsAll},
		{o, o, "CLOB", "VARCHAR2", n(0), n(4000), Breaking, "has no limit"},
		{o, o, "VARCHAR2", "CLOB", n(100), n(0), Info, holdsAll},
		{o, o, "NVARCHAR2", "VARCHAR2", n(100), n(100), Warning, "Oracle VARCHAR2(100) counts bytes"},
		{o, o, "VARCHAR2", "NVARCHAR2", n(100), n(100), Info, holdsAll},
		{o, o, "VARCHAR2(100 CHAR)", "VARCHAR2", unset, n(400), Info, holdsAll},
		{o, o, "VARCHAR2(100 CHAR)", "VARCHAR2(100 CHAR)", unset, unset, Info, holdsAll},
		{o, o, "DATE", "TIMESTAMP", n(0), n(0), Info, holdsAll},
		{o, o, "TIMESTAMP(6) WITH TIME ZONE", "TIMESTAMP(6)", unset, unset, Warning, "keeps no time zone"},
		{o, o, "NUMBER(10,2)", "NUMBER(8,2)", unset, unset, Breaking, "up to 6 whole digits"},
		{o, o, "INTEGER", "NUMBER(10)", unset, unset, Breaking, "larger values of source INTEGER are rejected"},
		{o, o, "BINARY_DOUBLE", "NUMBER", unset, n(0), Warning, "floating-point values"},
		{o, o, "NUMBER(*,2)", "NUMBER(20,2)", unset, unset, Breaking, "up to 18 whole digits"},
		{o, o, "NUMBER(10,2)", "FLOAT", unset, n(126), Info, holdsAll},
		{o, o, "NUMBER(12,2)", "NUMBER(10,2)", unset, unset, Breaking, "up to 8 whole digits"},
		{o, o, "NUMBER(10,4)", "NUMBER(12,2)", unset, unset, Warning, "keeps 2 digits after the point"},
		{"MYSQL", o, "VARCHAR", "VARCHAR2", n(64), n(64), Warning, "64 characters of source VARCHAR(64) can take up to 256 bytes"},
		{"MYSQL", o, "VARCHAR", "VARCHAR2", n(64), n(32), Breaking, "shorter than source"},
		{"MYSQL", o, "DATETIME(6)", "DATE", unset, n(0), Warning, "Oracle DATE keeps seconds but not fractions"},
	})
}

func TestJudgePostgreSQL(t *testing.T) {
	const p = "POSTGRESQL"
	runJudgeCases(t, []judgeCase{
		{p, p, "int8", "int4", unset, unset, Breaking, "PostgreSQL int4 holds -2147483648 to 2147483647"},
		{p, p, "int4", "int8", unset, unset, Info, holdsAll},
		{p, p, "int2", "integer", unset, unset, Info, holdsAll},
		{p, p, "numeric", "numeric(10,2)", unset, unset, Breaking, "up to 8 whole digits"},
		{p, p, "numeric(10,2)", "numeric", unset, unset, Info, holdsAll},
		{p, p, "varchar", "text", n(50), unset, Info, holdsAll},
		{p, p, "varchar", "varchar", n(2147483647), n(100), Breaking, "has no limit"}, // JDBC's size of an unbounded varchar
		{p, p, "varchar", "varchar", unset, n(50), Breaking, "has no limit"},
		{p, p, "character varying(20)", "varchar(10)", unset, unset, Breaking, "shorter"},
		{p, p, "timestamptz", "timestamp", unset, unset, Warning, "keeps no time zone"},
		{p, p, "timestamp", "timestamptz", unset, unset, Warning, "session"},
		{p, p, "timestamp(6)", "timestamp(3)", unset, unset, Warning, "keeps 3 digits of fractional seconds"},
		{p, p, "timestamp without time zone", "timestamp", unset, unset, Info, holdsAll},
		{p, p, "float8", "numeric", unset, unset, Warning, "floating-point"},
		{p, p, "bool", "boolean", unset, unset, Info, holdsAll},
		{p, p, "date", "timestamp", unset, unset, Info, holdsAll},
		{"MYSQL", p, "BIGINT UNSIGNED", "int8", unset, unset, Breaking, "larger values"},
	})
}

func TestJudgeOpenGauss(t *testing.T) {
	const g = "OPENGAUSS"
	runJudgeCases(t, []judgeCase{
		{g, g, "NVARCHAR2", "VARCHAR", n(100), n(100), Warning, "openGauss VARCHAR(100) counts bytes"},
		{g, g, "INT4", "TINYINT", unset, unset, Breaking, "holds no negative values"},
		{g, g, "TINYINT", "SMALLINT", unset, unset, Info, holdsAll},
		{g, g, "TIMESTAMP(6)", "DATE", unset, unset, Warning, "openGauss DATE is TIMESTAMP(0)"},
		{g, g, "DATE", "TIMESTAMP", unset, unset, Info, holdsAll},
		{g, g, "NUMBER", "NUMBER(10,2)", n(0), unset, Breaking, "up to 8 whole digits"},
		{g, g, "CLOB", "TEXT", unset, unset, Info, holdsAll},
		{g, g, "VARCHAR2", "VARCHAR", n(100), n(100), Info, holdsAll},
		{g, g, "BIGINT", "INTEGER", unset, unset, Breaking, "larger values"},
		{g, g, "TIMESTAMP", "SMALLDATETIME", unset, unset, Warning, "rounds to the minute"},
		{"MYSQL", g, "VARCHAR", "VARCHAR", n(100), n(100), Warning, "counts bytes"},
		{"MYSQL", g, "VARCHAR", "VARCHAR", n(100), n(400), Info, holdsAll},
	})
}

func TestJudgeSQLServer(t *testing.T) {
	const s = "SQLSERVER"
	runJudgeCases(t, []judgeCase{
		{s, s, "NVARCHAR", "VARCHAR", n(100), n(100), Warning, "SQL Server VARCHAR(100) stores only the characters of its code page"},
		{s, s, "VARCHAR", "NVARCHAR", n(100), n(100), Info, holdsAll},
		{s, s, "INT", "TINYINT", unset, unset, Breaking, "holds no negative values"},
		{s, s, "TINYINT", "SMALLINT", unset, unset, Info, holdsAll},
		{s, s, "DATETIME2", "DATETIME", unset, unset, Breaking, "years 1753 to 9999"},
		{s, s, "DATETIME2(7)", "DATETIME2(3)", unset, unset, Warning, "keeps 3 digits of fractional seconds"},
		{s, s, "DATETIME2(3)", "DATETIME", unset, unset, Breaking, "years 1753 to 9999"},
		{s, s, "BIT", "BIT", unset, unset, Info, holdsAll},
		{s, s, "BIT", "INT", unset, unset, Warning, "converted from boolean to integer"},
		{s, s, "DECIMAL", "DECIMAL(10,2)", unset, unset, Breaking, "up to 8 whole digits"},
		{s, s, "SMALLDATETIME", "DATETIME", unset, unset, Info, holdsAll},
		{s, s, "DATETIME", "SMALLDATETIME", unset, unset, Breaking, "1900-01-01 to 2079-06-06"},
		{s, s, "NVARCHAR(MAX)", "NVARCHAR(4000)", unset, unset, Breaking, "has no limit"},
		{s, s, "NVARCHAR", "NTEXT", n(-1), unset, Info, holdsAll},
		{s, s, "NVARCHAR", "NVARCHAR", n(2147483647), n(4000), Breaking, "has no limit"},
		{s, s, "NVARCHAR", "NVARCHAR", n(4000), n(2147483647), Info, holdsAll},
		{s, s, "DATETIMEOFFSET", "DATETIME2", unset, unset, Warning, "keeps no time zone"},
		{"MYSQL", s, "VARCHAR", "VARCHAR", n(50), n(200), Warning, "code page"},
	})
}

func TestJudgeDWS(t *testing.T) {
	const w = "DWS"
	runJudgeCases(t, []judgeCase{
		{w, w, "VARCHAR", "VARCHAR2", n(100), n(100), Info, holdsAll},
		{w, w, "NVARCHAR2", "VARCHAR", n(100), n(100), Warning, "DWS VARCHAR(100) counts bytes"},
		{"ORACLE", w, "TIMESTAMP(6)", "DATE", unset, unset, Warning, "DWS DATE is TIMESTAMP(0): it keeps seconds but not fractions"},
		{w, w, "INTEGER", "TINYINT", unset, unset, Breaking, "DWS TINYINT holds no negative values"},
		{w, w, "BIGINT", "INT8", unset, unset, Info, holdsAll},
		{w, w, "TEXT", "VARCHAR", unset, n(100), Breaking, "longer values"},
		{w, w, "NUMBER(10,2)", "NUMERIC", unset, unset, Info, holdsAll},
		{w, w, "TIMESTAMP", "SMALLDATETIME", unset, unset, Warning, "DWS SMALLDATETIME rounds to the minute"},
		{w, w, "TIMESTAMPTZ", "TIMESTAMP", unset, unset, Warning, "keeps no time zone"},
		{w, w, "BINARY_INTEGER", "BIGINT", unset, unset, Info, holdsAll},
		{w, w, "CHAR", "VARCHAR", n(10), n(10), Warning, "counts bytes"},
		{"GAUSS200", "GAUSS200", "INT8", "INT4", unset, unset, Breaking, "DWS INT4 holds"},
	})
}

func TestJudgeHive(t *testing.T) {
	const h = "HIVE"
	runJudgeCases(t, []judgeCase{
		{h, h, "BIGINT", "INT", unset, unset, Breaking, "larger values of source BIGINT become NULL"},
		{h, h, "INT", "BIGINT", unset, unset, Info, holdsAll},
		{h, h, "STRING", "VARCHAR(100)", unset, unset, Breaking, "has no limit"},
		{h, h, "VARCHAR(100)", "STRING", unset, unset, Info, holdsAll},
		{h, h, "DECIMAL", "DECIMAL(5,2)", unset, unset, Breaking, "up to 3 whole digits"},
		{h, h, "DOUBLE", "DECIMAL(38,10)", unset, unset, Breaking, "become NULL"},
		{h, h, "TIMESTAMP", "DATE", unset, unset, Breaking, "keeps no time of day"},
		{h, h, "DATE", "TIMESTAMP", unset, unset, Info, holdsAll},
		{h, h, "FLOAT", "DOUBLE", unset, unset, Info, holdsAll},
		{h, h, "TIMESTAMP WITH LOCAL TIME ZONE", "TIMESTAMP", unset, unset, Warning, "keeps no time zone"},
		{"MYSQL", "MRSHIVE", "DATETIME(6)", "TIMESTAMP", unset, unset, Info, holdsAll},
		{"MYSQL", "FIHIVE", "INT UNSIGNED", "INT", unset, unset, Breaking, "become NULL"},
	})
}

func TestJudgeClickHouse(t *testing.T) {
	const c = "CLICKHOUSE"
	runJudgeCases(t, []judgeCase{
		{c, c, "Int64", "Int32", unset, unset, Breaking, "ClickHouse Int32 holds -2147483648 to 2147483647"},
		{c, c, "Int32", "UInt32", unset, unset, Breaking, "holds no negative values"},
		{c, c, "UInt32", "Int64", unset, unset, Info, holdsAll},
		{c, c, "UInt64", "Int64", unset, unset, Breaking, "larger values"},
		{c, c, "Nullable(Int32)", "Int64", unset, unset, Info, holdsAll},
		{c, c, "Decimal(18,4)", "Decimal64(4)", unset, unset, Info, holdsAll},
		{c, c, "Decimal64(2)", "Decimal32(2)", unset, unset, Breaking, "up to 7 whole digits"},
		{c, c, "String", "FixedString(16)", unset, unset, Breaking, "has no limit"},
		{c, c, "DateTime", "Date", unset, unset, Breaking, "keeps no time of day"},
		{c, c, "DateTime64(6)", "DateTime64(3)", unset, unset, Warning, "keeps 3 digits of fractional seconds"},
		{c, c, "LowCardinality(String)", "String", unset, unset, Info, holdsAll},
		{c, c, "Float64", "Float32", unset, unset, Breaking, "keeps about 6 digits"},
		{c, c, "Int256", "Int128", unset, unset, Breaking, "-2^127 to 2^127-1"},
		{"MYSQL", "MRSCLICKHOUSE", "DATETIME", "DateTime", unset, unset, Breaking, "years 1970 to 2106"},
		{"MYSQL", c, "INT UNSIGNED", "UInt32", unset, unset, Info, holdsAll},
	})
}

// TestJudgeWithoutTable: a data source without a table (an API, Kafka, none) judges by
// families, as before there were tables, and says nothing of tables.
func TestJudgeWithoutTable(t *testing.T) {
	runJudgeCases(t, []judgeCase{
		{"", "", "BIGINT", "INT", unset, unset, Breaking, "larger values"},
		{"KAFKA", "", "VARCHAR", "INT", unset, unset, Breaking, "from string to integer"},
		{"", "", "DECIMAL", "INT", unset, unset, Breaking, "from decimal to integer"},
		{"", "", "DATETIME", "DATE", unset, unset, Info, holdsAll},
		{"", "", "VARCHAR", "VARCHAR", n(255), n(64), Breaking, "shorter"},
		{"DB2", "ORACLE", "BIGINT", "NUMBER(10)", unset, unset, Breaking, "Oracle NUMBER(10) holds up to 10 whole digits"},
		{"DB2", "ORACLE", "DECFLOAT", "NUMBER(10)", unset, unset, Warning, "unknown to fdireview"},
		{"ORACLE", "ORACLE", "SDO_GEOMETRY", "NUMBER(10)", unset, unset, Warning, "Oracle SDO_GEOMETRY is not in fdireview's type table; judged by its family"},
		{"", "", "INT", "INT UNSIGNED", unset, unset, Breaking, "negative values are rejected"},
	})
}

func TestParseType(t *testing.T) {
	for _, c := range []struct {
		in   string
		want parsedType
	}{
		{"varchar(255)", parsedType{base: "VARCHAR", args: []int64{255}}},
		{"NUMBER(10, 2)", parsedType{base: "NUMBER", args: []int64{10, 2}}},
		{"int(10) unsigned zerofill", parsedType{base: "INT", args: []int64{10}, unsigned: true}},
		{"TIMESTAMP(6) WITH TIME ZONE", parsedType{base: "TIMESTAMP WITH TIME ZONE", args: []int64{6}}},
		{"timestamp(3) without time zone", parsedType{base: "TIMESTAMP", args: []int64{3}}},
		{"VARCHAR2(64 CHAR)", parsedType{base: "VARCHAR2", args: []int64{64}, chars: true}},
		{"NVARCHAR(MAX)", parsedType{base: "NVARCHAR", max: true}},
		{"Nullable(LowCardinality(String))", parsedType{base: "STRING"}},
		{"DateTime64(3, 'Asia/Shanghai')", parsedType{base: "DATETIME64", args: []int64{3}, zone: true}},
		{"ARRAY<INT>", parsedType{base: "ARRAY"}},
		{"INTERVAL DAY(2) TO SECOND(6)", parsedType{base: "INTERVAL DAY TO SECOND", args: []int64{2}}},
		{"  ", parsedType{}},
		{"DECIMAL(99999999999999999999)", parsedType{base: "DECIMAL"}},
		{"VARCHAR(", parsedType{base: "VARCHAR"}},
	} {
		got := parseType(c.in)
		if got.base != c.want.base || len(got.args) != len(c.want.args) || got.max != c.want.max || got.chars != c.want.chars ||
			got.unsigned != c.want.unsigned || got.zone != c.want.zone {
			t.Errorf("parseType(%q) = %+v, want %+v", c.in, got, c.want)
			continue
		}
		for i := range got.args {
			if got.args[i] != c.want.args[i] {
				t.Errorf("parseType(%q).args = %v, want %v", c.in, got.args, c.want.args)
			}
		}
	}
}

// TestDialectTables: every row of every table has names, a family and a documentation
// page, no name is listed twice in one table unless on purpose (a dialect's own row
// before an inherited one), and every data source type names one dialect.
func TestDialectTables(t *testing.T) {
	served := map[string]string{}
	for _, d := range dialects {
		if d.name == "" || len(d.types) == 0 || len(d.rows) == 0 {
			t.Errorf("dialect %+v is incomplete", d.name)
		}
		for _, ty := range d.types {
			if other, dup := served[ty]; dup {
				t.Errorf("%s is served by %s and %s", ty, other, d.name)
			}
			served[ty] = d.name
		}
		for _, r := range d.rows {
			if r.names == "" || !strings.HasPrefix(r.doc, "https://") {
				t.Errorf("%s row %q lacks names or a documentation page", d.name, r.names)
			}
			if r.names != strings.ToUpper(r.names) {
				t.Errorf("%s row %q is not upper case", d.name, r.names)
			}
			if r.fam == famTemporal && r.date == noDate && !r.clock {
				t.Errorf("%s row %q keeps neither a date nor a time", d.name, r.names)
			}
		}
	}
}

// TestTasksJudgeByTargetDatabase: the six changes the per-database tables were made for,
// through Tasks: the data source types of the task choose the tables.
func TestTasksJudgeByTargetDatabase(t *testing.T) {
	type endpoint struct {
		typ string
		len rawform.Int
	}
	for _, c := range []struct {
		name               string
		srcDB, tgtDB       string
		source             endpoint
		oldTarget, newTarg endpoint
		kind               Kind
		want               Severity
		says               string
	}{
		{"PostgreSQL int8 to int4 from BIGINT", "POSTGRESQL", "POSTGRESQL", endpoint{"BIGINT", unset}, endpoint{"int8", unset}, endpoint{"int4", unset},
			MappingTypeChanged, Breaking, "PostgreSQL int4 holds -2147483648 to 2147483647; larger values of source BIGINT are rejected"},
		{"MySQL INT to INT UNSIGNED from a signed source", "MYSQL", "MYSQL", endpoint{"INT", n(11)}, endpoint{"INT", n(11)}, endpoint{"INT UNSIGNED", n(11)},
			MappingTypeChanged, Breaking, "holds no negative values and source INT(11) is signed; negative values are rejected"},
		{"SQL Server NVARCHAR to VARCHAR", "SQLSERVER", "SQLSERVER", endpoint{"NVARCHAR", n(100)}, endpoint{"NVARCHAR", n(100)}, endpoint{"VARCHAR", n(100)},
			MappingTypeChanged, Warning, "stores only the characters of its code page"},
		{"Oracle TIMESTAMP(6) to DATE", "ORACLE", "ORACLE", endpoint{"TIMESTAMP(6)", n(0)}, endpoint{"TIMESTAMP(6)", n(0)}, endpoint{"DATE", n(0)},
			MappingTypeChanged, Warning, "Oracle DATE keeps seconds but not fractions"},
		{"Oracle NUMBER without precision", "ORACLE", "ORACLE", endpoint{"NUMBER", n(10)}, endpoint{"NUMBER", n(10)}, endpoint{"NUMBER", n(0)},
			MappingLengthChanged, Info, "target NUMBER(10) → NUMBER is wider; nothing is lost"},
		{"Oracle CLOB", "ORACLE", "ORACLE", endpoint{"CLOB", n(0)}, endpoint{"CLOB", n(4000)}, endpoint{"CLOB", n(0)},
			MappingLengthChanged, Info, "the length of CLOB does not limit its values"},
		{"Oracle CLOB source into NUMBER-less CLOB target", "ORACLE", "ORACLE", endpoint{"VARCHAR2", n(4000)}, endpoint{"VARCHAR2", n(4000)}, endpoint{"CLOB", n(0)},
			MappingTypeChanged, Info, holdsAll},
		{"MySQL DATETIME with fractions into one without", "MYSQL", "MYSQL", endpoint{"DATETIME", n(26)}, endpoint{"DATETIME", n(26)}, endpoint{"DATETIME", n(19)},
			MappingLengthChanged, Warning, "the fractional seconds of source DATETIME(26) are dropped"},
		{"MySQL DATETIME fractions widened", "MYSQL", "MYSQL", endpoint{"DATETIME", n(19)}, endpoint{"DATETIME", n(19)}, endpoint{"DATETIME", n(23)},
			MappingLengthChanged, Info, "is wider"},
		{"a length field beside the type's own", "ORACLE", "ORACLE", endpoint{"NUMBER(10,2)", n(10)}, endpoint{"NUMBER(10,2)", n(10)}, endpoint{"NUMBER(10,2)", n(12)},
			MappingLengthChanged, Info, "NUMBER(10,2) is declared with its own length; the length field does not change it"},
		{"Oracle VARCHAR2 from MySQL VARCHAR, same number", "MYSQL", "ORACLE", endpoint{"VARCHAR", n(64)}, endpoint{"VARCHAR2", n(256)}, endpoint{"VARCHAR2", n(64)},
			MappingLengthChanged, Warning, "Oracle VARCHAR2(64) counts bytes"},
		{"MySQL VARCHAR into DECIMAL is judged by the type", "MYSQL", "MYSQL", endpoint{"VARCHAR", n(1024)}, endpoint{"DECIMAL", n(18)}, endpoint{"VARCHAR", n(64)},
			MappingLengthChanged, Info, "it changed with the type"},
	} {
		t.Run(c.name, func(t *testing.T) {
			old, new := seed(t), seed(t)
			for _, task := range []*rawform.Task{old, new} {
				task.Detail.SourceDatasourceType, task.Detail.TargetDatasourceType = c.srcDB, c.tgtDB
				m := mapping(task, "name")
				m.Source.Type, m.Source.Length = c.source.typ, c.source.len
			}
			o, nw := mapping(old, "name"), mapping(new, "name")
			o.Target.Type, o.Target.Length = c.oldTarget.typ, c.oldTarget.len
			nw.Target.Type, nw.Target.Length = c.newTarg.typ, c.newTarg.len
			r := Tasks(old, new)
			var found bool
			for _, ch := range r.Changes {
				if ch.Kind != c.kind {
					continue
				}
				found = true
				if ch.Severity != c.want || !strings.Contains(ch.Message, c.says) {
					t.Errorf("%s: got %s %q\nwant %s containing %q", ch.Kind, ch.Severity, ch.Message, c.want, c.says)
				}
			}
			if !found {
				t.Errorf("no %s in %+v", c.kind, briefs(r))
			}
		})
	}
}

// TestTypeShownOnce: a type written with its own arguments is not given the length field
// again ("TIMESTAMP(6)", never "TIMESTAMP(6)(0)"), and a length of 0 is none.
func TestTypeShownOnce(t *testing.T) {
	for _, c := range []struct {
		typ  string
		len  rawform.Int
		want string
	}{
		{"TIMESTAMP(6)", n(0), "TIMESTAMP(6)"},
		{"TIMESTAMP(6)", n(11), "TIMESTAMP(6)"},
		{"NUMBER(10,2)", n(10), "NUMBER(10,2)"},
		{"NUMBER", n(0), "NUMBER"},
		{"VARCHAR", n(255), "VARCHAR(255)"},
		{"INT", unset, "INT"},
		{"", unset, "(no type)"},
	} {
		if got := typeString(c.typ, c.len); got != c.want {
			t.Errorf("typeString(%q, %v) = %q, want %q", c.typ, c.len, got, c.want)
		}
	}
	old, new := seed(t), seed(t)
	m := mapping(new, "name")
	m.Source.Type, m.Source.Length = "TIMESTAMP(6)", n(0)
	m.Target.Type, m.Target.Length = "TIMESTAMP(6)", n(0)
	var b strings.Builder
	if err := WriteText(&b, Tasks(old, new)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), ")(") {
		t.Errorf("a type shown with two argument lists:\n%s", b.String())
	}
}

// TestDocListsDialects: the package documentation's table names every database and every
// data source type the tables serve, so that go doc ./diff stays the list.
func TestDocListsDialects(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, d := range dialects {
		if !strings.Contains(doc, "//\t"+d.name+" ") {
			t.Errorf("doc.go does not list %s in the table of databases", d.name)
		}
		for _, ty := range d.types {
			if !strings.Contains(doc, ty) {
				t.Errorf("doc.go does not name the data source type %s", ty)
			}
		}
	}
}

// TestPlainNameAgrees: the fast path of parseType reads a bare name as the full parse does
// (an empty argument list sends a name down the full parse and adds nothing).
func TestPlainNameAgrees(t *testing.T) {
	for _, s := range []string{"VARCHAR", "INT", "DOUBLE PRECISION", "TIMESTAMP WITH TIME ZONE", "INT UNSIGNED", "TIMESTAMP WITHOUT TIME ZONE",
		"varchar", " INT", "INT ", "DOUBLE  PRECISION", "UINT8", "BINARY_DOUBLE", "A1", "SIGNED INT"} {
		got, want := parseType(s), parseType(s+"()")
		if got.base != want.base || got.unsigned != want.unsigned || len(got.args) != 0 {
			t.Errorf("parseType(%q) = %+v, the full parse gives %+v", s, got, want)
		}
	}
}

// TestSourceLengthIntoAnotherFamily: a source length change is judged against a target
// of another numeric family (DECIMAL(20) into INT overflows), not called harmless.
func TestSourceLengthIntoAnotherFamily(t *testing.T) {
	old, new := seed(t), seed(t)
	for i, l := range []int64{9, 20} {
		task := []*rawform.Task{old, new}[i]
		task.Detail.SourceDatasourceType, task.Detail.TargetDatasourceType = "MYSQL", "MYSQL"
		m := mapping(task, "id")
		m.Source.Type, m.Source.Length = "DECIMAL", n(l)
	}
	r := Tasks(old, new)
	want := "id: source DECIMAL(9) → DECIMAL(20); MySQL INT(11) holds -2147483648 to 2147483647; larger values of source DECIMAL(20) are rejected"
	if len(r.Changes) != 1 || r.Changes[0].Severity != Breaking || r.Changes[0].Message != want {
		t.Errorf("got %+v\nwant one breaking change %q", r.Changes, want)
	}
}
