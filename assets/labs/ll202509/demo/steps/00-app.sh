#!/usr/bin/env bash
# Practical demo: the Go program the lab containerizes, run natively (needs Go 1.24+).
set -euo pipefail
cd "$(dirname "$0")/../app"

# Unit tests, then one greeting printed as JSON.
go test ./...
CGO_ENABLED=0 go run . -once

# As a server: curl http://localhost:8080/?name=you from another terminal.
# go run . -addr :8080
