"""Synthetic referrals in bulk, for benchmarks: one INSERT ... SELECT over generate_series per batch,
straight into the real table (the state-machine trigger guards updates, not inserts).

The spread is realistic and consistent with the routing rules: every Kent district and Medway,
standard / medium / high at 50 / 30 / 20, states weighted towards closed for older referrals, each
routed referral with the provider and service its area's rule names, open and closed cases allocated
to synthetic workers of that provider. No history rows: the caseload does not read them."""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from faker import Faker

from accounts.models import Role, User
from providers.models import District, RoutingRule
from referrals.models import Referral

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


def seed_referrals(count: int, *, batch: int = 100_000, seed: int = 7) -> int:
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    first_names = [fake.first_name_female() for _ in range(300)]
    last_names = [fake.last_name() for _ in range(300)]
    workers = seed_workers()
    combos = _combos(date.today())
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
            with transaction.atomic():
                cursor.execute(
                    INSERT_SQL,
                    {
                        "from": start + made + 1,
                        "to": start + made + size,
                        "combos": len(combos),
                        "states": len(STATE_SLOTS),
                        "workers": WORKERS_PER_PROVIDER,
                        "first_names": first_names,
                        "last_names": last_names,
                    },
                )
            made += size
        cursor.execute("ANALYZE referrals_referral")
    return made


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
CROSS JOIN LATERAL (SELECT now() - (g %% 1095) * interval '1 day' - (g %% 1440) * interval '1 minute' AS received) t
JOIN seed_combo c ON c.idx = g %% %(combos)s
JOIN seed_state s0 ON s0.idx = (g / %(combos)s) %% %(states)s
JOIN seed_state s ON s.idx = CASE
    WHEN c.provider_id IS NULL THEN 0                       -- no rule (Medway): waits in the triage queue
    WHEN (g %% 1095) < 60 AND s0.state = 'closed' THEN 5     -- the last two months are mostly still open
    ELSE s0.idx END
LEFT JOIN seed_worker w ON w.provider_id = c.provider_id AND w.idx = (g / 7) %% %(workers)s
"""
