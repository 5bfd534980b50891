#!/usr/bin/env bash
# Initial build: a single-stage image on golang:1.25 from Docker Hub.
set -euo pipefail
cd "$(dirname "$0")/.."

docker build -f initial/Dockerfile -t greeter:initial app

# Run it once: the greeting reports Go's version and how the binary was linked.
docker run --rm greeter:initial -once

# Size: the whole Go toolchain and a Debian userland ship with the program.
docker image ls greeter:initial

# Known vulnerabilities (https://github.com/anchore/grype).
if command -v grype >/dev/null 2>&1; then
  grype greeter:initial
else
  echo "grype is not installed: skipping the scan of greeter:initial"
fi
