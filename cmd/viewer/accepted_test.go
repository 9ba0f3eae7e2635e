package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fdireview/fdireview/accept"
	"github.com/fdireview/fdireview/diff"
)

// TestAcceptedFlag: --accepted FILE greys the accepted changes of the demo's seed pair,
// with their reason; a malformed file stops the viewer before it listens.
func TestAcceptedFlag(t *testing.T) {
	t.Setenv("ROMA_AUTH_TOKEN", "")
	dir := filepath.Join("..", "..", "roma", "romatest", "testdata")
	r := diff.Tasks(mustParse(t, filepath.Join(dir, "seed-response.json")), mustParse(t, filepath.Join(dir, "seed-v2-response.json")))
	body, err := accept.Encode([]accept.Entry{accept.NewEntry(r, r.Changes[0], "narrowing reviewed in PR 42", "", time.Time{})})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "accepted.toml")
	if err := os.WriteFile(file, body, 0o644); err != nil {
		t.Fatal(err)
	}
	v := startViewer(t, "--accepted", file)
	status, page := fetch(t, v.URL+"/compare?old="+seedID+"&new="+seedV2ID)
	if status != 200 || !strings.Contains(page, "accepted: <bdi>narrowing reviewed in PR 42</bdi>") || !strings.Contains(page, `data-testid="badge-accepted"`) {
		t.Errorf("compare page: %d, no accepted change shown", status)
	}

	bad := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(bad, []byte("[[accept]]\nreason = 'x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--accepted", bad}, &out, &errb); code != 2 || !strings.Contains(errb.String(), bad+":2:") {
		t.Errorf("malformed file: exit %d, stderr %q", code, errb.String())
	}
}
