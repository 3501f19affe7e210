#!/usr/bin/env bash
# Times the SLA sweep's find-and-claim phase at 100,000 and 1,000,000 referrals with 50,000 open
# clocks of which 500 are due. Builds its own database (default kidas_bench_sla), so it never
# touches the development or test data. Prints sla_sweep_100k_ms, sla_sweep_1m_ms, sla_sweep_growth_ratio.
#   SLA_BENCH_SIZES="100000 500000" bash bench/sla_sweep.sh   # a quicker run
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${SLA_BENCH_DB:-kidas_bench_sla}"
export DATABASE_URL="postgres:///${DB}"
PY=.venv/bin/python
dropdb --if-exists "$DB"
createdb "$DB"
$PY manage.py migrate --noinput -v0
$PY manage.py load_reference_data >/dev/null
$PY bench/sla_sweep.py ${SLA_BENCH_SIZES:-100000 1000000}
if [ -z "${SLA_BENCH_KEEP:-}" ]; then dropdb "$DB"; fi
