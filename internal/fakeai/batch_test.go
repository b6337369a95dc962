package fakeai

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// The Batch API's wire format, read with plain HTTP and JSON rather than a
// client library: the fields OpenAI documents are where it says.
func TestBatchWireFormat(t *testing.T) {
	srv := New(Options{Batch: BatchOptions{Script: []Fault{None, ServerError}}})
	defer srv.Close()
	do := func(method, path, contentType string, body io.Reader) map[string]any {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL()+path, body)
		if err != nil {
			t.Fatal(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
		}
		var v map[string]any
		if strings.HasSuffix(path, "/content") {
			return map[string]any{"content": string(data)}
		}
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
		return v
	}

	var input bytes.Buffer
	for i := range 2 {
		fmt.Fprintf(&input, `{"custom_id":"line-%d","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"user","content":"<<<BEGIN UNTRUSTED ARTICLE id=\"a\" source=\"A\">>>\nThe harbour reopened on Friday after the storm.\n<<<END UNTRUSTED ARTICLE>>>"}]}}`+"\n", i)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("purpose", "batch")
	fw, _ := mw.CreateFormFile("file", "input.jsonl")
	fw.Write(input.Bytes())
	mw.Close()
	file := do("POST", "/files", mw.FormDataContentType(), &form)
	if file["object"] != "file" || file["purpose"] != "batch" || file["bytes"] != float64(input.Len()) {
		t.Errorf("file object = %v", file)
	}
	created := do("POST", "/batches", "application/json", strings.NewReader(fmt.Sprintf(`{"input_file_id":%q,"endpoint":"/v1/chat/completions","completion_window":"24h"}`, file["id"])))
	id := created["id"].(string)
	if created["object"] != "batch" || created["status"] != "validating" || created["output_file_id"] != nil {
		t.Errorf("created batch = %v", created)
	}
	var statuses []string
	var b map[string]any
	for range 3 {
		b = do("GET", "/batches/"+id, "", nil)
		statuses = append(statuses, b["status"].(string))
	}
	if got := strings.Join(statuses, " "); got != "in_progress finalizing completed" {
		t.Errorf("statuses = %s", got)
	}
	if c := b["request_counts"].(map[string]any); c["total"] != 2.0 || c["completed"] != 1.0 || c["failed"] != 1.0 {
		t.Errorf("request_counts = %v", c)
	}
	lines := func(fileID any) []map[string]any {
		content := do("GET", fmt.Sprintf("/files/%s/content", fileID), "", nil)["content"].(string)
		var out []map[string]any
		sc := bufio.NewScanner(strings.NewReader(content))
		for sc.Scan() {
			var l map[string]any
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Fatal(err)
			}
			out = append(out, l)
		}
		return out
	}
	ok := lines(b["output_file_id"])
	if len(ok) != 1 || ok[0]["custom_id"] != "line-0" || ok[0]["error"] != nil {
		t.Fatalf("output lines = %v", ok)
	}
	resp := ok[0]["response"].(map[string]any)
	choice := resp["body"].(map[string]any)["choices"].([]any)[0].(map[string]any)
	if resp["status_code"] != 200.0 || choice["message"].(map[string]any)["content"] != "The harbour reopened on Friday after the storm." {
		t.Errorf("output line = %v", ok[0])
	}
	failed := lines(b["error_file_id"])
	if len(failed) != 1 || failed[0]["custom_id"] != "line-1" || failed[0]["response"].(map[string]any)["status_code"] != 500.0 {
		t.Errorf("error lines = %v", failed)
	}
	if srv.ChatRequests() != 0 || srv.BatchStats().Requests != srv.Requests() {
		t.Errorf("chat requests %d, batch requests %d of %d", srv.ChatRequests(), srv.BatchStats().Requests, srv.Requests())
	}
}
