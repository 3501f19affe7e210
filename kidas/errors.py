"""Domain errors. Services raise these; pages and the API turn them into the same answers."""

from __future__ import annotations

from rest_framework.exceptions import APIException


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionConflict(DomainError):
    """The referral is not in a state that allows this, or someone else changed it first."""

    status_code = 409


class NotPermitted(DomainError):
    """The user can see the record but their role may not do this to it."""

    status_code = 403


class Refused(APIException):
    """A request refused before its view ran (config.permissions.FollowsPermissionMap), with the status the
    refusal takes (403 or 404). Nothing ran, so nothing is rolled back: a read-only endpoint runs outside
    a transaction, and marking an enclosing one (a test's) for rollback would break it."""

    def __init__(self, detail: str, status_code: int):
        super().__init__(detail)
        self.status_code = status_code
