#!/usr/bin/env bash
# Static vs. dynamic binaries: the cgo build needs glibc at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

docker build -f multistage/Dockerfile -t greeter:multistage app
docker build -f dynamic/Dockerfile -t greeter:dynamic app

# Copy both binaries out of their images to look at them.
mkdir -p out
for tag in multistage dynamic; do
  id=$(docker create "greeter:$tag")
  docker cp "$id:/usr/bin/greeter" "out/greeter-$tag"
  docker rm "$id" >/dev/null
done

# "statically linked" against "dynamically linked, interpreter /lib/ld-linux...".
file out/greeter-multistage out/greeter-dynamic
# ldd lists libc.so.6 for the cgo build only ("not a dynamic executable" otherwise).
ldd out/greeter-multistage || true
ldd out/greeter-dynamic || true

# The dynamic binary on the static image fails with "no such file or directory":
# the missing file is its ELF interpreter (the glibc loader), not the binary.
docker run --rm --entrypoint /usr/bin/greeter \
  -v "$PWD/out/greeter-dynamic:/usr/bin/greeter:ro" \
  cgr.dev/chainguard/static:latest -once || echo "as expected: static has no glibc"

# On glibc-dynamic it runs and reports the glibc version it found.
docker run --rm greeter:dynamic -once
docker image ls greeter

if command -v grype >/dev/null 2>&1; then
  grype greeter:dynamic
else
  echo "grype is not installed: skipping the scan of greeter:dynamic"
fi
