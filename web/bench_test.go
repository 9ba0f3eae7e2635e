package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCompareBig measures /compare of two 10,000-mapping tasks with 100 changed
// mappings: cold (a new server each time: read, parse both, diff, build, render) and
// warm (the cached page). scripts/budget.sh measures the same over HTTP.
func BenchmarkCompareBig(b *testing.B) {
	for _, warm := range []bool{false, true} {
		b.Run(fmt.Sprintf("warm=%v", warm), func(b *testing.B) {
			s, _ := bigServer(b, 10000)
			req := httptest.NewRequest(http.MethodGet, "/compare?old=big&new=big-v2", nil)
			if warm {
				s.ServeHTTP(httptest.NewRecorder(), req)
			}
			b.ResetTimer()
			for b.Loop() {
				if !warm {
					b.StopTimer()
					s, _ = bigServer(b, 10000)
					b.StartTimer()
				}
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}
