"""OpenAPI additions: the Bearer token scheme and the error responses every operation can give.

Every error is a JSON object (`api.errors`): `{"detail": "…"}` when the request is refused as a
whole (naming the limit where there is one), `{"field": ["message", …]}` when input is invalid.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_DETAIL = {
    "type": "object",
    "description": (
        "What went wrong, in one sentence, naming the limit where one was passed (the body's "
        "size, the request budget). Every error that is not about particular fields has this "
        "shape, whatever its status."
    ),
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
    "406": ("The `Accept` header asks for a format other than JSON.", "ErrorDetail"),
    "413": ("The body is larger than the API accepts; the detail names the limit.", "ErrorDetail"),
    "415": ("The body is not `application/json`.", "ErrorDetail"),
    "429": (
        "Too many requests for this token; retry after `Retry-After` seconds.",
        "ErrorDetail",
    ),
    "503": (
        "The database cannot be reached for a moment; retry after `Retry-After` seconds.",
        "ErrorDetail",
    ),
}
# Statuses whose answer tells the client when to come back.
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before sending the request again.",
        "schema": {"type": "integer"},
    }
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
            codes = ["401", "403", "406", "429", "503"]
            if "{" in path:
                codes.append("404")
            if method != "delete" or operation.get("parameters"):
                codes.append("400")
            if "requestBody" in operation:
                codes += ["413", "415"]
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
                if code in {"429", "503"}:
                    responses[code]["headers"] = RETRY_AFTER
            if "412" in responses:
                # Declared by the record views (core.api.preconditions), answered in the one shape.
                responses["412"]["content"] = {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ErrorDetail"}}
                }
    return result
