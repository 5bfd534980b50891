package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

func TestNewGreetingDescribesTheProcess(t *testing.T) {
	g := newGreeting("")
	if g.Message != "Hello, world!" {
		t.Errorf("message = %q, want the default greeting", g.Message)
	}
	if g.GoVersion != runtime.Version() {
		t.Errorf("go_version = %q, want %q", g.GoVersion, runtime.Version())
	}
	if g.Hostname == "" {
		t.Error("hostname is empty")
	}
}

func TestLinkingMatchesTheBuild(t *testing.T) {
	g := newGreeting("")
	switch g.Linking {
	case "static":
		if g.Libc != "" {
			t.Errorf("a static build reports libc %q", g.Libc)
		}
	case "dynamic":
		if !strings.HasPrefix(g.Libc, "glibc ") {
			t.Errorf("a cgo build reports libc %q, want glibc and its version", g.Libc)
		}
	default:
		t.Errorf("linking = %q, want static or dynamic", g.Linking)
	}
}

func TestHandlerReturnsJSON(t *testing.T) {
	rec := httptest.NewRecorder()
	handleGreeting(rec, httptest.NewRequest(http.MethodGet, "/?name=Ada", nil))

	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("content type = %q", ct)
	}
	var g Greeting
	if err := json.Unmarshal(rec.Body.Bytes(), &g); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	if g.Message != "Hello, Ada!" {
		t.Errorf("message = %q, want the name from the query", g.Message)
	}
}

func TestHandlerRejectsPost(t *testing.T) {
	rec := httptest.NewRecorder()
	handleGreeting(rec, httptest.NewRequest(http.MethodPost, "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("status = %d, want 405", rec.Code)
	}
}

func TestOncePrintsOneGreeting(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-once", "-name", "Chainguard"}, &out); err != nil {
		t.Fatal(err)
	}
	var g Greeting
	if err := json.Unmarshal(out.Bytes(), &g); err != nil {
		t.Fatalf("-once output is not JSON: %v\n%s", err, out.String())
	}
	if g.Message != "Hello, Chainguard!" {
		t.Errorf("message = %q", g.Message)
	}
}
