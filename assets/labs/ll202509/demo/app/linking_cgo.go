//go:build cgo

package main

/*
#include <gnu/libc-version.h>
*/
import "C"

// linking says how this binary was built: with CGO_ENABLED=1 this file calls
// into glibc, so the binary is linked against libc.so.6 and needs an image
// that ships glibc and its loader, such as cgr.dev/chainguard/glibc-dynamic.
const linking = "dynamic"

// libcVersion asks the C library the binary was linked against for its version.
func libcVersion() string {
	return "glibc " + C.GoString(C.gnu_get_libc_version())
}
