package batch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// StateFile is the name of the state file in an output folder.
const StateFile = "batches.json"

// stateVersion is the version of the state file's format.
const stateVersion = 1

// State records the batches submitted for an output folder, so that a
// later process re-attaches to them instead of paying for their lines
// again. It is plain data: one process changes it at a time (the output
// folder's lock sees to that), and Save replaces the file atomically, so a
// process killed at any moment leaves the previous or the new state,
// never a mix.
type State struct {
	Version int `json:"version"`
	// Batches are in the order they were submitted. Add appends; a
	// record's Lines must not change once added.
	Batches []Record `json:"batches"`

	index map[string][]int // line -> indexes of the batches holding it; nil: not built
}

// Add records a submitted batch.
func (s *State) Add(r Record) {
	s.Batches = append(s.Batches, r)
	s.index = nil
}

// holders returns the indexes of the batches holding line id, oldest
// first.
func (s *State) holders(id string) []int {
	if s.index == nil {
		s.index = make(map[string][]int)
		for i, b := range s.Batches {
			for _, l := range b.Lines {
				s.index[l] = append(s.index[l], i)
			}
		}
	}
	return s.index[id]
}

// Record is one submitted batch.
type Record struct {
	// ID is "" while the batch is being created: the record is saved
	// with its input file first, so that a process killed before it
	// learns the ID leaves what the next one needs to find the batch
	// (Client.ByInputFile).
	ID          string    `json:"id"`
	InputFileID string    `json:"input_file_id"`
	Model       string    `json:"model"`
	Created     time.Time `json:"created"`
	// Status and Counts are the last the provider reported.
	Status       string `json:"status"`
	Counts       Counts `json:"request_counts"`
	OutputFileID string `json:"output_file_id,omitempty"`
	ErrorFileID  string `json:"error_file_id,omitempty"`
	// Errors say why a batch failed validation.
	Errors []string `json:"errors,omitempty"`
	// Lines are the custom_ids of the batch's lines (CustomID: the
	// digest of each request, which the reply cache's key is made from
	// too).
	Lines []string `json:"lines"`
	// Read is set once the results of the terminal batch were read;
	// Failed then lists the lines it did not answer.
	Read   bool     `json:"read,omitempty"`
	Failed []string `json:"failed,omitempty"`
	// Collected is set when a run finished with the batch's replies in
	// the reply cache: nothing needs the batch any more, and its lines
	// are dropped to keep the file small.
	Collected bool `json:"collected,omitempty"`
}

// Forget drops record i: an input file that never became a batch.
func (s *State) Forget(i int) {
	s.Batches = append(s.Batches[:i], s.Batches[i+1:]...)
	s.index = nil
}

// Update records what the provider last said of batch i.
func (s *State) Update(i int, b Batch) {
	r := &s.Batches[i]
	r.Status, r.Counts, r.OutputFileID, r.ErrorFileID, r.Errors = b.Status, b.Counts, b.OutputFileID, b.ErrorFileID, b.Errors
}

// Batch returns record i as the provider last described it.
func (r Record) Batch() Batch {
	return Batch{ID: r.ID, InputFileID: r.InputFileID, Status: r.Status, Counts: r.Counts, OutputFileID: r.OutputFileID, ErrorFileID: r.ErrorFileID, Errors: r.Errors}
}

// keepRecords is how long a record stays in the state file, for
// "summarize batches" to show: a month of scheduled runs. A batch ends
// within its 24-hour window, so an older one has nothing left to collect.
const keepRecords = 30 * 24 * time.Hour

// Collect marks every terminal batch whose results were read as
// collected, and forgets batches older than keepRecords: collected ones,
// and those that no run needed again (their inputs changed).
func (s *State) Collect(now time.Time) {
	kept := s.Batches[:0]
	for _, r := range s.Batches {
		if r.Read && Terminal(r.Status) {
			r.Collected, r.Lines, r.Failed = true, nil, nil
		}
		if now.Sub(r.Created) > keepRecords {
			continue
		}
		kept = append(kept, r)
	}
	s.Batches, s.index = kept, nil
}

// LoadState reads the state file of output folder out; a folder without
// one has an empty state.
func LoadState(out string) (*State, error) {
	path := filepath.Join(out, StateFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &State{Version: stateVersion}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("batch state: %w", err)
	}
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("batch state %s: %w", path, err)
	}
	if s.Version != stateVersion {
		return nil, fmt.Errorf("batch state %s: version %d, want %d", path, s.Version, stateVersion)
	}
	return &s, nil
}

// Save writes the state file of output folder out atomically and durably:
// a temporary file, synced, renamed over the old one, and the folder
// synced, so that a recorded batch survives a crash right after.
func (s *State) Save(out string) error {
	s.Version = stateVersion
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("batch state: %w", err)
	}
	if err := os.MkdirAll(out, 0o700); err != nil {
		return fmt.Errorf("batch state: %w", err)
	}
	f, err := os.CreateTemp(out, "."+StateFile+".tmp*")
	if err != nil {
		return fmt.Errorf("batch state: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(append(data, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(out, StateFile))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("batch state: %w", err)
	}
	if d, err := os.Open(out); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// Find returns the index of the newest batch holding line id that is not
// collected, or -1.
func (s *State) Find(id string) int {
	h := s.holders(id)
	for i := len(h) - 1; i >= 0; i-- {
		if !s.Batches[h[i]].Collected {
			return h[i]
		}
	}
	return -1
}

// Failures counts the batches, read and not collected, that failed line
// id: how often it has been tried in vain.
func (s *State) Failures(id string) int {
	n := 0
	for _, i := range s.holders(id) {
		if b := s.Batches[i]; b.Read && !b.Collected && slices.Contains(b.Failed, id) {
			n++
		}
	}
	return n
}
