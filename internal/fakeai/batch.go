package fakeai

// The fake's Batch API, as OpenAI documents it:
//
//   - POST /v1/files (multipart/form-data: purpose, file) stores a file and
//     answers its file object; GET /v1/files/{id} answers the object and
//     GET /v1/files/{id}/content the bytes.
//   - POST /v1/batches (input_file_id, endpoint /v1/chat/completions,
//     completion_window 24h) creates a batch in status validating;
//     GET /v1/batches lists them newest first (limit, after, has_more);
//     GET /v1/batches/{id} answers the batch object; POST
//     /v1/batches/{id}/cancel moves it to cancelling.
//
// A batch advances one status each time it is retrieved, so tests poll it
// through every status without waiting on a clock: validating, then
// failed (the input file broke a rule: JSON lines with a unique custom_id,
// method POST, url equal to the batch's endpoint, one model, at most
// BatchOptions.MaxLines lines) or in_progress; then its lines are run and
// it is finalizing, or expired when a line could not run in the window;
// then completed. A cancelled batch goes cancelling, then cancelled, with
// the lines it ran. Each line is answered by the same reply generation as
// the chat endpoint (Options.Respond, else DefaultRespond, in a chat
// completion body). Answered lines go to the output file, failed ones
// (status other than 200, or not run before expiry: error code
// batch_expired) to the error file, each in an order of its own, since
// OpenAI promises no order either.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// BatchOptions configures the Batch API of a Server. The zero value
// answers every line.
type BatchOptions struct {
	// Script forces the outcome of batch lines in the order they are run
	// (each batch's lines in file order, batches in the order they reach
	// in_progress): None answers; TooManyRequests and ServerError put the
	// line in the error file with status 429 or 500; Truncated, Empty,
	// Refused and Filtered answer 200 with the same faulty completion the
	// chat endpoint sends; Malformed answers a JSON request with content
	// that is not JSON (and a text request normally); Hang leaves the line
	// unrun, so its batch expires. Lines past the script are answered.
	Script []Fault
	// MaxLines and MaxFileBytes are the limits of one batch input file;
	// 0 means OpenAI's: 50,000 lines and 200 MB.
	MaxLines     int
	MaxFileBytes int64
	// OnCreate, when set, is called with the ID of every batch created,
	// before the creation is answered, with no lock held. When it returns
	// false the connection is cut instead of answered: the batch exists,
	// but the client never learns its ID, as when it is killed or the
	// network fails at that moment.
	OnCreate func(id string) (answer bool)
	// OnRetrieve, when set, is called with the batch ID of every retrieve
	// request before it is answered, with no lock held: a test can stop
	// its client there, as a run killed while it waits.
	OnRetrieve func(id string)
}

// OpenAI's documented limits of one batch input file.
const (
	defaultMaxLines     = 50000
	defaultMaxFileBytes = 200 << 20
)

// BatchStats counts what the Batch API has been asked.
type BatchStats struct {
	Requests  int // HTTP requests to /v1/files and /v1/batches
	Files     int // files uploaded
	Batches   int // batches created
	Lines     int // lines run (each once, whatever its outcome)
	Failed    int // lines that went to an error file
	Cancelled int // batches cancelled
}

type fakeFile struct {
	obj  openai.File
	data []byte
}

type fakeBatch struct {
	obj   openai.Batch
	lines []batchLine // parsed at validation
}

// batchLine is one line of an input file.
type batchLine struct {
	CustomID string          `json:"custom_id"`
	Method   string          `json:"method"`
	URL      string          `json:"url"`
	Body     json.RawMessage `json:"body"`
}

// batchStore is the Batch API's state; Server.mu guards it.
type batchStore struct {
	files     map[string]*fakeFile
	batches   map[string]*fakeBatch
	order     []string // batch IDs, oldest first
	scriptPos int
	next      int
	stats     BatchStats
}

// BatchStats returns the Batch API's counters.
func (s *Server) BatchStats() BatchStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.batch.stats
}

// ChatRequests returns how many HTTP requests the server received outside
// the Batch API: chat completions, and anything else unknown.
func (s *Server) ChatRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests - s.batch.stats.Requests
}

// serveBatchAPI answers r when it is for the Batch API, and reports
// whether it was.
func (s *Server) serveBatchAPI(w http.ResponseWriter, r *http.Request) bool {
	path := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/v1"), "/")
	if path != "/files" && path != "/batches" && !strings.HasPrefix(path, "/files/") && !strings.HasPrefix(path, "/batches/") {
		return false
	}
	s.mu.Lock()
	s.requests++
	s.batch.stats.Requests++
	opts := s.opts
	s.mu.Unlock()
	if opts.AlwaysStatus != 0 {
		writeStatus(w, opts.AlwaysStatus)
		return true
	}
	if opts.RequireKey != "" {
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if got == "" {
			got = r.Header.Get("api-key")
		}
		if got != opts.RequireKey {
			writeError(w, http.StatusUnauthorized, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: "+got+".")
			return true
		}
	}
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	switch {
	case r.Method == http.MethodPost && path == "/files":
		s.uploadFile(w, r, opts.Batch)
	case r.Method == http.MethodGet && len(parts) == 2 && parts[0] == "files":
		s.withFile(w, parts[1], func(f *fakeFile) { writeJSON(w, http.StatusOK, f.obj) })
	case r.Method == http.MethodGet && len(parts) == 3 && parts[0] == "files" && parts[2] == "content":
		s.withFile(w, parts[1], func(f *fakeFile) {
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write(f.data)
		})
	case r.Method == http.MethodPost && path == "/batches":
		s.createBatch(w, r)
	case r.Method == http.MethodGet && path == "/batches":
		s.listBatches(w, r)
	case r.Method == http.MethodGet && len(parts) == 2 && parts[0] == "batches":
		s.retrieveBatch(w, parts[1], opts)
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "batches" && parts[2] == "cancel":
		s.cancelBatch(w, parts[1])
	default:
		writeError(w, http.StatusNotFound, "invalid_request_error", "unknown_url", "Unknown request URL: "+r.Method+" "+r.URL.Path)
	}
	return true
}

func (s *Server) newID(prefix string) string {
	s.batch.next++
	return fmt.Sprintf("%s-fake%06d", prefix, s.batch.next)
}

func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request, bo BatchOptions) {
	limit := bo.MaxFileBytes
	if limit == 0 {
		limit = defaultMaxFileBytes
	}
	// The multipart envelope adds a little to the file itself.
	r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, "Could not parse multipart form: "+err.Error())
		return
	}
	purpose := r.FormValue("purpose")
	switch purpose {
	case "batch", "fine-tune", "assistants", "vision", "user_data", "evals":
	default:
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, fmt.Sprintf("Invalid value for 'purpose': %q.", purpose))
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, "Missing required parameter: 'file'.")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, "Could not read the file: "+err.Error())
		return
	}
	if purpose == "batch" {
		if !strings.HasSuffix(hdr.Filename, ".jsonl") {
			writeError(w, http.StatusBadRequest, "invalid_request_error", nil, "Invalid file format for Batch API. Must be .jsonl")
			return
		}
		if int64(len(data)) > limit {
			writeError(w, http.StatusBadRequest, "invalid_request_error", nil, fmt.Sprintf("File is too large: %d bytes, the limit for batch files is %d.", len(data), limit))
			return
		}
	}
	s.mu.Lock()
	obj := s.storeFile(hdr.Filename, purpose, data)
	s.batch.stats.Files++
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, obj)
}

// storeFile keeps a file; s.mu is held.
func (s *Server) storeFile(name, purpose string, data []byte) openai.File {
	if s.batch.files == nil {
		s.batch.files = make(map[string]*fakeFile)
	}
	obj := openai.File{ID: s.newID("file"), Object: "file", Bytes: len(data), CreatedAt: time.Now().Unix(),
		FileName: name, Purpose: purpose, Status: "processed"}
	s.batch.files[obj.ID] = &fakeFile{obj: obj, data: data}
	return obj
}

func (s *Server) withFile(w http.ResponseWriter, id string, do func(*fakeFile)) {
	s.mu.Lock()
	f := s.batch.files[id]
	s.mu.Unlock()
	if f == nil {
		writeError(w, http.StatusNotFound, "invalid_request_error", nil, fmt.Sprintf("No such File object: %s", id))
		return
	}
	do(f)
}

func (s *Server) createBatch(w http.ResponseWriter, r *http.Request) {
	var req openai.CreateBatchRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, "We could not parse the JSON body of your request: "+err.Error())
		return
	}
	if req.Endpoint != openai.BatchEndpointChatCompletions {
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, fmt.Sprintf("Invalid value for 'endpoint': %q; this server supports /v1/chat/completions.", req.Endpoint))
		return
	}
	if req.CompletionWindow != "24h" {
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, fmt.Sprintf("Invalid value for 'completion_window': %q; supported: 24h.", req.CompletionWindow))
		return
	}
	s.mu.Lock()
	f := s.batch.files[req.InputFileID]
	if f == nil || f.obj.Purpose != "batch" {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "invalid_request_error", nil, fmt.Sprintf("Invalid 'input_file_id': %q is not a batch file.", req.InputFileID))
		return
	}
	now := int(time.Now().Unix())
	expires := now + 24*3600
	b := &fakeBatch{obj: openai.Batch{
		ID: s.newID("batch"), Object: "batch", Endpoint: req.Endpoint, InputFileID: req.InputFileID,
		CompletionWindow: req.CompletionWindow, Status: "validating", CreatedAt: now, ExpiresAt: &expires,
		Metadata: req.Metadata,
	}}
	if s.batch.batches == nil {
		s.batch.batches = make(map[string]*fakeBatch)
	}
	s.batch.batches[b.obj.ID] = b
	s.batch.order = append(s.batch.order, b.obj.ID)
	s.batch.stats.Batches++
	obj := b.obj
	onCreate := s.opts.Batch.OnCreate
	s.mu.Unlock()
	if onCreate != nil && !onCreate(obj.ID) {
		panic(http.ErrAbortHandler)
	}
	writeJSON(w, http.StatusOK, obj)
}

// listBatches answers GET /v1/batches: newest first, at most limit
// (1 to 100, default 20) after the batch named by after.
func (s *Server) listBatches(w http.ResponseWriter, r *http.Request) {
	limit := 20
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeError(w, http.StatusBadRequest, "invalid_request_error", nil, "Invalid 'limit': must be between 1 and 100.")
			return
		}
		limit = n
	}
	after := r.URL.Query().Get("after")
	s.mu.Lock()
	var data []openai.Batch
	started := after == ""
	for i := len(s.batch.order) - 1; i >= 0; i-- {
		id := s.batch.order[i]
		if !started {
			started = id == after
			continue
		}
		data = append(data, s.batch.batches[id].obj)
	}
	s.mu.Unlock()
	more := len(data) > limit
	if more {
		data = data[:limit]
	}
	page := map[string]any{"object": "list", "data": data, "has_more": more, "first_id": nil, "last_id": nil}
	if len(data) > 0 {
		page["first_id"], page["last_id"] = data[0].ID, data[len(data)-1].ID
	} else {
		page["data"] = []openai.Batch{}
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) retrieveBatch(w http.ResponseWriter, id string, opts Options) {
	if opts.Batch.OnRetrieve != nil {
		opts.Batch.OnRetrieve(id)
	}
	s.mu.Lock()
	b := s.batch.batches[id]
	if b == nil {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "invalid_request_error", nil, fmt.Sprintf("No batch found with id '%s'.", id))
		return
	}
	s.advance(b, opts)
	obj := b.obj
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, obj)
}

func (s *Server) cancelBatch(w http.ResponseWriter, id string) {
	s.mu.Lock()
	b := s.batch.batches[id]
	if b == nil {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "invalid_request_error", nil, fmt.Sprintf("No batch found with id '%s'.", id))
		return
	}
	switch b.obj.Status {
	case "validating", "in_progress", "finalizing":
		now := int(time.Now().Unix())
		b.obj.Status, b.obj.CancellingAt = "cancelling", &now
		s.batch.stats.Cancelled++
	case "cancelling", "cancelled":
	default:
		status := b.obj.Status
		s.mu.Unlock()
		writeError(w, http.StatusConflict, "invalid_request_error", nil, fmt.Sprintf("Cannot cancel a batch with status '%s'.", status))
		return
	}
	obj := b.obj
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, obj)
}

// advance moves b one status on; s.mu is held.
func (s *Server) advance(b *fakeBatch, opts Options) {
	now := int(time.Now().Unix())
	o := &b.obj
	switch o.Status {
	case "validating":
		lines, errs := s.validate(s.batch.files[o.InputFileID].data, opts.Batch)
		if len(errs) > 0 {
			o.Status, o.FailedAt = "failed", &now
			o.Errors = &struct {
				Object string `json:"object,omitempty"`
				Data   []struct {
					Code    string  `json:"code,omitempty"`
					Message string  `json:"message,omitempty"`
					Param   *string `json:"param,omitempty"`
					Line    *int    `json:"line,omitempty"`
				} `json:"data"`
			}{Object: "list", Data: errs}
			return
		}
		b.lines = lines
		o.Status, o.InProgressAt = "in_progress", &now
		o.RequestCounts.Total = len(lines)
	case "in_progress":
		expired := s.run(b, opts)
		o.Status, o.FinalizingAt = "finalizing", &now
		if expired {
			o.Status, o.ExpiredAt = "expired", &now
		}
	case "finalizing":
		o.Status, o.CompletedAt = "completed", &now
	case "cancelling":
		o.Status, o.CancelledAt = "cancelled", &now
	}
}

type lineError = struct {
	Code    string  `json:"code,omitempty"`
	Message string  `json:"message,omitempty"`
	Param   *string `json:"param,omitempty"`
	Line    *int    `json:"line,omitempty"`
}

// validate parses an input file and checks OpenAI's rules for it.
func (s *Server) validate(data []byte, bo BatchOptions) ([]batchLine, []lineError) {
	maxLines := bo.MaxLines
	if maxLines == 0 {
		maxLines = defaultMaxLines
	}
	var lines []batchLine
	var errs []lineError
	bad := func(n int, code, msg string) {
		errs = append(errs, lineError{Code: code, Message: msg, Line: &n})
	}
	seen := map[string]bool{}
	model := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for n := 1; sc.Scan(); n++ {
		var l batchLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			bad(n, "invalid_json_line", "This line is not parseable as valid JSON.")
			continue
		}
		var body openai.ChatCompletionRequest
		switch {
		case l.CustomID == "":
			bad(n, "missing_required_parameter", "Missing required parameter: 'custom_id'.")
		case seen[l.CustomID]:
			bad(n, "duplicate_custom_id", fmt.Sprintf("The custom_id '%s' is used more than once.", l.CustomID))
		case l.Method != http.MethodPost:
			bad(n, "invalid_method", "The method must be POST.")
		case l.URL != string(openai.BatchEndpointChatCompletions):
			bad(n, "mismatched_endpoint", fmt.Sprintf("The url '%s' does not match the batch endpoint.", l.URL))
		case json.Unmarshal(l.Body, &body) != nil || body.Model == "" || len(body.Messages) == 0:
			bad(n, "invalid_request", "The body must be a chat completion request with a model and messages.")
		case model != "" && body.Model != model:
			bad(n, "mismatched_model", "All requests in an input file must use the same model.")
		}
		seen[l.CustomID] = true
		if model == "" {
			model = body.Model
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 && len(errs) == 0 {
		bad(1, "empty_file", "The input file has no requests.")
	}
	if len(lines) > maxLines {
		bad(maxLines+1, "too_many_requests", fmt.Sprintf("The input file has %d requests; the limit is %d.", len(lines), maxLines))
	}
	return lines, errs
}

// outputLine is one line of an output or error file.
type outputLine struct {
	ID       string          `json:"id"`
	CustomID string          `json:"custom_id"`
	Response *lineResponse   `json:"response"`
	Error    *lineErrorField `json:"error"`
}

type lineResponse struct {
	StatusCode int    `json:"status_code"`
	RequestID  string `json:"request_id"`
	Body       any    `json:"body"`
}

type lineErrorField struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// run answers b's lines and writes its output and error files; it
// reports whether a line could not run, which expires the batch. s.mu is
// held.
func (s *Server) run(b *fakeBatch, opts Options) (expired bool) {
	var out, failed []outputLine
	for _, l := range b.lines {
		fault := None
		if s.batch.scriptPos < len(opts.Batch.Script) {
			fault = opts.Batch.Script[s.batch.scriptPos]
			s.batch.scriptPos++
		}
		s.batch.stats.Lines++
		id := s.newID("batch_req")
		if fault == Hang {
			expired = true
			failed = append(failed, outputLine{ID: id, CustomID: l.CustomID, Error: &lineErrorField{
				Code: "batch_expired", Message: "This request could not be executed before the completion window expired."}})
			continue
		}
		status, body := s.answerLine(l, fault, opts)
		line := outputLine{ID: id, CustomID: l.CustomID, Response: &lineResponse{StatusCode: status, RequestID: "req_" + id, Body: body}}
		if status == http.StatusOK {
			out = append(out, line)
		} else {
			failed = append(failed, line)
		}
	}
	s.batch.stats.Failed += len(failed)
	b.obj.RequestCounts.Completed, b.obj.RequestCounts.Failed = len(out), len(failed)
	if id := s.storeLines(b.obj.ID+"_output.jsonl", out); id != "" {
		b.obj.OutputFileID = &id
	}
	if id := s.storeLines(b.obj.ID+"_error.jsonl", failed); id != "" {
		b.obj.ErrorFileID = &id
	}
	return expired
}

// answerLine runs one line as the chat endpoint would answer it.
func (s *Server) answerLine(l batchLine, fault Fault, opts Options) (int, any) {
	errBody := func(typ string, code any, msg string) any {
		return map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": code}}
	}
	var req openai.ChatCompletionRequest
	if err := json.Unmarshal(l.Body, &req); err != nil {
		return http.StatusBadRequest, errBody("invalid_request_error", nil, "We could not parse the JSON body of your request.")
	}
	rf := req.ResponseFormat
	if opts.RejectJSONSchema && rf != nil && rf.Type == openai.ChatCompletionResponseFormatTypeJSONSchema {
		return http.StatusBadRequest, errBody("invalid_request_error", nil, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.")
	}
	switch fault {
	case TooManyRequests:
		return http.StatusTooManyRequests, errBody("requests", "rate_limit_exceeded", "Rate limit reached for requests.")
	case ServerError, BadGateway:
		return http.StatusInternalServerError, errBody("server_error", nil, "The server had an error while processing your request. Sorry about that!")
	}
	respond := opts.Respond
	if respond == nil {
		respond = DefaultRespond
	}
	content, refusal, finish := respond(req), "", "stop"
	wantsJSON := rf != nil && (rf.Type == openai.ChatCompletionResponseFormatTypeJSONSchema ||
		rf.Type == openai.ChatCompletionResponseFormatTypeJSONObject)
	switch fault {
	case Malformed:
		if wantsJSON {
			content = "Here is the JSON: " + cutHalf(content) + " ...(continued)"
		}
	case Truncated:
		content, finish = cutHalf(content), "length"
	case Empty:
		content = ""
	case Refused:
		content, refusal = "", "I'm sorry, I can't help with that request."
	case Filtered:
		content, finish = "", "content_filter"
	}
	return http.StatusOK, completion(req, content, refusal, finish)
}

// storeLines stores lines, shuffled, as a JSONL file and returns its ID;
// "" when there are none. s.mu is held.
func (s *Server) storeLines(name string, lines []outputLine) string {
	if len(lines) == 0 {
		return ""
	}
	s.rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			panic(err)
		}
	}
	return s.storeFile(name, "batch_output", buf.Bytes()).ID
}
