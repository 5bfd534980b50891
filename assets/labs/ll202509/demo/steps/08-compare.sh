#!/usr/bin/env bash
# Key takeaways: size and known CVEs of every image built so far, as rows for RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "| Step | Image | Size (MB) | CVEs (grype) |"
echo "| --- | --- | ---: | ---: |"
# step:tag, in the order of the lab.
for entry in 1:initial 2:chainguard 3:multistage 4:dynamic 6:dev; do
  n=${entry%%:*}
  image="greeter:${entry#*:}"
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    echo "| $n | $image | not built | |"
    continue
  fi
  bytes=$(docker image inspect --format '{{.Size}}' "$image")
  size=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1000000 }')
  cves="?"
  if command -v grype >/dev/null 2>&1 && command -v jq >/dev/null 2>&1; then
    cves=$(grype --quiet --output json "$image" | jq '.matches | length')
  fi
  echo "| $n | $image | $size | $cves |"
done
