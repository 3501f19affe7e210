#!/usr/bin/env bash
# make bench: 20 locust users (half triage: record a referral and complete its checklist; half
# caseload: list the caseload page and API, open a case, log a contact attempt) for 2 minutes
# against the app under gunicorn (2 workers), on its own database kidas_load (20,000 seeded
# referrals). Then the same load with PostgreSQL restarted in the middle: the app must recover
# without a restart, and no referral may be left in an illegal state. Prints one `name: value`
# line per figure: load_p95_ms, load_error_ratio, fault_load_error_ratio, fault_outage_s,
# fault_recovered, illegal_states. While the database is away the app answers 503 (counted as errors).
#   LOAD_DURATION=30 LOAD_FAULT=0 bash bench/load.sh   # a quick run without the database restart
# The restart affects every database on this machine: run it where nothing else needs PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
DB=${LOAD_DB:-kidas_load}
PORT=${LOAD_PORT:-8767}
N=${LOAD_REFERRALS:-20000}
USERS=${LOAD_USERS:-20}
DURATION=${LOAD_DURATION:-120}
FAULT_DURATION=${LOAD_FAULT_DURATION:-$DURATION}
OUT=${LOAD_OUT:-/tmp/kidas-load}
export DATABASE_URL=postgres:///$DB KIDAS_DEMO=1 DEBUG=0 LOG_LEVEL=WARNING
export REDIS_URL=${LOAD_REDIS_URL:-redis://127.0.0.1:6379/7}

log() { echo "# $*" >&2; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

psql -lqt | cut -d'|' -f1 | grep -qw "$DB" || createdb "$DB"
"$PY" manage.py migrate -v0
"$PY" manage.py load_reference_data >/dev/null
"$PY" manage.py load_demo_data >/dev/null
log "seeding the app to $N referrals"
"$PY" manage.py seed_referrals --count "$N" --top-up >&2
"$PY" manage.py collectstatic --noinput -v0
set -a
eval "$("$PY" bench/load_setup.py)"
set +a
KIDAS_WORKER_SESSION=$("$PY" manage.py bench_session --username "$KIDAS_WORKER_USERNAME")
export KIDAS_WORKER_SESSION

"$PY" -m gunicorn -w 2 -b 127.0.0.1:"$PORT" --access-logfile /dev/null config.wsgi:application \
  >"$OUT-app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 1; done
worker_token=${KIDAS_WORKER_TOKENS%%,*}
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Token $worker_token" "http://127.0.0.1:$PORT/api/v1/caseload/")
[ "$code" = 200 ] || { echo "the caseload API answered $code" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -b "sessionid=$KIDAS_WORKER_SESSION" "http://127.0.0.1:$PORT/cases/")
[ "$code" = 200 ] || { echo "the caseload page answered $code to the bench session" >&2; exit 1; }

run_locust() {  # run_locust SECONDS CSV_PREFIX: headless, bounded in time; locust exits 1 on any failure
  "$ROOT/.venv/bin/locust" -f bench/locustfile.py --headless -u "$USERS" -r 10 -t "${1}s" \
    --host "http://127.0.0.1:$PORT" --csv "$2" --only-summary --stop-timeout 5 >"$2.log" 2>&1 || true
}
figures() {  # figures CSV_PREFIX -> "p95_ms error_ratio requests" from the Aggregated row
  "$PY" - "$1_stats.csv" <<'PYEOF'
import csv, sys
row = next(r for r in csv.DictReader(open(sys.argv[1])) if r["Name"] == "Aggregated")
requests, failures = int(row["Request Count"]), int(row["Failure Count"])
print(row["95%"], f"{failures / max(requests, 1):.4f}", requests)
PYEOF
}

log "load: $USERS users for ${DURATION}s"
run_locust "$DURATION" "$OUT-steady"
read -r p95 ratio requests < <(figures "$OUT-steady")
log "requests: $requests"
echo "load_p95_ms: $p95"
echo "load_error_ratio: $ratio"

if [ "${LOAD_FAULT:-1}" != 0 ]; then
  log "fault: $USERS users for ${FAULT_DURATION}s, PostgreSQL restarted after $((FAULT_DURATION / 3))s"
  run_locust "$FAULT_DURATION" "$OUT-fault" &
  locust_pid=$!
  sleep $((FAULT_DURATION / 3))
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart
  wait "$locust_pid"
  read -r _ fault_ratio fault_requests < <(figures "$OUT-fault")
  log "requests during the fault run: $fault_requests"
  echo "fault_load_error_ratio: $fault_ratio"
  # How long requests failed: from the first failure seen to the last (locust's failures file).
  "$PY" - "$OUT-fault_failures.csv" <<'PYEOF'
import csv, sys
from datetime import datetime
rows = list(csv.DictReader(open(sys.argv[1])))
seen = [datetime.fromisoformat(r[k].replace("Z", "+00:00")) for r in rows for k in ("First Seen", "Last Seen") if r.get(k)]
print(f"fault_outage_s: {(max(seen) - min(seen)).total_seconds():.0f}" if seen else "fault_outage_s: 0")
PYEOF
  ok=0
  for _ in $(seq 1 10); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Token $worker_token" "http://127.0.0.1:$PORT/api/v1/caseload/")
    [ "$code" = 200 ] && ok=$((ok + 1))
  done
  echo "fault_recovered: $([ "$ok" = 10 ] && echo yes || echo no)"
fi
"$PY" bench/state_check.py
