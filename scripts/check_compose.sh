#!/usr/bin/env bash
# Validate docker-compose.yml with the example environment (no Docker engine needed).
set -euo pipefail
cd "$(dirname "$0")/.."
docker-compose -f docker-compose.yml --env-file .env.example config -q
echo "docker-compose.yml is valid"
