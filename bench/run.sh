#!/usr/bin/env bash
# make bench: the caseload page (HTML) and API (JSON) of a signed-in provider worker, then every page and
# every GET API operation for every role that may open it (bench/routes.sh), measured with wrk against the
# floor in ../shared/bench/floor seeded to the same size, in the same run; then the gunicorn workers'
# memory. Prints one `name: value` line per figure. BENCH_N sets the size (default 1,000,000); the app's
# database BENCH_DATABASE (default kidas_bench) is kept between runs and topped up, the floor rebuilds its own.
#   BENCH_DATABASE=kidas_bench_mine BENCH_ROUTES=0 bash bench/run.sh   # your own copy, caseload only
#   BENCH_FLOOR_UP=1 bash bench/run.sh   # the floor is already serving on BENCH_FLOOR_PORT: not rebuilt
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_N:-1000000}
DB=${BENCH_DATABASE:-kidas_bench}
# The floor (its run.sh serves on 8765) and the app's port; a copy of the floor elsewhere may use another.
FLOOR_DIR=${BENCH_FLOOR_DIR:-../shared/bench/floor}
FLOOR_PORT=${BENCH_FLOOR_PORT:-8765}
APP_PORT=${BENCH_APP_PORT:-8766}
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
WRK_ARGS=(-t2 -c8 -d4s)
export DATABASE_URL=postgres:///$DB KIDAS_DEMO=1 DEBUG=0 LOG_LEVEL=WARNING

log() { echo "# $*" >&2; }
pids=()
BENCH_TMP=$(mktemp -d /tmp/kidas-bench.XXXXXX)  # this run's own files: two runs on one machine do not mix
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$BENCH_TMP"; }
trap cleanup EXIT

psql -lqt | cut -d'|' -f1 | grep -qw "$DB" || createdb "$DB"
"$PY" manage.py migrate -v0
"$PY" manage.py load_reference_data >/dev/null
log "seeding the app to $N referrals"
"$PY" manage.py seed_referrals --count "$N" --top-up >&2
"$PY" manage.py collectstatic --noinput -v0
SESSION=$("$PY" manage.py bench_session --username seed.centra.00)
if [ "${BENCH_ROUTES:-1}" = 1 ]; then
  log "finding the routes to measure"
  "$PY" manage.py bench_routes >"$BENCH_TMP/routes.tsv"
fi

if [ "${BENCH_FLOOR_UP:-0}" = 1 ]; then
  # A floor already serving on FLOOR_PORT (started by an earlier run or by hand with the same N): rebuilding
  # its million cases takes minutes, which a run comparing one change need not spend.
  log "using the floor already serving on $FLOOR_PORT"
else
  log "starting the floor with $N cases"
  (cd "$FLOOR_DIR" && PY="$PY" ./run.sh "$N") >/tmp/kidas-bench-floor.log 2>&1 &
  pids+=($!)
fi
"$PY" -m gunicorn -w 2 -b 127.0.0.1:$APP_PORT --access-logfile /dev/null config.wsgi:application \
  >/tmp/kidas-bench-app.log 2>&1 &
pids+=($!)
APP_PID=$!

wait_for() {
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done
  echo "gave up waiting for $1" >&2; return 1
}
wait_for "http://127.0.0.1:$FLOOR_PORT/json"
wait_for "http://127.0.0.1:$APP_PORT/accounts/login/"

COOKIE="Cookie: sessionid=$SESSION"
check() {  # the app must answer 200 with 50 rows as the signed-in worker, not a redirect to sign in
  local code
  code=$(curl -s -o "$BENCH_TMP/body" -w '%{http_code}' -H "$COOKIE" "$1")
  [ "$code" = 200 ] || { echo "$1 answered $code" >&2; exit 1; }
}
check "http://127.0.0.1:$APP_PORT/cases/"
grep -c 'govuk-table__row' "$BENCH_TMP/body" | { read -r rows; log "caseload page rows: $((rows - 1))"; }
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
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v f="$2" 'BEGIN {printf "%.3f", a / f}'; }

# The machine's speed drifts (a shared virtual machine: the floor alone has measured from 450 to 1,000
# requests a second in one hour), so floor and app are measured in alternation, ROUNDS times, and each
# ratio is the median of the rounds' ratios: each round compares the two under the same conditions.
ROUNDS=${BENCH_ROUNDS:-5}
compare() {  # compare NAME FLOOR_URL APP_URL: prints floor_NAME_rps, caseload_NAME_rps, caseload_NAME_ratio
  local name=$1 floor_url=$2 app_url=$3 floors=() apps=() ratios=() f a
  curl -s -o /dev/null "$floor_url"; curl -s -o /dev/null -H "$COOKIE" "$app_url"  # warm both
  for _ in $(seq 1 "$ROUNDS"); do
    f=$(rps "$floor_url"); a=$(rps -H "$COOKIE" "$app_url")
    floors+=("$f"); apps+=("$a"); ratios+=("$(ratio "$a" "$f")")
    log "$name round: floor $f, app $a, ratio $(ratio "$a" "$f")"
  done
  echo "floor_${name}_rps: $(printf '%s\n' "${floors[@]}" | median)"
  echo "caseload_${name}_rps: $(printf '%s\n' "${apps[@]}" | median)"
  echo "caseload_${name}_ratio: $(printf '%s\n' "${ratios[@]}" | median | awk '{printf "%.2f", $1}')"
}

echo "referrals: $N"
compare html "http://127.0.0.1:$FLOOR_PORT/html" "http://127.0.0.1:$APP_PORT/cases/"
compare json "http://127.0.0.1:$FLOOR_PORT/json" "http://127.0.0.1:$APP_PORT/api/v1/caseload/"

if [ "${BENCH_ROUTES:-1}" = 1 ]; then
  source bench/routes.sh
fi

# The largest gunicorn worker's resident memory after the run (the workers are the master's children).
rss_kb=0
for worker in $(pgrep -P "$APP_PID"); do
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$worker/status" 2>/dev/null || echo 0)
  if [ "${kb:-0}" -gt "$rss_kb" ]; then rss_kb=$kb; fi
done
echo "worker_rss_mb: $((rss_kb / 1024))"
