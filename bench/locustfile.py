"""Locust users for bench/load.sh: the triage journey and the caseload journey over the API (DRF
tokens), plus the caseload page as a signed-in browser would load it.

Settings come from the environment (load.sh sets them):
  KIDAS_TRIAGE_TOKENS   comma-separated API tokens of triage workers
  KIDAS_WORKER_TOKENS   comma-separated API tokens of provider workers with open cases
  KIDAS_WORKER_SESSION  a signed-in session key of a provider worker (for the HTML caseload page)
  KIDAS_QUESTION_KEYS   comma-separated question keys of the current risk checklist
"""

from __future__ import annotations

import os
import random
import string
from datetime import date, timedelta
from typing import Any

from locust import HttpUser, between, task

TRIAGE_TOKENS = os.environ.get("KIDAS_TRIAGE_TOKENS", "").split(",")
WORKER_TOKENS = os.environ.get("KIDAS_WORKER_TOKENS", "").split(",")
WORKER_SESSION = os.environ.get("KIDAS_WORKER_SESSION", "")
QUESTION_KEYS = os.environ.get("KIDAS_QUESTION_KEYS", "").split(",")
DISTRICTS = ["swale", "thanet", "dover", "maidstone", "sevenoaks", "canterbury", "ashford", "dartford"]


def _name() -> str:
    return random.choice(string.ascii_uppercase) + "".join(random.choices(string.ascii_lowercase, k=7))


def referral_body() -> dict[str, Any]:
    born = date.today() - timedelta(days=random.randint(18 * 365, 70 * 365))
    return {
        "first_name": _name(),
        "last_name": _name(),
        "date_of_birth": born.isoformat(),
        "gender": "woman",
        "postcode": "ME10 3AB",
        "district": random.choice(DISTRICTS),
        "safe_phone": "07700 900456",
        "voicemail_allowed": False,
        "perpetrator_has_phone_access": False,
        "perpetrator_relationship": "ex_partner",
        "perpetrator_lives_with_victim": False,
        "source": "police",
        "consent_given": True,
        "circumstances": "Load test: police attended after a neighbour called.",
    }


class TriageWorker(HttpUser):
    """Records a referral, then completes its risk checklist (which routes it)."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {random.choice(TRIAGE_TOKENS)}"

    @task
    def record_and_assess(self) -> None:
        with self.client.post(
            "/api/v1/referrals/", json=referral_body(), name="POST referral", catch_response=True
        ) as r:
            if r.status_code != 201:
                r.failure(f"{r.status_code} {r.text[:200]}")
                return
            referral_id = r.json()["id"]
        yes = random.randint(0, len(QUESTION_KEYS))
        answers = {key: ("yes" if i < yes else "no") for i, key in enumerate(QUESTION_KEYS)}
        self.client.post(
            f"/api/v1/referrals/{referral_id}/risk-assessment/", json={"answers": answers}, name="POST risk assessment"
        )


class CaseWorker(HttpUser):
    """Lists the caseload (page and API), opens a case, logs a contact attempt."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {random.choice(WORKER_TOKENS)}"

    @task
    def work_a_case(self) -> None:
        if WORKER_SESSION:
            self.client.get("/cases/", name="GET caseload page", cookies={"sessionid": WORKER_SESSION})
            # The page may refresh its session cookie (the idle-timeout stamp); an API client holding a
            # session cookie is held to CSRF on its POSTs, so this token client keeps none.
            self.client.cookies.clear()
        with self.client.get("/api/v1/caseload/", name="GET caseload", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")
                return
            cases = r.json()["results"]
        if not cases:
            return
        case_id = random.choice(cases)["id"]
        self.client.get(f"/api/v1/referrals/{case_id}/", name="GET case")
        self.client.get(f"/api/v1/referrals/{case_id}/timeline/", name="GET case timeline")
        self.client.post(
            f"/api/v1/referrals/{case_id}/contact-attempts/",
            json={"method": "in_person", "outcome": "no_answer", "notes": "Load test visit"},
            name="POST contact attempt",
        )
