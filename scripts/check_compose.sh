#!/usr/bin/env bash
# Validate docker-compose.yml with the example environment (no Docker engine needed).
#
# Works from a clean checkout and leaves nothing behind: the compose file, what it
# refers to and .env.example (as .env, which both `env_file: .env` and ${...}
# substitution read) are copied to a temporary directory and checked there, without
# and with the `video` profile. Exits non-zero when the file is invalid or uses a
# variable .env.example does not set.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "docker-compose is not installed (Debian: apt-get install docker-compose)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/docker-compose.yml" "$root/Dockerfile" "$work/"
cp "$root/.env.example" "$work/.env"
cp -R "$root/deploy" "$work/deploy"
cd "$work"

compose() { docker-compose --project-name flh "$@"; }

check() {
  local errors="$work/stderr"
  if ! compose "$@" config -q 2>"$errors"; then
    cat "$errors" >&2
    return 1
  fi
  # docker-compose only warns about a variable that is not set; .env.example must set all.
  if grep -i "not set" "$errors" >&2; then
    echo "a variable used by docker-compose.yml is missing from .env.example" >&2
    return 1
  fi
}

check
check --profile video

video_services="$(compose --profile video config --services)"
for service in postgres redis migrate web worker proxy jitsi-web prosody jicofo jvb; do
  if ! grep -qx "$service" <<<"$video_services"; then
    echo "docker-compose.yml has no service $service" >&2
    exit 1
  fi
done

echo "docker-compose.yml is valid (with and without --profile video)"
