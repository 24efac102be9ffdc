#!/usr/bin/env bash
# Run the whole pytest suite with the clock travelled to awkward moments (it keeps
# ticking from each): just before and just after midnight UTC, midnight in
# Asia/Karachi, the spring-forward night in Europe/Zurich, and the hour the suite
# once failed at on a fresh clone. By hand; CI runs one of them (see .ci/run).
# Extra arguments go to pytest, e.g. scripts/awkward_clock.sh -x tests/browser
set -uo pipefail
cd "$(dirname "$0")/.."
moments=(
  "2026-12-01T23:58:30+00:00"  # before midnight UTC (the run crosses it)
  "2026-12-02T00:00:30+00:00"  # after midnight UTC
  "2026-12-01T18:59:30+00:00"  # midnight in Asia/Karachi (UTC+5)
  "2027-03-28T00:59:00+00:00"  # 02:00 in Europe/Zurich jumps to 03:00
  "2026-11-30T22:20:00+00:00"  # the fresh clone that failed
)
failed=()
for moment in "${moments[@]}"; do
  echo "== clock at $moment"
  FLH_TEST_NOW="$moment" .venv/bin/python scripts/test_services.py \
    .venv/bin/python -m pytest -q -p no:cacheprovider "$@" || failed+=("$moment")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "Failed at: ${failed[*]}"
  exit 1
fi
echo "Green at every moment."
