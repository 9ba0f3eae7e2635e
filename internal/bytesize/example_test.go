package bytesize_test

import (
	"flag"
	"fmt"

	"github.com/fdireview/fdireview/internal/bytesize"
)

func ExampleParse() {
	for _, s := range []string{"33554432", "80MiB", "1.5G", "80MB"} {
		n, err := bytesize.Parse(s)
		fmt.Println(s, n, err)
	}
	// Output:
	// 33554432 33554432 <nil>
	// 80MiB 83886080 <nil>
	// 1.5G 1610612736 <nil>
	// 80MB 80000000 <nil>
}

func ExampleFlag() {
	fs := flag.NewFlagSet("viewer", flag.ContinueOnError)
	limit := bytesize.Flag(32 << 20)
	fs.Var(&limit, "max-bytes", "largest task accepted")
	_ = fs.Parse([]string{"--max-bytes", "80MiB"})
	fmt.Println(int64(limit), limit.String())
	// Output: 83886080 80MiB
}
