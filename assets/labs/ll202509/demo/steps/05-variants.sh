#!/usr/bin/env bash
# Chainguard Container variants: :latest (distroless) and :latest-dev (shell and apk).
set -euo pipefail
cd "$(dirname "$0")/.."

images=(
  cgr.dev/chainguard/static:latest
  cgr.dev/chainguard/glibc-dynamic:latest
  cgr.dev/chainguard/glibc-dynamic:latest-dev
  cgr.dev/chainguard/go:latest
  cgr.dev/chainguard/go:latest-dev
)
for image in "${images[@]}"; do
  docker pull --quiet "$image"
done
docker image ls --filter 'reference=cgr.dev/chainguard/*'

# The standard variant has no shell: this fails.
docker run --rm --entrypoint /bin/sh cgr.dev/chainguard/glibc-dynamic:latest -c 'echo shell' \
  || echo "as expected: glibc-dynamic:latest has no /bin/sh"

# The -dev variant has a shell and apk, and lists what it is made of.
docker run --rm --entrypoint /bin/sh cgr.dev/chainguard/glibc-dynamic:latest-dev \
  -c 'id && apk info | sort'

# Which user each variant runs as.
for image in "${images[@]}"; do
  printf '%-45s user=%s\n' "$image" "$(docker image inspect --format '{{.Config.User}}' "$image")"
done
