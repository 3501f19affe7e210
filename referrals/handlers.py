"""How referrals reacts to events of the layers below it, connected in ReferralsConfig.ready()."""

from __future__ import annotations

from typing import Any

from providers import reference_data as ref
from providers.models import Organisation
from referrals.models import ChecklistQuestion, ChecklistVersion


def load_checklist(sender: object, **kwargs: Any) -> dict[str, int]:
    """With the reference data: the risk checklist in force, its questions in order."""
    checklist, _ = ChecklistVersion.objects.get_or_create(
        version=ref.CHECKLIST_VERSION, defaults={"published_on": ref.CHECKLIST_PUBLISHED}
    )
    ChecklistVersion.objects.exclude(pk=checklist.pk).filter(is_current=True).update(is_current=False)
    if not checklist.is_current:
        checklist.is_current = True
        checklist.save(update_fields=["is_current"])
    for position, (key, topic, text, prompts, cluster) in enumerate(ref.CHECKLIST, start=1):
        ChecklistQuestion.objects.update_or_create(
            checklist=checklist,
            key=key,
            defaults={
                "position": position,
                "topic": topic,
                "text": text,
                "prompts_judgement": prompts,
                "cluster": cluster,
            },
        )
    return {"checklist questions": checklist.questions.count()}


def connect() -> None:
    from providers.events import reference_data_loaded

    reference_data_loaded.connect(load_checklist, sender=Organisation, dispatch_uid="referrals.load_checklist")
