from __future__ import annotations

from accommodation.sanctuary import admin as sanctuary_admin  # noqa: F401  (registers the scheme's reference data)
