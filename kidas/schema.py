"""OpenAPI post-processing: every operation documents the error answers every endpoint can give,
in the one JSON shape of kidas.api.exception_handler, so clients (and the schemathesis test) know
them. Views still document their own errors with descriptions where they say more."""

from __future__ import annotations

from typing import Any

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
