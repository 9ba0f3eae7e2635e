package taskgen_test

import (
	"encoding/json"
	"fmt"

	"github.com/fdireview/fdireview/internal/taskgen"
)

func Example() {
	body := taskgen.Response(taskgen.Options{Mappings: 100, Seed: 1, Name: "orders_sync"})
	changedBody, changed := taskgen.Mutate(body, 0.05, 2)

	var env struct {
		Task struct {
			Name string `json:"task_name"`
		} `json:"task"`
		Detail string `json:"task_detail"`
	}
	if err := json.Unmarshal(changedBody, &env); err != nil {
		panic(err)
	}
	fmt.Println(env.Task.Name, len(changed), "mappings changed")
	// Output: orders_sync 5 mappings changed
}
