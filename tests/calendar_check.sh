#!/usr/bin/env bash
# `make calendar`: the date-sensitive tests (CALENDAR_TESTS) at each of CALENDAR_MOMENTS, the browser journey
# (CALENDAR_JOURNEY) at CALENDAR_JOURNEY_MOMENT too. Two moments run at a time, one pytest process each, on the two
# test databases the whole suite has just left migrated (<name>_gw0 and <name>_gw1): two xdist workers per moment
# would start, import and check their databases again for every moment, a third of each moment's time.
# Each moment's output is shown whole if it failed, else its last line; the check fails if any moment failed.
set -uo pipefail
read -r -a moments <<< "$CALENDAR_MOMENTS"
database="${TEST_DATABASE_NAME:-test_kidas}"  # the same default as DATABASES["default"]["TEST"] in config/settings.py

run_moment() {  # the moment, the database's suffix
    local journey=""
    if [ "$1" = "$CALENDAR_JOURNEY_MOMENT" ]; then journey="$CALENDAR_JOURNEY"; fi
    # shellcheck disable=SC2086 (the lists of test files split on spaces)
    KIDAS_TEST_NOW="$1" TEST_DATABASE_NAME="${database}_$2" "$PYTEST" -q --reuse-db $CALENDAR_TESTS $journey
}

failed=0
for ((first = 0; first < ${#moments[@]}; first += 2)); do
    pids=()
    logs=()
    for slot in 0 1; do
        moment="${moments[first + slot]:-}"
        [ -n "$moment" ] || continue
        logs+=("$(mktemp)")
        run_moment "$moment" "gw$slot" > "${logs[slot]}" 2>&1 &
        pids+=("$!")
    done
    for slot in "${!pids[@]}"; do
        echo "calendar check at ${moments[first + slot]}"
        if wait "${pids[slot]}"; then
            tail -n 1 "${logs[slot]}"
        else
            cat "${logs[slot]}"
            failed=1
        fi
        rm -f "${logs[slot]}"
    done
done
exit "$failed"
