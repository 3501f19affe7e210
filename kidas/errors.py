"""Domain errors. Services raise these; pages and the API turn them into the same answers."""

from __future__ import annotations


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
