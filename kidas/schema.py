"""OpenAPI post-processing: every operation documents the error answers every endpoint can give,
in the one JSON shape of kidas.api.exception_handler, so clients (and the schemathesis test) know
them. Views still document their own errors with descriptions where they say more."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView

_DETAIL = {"$ref": "#/components/schemas/Error"}
_FIELD_ERRORS = {
    "type": "object",
    "description": 'Field errors: {"field": ["message"]}, or {"detail": "message"}',
    "additionalProperties": {},
}
COMMON_ERRORS: dict[str, tuple[str, dict[str, Any]]] = {
    "400": ("Invalid input: field errors, or a request the API cannot read", _FIELD_ERRORS),
    "401": ("Not signed in: no valid session or token", _DETAIL),
    "403": ("Your role may not do this", _DETAIL),
    "404": ("No such record, or not one you may see; or no such page of a list", _DETAIL),
    "405": ("Method not allowed", _DETAIL),
    "413": ("The request body is too large", _DETAIL),
    "415": ("The body is not JSON", _DETAIL),
    "429": ("Too many requests", _DETAIL),
    "503": ("The database is briefly unavailable: nothing was saved; retry after Retry-After seconds", _DETAIL),
}


def document_common_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Error",
        {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
    )
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, (description, schema) in COMMON_ERRORS.items():
                if code not in responses:
                    responses[code] = {"description": description, "content": {"application/json": {"schema": schema}}}
                elif "content" not in responses[code]:
                    responses[code]["content"] = {"application/json": {"schema": schema}}
    return result


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, built and rendered once per process for each version, language and format asked
    for. It is the same for everyone (SERVE_PUBLIC: no operation is left out by the caller's permissions) and
    changes only with a deployment; building it walks every view and serializer, and rendering it to YAML
    takes as long again (0.3 s a request in all)."""

    # (version, language, renderer, media type) -> the rendered schema. The language is part of the key: the
    # schema's text is translated when a language is asked for.
    _rendered: ClassVar[dict[tuple[Any, ...], bytes]] = {}

    def _get_schema_response(self, request: Any) -> Any:
        if not self.serve_public:  # a schema filtered by the caller's permissions is the caller's own
            return super()._get_schema_response(request)
        version = self.api_version or request.version or self._get_version_parameter(request)
        renderer = request.accepted_renderer
        media_type = request.accepted_media_type
        key = (version, translation.get_language(), type(renderer), media_type)
        if key not in self._rendered:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            self._rendered[key] = renderer.render(generator.get_schema(request=None, public=True), media_type, {})
        content_type = f"{media_type}; charset={renderer.charset}" if renderer.charset else media_type
        response = HttpResponse(self._rendered[key], content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{self._get_filename(request, version)}"'
        return response
