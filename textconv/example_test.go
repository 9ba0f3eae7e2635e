package textconv_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/fdireview/fdireview/textconv"
)

// Render a saved ShowTask response as lines (the settings, one per leaf value, are cut
// here to keep the example short).
func ExampleWrite() {
	body, err := os.ReadFile("../roma/romatest/testdata/seed-response.json")
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	if err := textconv.Write(&b, body); err != nil {
		panic(err)
	}
	head, _, _ := strings.Cut(b.String(), "\nsettings:")
	fmt.Println(head)
	// Output:
	// task fdi_task_pzy4m5 (9496207a5d6b44b486d79005b5815bd4) response
	// source MYSQL zhenghaotest.zh_sss01
	// target MYSQL zhenghaotest.zh_sss02
	//
	// mappings (target ← source):
	// id INT(11) NOT NULL UNIQUE ← id INT(11) NOT NULL UNIQUE
	// name VARCHAR(255) NULL ← name VARCHAR(255) NULL
	//
	// columns:
	// source id INT(11) NOT NULL UNIQUE
	// source name VARCHAR(255) NULL
	// target bunum VARCHAR(64) NULL
	// target id INT(11) NOT NULL UNIQUE
	// target name VARCHAR(255) NULL
}
