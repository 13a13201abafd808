"""OpenAPI additions: the Bearer token scheme and the error responses every operation can give."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_DETAIL = {
    "type": "object",
    "description": "What went wrong, in one sentence.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "Each field (or query parameter) that was wrong, with its messages; problems not about "
        "one field are under `non_field_errors`. Nested fields (phones, e-mails) give a list "
        "with one object per item."
    ),
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
    "example": {"last_name": ["Give at least a first or last name."]},
}

ERRORS = {
    "400": (
        "Invalid input: the body or a query parameter names what was wrong.",
        "ValidationError",
    ),
    "401": ("No key, an unknown or revoked key, or a deactivated user.", "ErrorDetail"),
    "403": (
        "Not allowed: not office staff, or not allowed to do this to this record.",
        "ErrorDetail",
    ),
    "404": ("Not found, or not visible to you (the two look the same).", "ErrorDetail"),
    "405": ("This method is not allowed here.", "ErrorDetail"),
    "429": (
        "Too many requests for this token; retry after `Retry-After` seconds.",
        "ErrorDetail",
    ),
}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "estatedesk.api.authentication.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API token (create one under your name → API tokens): "
                "`Authorization: Bearer <key>`. Query parameters and cookies are not accepted."
            ),
        }


def add_error_responses(result, generator, request, public):
    """Give every operation the error bodies it can answer with (DRF's formats)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = ERROR_DETAIL
    schemas["ValidationError"] = VALIDATION_ERROR
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = ["401", "403", "429"]
            if "{" in path:
                codes.append("404")
            if method != "delete" or operation.get("parameters"):
                codes.append("400")
            responses = operation.setdefault("responses", {})
            for code in codes:
                if code in responses:
                    continue
                description, component = ERRORS[code]
                schema = {"$ref": f"#/components/schemas/{component}"}
                if code == "400":
                    # A body that is not JSON at all is a {"detail": …} like the others.
                    schema = {"anyOf": [schema, {"$ref": "#/components/schemas/ErrorDetail"}]}
                responses[code] = {
                    "description": description,
                    "content": {"application/json": {"schema": schema}},
                }
    return result
