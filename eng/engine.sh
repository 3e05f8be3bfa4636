#!/usr/bin/env bash
# A real Docker engine and two registries on this machine, for the integration tests and the PullRun sample.
#
#   eng/engine.sh up     install what is missing (Debian, as root), start dockerd on /var/run/docker.sock,
#                        a registry on 127.0.0.1:5000 serving 127.0.0.1:5000/busybox:1, and a registry on
#                        127.0.0.1:5001 serving 127.0.0.1:5001/busybox:broken whose layer blob is corrupted.
#   eng/engine.sh stop   end only the processes this script started.
#   eng/engine.sh status print what runs.
#
# Idempotent: `up` starts only what is not running and makes the images only once. Nothing is downloaded but Debian
# packages: the image is a tar of busybox-static and a few symlinks, `docker import`ed (docs/design.md §7).
set -euo pipefail

state="${PULLANALYZER_ENGINE_STATE:-/var/lib/pullanalyzer-engine}"
run="$state/run"
good_registry=127.0.0.1:5000
broken_registry=127.0.0.1:5001
# Bump when make_images changes what it pushes: a state folder from an older version is made anew.
images_version=2
export DOCKER_HOST="unix:///var/run/docker.sock"

log() { echo "[engine] $*" >&2; }

need_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  [ -x /bin/busybox ] && /bin/busybox --help 2>&1 | grep -q "statically linked" || dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

alive() { [ -f "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

wait_for() { # wait_for <what> <seconds> <command…>
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "$what did not come up in ${seconds}s"; return 1
}

engine_answers() { curl -sf --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null; }

start_dockerd() {
  if engine_answers; then log "dockerd already answers on /var/run/docker.sock"; return 0; fi
  log "starting dockerd"
  # No iptables, no bridge: containers use network mode none. vfs works on any file system.
  nohup dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
    >"$state/dockerd.log" 2>&1 &
  echo $! >"$run/dockerd.pid"
  wait_for dockerd 60 engine_answers || { tail -n 20 "$state/dockerd.log" >&2; return 1; }
}

start_registry() { # start_registry <name> <addr>
  local name=$1 addr=$2
  if curl -sf "http://$addr/v2/" >/dev/null 2>&1; then log "registry $addr already answers"; return 0; fi
  mkdir -p "$state/$name"
  cat >"$state/$name.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state/$name
  delete:
    enabled: true
http:
  addr: $addr
YAML
  log "starting registry $addr"
  nohup docker-registry serve "$state/$name.yml" >"$state/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
  wait_for "registry $addr" 30 curl -sf "http://$addr/v2/" || { tail -n 20 "$state/$name.log" >&2; return 1; }
}

make_images() {
  if [ "$(cat "$state/images.version" 2>/dev/null)" != "$images_version" ]; then
    rm -rf "$state/good/docker" "$state/broken/docker"
  fi
  if curl -sf "http://$good_registry/v2/busybox/manifests/1" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null \
     && curl -sf "http://$broken_registry/v2/busybox/manifests/broken" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null; then
    log "images already pushed"; return 0
  fi
  local rootfs="$state/rootfs"
  rm -rf "$rootfs" && mkdir -p "$rootfs/bin"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in sh echo cat sleep false true ls printf yes head seq; do ln -sf busybox "$rootfs/bin/$applet"; done
  tar -C "$rootfs" -cf "$state/rootfs.tar" .
  docker import "$state/rootfs.tar" "$good_registry/busybox:1" >/dev/null
  docker push "$good_registry/busybox:1" >/dev/null
  # The broken image gets a layer of its own (one more file), so that an engine holding the good image still has to
  # download it, and so meets the corruption.
  echo "this layer is corrupted in the registry on purpose" >"$rootfs/broken"
  tar -C "$rootfs" -cf "$state/rootfs-broken.tar" .
  docker import "$state/rootfs-broken.tar" "$broken_registry/busybox:broken" >/dev/null
  docker push "$broken_registry/busybox:broken" >/dev/null
  docker rmi "$broken_registry/busybox:broken" >/dev/null
  corrupt_layer
  echo "$images_version" >"$state/images.version"
  log "pushed $good_registry/busybox:1 and $broken_registry/busybox:broken (corrupted layer)"
}

# Overwrites bytes in the middle of every layer blob of the broken registry, keeping its size: the registry serves it,
# and the engine fails the pull mid-stream when the digest does not match ("verification failed").
corrupt_layer() {
  local blobs="$state/broken/docker/registry/v2/blobs"
  find "$blobs" -name data -size +100k | while read -r blob; do
    local size; size=$(stat -c %s "$blob")
    printf 'PULLANALYZER-CORRUPTED-LAYER' | dd of="$blob" bs=1 seek=$((size / 2)) conv=notrunc status=none
  done
}

up() {
  mkdir -p "$run"
  need_packages
  start_dockerd
  start_registry good "$good_registry"
  start_registry broken "$broken_registry"
  make_images
}

stop() {
  for name in broken good dockerd; do
    if alive "$name"; then
      log "stopping $name"
      kill "$(cat "$run/$name.pid")" 2>/dev/null || true
      for _ in $(seq 1 100); do alive "$name" || break; sleep 0.1; done
    fi
    rm -f "$run/$name.pid"
  done
}

status() {
  engine_answers && echo "dockerd: answers on /var/run/docker.sock" || echo "dockerd: not answering"
  for addr in "$good_registry" "$broken_registry"; do
    curl -sf "http://$addr/v2/" >/dev/null 2>&1 && echo "registry $addr: answers" || echo "registry $addr: not answering"
  done
}

case "${1:-up}" in
  up) up ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 up|stop|status" >&2; exit 2 ;;
esac
