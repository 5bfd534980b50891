//go:build !cgo

package main

// linking says how this binary was built: with CGO_ENABLED=0 the Go linker
// writes the whole program itself, so it needs no C library at run time and
// runs on cgr.dev/chainguard/static.
const linking = "static"

// libcVersion is empty because a static build uses no C library.
func libcVersion() string { return "" }
