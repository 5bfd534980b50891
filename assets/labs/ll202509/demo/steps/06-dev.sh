#!/usr/bin/env bash
# Distroless containers and dev images: the step 4 program on glibc-dynamic:latest-dev.
set -euo pipefail
cd "$(dirname "$0")/.."

docker build -f dynamic/Dockerfile -t greeter:dynamic app
docker build -f dev/Dockerfile -t greeter:dev app

# Same program, same answer.
docker run --rm greeter:dynamic -once
docker run --rm greeter:dev -once

# Only the -dev image lets you in.
docker run --rm --entrypoint /bin/sh greeter:dynamic -c 'id' \
  || echo "as expected: greeter:dynamic has no shell"
docker run --rm --entrypoint /bin/sh greeter:dev -c 'id && ls /usr/bin | wc -l'

# The price of the tools: size and packages to keep patched.
docker image ls greeter
if command -v grype >/dev/null 2>&1; then
  grype greeter:dev
else
  echo "grype is not installed: skipping the scan of greeter:dev"
fi
