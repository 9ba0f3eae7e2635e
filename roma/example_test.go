package roma_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/fdireview/fdireview/roma"
	"github.com/fdireview/fdireview/roma/romatest"
)

// Fetch one task and look at its mappings. The fake server stands in for
// https://roma.{region}.myhuaweicloud.com.
func ExampleClient_Task() {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()

	c, err := roma.New(srv.URL, roma.WithToken(romatest.DefaultToken))
	if err != nil {
		log.Fatal(err)
	}
	task, err := c.Task(context.Background(), roma.TaskRef{ProjectID: romatest.ProjectID, InstanceID: romatest.InstanceID, TaskID: "9496207a5d6b44b486d79005b5815bd4"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(task.Info.Name, task.Detail.Source.Table, "->", task.Detail.Target.Table)
	for _, m := range task.Detail.Mappings {
		fmt.Printf("  %s %s(%s) -> %s %s(%s)\n", m.Source.Column, m.Source.Type, m.Source.Length,
			m.Target.Column, m.Target.Type, m.Target.Length)
	}
	// Output:
	// fdi_task_pzy4m5 zhenghaotest.zh_sss01 -> zhenghaotest.zh_sss02
	//   id INT(11) -> id INT(11)
	//   name VARCHAR(255) -> name VARCHAR(255)
}

// List the tasks of an instance whose name contains a word, for a picker.
func ExampleClient_List() {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()

	c, err := roma.New(srv.URL, roma.WithToken(romatest.DefaultToken))
	if err != nil {
		log.Fatal(err)
	}
	list, err := c.List(context.Background(), romatest.ProjectID, romatest.InstanceID,
		roma.ListOptions{Name: "crm", Limit: 10})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("total:", list.Total)
	for _, e := range list.Entities {
		fmt.Println(e.TaskID, e.TaskName, e.TaskType, e.StatusText())
	}
	// Output:
	// total: 2
	// 6d2b8f4a1c3e4f5a9b7c0d1e2f3a4b5c crm_customer_sync_v2 TIMING stopped
	// 0e4f6a8b2c1d4e3f9a7b5c6d8e0f1a2b crm_customer_sync TIMING stopped
}

// Fetch both sides of a comparison at once.
func ExampleClient_TaskPair() {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()

	c, err := roma.New(srv.URL, roma.WithToken(romatest.DefaultToken))
	if err != nil {
		log.Fatal(err)
	}
	ref := func(id string) roma.TaskRef {
		return roma.TaskRef{ProjectID: romatest.ProjectID, InstanceID: romatest.InstanceID, TaskID: id}
	}
	old, cur, err := c.TaskPair(context.Background(), ref("9496207a5d6b44b486d79005b5815bd4"), ref("5c1f0a9e3b7d4e21a8c6f4d2b0e9a713"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(old.Info.Name, len(old.Detail.Mappings), "mappings")
	fmt.Println(cur.Info.Name, len(cur.Detail.Mappings), "mappings")
	// Output:
	// fdi_task_pzy4m5 2 mappings
	// fdi_task_pzy4m5_v2 3 mappings
}

// Branch on the kind of failure with errors.Is and errors.As.
func ExampleAPIError() {
	srv := romatest.NewServer(romatest.Examples()...)
	defer srv.Close()

	c, err := roma.New(srv.URL, roma.WithToken(romatest.DefaultToken))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.RawTask(context.Background(), roma.TaskRef{ProjectID: romatest.ProjectID, InstanceID: romatest.InstanceID, TaskID: "0123456789abcdef0123456789abcdef"})
	var apiErr *roma.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Status, apiErr.Code, apiErr.Message)
	}
	fmt.Println("not found:", errors.Is(err, roma.ErrNotFound))
	fmt.Println("unauthorized:", errors.Is(err, roma.ErrUnauthorized))

	_, err = c.RawTask(context.Background(), roma.TaskRef{ProjectID: romatest.ProjectID, InstanceID: romatest.InstanceID, TaskID: "../../etc"})
	fmt.Println(errors.Is(err, roma.ErrInvalidID), err)
	// Output:
	// 404 FDI.3021 One or more tasks do not exist.
	// not found: true
	// unauthorized: false
	// true fetch task: invalid task id "../../etc": only letters, digits, '-' and '_' are allowed
}

// A Token prints as [REDACTED] however it is printed or logged.
func ExampleToken() {
	tok := roma.NewToken("MIIDkg-secret")
	fmt.Println(tok)
	fmt.Printf("%#v %q\n", tok, tok)
	// Output:
	// [REDACTED]
	// roma.Token{[REDACTED]} [REDACTED]
}
