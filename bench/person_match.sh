#!/usr/bin/env bash
# The person matcher over BENCH_N referrals (default 1,000,000): prints person_match_ms (target < 100).
# The database is BENCH_DATABASE (default kidas_bench, as bench/run.sh), created and topped up if needed;
# migrating it moves its referrals into people (referrals migration 0008).
#   BENCH_DATABASE=kidas_mine_bench BENCH_N=20000 bash bench/person_match.sh   # a small run of your own
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_N:-1000000}
DB=${BENCH_DATABASE:-kidas_bench}
PY=.venv/bin/python
export DATABASE_URL="postgres:///${DB}" DEBUG=0 LOG_LEVEL=WARNING

psql -lqt | cut -d'|' -f1 | grep -qw "$DB" || createdb "$DB"
$PY manage.py migrate -v0
$PY manage.py load_reference_data >/dev/null
$PY manage.py seed_referrals --count "$N" --top-up >&2
psql -q "$DB" -c "ANALYZE people_person; ANALYZE people_personname; ANALYZE people_personaddress"
$PY bench/person_match.py
