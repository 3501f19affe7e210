from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import two_factor
from accounts.models import User
from kidas.api import StrictInputSerializer
from kidas.serializing import Serializer

WRONG = "Wrong username, password or code"


class TokenInputSerializer(StrictInputSerializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp_code = serializers.CharField(
        help_text="The 6-digit code the user's authenticator app shows now (or one of their recovery codes)."
    )


class TokenOutputSerializer(Serializer):
    token = serializers.CharField()


class LockedOutSerializer(Serializer):
    detail = serializers.CharField()


class TokenApi(APIView):
    """Exchange a username, password and two-factor code for an API token, for systems that call the API.

    The user must have set up two-factor sign-in on the website first. Repeated failures lock the
    username from that address for a while (429), as on the sign-in page."""

    authentication_classes: list[type] = []  # public (config.permissions): the body is the credential

    @extend_schema(
        request=TokenInputSerializer,
        responses={
            200: TokenOutputSerializer,
            400: OpenApiResponse(description="Wrong username, password or code"),
            429: OpenApiResponse(LockedOutSerializer, description="Too many failed attempts: locked for a while"),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = TokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        django_request = request._request
        user = authenticate(request=django_request, username=data["username"], password=data["password"])
        # Refusals are answers, not exceptions: an exception would roll back the request's transaction,
        # and with it the failure django-axes and the device throttle have just recorded.
        if not isinstance(user, User) or not user.is_active:
            return Response({"detail": WRONG}, status=400)
        if two_factor.totp_device_of(user) is None:
            return Response(
                {"detail": "Set up two-factor sign-in by signing in to the website once before asking for a token."},
                status=400,
            )
        if two_factor.two_factor_verify(user=user, code=data["otp_code"]) is None:
            # A wrong code counts towards the lockout as a wrong password does (django-axes).
            user_login_failed.send(sender=__name__, credentials={"username": user.username}, request=django_request)
            return Response({"detail": WRONG}, status=400)
        AxesProxyHandler.reset_attempts(
            ip_address=getattr(django_request, "axes_ip_address", None), username=user.username
        )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
