#!/usr/bin/env bash
# Multi-stage build: compile on cgr.dev/chainguard/go, run on cgr.dev/chainguard/static.
set -euo pipefail
cd "$(dirname "$0")/.."

docker build -f multistage/Dockerfile -t greeter:multistage app

# "linking": "static" and "uid": 65532, the image's non-root user.
docker run --rm greeter:multistage -once

# Serve, ask once over HTTP, stop (also when a command above fails).
docker run -d --rm --name greeter-step3 -p 8080:8080 greeter:multistage
trap 'docker stop greeter-step3 >/dev/null 2>&1 || true' EXIT
sleep 1
curl -fsS "http://localhost:8080/?name=static"

# A few megabytes: the binary plus certificates, tzdata and /etc/passwd.
docker image ls greeter
docker image inspect --format '{{.Config.User}}' greeter:multistage

if command -v grype >/dev/null 2>&1; then
  grype greeter:multistage
else
  echo "grype is not installed: skipping the scan of greeter:multistage"
fi
