"""`Authorization: Api-Key <key>` for partner systems. The request's user is anonymous; the
authenticated party is the key's organisation (request.auth is the PartnerApiKey)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from intake.models import PartnerApiKey
from intake.selectors import partner_api_key_for

KEYWORD = "Api-Key"


class PartnerApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[AnonymousUser, PartnerApiKey] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() != KEYWORD.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the header as: Authorization: Api-Key <key>")
        api_key = partner_api_key_for(parts[1].decode(errors="replace"))
        if api_key is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key")
        return AnonymousUser(), api_key

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) when the key is missing or wrong.
        return KEYWORD


class HasPartnerApiKey(BasePermission):
    message = "Send a partner API key: Authorization: Api-Key <key>"

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, PartnerApiKey)


class PartnerApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "intake.authentication.PartnerApiKeyAuthentication"
    name = "partnerApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A per-organisation key, sent as `Authorization: Api-Key kidas_<prefix>.<secret>`.",
        }
