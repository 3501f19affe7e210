#!/usr/bin/env bash
# make bench: the caseload page (HTML) and API (JSON) of a signed-in provider worker, measured with wrk
# against the floor in ../shared/bench/floor seeded to the same size, in the same run. Prints one
# `name: value` line per figure. BENCH_N sets the size (default 1,000,000); the app's database
# kidas_bench is kept between runs and topped up, the floor rebuilds its own.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_N:-1000000}
APP_PORT=8766
FLOOR_PORT=8765
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
WRK_ARGS=(-t2 -c8 -d8s)
export DATABASE_URL=postgres:///kidas_bench KIDAS_DEMO=1 DEBUG=0 LOG_LEVEL=WARNING

log() { echo "# $*" >&2; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

psql -lqt | cut -d'|' -f1 | grep -qw kidas_bench || createdb kidas_bench
"$PY" manage.py migrate -v0
"$PY" manage.py load_reference_data >/dev/null
log "seeding the app to $N referrals"
"$PY" manage.py seed_referrals --count "$N" --top-up >&2
"$PY" manage.py collectstatic --noinput -v0
SESSION=$("$PY" manage.py bench_session --username seed.centra.00)

log "starting the floor with $N cases"
(cd ../shared/bench/floor && PY="$PY" ./run.sh "$N") >/tmp/kidas-bench-floor.log 2>&1 &
pids+=($!)
"$PY" -m gunicorn -w 2 -b 127.0.0.1:$APP_PORT --access-logfile /dev/null kidas.wsgi:application \
  >/tmp/kidas-bench-app.log 2>&1 &
pids+=($!)

wait_for() {
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done
  echo "gave up waiting for $1" >&2; return 1
}
wait_for "http://127.0.0.1:$FLOOR_PORT/json"
wait_for "http://127.0.0.1:$APP_PORT/accounts/login/"

COOKIE="Cookie: sessionid=$SESSION"
check() {  # the app must answer 200 with 50 rows as the signed-in worker, not a redirect to sign in
  local code
  code=$(curl -s -o /tmp/kidas-bench-body -w '%{http_code}' -H "$COOKIE" "$1")
  [ "$code" = 200 ] || { echo "$1 answered $code" >&2; exit 1; }
}
check "http://127.0.0.1:$APP_PORT/cases/"
grep -c 'govuk-table__row' /tmp/kidas-bench-body | { read -r rows; log "caseload page rows: $((rows - 1))"; }
check "http://127.0.0.1:$APP_PORT/api/v1/caseload/"

rps() {  # requests per second from wrk; refuses a run with non-2xx answers or connection errors
  local out
  out=$(wrk "${WRK_ARGS[@]}" "$@")
  if grep -q 'Non-2xx' <<<"$out" || grep -qE 'Socket errors: connect [1-9]|read [1-9]|write [1-9]' <<<"$out"; then
    echo "$out" >&2; echo "errors during the run" >&2; exit 1
  fi
  grep -q 'timeout' <<<"$out" && log "$(grep 'Socket errors' <<<"$out") on $*"
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
curl -s -o /dev/null "http://127.0.0.1:$FLOOR_PORT/html"  # warm both
floor_html=$(rps "http://127.0.0.1:$FLOOR_PORT/html")
app_html=$(rps -H "$COOKIE" "http://127.0.0.1:$APP_PORT/cases/")
floor_json=$(rps "http://127.0.0.1:$FLOOR_PORT/json")
app_json=$(rps -H "$COOKIE" "http://127.0.0.1:$APP_PORT/api/v1/caseload/")

echo "referrals: $N"
echo "floor_html_rps: $floor_html"
echo "caseload_html_rps: $app_html"
echo "caseload_html_ratio: $(awk -v a="$app_html" -v f="$floor_html" 'BEGIN {printf "%.2f", a / f}')"
echo "floor_json_rps: $floor_json"
echo "caseload_json_rps: $app_json"
echo "caseload_json_ratio: $(awk -v a="$app_json" -v f="$floor_json" 'BEGIN {printf "%.2f", a / f}')"
