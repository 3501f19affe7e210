"""Synthetic referrals in bulk, for benchmarks: one INSERT ... SELECT over generate_series per batch,
straight into the real table (the state-machine trigger guards updates, not inserts).

The spread is realistic and consistent with the routing rules: every Kent district and Medway,
standard / medium / high at 50 / 30 / 20, states weighted towards closed for older referrals, each
routed referral with the provider and service its area's rule names, open and closed cases allocated
to synthetic workers of that provider. No history rows: the caseload does not read them. The reports'
rows (clocks, support, closures, MARAC listings) come from seed_report_extras below."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import Any

import pgtrigger
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from providers.models import District, RoutingRule
from referrals.models import Referral
from referrals.people_backfill import backfill_people

RISK_SLOTS = ["standard"] * 5 + ["medium"] * 3 + ["high"] * 2
# (state, needs a provider, needs a worker), weighted by repetition
STATE_SLOTS = (
    [("received", False, False)] * 1
    + [("declined", False, False)] * 1
    + [("routed", True, False)] * 2
    + [("accepted", True, True)] * 2
    + [("in_support", True, True)] * 5
    + [("closed", True, True)] * 9
)
WORKERS_PER_PROVIDER = 40


def seed_workers() -> dict[int, list[int]]:
    """Synthetic provider workers (no usable password), WORKERS_PER_PROVIDER per provider."""
    by_provider: dict[int, list[int]] = {}
    for rule in RoutingRule.objects.select_related("provider").order_by("provider_id").distinct():
        provider = rule.provider
        if provider.pk in by_provider:
            continue
        ids = []
        for n in range(WORKERS_PER_PROVIDER):
            user, created = User.objects.get_or_create(
                username=f"seed.{provider.slug}.{n:02d}",
                defaults={
                    "organisation": provider,
                    "role": Role.PROVIDER_WORKER,
                    "first_name": "Seed",
                    "last_name": f"{provider.slug} {n:02d}",
                },
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            ids.append(user.pk)
        by_provider[provider.pk] = ids
    return by_provider


def _combos(on: date) -> list[tuple[int, str, int | None, int | None]]:
    """(district, risk, provider, service) rows, one per district and risk slot."""
    from referrals.services import routing_decision

    combos = []
    for district in District.objects.select_related("area").order_by("pk"):
        for risk in RISK_SLOTS:
            probe = Referral(district=district, risk_level=risk, consent_given=True)
            decision = routing_decision(probe, on_date=on)
            rule = decision.rule
            combos.append((district.pk, risk, rule.provider_id if rule else None, rule.service_id if rule else None))
    return combos


def without_change_history() -> AbstractContextManager[None]:
    """The audit's change-history triggers (django-pghistory) off for this connection: synthetic rows
    have no history worth keeping, and a row-level trigger on every inserted row made seeding a million
    referrals take many times longer. Other triggers (state rules, report markers) stay on."""
    history = [
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in pgtrigger.registered()
        if type(trigger).__module__.startswith("pghistory")
    ]
    return pgtrigger.ignore(*history)


@contextmanager
def episode_entries_recounted_after() -> Iterator[None]:
    """The new-entrants triggers (reports migration 0006) wait while a bulk load writes, for this connection
    only, and everyone's episodes are recounted once at the end: batch after batch, the triggers would recount
    every person a batch touches, her earlier episodes with them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('kidas.entries_deferred', 'on', false)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('kidas.entries_deferred', '', false)")
            cursor.execute("SELECT reports_entries_recount_all()")


def _positional(sql: str, params: dict[str, Any]) -> tuple[str, list[Any]]:
    """Named placeholders as positional ones: pgtrigger.ignore prepends a positional parameter."""
    names = re.findall(r"%\((\w+)\)s", sql)
    return re.sub(r"%\(\w+\)s", "%s", sql), [params[name] for name in names]


def seed_referrals(count: int, *, batch: int = 100_000, seed: int = 7, timings: dict[str, float] | None = None) -> int:
    from faker import Faker  # the `demo` extra: only the seeding itself needs it

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    first_names = [fake.first_name_female() for _ in range(300)]
    last_names = [fake.last_name() for _ in range(300)]
    workers = seed_workers()
    # The app's clock, not the database server's: the seeded history ends at the same "now" the app sees.
    now = timezone.now()
    combos = _combos(timezone.localdate())
    start = Referral.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    made = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TABLE IF EXISTS seed_combo; DROP TABLE IF EXISTS seed_worker; DROP TABLE IF EXISTS seed_state"
        )
        cursor.execute(
            "CREATE TEMP TABLE seed_combo (idx int, district_id bigint, risk text, provider_id bigint, service_id bigint)"
        )
        cursor.executemany(
            "INSERT INTO seed_combo VALUES (%s, %s, %s, %s, %s)", [(i, *c) for i, c in enumerate(combos)]
        )
        cursor.execute("CREATE TEMP TABLE seed_worker (provider_id bigint, idx int, user_id bigint)")
        cursor.executemany(
            "INSERT INTO seed_worker VALUES (%s, %s, %s)",
            [(p, i, u) for p, ids in workers.items() for i, u in enumerate(ids)],
        )
        cursor.execute("CREATE TEMP TABLE seed_state (idx int, state text, has_provider bool, has_worker bool)")
        cursor.executemany(
            "INSERT INTO seed_state VALUES (%s, %s, %s, %s)", [(i, *s) for i, s in enumerate(STATE_SLOTS)]
        )
        while made < count:
            size = min(batch, count - made)
            with transaction.atomic(), without_change_history():
                cursor.execute(
                    *_positional(
                        INSERT_SQL,
                        {
                            "from": start + made + 1,
                            "to": start + made + size,
                            "combos": len(combos),
                            "states": len(STATE_SLOTS),
                            "workers": WORKERS_PER_PROVIDER,
                            "first_names": first_names,
                            "last_names": last_names,
                            "now": now,
                        },
                    )
                )
            made += size
        cursor.execute("ANALYZE referrals_referral")
    # The seeded referrals' people, as the data migration made them for older ones (timed: the same SQL as
    # the migration, so its time at a million referrals is the migration's).
    people_started = time.monotonic()
    with transaction.atomic():
        backfill_people(connection)
    if timings is not None:
        timings["people"] = time.monotonic() - people_started
    with connection.cursor() as cursor:
        # What autovacuum would do in its own time: without statistics the planner guesses hundreds of
        # perpetrator links per referral and JIT-compiles the referral page's one-row household read (2 s).
        for table in PEOPLE_TABLES:
            cursor.execute(f"ANALYZE {table}")
    return made


# The tables backfill_people fills for the seeded referrals.
PEOPLE_TABLES = (
    "people_person",
    "people_personaddress",
    "people_personphone",
    "people_safecontact",
    "referrals_referral",
    "referrals_referralchild",
    "referrals_referralperpetrator",
)


# Newer referrals (small g offset from now) are more often open: the state slot shifts with age.
INSERT_SQL = """
INSERT INTO referrals_referral (
    first_name, last_name, date_of_birth, gender, pronouns, address_line_1, address_line_2, town, postcode,
    district_id, language, interpreter_needed, disabilities, phone, safe_phone, safe_email, voicemail_allowed,
    safe_times, code_word, perpetrator_has_phone_access, perpetrator_name, perpetrator_relationship,
    perpetrator_lives_with_victim, source, channel, referrer_name, referrer_organisation, referrer_contact,
    consent_given, consent_refusal_reason, circumstances, received_at, created_at, state, state_changed_at,
    risk_level, provider_id, service_id, routing_explanation, last_decline_reason, is_repeat, allocated_worker_id
)
SELECT
    (%(first_names)s::text[])[1 + g %% 300], (%(last_names)s::text[])[1 + (g / 300) %% 300],
    date '1955-01-01' + (g %% 18000), 'woman', '', '', '', 'Kent', 'ME10 3AB',
    c.district_id, 'English', false, '', '', '+447700900' || lpad((g %% 1000)::text, 3, '0'), '', false,
    'Weekdays', '', false, 'Seeded perpetrator', 'ex_partner', false,
    (ARRAY['police','police','police','self','health','childrens_social_care','housing','other'])[1 + g %% 8],
    'phone', '', '', '', true, '', 'Seeded for benchmarks', received, received, s.state,
    received + interval '1 day', c.risk,
    CASE WHEN s.has_provider THEN c.provider_id END,
    CASE WHEN s.has_provider THEN c.service_id END,
    '', '', false,
    CASE WHEN s.has_worker THEN w.user_id END
FROM generate_series(%(from)s, %(to)s) AS g
CROSS JOIN LATERAL (SELECT %(now)s::timestamptz - (g %% 1095) * interval '1 day' - (g %% 1440) * interval '1 minute' AS received) t
JOIN seed_combo c ON c.idx = g %% %(combos)s
JOIN seed_state s0 ON s0.idx = (g / %(combos)s) %% %(states)s
JOIN seed_state s ON s.idx = CASE
    WHEN c.provider_id IS NULL THEN 0                       -- no rule (Medway): waits in the triage queue
    WHEN (g %% 1095) < 60 AND s0.state = 'closed' THEN 5     -- the last two months are mostly still open
    ELSE s0.idx END
LEFT JOIN seed_worker w ON w.provider_id = c.provider_id AND w.idx = (g / 7) %% %(workers)s
"""


# What the reports count, for the seeded referrals: one service-level clock each (running for a referral
# waiting for triage or for its provider's decision, as the app runs them; stopped, its stage turning with the
# id, for the rest), a support episode for each case that reached support (one in 20 a refuge stay,
# without a bed: the beds' exclusion rule is for real stays), a closure with outcome answers for each
# closed case, and a MARAC listing for each routed high-risk referral. Set-based SQL over id ranges,
# from a watermark (the last seeded referral with a clock), so an older seeded database is filled in once.
SEEDED = "Seeded for benchmarks"
OUTCOME_KEYS = [
    "cessation_of_abuse",
    "reduction_in_risk",
    "feeling_safe",
    "wellbeing",
    "planned_move_on",
    "economic_wellbeing",
    "financial_stability",
    "quality_of_life",
]
EXTRAS_SQL = [
    """
    INSERT INTO sla_clock (referral_id, stage, risk_level, organisation_id, started_at, due_at, remind_at,
                           escalate_at, next_reminder_at, stopped_at, met)
    SELECT r.id,
           CASE r.state WHEN 'received' THEN 'triage' WHEN 'routed' THEN 'provider_decision'
                ELSE (ARRAY['triage','provider_decision','first_contact'])[1 + r.id %% 3] END,
           r.risk_level, r.provider_id,
           r.received_at, r.received_at + interval '1 day', r.received_at + interval '22 hours',
           r.received_at + interval '28 hours', NULL,
           CASE WHEN r.state NOT IN ('received', 'routed') THEN r.received_at + (r.id %% 30) * interval '1 hour' END,
           CASE WHEN r.state NOT IN ('received', 'routed') THEN (r.id %% 30) <= 24 END
      FROM referrals_referral r
     WHERE r.id > %(after)s AND r.id <= %(upto)s AND r.circumstances = %(seeded)s
    """,
    """
    INSERT INTO casework_supportepisode (referral_id, service_id, started_on, ended_on, refuge_place_id,
                                         started_by_id, ended_by_id)
    SELECT r.id, CASE WHEN r.id %% 20 = 0 THEN (SELECT id FROM providers_service WHERE slug = 'refuge')
                      ELSE r.service_id END,
           (r.received_at AT TIME ZONE 'Europe/London')::date + 2,
           CASE WHEN r.state = 'closed' THEN (r.received_at AT TIME ZONE 'Europe/London')::date + 60 END,
           NULL, r.allocated_worker_id, CASE WHEN r.state = 'closed' THEN r.allocated_worker_id END
      FROM referrals_referral r
     WHERE r.id > %(after)s AND r.id <= %(upto)s AND r.circumstances = %(seeded)s
       AND r.state IN ('in_support', 'closed') AND r.allocated_worker_id IS NOT NULL AND r.service_id IS NOT NULL
    """,
    """
    INSERT INTO casework_closure (referral_id, reason, outcomes, notes, by_id, at)
    SELECT r.id, 'support_completed', jsonb_build_object({outcomes}), '', r.allocated_worker_id,
           LEAST(r.received_at + interval '60 days', %(now)s::timestamptz)
      FROM referrals_referral r
     WHERE r.id > %(after)s AND r.id <= %(upto)s AND r.circumstances = %(seeded)s
       AND r.state = 'closed' AND r.allocated_worker_id IS NOT NULL
    """.replace(
        "{outcomes}",
        ", ".join(
            f"'{key}', (ARRAY['yes','yes','no','not_asked'])[1 + (r.id / {n + 1}) %% 4]"
            for n, key in enumerate(OUTCOME_KEYS)
        ),
    ),
    """
    INSERT INTO marac_maracreferral (referral_id, marac_id, reason, yes_count, is_repeat, created_at,
                                     created_by_id, heard_on, repeat_of_id)
    SELECT r.id, c.marac_id, 'visible_high_risk', 14 + r.id %% 8, r.id %% 10 = 0, r.received_at + interval '1 day',
           NULL, NULLIF(LEAST((r.received_at AT TIME ZONE 'Europe/London')::date + 10, %(today)s::date + 1),
                        %(today)s::date + 1), NULL
      FROM referrals_referral r
      JOIN marac_maraccoverage c ON c.district_id = r.district_id
     WHERE r.id > %(after)s AND r.id <= %(upto)s AND r.circumstances = %(seeded)s
       AND r.risk_level = 'high' AND r.provider_id IS NOT NULL
    """,
]


def seed_report_extras(*, batch: int = 100_000) -> None:
    # Closures and hearings never lie in the app's future (a case is heard ten days on, if that day has come).
    clock = {"now": timezone.now(), "today": timezone.localdate()}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(max(c.referral_id), 0) FROM sla_clock c "
            "JOIN referrals_referral r ON r.id = c.referral_id WHERE r.circumstances = %s",
            [SEEDED],
        )
        after = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM referrals_referral")
        last = cursor.fetchone()[0]
        while after < last:
            upto = min(after + batch, last)
            with transaction.atomic(), without_change_history():
                for sql in EXTRAS_SQL:
                    cursor.execute(*_positional(sql, {"after": after, "upto": upto, "seeded": SEEDED, **clock}))
            after = upto
        for table in ("sla_clock", "casework_supportepisode", "casework_closure", "marac_maracreferral"):
            cursor.execute(f"ANALYZE {table}")
