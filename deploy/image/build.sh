#!/usr/bin/env bash
# Builds the Dockerfile with buildah (no Docker engine needed) and proves the image: `kuduso migrate` and
# `kuduso api` run inside it against the local PostgreSQL, and /livez answers.
#
# No image registry is reachable here, so the Dockerfile's NODE_IMAGE (node:24-bookworm-slim) is replaced by
# a base of the same shape made locally and cached: Debian bookworm (debootstrap, minbase) with the Node 24
# binary from node_modules/node and npm from the npm registry. Needs root, buildah, debootstrap (apt).
#
#   deploy/image/build.sh            build (base cached) and smoke-test
#   KUDUSO_IMAGE_TAG=kuduso:dev ...  another tag
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
TAG=${KUDUSO_IMAGE_TAG:-localhost/kuduso:test}
BASE=localhost/kuduso-node-base:24
CACHE=${KUDUSO_IMAGE_CACHE:-/var/tmp/kuduso-image-cache}
export BUILDAH_ISOLATION=chroot
# vfs works inside containers and sandboxes where overlay mounts are refused.
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}
mkdir -p "$CACHE"
log() { echo "== $*" >&2; }

if ! command -v buildah >/dev/null || ! command -v debootstrap >/dev/null; then
  log "installing buildah and debootstrap"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah debootstrap >/dev/null
fi

NODE_BIN=$(readlink -f node_modules/node/bin/node)
NODE_VERSION=$("$NODE_BIN" --version)
case "$NODE_VERSION" in v24.*) ;; *) log "node_modules/node is $NODE_VERSION, not Node 24"; exit 1 ;; esac

if ! buildah inspect --type image "$BASE" >/dev/null 2>&1 || [ "$(cat "$CACHE/base-node-version" 2>/dev/null)" != "$NODE_VERSION" ]; then
  log "making the base image $BASE (Debian bookworm + Node $NODE_VERSION)"
  if [ ! -f "$CACHE/rootfs.tar" ]; then
    rm -rf "$CACHE/rootfs"
    debootstrap --variant=minbase bookworm "$CACHE/rootfs" http://deb.debian.org/debian >"$CACHE/debootstrap.log"
    rm -rf "$CACHE/rootfs/var/cache/apt/archives/"*.deb "$CACHE/rootfs/var/lib/apt/lists/"*
    tar -C "$CACHE/rootfs" -cf "$CACHE/rootfs.tar" .
    rm -rf "$CACHE/rootfs"
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  install -D -m 0755 "$NODE_BIN" "$work/usr/local/bin/node"
  npm_version=$(npm --version)
  (cd "$work" && npm pack --silent "npm@$npm_version" >/dev/null)
  mkdir -p "$work/usr/local/lib/node_modules/npm"
  tar -xzf "$work/npm-$npm_version.tgz" -C "$work/usr/local/lib/node_modules/npm" --strip-components=1
  rm "$work/npm-$npm_version.tgz"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/usr/local/bin/npx"
  ctr=$(buildah from scratch)
  mnt=$(buildah mount "$ctr")
  tar -C "$mnt" -xf "$CACHE/rootfs.tar"
  cp -a "$work/usr/local/." "$mnt/usr/local/"
  buildah umount "$ctr" >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd node "$ctr"
  buildah commit --rm "$ctr" "$BASE" >/dev/null
  echo "$NODE_VERSION" >"$CACHE/base-node-version"
fi

log "building $TAG from the Dockerfile"
ca_args=()
# Behind a TLS-inspecting proxy the registry's certificate is signed by the host's CA: lend it to npm in the
# build steps (a bind mount and a build argument; neither ends up in the image).
cafile=$(npm config get cafile 2>/dev/null || true)
if [ -n "$cafile" ] && [ "$cafile" != null ] && [ -f "$cafile" ]; then
  ca_args=(--volume "$cafile:/run/kuduso-build-ca.crt:ro" --build-arg NPM_CONFIG_CAFILE=/run/kuduso-build-ca.crt)
fi
# No intermediate layers: on vfs each one is a full copy of the tree (13 min with them here, under 4 without).
buildah bud --isolation=chroot --format docker --layers=false --pull=never --build-arg "NODE_IMAGE=$BASE" "${ca_args[@]}" \
  -t "$TAG" -f Dockerfile . >&2

log "smoke test: migrate and api inside the image against PostgreSQL on 127.0.0.1:5432"
db="kuduso_img_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" postgres
port=$("$NODE_BIN" -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
ctr=$(buildah from --pull=never "$TAG")
api_pid=
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
  buildah rm "$ctr" >/dev/null 2>&1 || true
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres || true
  rm -rf "${work:-}"
  # Intermediate images of older builds: without this, vfs storage grows by a full copy per build.
  buildah rmi --prune >/dev/null 2>&1 || true
}
trap cleanup EXIT
env_args=(--env "DATABASE_URL=postgres://postgres@127.0.0.1:5432/$db" --env ARTIFACT_SIGNING_SECRET=image-smoke
  --env HOST=127.0.0.1 --env "PORT=$port" --env BLOB_DIR=/tmp/blobs)
# The image's own entrypoint and user, as a container runtime would start it.
entry=$(buildah inspect --type image --format '{{.OCIv1.Config.Entrypoint}}' "$TAG")
user=$(buildah inspect --type image --format '{{.OCIv1.Config.User}}' "$TAG")
[ "$entry" = '[node packages/cli/src/main.ts]' ] || { log "unexpected entrypoint $entry"; exit 1; }
[ "$user" = "10001:10001" ] || { log "unexpected user $user"; exit 1; }
health=$(buildah inspect --type image --format '{{.Docker.Config.Healthcheck}}' "$TAG")
case "$health" in *healthcheck.ts*) ;; *) log "no HEALTHCHECK in the image ($health)"; exit 1 ;; esac
timeout 120 buildah run --isolation=chroot --user "$user" "${env_args[@]}" "$ctr" -- node packages/cli/src/main.ts migrate >&2
timeout 300 buildah run --isolation=chroot --user "$user" "${env_args[@]}" "$ctr" -- node packages/cli/src/main.ts api >&2 &
api_pid=$!
for _ in $(seq 1 120); do
  if body=$(curl -fsS "http://127.0.0.1:$port/livez" 2>/dev/null); then break; fi
  kill -0 "$api_pid" 2>/dev/null || { log "the api exited"; exit 1; }
  sleep 1
done
echo "livez: ${body:-none}" >&2
[ "${body:-}" = '{"status":"ok"}' ] || { log "/livez did not answer"; exit 1; }
ready=$(curl -sS "http://127.0.0.1:$port/readyz")
echo "readyz: $ready" >&2
echo "$ready" | grep -q '"database":"ok"' || { log "/readyz: the database is not ok"; exit 1; }
timeout 60 buildah run --isolation=chroot --user "$user" "$ctr" -- node packages/cli/src/main.ts bogus >/dev/null 2>&1 && { log "an unknown role started"; exit 1; }
log "image $TAG: migrate ran, api answered /livez and /readyz as uid 10001"
