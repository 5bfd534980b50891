// Command greeter answers HTTP requests with a JSON greeting that describes
// the container it runs in: Go version, platform, how the binary was linked,
// the user it runs as and the hostname.
//
// Run it as a server (the default, on :8080) or with -once to print one
// greeting and exit, which works even in an image that has no shell or curl.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"runtime"
	"time"
)

// Greeting is the document the server returns.
type Greeting struct {
	Message   string `json:"message"`
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"`
	Linking   string `json:"linking"`
	Libc      string `json:"libc,omitempty"`
	UID       int    `json:"uid"`
	Hostname  string `json:"hostname"`
}

// newGreeting describes this process; name defaults to "world".
func newGreeting(name string) Greeting {
	if name == "" {
		name = "world"
	}
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return Greeting{
		Message:   fmt.Sprintf("Hello, %s!", name),
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
		Linking:   linking,
		Libc:      libcVersion(),
		UID:       os.Getuid(),
		Hostname:  host,
	}
}

// handleGreeting serves GET /?name=NAME.
func handleGreeting(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(newGreeting(r.URL.Query().Get("name"))); err != nil {
		log.Printf("writing response: %v", err)
	}
}

// run parses args and either prints one greeting to out or serves until the
// server fails.
func run(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("greeter", flag.ContinueOnError)
	flags.SetOutput(out)
	addr := flags.String("addr", ":8080", "address to listen on")
	once := flags.Bool("once", false, "print one greeting as JSON and exit")
	name := flags.String("name", "", "who to greet with -once")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *once {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(newGreeting(*name))
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/", handleGreeting)
	server := &http.Server{
		Addr:    *addr,
		Handler: mux,
		// A slow client must not hold a connection open forever.
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Printf("greeter (%s, %s) listening on %s", linking, runtime.Version(), *addr)
	return server.ListenAndServe()
}

func main() {
	err := run(os.Args[1:], os.Stdout)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		log.Fatal(err)
	}
}
