"""What reference data tells the layers above it, as events (Django signals). Providers knows no cases
and imports no app above it (ARCHITECTURE.md): the apps that keep reference rows of their own (MARACs,
refuges, the risk checklist, the service levels) load them when told, with receivers connected in their
AppConfig.ready()."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by providers.services.reference_data_load, inside its transaction, once areas, districts,
# organisations, services and routing rules are in place. Keyword arguments: organisations (by slug),
# districts (by name). Each receiver loads its own rows (running it twice changes nothing) and answers
# with counts to show, {label: number}.
reference_data_loaded = Signal()
