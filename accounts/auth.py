from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from accounts.models import User


def signed_in_user(request: Any) -> User:
    """The signed-in member of staff of a request that login_required or IsAuthenticated let through."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied("Sign in first")
    return user
