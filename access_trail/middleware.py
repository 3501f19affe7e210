from __future__ import annotations

from typing import Any

from pghistory.middleware import HistoryMiddleware

from access_trail.services import client_ip


class AuditContextMiddleware(HistoryMiddleware):
    """pghistory's middleware (user and path on every captured change) plus the client address."""

    def get_context(self, request: Any) -> dict[str, Any]:
        return {**super().get_context(request), "ip": client_ip(request)}
