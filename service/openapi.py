"""The published contract: operation ids, problem schemas, and the committed file."""

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from service.errors import FieldError, Problem, problems

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


def operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}_{route.name}" if route.tags else route.name


def _build(app: FastAPI) -> dict[str, Any]:
    spec = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
        separate_input_output_schemas=False,
    )
    _declare_body_problems(spec)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    # Every error, 422 included, is a problem document (see service.errors).
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = Problem.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    schemas["Problem"].pop("$defs", None)
    schemas["FieldError"] = FieldError.model_json_schema()
    spec["components"]["schemas"] = dict(sorted(schemas.items()))
    return spec


def _declare_body_problems(spec: dict[str, Any]) -> None:
    """Every operation of the API can answer 400 (an unknown query parameter);
    those that take a body also 413 and 415 (middleware)."""
    body_problems = problems(400, 413, 415)
    query_problems = problems(400)
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            added = {}
            if "requestBody" in operation:
                added = body_problems
            elif path.startswith("/v1/"):
                added = query_problems
            responses = operation["responses"]
            for status, response in added.items():
                responses.setdefault(str(status), response)
            operation["responses"] = dict(sorted(responses.items()))


def install_openapi(app: FastAPI) -> None:
    """Serve the customised spec at /openapi.json, built once."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def render(spec: dict[str, Any]) -> str:
    """Serialise deterministically, as the committed file is written."""
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"
