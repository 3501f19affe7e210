from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kidas.api import StrictInputSerializer


class TokenInputSerializer(StrictInputSerializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenApi(APIView):
    """Exchange a username and password for an API token, for systems that call the API."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        request=TokenInputSerializer,
        responses={200: TokenOutputSerializer, 400: OpenApiResponse(description="Wrong username or password")},
    )
    def post(self, request: Request) -> Response:
        serializer = TokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request=request._request, **serializer.validated_data)
        if user is None or not user.is_active:
            raise serializers.ValidationError({"detail": "Wrong username or password"})
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
