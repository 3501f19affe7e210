# KIDAS Triage: developer and CI entry points (GNU make).
#   make run   - install everything, set up the database, load demo data, serve on http://127.0.0.1:8000
#   make test  - install everything, lint, run the whole test suite (what CI runs via .ci/run)

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip

VENV_STAMP   := $(VENV)/.installed
NODE_STAMP   := node_modules/.kidas-npm-installed
ASSETS_STAMP := static/build/.kidas-built

# Python keeps the modules it compiles (and pytest the test modules it rewrites), whatever the shell says: a run of
# the suite starts some thirty Python processes (xdist workers, the calendar check's, Celery workers, manage.py),
# and with PYTHONDONTWRITEBYTECODE each compiled the project again, about 5 seconds apiece on a two-core machine.
unexport PYTHONDONTWRITEBYTECODE

# apt-get needs root; use sudo only when we are not root already.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv assets services db run chromium lint graph test calendar bench bench-tools

help:
	@echo "make run    - set everything up and serve the demo on http://127.0.0.1:8000"
	@echo "make test   - lint and run the whole test suite (what CI runs)"
	@echo "make graph  - the app graph: every import between the project's packages, and any cycle"
	@echo "other targets: venv assets services db chromium lint bench"

# ---------------------------------------------------------------- Python
venv: $(VENV_STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Re-installs only when pyproject.toml is newer than the stamp.
# The project is not a package (see [tool.setuptools] in pyproject.toml): this installs the pinned
# dependencies; the egg-info setuptools leaves in the checkout is not needed afterwards.
$(VENV_STAMP): pyproject.toml | $(PY)
	$(PIP) install --disable-pip-version-check --upgrade pip
	$(PIP) install --disable-pip-version-check -e '.[demo,test]'
	rm -rf kidas_triage.egg-info
	touch $@

# ---------------------------------------------------------------- front-end
assets: $(ASSETS_STAMP)

$(NODE_STAMP): package.json $(wildcard package-lock.json)
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	touch $@

$(ASSETS_STAMP): $(NODE_STAMP) $(wildcard assets/*)
	npm run build
	touch $@

# ---------------------------------------------------------------- local services
# PostgreSQL and Redis are expected on this machine; start them if they are down.
services:
	@if command -v pg_isready >/dev/null && ! pg_isready -q; then \
	  echo "starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	fi
	@if command -v redis-cli >/dev/null && ! redis-cli ping >/dev/null 2>&1; then \
	  echo "starting Redis"; \
	  mkdir -p /var/lib/redis /var/log/redis; \
	  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
	    --dir /var/lib/redis --logfile /var/log/redis/ci.log; \
	  for i in $$(seq 1 20); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.25; done; \
	fi

# Creates the local database "kidas" unless DATABASE_URL points somewhere else.
db: venv services
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "DATABASE_URL is set: not creating a local database"; \
	else \
	  psql -lqt | cut -d'|' -f1 | grep -qw kidas || createdb kidas; \
	fi
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data

# ---------------------------------------------------------------- run
# The demo users and fake referrals come from the devtools app (Faker: the `demo` extra that `venv` installs).
run: venv assets services db
	$(PY) manage.py collectstatic --noinput -v0
	KIDAS_DEMO=1 $(PY) manage.py load_demo_data
	@echo
	@echo "KIDAS Triage is starting on http://127.0.0.1:8000 (Ctrl-C stops everything)"
	@echo
	@$(PY) manage.py demo_logins
	@echo
	exec $(VENV)/bin/honcho start

# ---------------------------------------------------------------- tests
# Browser tests drive Debian's Chromium (/usr/bin/chromium).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	fi

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

# Which package imports which (at module level, inside functions, under TYPE_CHECKING) and every cycle
# between packages or between the modules of one: none is expected (devtools/app_graph.py; tests/test_app_graph.py).
graph: venv
	$(PY) -m devtools.app_graph

# pytest-django creates its own test databases (test_kidas_gw0, test_kidas_gw1, ...) and keeps them (--reuse-db,
# migrating them forward), so the calendar check starts without building them again; `--create-db` rebuilds them.
# The whole suite on today's date, then the calendar check.
test: venv assets chromium services
	$(MAKE) --no-print-directory lint
	$(VENV)/bin/pytest -n 2 --reuse-db
	$(MAKE) --no-print-directory calendar

# The calendar check: the date-sensitive tests again, each time with the whole run (Python, the live server,
# Celery workers and PostgreSQL's now()) moved to an awkward moment, the clock running on from there
# (tests/calendar_clock.py). London times: a Friday at 16:59; Christmas Eve at 15:00; the last evening of a
# financial quarter and year at 23:30 (BST); the autumn clock-change weekend (Saturday noon, the clocks go
# back that night); the spring one (00:30 on the Sunday the clocks go forward); 29 February in a leap year.
CALENDAR_MOMENTS := 2026-12-04T16:59:00+00:00 2026-12-24T15:00:00+00:00 2027-03-31T23:30:00+01:00 \
                    2026-10-24T12:00:00+01:00 2027-03-28T00:30:00+00:00 2028-02-29T10:00:00+00:00
# The tests whose answers turn on the date and time: deadlines and working days, MARAC meeting days and the
# repeat windows, periods and quarter edges, retention, the children's service's 12 weeks, time waited (the
# whole suite runs on today's date before this).
CALENDAR_TESTS := tests/sla/test_deadline_rules.py tests/sla/test_clocks.py tests/sla/test_reminders.py \
                  tests/sla/test_pages.py tests/sla/test_beat.py tests/sla/test_policy.py \
                  tests/marac/test_rules.py tests/marac/test_pair_repeat_rule.py tests/marac/test_meetings_and_agenda.py \
                  tests/marac/test_repeats.py tests/marac/test_action_clocks.py \
                  tests/reports/test_periods_and_suppression.py tests/reports/test_quarterly_return.py \
                  tests/reports/test_stored_months.py tests/audit/test_retention.py \
                  tests/referrals/test_assessment_and_routing.py tests/accommodation/test_children_service_clock.py \
                  tests/waiting/test_wait_figures.py tests/capacity/test_marac_dataset.py
# The browser journey runs at the quarter's last evening only, the moment it is about (a request counted in the
# quarter it was made); a browser journey is the dearest test, and the other moments hold no quarter edge.
CALENDAR_JOURNEY_MOMENT := 2027-03-31T23:30:00+01:00
CALENDAR_JOURNEY := tests/e2e/test_safe_accommodation_journey.py

calendar: venv assets chromium services
	@CALENDAR_MOMENTS="$(CALENDAR_MOMENTS)" CALENDAR_TESTS="$(CALENDAR_TESTS)" PYTEST=$(VENV)/bin/pytest \
	  CALENDAR_JOURNEY_MOMENT=$(CALENDAR_JOURNEY_MOMENT) CALENDAR_JOURNEY=$(CALENDAR_JOURNEY) \
	  bash tests/calendar_check.sh

# wrk (the load generator) comes from Debian.
bench-tools:
	@if ! command -v wrk >/dev/null; then \
	  $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; \
	fi

# Caseload page and API against the floor (bench/run.sh), then the SLA sweep's growth (bench/sla_sweep.sh),
# then the county-wide quarterly return against a plain count (bench/quarterly_return.sh), the person
# matcher over misspelt names (bench/person_match.sh), then 20 users
# under load and through a database restart (bench/load.sh; the restart affects every database on this machine).
bench: venv assets services bench-tools
	bash bench/run.sh
	bash bench/sla_sweep.sh
	bash bench/quarterly_return.sh
	bash bench/person_match.sh
	bash bench/load.sh
