#!/usr/bin/env bash
# Debugging a distroless container: bring the tools, leave the image alone.
set -euo pipefail
cd "$(dirname "$0")/.."

docker build -f multistage/Dockerfile -t greeter:multistage app
docker rm -f greeter >/dev/null 2>&1 || true
docker run -d --name greeter -p 8080:8080 greeter:multistage
trap 'docker rm -f greeter >/dev/null 2>&1 || true' EXIT
sleep 1

# There is no shell to exec into.
docker exec greeter /bin/sh -c 'echo shell' || echo "as expected: no shell in greeter"

# 1. Share the container's process and network namespaces with a busybox
#    container. Running as the app's user (65532) is what allows reading
#    /proc/1/root, the app's file system, without extra capabilities.
docker run --rm --pid=container:greeter --network=container:greeter \
  --user 65532:65532 --entrypoint /bin/sh cgr.dev/chainguard/busybox:latest \
  -c 'ps -o pid,user,args; ls -l /proc/1/root/usr/bin; wget -qO- "http://localhost:8080/?name=debugger"'
# Interactively: docker run --rm -it --pid=container:greeter --user 65532:65532 cgr.dev/chainguard/busybox:latest

# 2. Docker Debug (Docker Desktop): a toolbox shell attached to the container.
if docker debug --help >/dev/null 2>&1; then
  echo "Run: docker debug greeter"
else
  echo "docker debug is not available here (it comes with Docker Desktop)"
fi

# 3. Kubernetes: an ephemeral container that targets the app's process namespace.
if command -v kubectl >/dev/null 2>&1 && kubectl cluster-info >/dev/null 2>&1; then
  if command -v kind >/dev/null 2>&1; then
    kind load docker-image greeter:multistage
  fi
  kubectl apply -f debug/pod.yaml
  kubectl wait --for=condition=Ready pod/greeter --timeout=60s
  kubectl debug greeter --image=cgr.dev/chainguard/busybox:latest --target=greeter \
    --container=debugger -- /bin/sh -c 'ps -o pid,user,args; ls -l /proc/1/root/usr/bin'
  sleep 5
  kubectl logs greeter -c debugger
  # Interactively: kubectl debug -it greeter --image=cgr.dev/chainguard/busybox:latest --target=greeter
  kubectl delete -f debug/pod.yaml --wait=false
else
  echo "kubectl has no cluster to talk to: skipping the Kubernetes part"
fi
