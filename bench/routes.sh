# Sourced by bench/run.sh once the floor and the app are up: every route and role of
# $BENCH_TMP/routes.tsv (manage.py bench_routes: every page of the URL conf and every GET operation
# of the API schema, for each role that may open it, with real ids) against the floor's /html (pages) or
# /json (the API and downloads), floor and app in alternation BENCH_ROUTE_ROUNDS times (default 1) for
# BENCH_ROUTE_SECONDS each (default 1), the median of the rounds' ratios. A route and role that does not
# answer a GET with 200 (POST-only, out of the role's scope, a redirect) is logged and left out.
#
# What keeps a whole run (some 800 route-roles) to minutes rather than hours:
# - The floor is measured again only when its last measurement of that kind (/html or /json) is older than
#   BENCH_FLOOR_EVERY seconds (default 15): the routes between share it, so floor and app still alternate
#   under the same conditions, but the floor is a tenth of the run rather than half of it.
# - A route slower than BENCH_ROUTE_SLOW seconds a request (default 1) is not loaded with wrk: 8 connections
#   would queue requests that the app goes on serving long after wrk stops, and the next route would be
#   measured behind them. Its rate is the app's two workers over the faster of two requests' times, which is
#   what wrk would find; a request that takes longer than BENCH_ROUTE_TIMEOUT seconds (default 30) counts as
#   that long.
# Prints route_<name>_<role>_ratio per route and role, then routes_measured, routes_min_ratio,
# routes_median_ratio and routes_slowest_1..5. BENCH_ROUTES_MATCH (a regular expression on the labels)
# measures some only:  BENCH_ROUTES_MATCH='referrals-(list|detail)' bash bench/run.sh

ROUTE_ROUNDS=${BENCH_ROUTE_ROUNDS:-1}
ROUTE_CONNECTIONS=8
ROUTE_WRK_ARGS=(-t2 "-c$ROUTE_CONNECTIONS" "-d${BENCH_ROUTE_SECONDS:-1}s")
FLOOR_EVERY=${BENCH_FLOOR_EVERY:-15}
ROUTE_SLOW=${BENCH_ROUTE_SLOW:-1}
ROUTE_TIMEOUT=${BENCH_ROUTE_TIMEOUT:-30}
APP_WORKERS=2  # gunicorn -w in bench/run.sh
declare -A route_sessions=() floor_rate=() floor_at=()
grep -E "^route_[^[:space:]]*(${BENCH_ROUTES_MATCH:-})" "$BENCH_TMP/routes.tsv" >"$BENCH_TMP/chosen.tsv" || true
for username in $(cut -f2 "$BENCH_TMP/chosen.tsv" | grep -v '^-$' | sort -u); do
  route_sessions[$username]=$("$PY" manage.py bench_session --username "$username")
done

route_rps() {  # like rps, but a run with errors fails the route rather than the whole benchmark
  local out
  out=$(wrk "${ROUTE_WRK_ARGS[@]}" "$@") || return 1
  if grep -q 'Non-2xx' <<<"$out" || grep -qE 'Socket errors: connect [1-9]|read [1-9]|write [1-9]' <<<"$out"; then
    return 1
  fi
  # Requests slower than wrk's 2 s timeout are not counted: the rate (and the ratio) says how few finished.
  if grep -q 'timeout [1-9]' <<<"$out"; then log "$(grep 'Socket errors' <<<"$out") on ${*: -1}"; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

slower_than_slow() {  # slower_than_slow SECONDS: true when a request that long is past ROUTE_SLOW
  awk -v s="$1" -v slow="$ROUTE_SLOW" 'BEGIN {exit !(s > slow)}'
}

measure_floor() {  # measure_floor URL: sets f to the floor's rate at URL, measured again when older than FLOOR_EVERY s
  local url=$1 now last
  now=$(date +%s)
  last=${floor_at[$url]:-0}
  if [ $((now - last)) -ge "$FLOOR_EVERY" ]; then
    floor_rate[$url]=$(route_rps "$url") || return 1
    floor_at[$url]=$now
  fi
  f=${floor_rate[$url]}
}

: >"$BENCH_TMP/ratios"
started=$(date +%s)
while IFS=$'\t' read -r label username path kind; do
  headers=()
  [ "$username" != - ] && headers=(-H "Cookie: sessionid=${route_sessions[$username]}")
  app_url="http://127.0.0.1:$APP_PORT$path"
  read -r code seconds content_type < <(curl -s --max-time "$ROUTE_TIMEOUT" -o /dev/null \
    -w '%{http_code} %{time_total} %{content_type}\n' "${headers[@]}" "$app_url")
  if [ "$code" = 000 ]; then  # no answer within ROUTE_TIMEOUT: as slow as that, at least
    code=200 seconds=$ROUTE_TIMEOUT
    log "$label ($path): no answer within ${ROUTE_TIMEOUT}s"
  elif [ "$code" = 200 ] && slower_than_slow "$seconds"; then
    # The first request may have been slow for its own reasons (cold caches): the faster of two decides.
    again=$(curl -s --max-time "$ROUTE_TIMEOUT" -o /dev/null -w '%{time_total}' "${headers[@]}" "$app_url") || again=$seconds
    seconds=$(awk -v a="$seconds" -v b="$again" 'BEGIN {print (b < a) ? b : a}')
  fi
  if [ "$code" != 200 ]; then
    log "$label ($path): answered $code, not measured"
    continue
  fi
  floor_url="http://127.0.0.1:$FLOOR_PORT/json"
  [[ $kind = page && $content_type = text/html* ]] && floor_url="http://127.0.0.1:$FLOOR_PORT/html"
  ratios=()
  for _ in $(seq 1 "$ROUTE_ROUNDS"); do
    measure_floor "$floor_url" || { ratios=(); break; }
    if slower_than_slow "$seconds"; then
      a=$(awk -v s="$seconds" -v w="$APP_WORKERS" 'BEGIN {printf "%.3f", w / s}')
      log "$label: ${seconds}s a request, rate from that"
    else
      a=$(route_rps "${headers[@]}" "$app_url") || { ratios=(); break; }
      # wrk leaves a request in flight on each connection: let the workers finish them before the next measurement.
      sleep "$(awk -v s="$seconds" -v c="$ROUTE_CONNECTIONS" -v w="$APP_WORKERS" 'BEGIN {printf "%.2f", (s > 0.1) ? c * s / w : 0}')"
    fi
    ratios+=("$(ratio "$a" "$f")")
  done
  if [ ${#ratios[@]} = 0 ]; then
    log "$label ($path): errors during the run, not measured"
    echo "${label}_errors: 1"
    continue
  fi
  value=$(printf '%s\n' "${ratios[@]}" | median | awk '{printf "%.2f", $1}')
  echo "${label}_ratio: $value"
  echo "$label $value" >>"$BENCH_TMP/ratios"
done <"$BENCH_TMP/chosen.tsv"
log "routes took $(($(date +%s) - started))s"

echo "routes_measured: $(wc -l <"$BENCH_TMP/ratios")"
# awk, not head, takes the first lines: head stops reading, and under pipefail sort's broken pipe (status 141)
# ended a ten-million run before the workers' memory was measured.
echo "routes_min_ratio: $(awk '{print $2}' "$BENCH_TMP/ratios" | sort -n | awk 'NR == 1')"
echo "routes_median_ratio: $(awk '{print $2}' "$BENCH_TMP/ratios" | median | awk '{printf "%.2f", $1}')"
sort -k2,2n "$BENCH_TMP/ratios" | awk 'NR <= 5 {printf "routes_slowest_%d: %s %s\n", NR, $1, $2}'
