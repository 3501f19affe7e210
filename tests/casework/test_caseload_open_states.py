"""The caseload's statement names the open states in its text (kidas.db.literal), so the plan prepared once
per connection can use the partial indexes on open cases; only the app's own plain-word constants may be
written into SQL that way, never anything else."""

from __future__ import annotations

import pytest

from accounts.models import User
from casework.selectors import caseload
from kidas.db.literal import field_in_literally
from referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_the_caseload_names_the_open_states_in_its_sql(centra_worker: User) -> None:
    sql, params = caseload(centra_worker).query.sql_with_params()
    assert "\"referrals_referral\".\"state\" IN ('accepted', 'in_support')" in sql
    assert not {"accepted", "in_support"} & {str(p) for p in params}


@pytest.mark.parametrize("values", [["closed'); DELETE FROM referrals_referral; --"], ["Accepted"], ["in support"], []])
def test_only_plain_words_are_written_into_sql(values: list[str]) -> None:
    with pytest.raises(ValueError, match="plain-word constants"):
        str(Referral.objects.filter(field_in_literally("state", values)).query)
