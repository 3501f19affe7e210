#!/usr/bin/env bash
# The county-wide quarterly return over BENCH_N referrals (default 1,000,000), timed next to a plain
# SELECT count(*) over the referrals table in the same run. Prints quarterly_return_ratio (target <= 3).
# The database is BENCH_DATABASE (default kidas_bench, as bench/run.sh), created and topped up if needed;
# seeding also fills in the rows the return counts (clocks, support, closures, MARAC listings) once.
#   BENCH_DATABASE=kidas_mine_bench BENCH_N=20000 bash bench/quarterly_return.sh   # a small run of your own
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_N:-1000000}
DB=${BENCH_DATABASE:-kidas_bench}
PY=.venv/bin/python
export DATABASE_URL="postgres:///${DB}" DEBUG=0 LOG_LEVEL=WARNING

psql -lqt | cut -d'|' -f1 | grep -qw "$DB" || createdb "$DB"
$PY manage.py migrate -v0
$PY manage.py load_reference_data >/dev/null
echo "# seeding $DB to $N referrals" >&2
$PY manage.py seed_referrals --count "$N" --top-up >&2
# What the beat task does every few minutes: store the past months the triggers marked or never stored.
$PY manage.py summarise_report_months >&2
$PY bench/quarterly_return.py
