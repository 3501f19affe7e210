from __future__ import annotations

from django.apps import AppConfig


class AccommodationConfig(AppConfig):
    name = "accommodation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The scheme's reference data loads with the rest (providers.events.reference_data_loaded).
        from accommodation import children_service_selectors
        from accommodation.sanctuary import reference
        from referrals import extensions

        reference.connect()
        # A child's page is seen by the children's service holding the child's case too, and shows the case.
        extensions.register_child_scope(children_service_selectors.children_held_for)
        extensions.register_child_context(children_service_selectors.child_page_cases)
