from __future__ import annotations

from celery import shared_task

from kidas.stored_figures import stored_figures_refresh


@shared_task(name="kidas.refresh_stored_figures")
def refresh_stored_figures() -> int:
    """Count again the figures people are reading before they go stale (kidas.stored_figures)."""
    return stored_figures_refresh()
