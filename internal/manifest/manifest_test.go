package manifest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFillSumsAndOrders(t *testing.T) {
	var r Recorder
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.AddCall(Call{Stage: "brief", Story: "b", Cache: "miss", Attempts: 2, PromptTokens: 100, CompletionTokens: 10, CostUSD: 0.5})
			r.AddCall(Call{Stage: "source_summary", Story: "a", Article: "x", Cache: "hit"})
			r.AddRetry("429")
			r.AddWait("tokens per minute", 250*time.Millisecond)
		}()
	}
	wg.Wait()
	r.AddStory(Story{ID: "b", Status: "failed", Articles: []string{"p", "q"}})
	r.AddStory(Story{ID: "a", Status: "done", Articles: []string{"x"}})
	r.AddStory(Story{ID: "c", Status: "done", Articles: []string{"y", "z"}, ReusedFrom: "run-1"})
	r.AddError(Error{Story: "b", Stage: "brief", Error: "boom"})

	m := Manifest{Totals: Totals{WallMS: 1234}}
	r.Fill(&m)
	want := Totals{Stories: 3, StoriesFailed: 1, StoriesReused: 1, Articles: 5, Calls: 16, CacheHits: 8, PromptTokens: 800, CompletionTokens: 80, CostUSD: 4, Failed: 1, WallMS: 1234,
		Retries: map[string]int{"429": 8}, WaitMS: map[string]int64{"tokens per minute": 2000}}
	if !reflect.DeepEqual(m.Totals, want) {
		t.Errorf("totals = %+v\nwant     %+v", m.Totals, want)
	}
	if m.Calls[0].Story != "a" || m.Calls[len(m.Calls)-1].Story != "b" || m.Stories[0].ID != "a" {
		t.Errorf("records not in story order: first call %+v, first story %+v", m.Calls[0], m.Stories[0])
	}
}

func TestCacheKeysPerStory(t *testing.T) {
	var r Recorder
	r.AddCall(Call{Story: "a", CacheKey: "k2"})
	r.AddCall(Call{Story: "a", CacheKey: "k1"})
	r.AddCall(Call{Story: "a", CacheKey: "k2"})
	r.AddCall(Call{Story: "a", CacheKey: "k3", Error: "timeout"})
	r.AddCall(Call{Story: "a", Cache: "off"})
	r.AddCall(Call{Story: "b", CacheKey: "k9"})
	if got := r.CacheKeys("a"); !slices.Equal(got, []string{"k1", "k2"}) {
		t.Errorf("CacheKeys(a) = %v, want [k1 k2]: answered calls only, sorted, once each", got)
	}
	if got := r.CacheKeys("none"); len(got) != 0 {
		t.Errorf("CacheKeys(none) = %v", got)
	}
}

func TestReadChecksVersion(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	data, _ := json.Marshal(Manifest{Version: Version, RunID: "r1"})
	os.WriteFile(good, data, 0o600)
	if m, err := Read(good); err != nil || m.RunID != "r1" {
		t.Fatalf("Read = %+v, %v", m, err)
	}
	future := filepath.Join(dir, "future.json")
	os.WriteFile(future, []byte(`{"version": 99}`), 0o600)
	if _, err := Read(future); err == nil || !strings.Contains(err.Error(), "version 99") {
		t.Errorf("a manifest of another version: err = %v", err)
	}
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte(`{"version": 1,`), 0o600)
	if _, err := Read(broken); err == nil || !strings.Contains(err.Error(), "broken.json") {
		t.Errorf("a truncated manifest: err = %v", err)
	}
}
