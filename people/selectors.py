"""Reading people."""

from __future__ import annotations

from people.models import Person


def same_person_ids(person: Person) -> list[int]:
    """The person and every record merged into them: links made to a duplicate before the merge still
    count as this person's (a merge moves no links, so undoing it loses none)."""
    kept = person.merged_into_id or person.pk
    return [kept, *Person.objects.filter(merged_into_id=kept).values_list("pk", flat=True)]
