package diff

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fdireview/fdireview/rawform"
)

// FuzzTypeJudgement keeps the type judgement total: any data source types, any type
// strings and any lengths give one of the three severities and a sentence, the same on
// every call, without a panic; and a comparison of two tasks differing in those types and
// lengths (old → new, both directions) succeeds with a sentence for every change.
func FuzzTypeJudgement(f *testing.F) {
	for _, s := range []struct {
		srcDB, tgtDB, srcType, tgtType string
		srcLen, tgtLen                 int64
	}{
		{"MYSQL", "MYSQL", "INT", "INT UNSIGNED", 11, 11},
		{"POSTGRESQL", "POSTGRESQL", "int8", "int4", 0, 0},
		{"SQLSERVER", "SQLSERVER", "NVARCHAR(MAX)", "VARCHAR", -1, 100},
		{"ORACLE", "ORACLE", "TIMESTAMP(6)", "DATE", 0, 0},
		{"ORACLE", "ORACLE", "NUMBER", "NUMBER(38,127)", 0, 0},
		{"ORACLE", "DWS", "VARCHAR2(64 CHAR)", "NVARCHAR2", 0, 64},
		{"OPENGAUSS", "GAUSS200", "timestamp(3) with time zone", "SMALLDATETIME", 26, 0},
		{"HIVE", "HIVE", "DECIMAL(99999999999999999999,3)", "ARRAY<INT>", 9223372036854775807, -9223372036854775808},
		{"CLICKHOUSE", "MRSCLICKHOUSE", "Nullable(Nullable(UInt256))", "Decimal32(", 0, 1},
		{"", "KAFKA", "BIT", "DateTime64(3, 'UTC')", 64, 3},
		{"MYSQL", "MYSQL", "TINYINT", "BIT", 1, 65},
		{"MYSQL", "SQLSERVER", "))((", "(,,,)", 0, 0},
	} {
		f.Add(s.srcDB, s.tgtDB, s.srcType, s.tgtType, s.srcLen, s.tgtLen)
	}
	base, err := rawform.Parse(readExample(f, "seed-response.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, srcDB, tgtDB, srcType, tgtType string, srcLen, tgtLen int64) {
		for _, l := range []rawform.Int{{}, n(srcLen), n(tgtLen)} {
			s := readEndpoint(dialectFor(srcDB), srcType, l)
			g := readEndpoint(dialectFor(tgtDB), tgtType, n(tgtLen))
			sev, why := judge(s, g)
			if sev.Rank() == 0 || why == "" {
				t.Fatalf("judge(%q, %q) = %q %q", srcType, tgtType, sev, why)
			}
			if sev2, why2 := judge(s, g); sev2 != sev || why2 != why {
				t.Fatalf("judge is not deterministic: %s %q, then %s %q", sev, why, sev2, why2)
			}
			_ = s.capacity()
			_ = s.lengthLimits()
		}
		task := func(typ string, l int64) *rawform.Task {
			c := *base
			d := *base.Detail
			d.SourceDatasourceType, d.TargetDatasourceType = srcDB, tgtDB
			d.Mappings = append([]rawform.Mapping(nil), base.Detail.Mappings...)
			m := &d.Mappings[len(d.Mappings)-1]
			m.Source.Type, m.Source.Length = srcType, n(srcLen)
			m.Target.Type, m.Target.Length = typ, n(l)
			c.Detail = &d
			return &c
		}
		a, b := task(srcType, srcLen), task(tgtType, tgtLen)
		for _, r := range []*Report{Tasks(a, b), Tasks(b, a)} {
			for _, c := range r.Changes {
				if c.Severity.Rank() == 0 || c.Message == "" {
					t.Fatalf("change without severity or sentence: %+v", c)
				}
				if utf8.ValidString(srcType+tgtType) && strings.Contains(c.Message, ")(0)") {
					t.Fatalf("a type shown with the length field after its own arguments: %q", c.Message)
				}
			}
		}
	})
}
