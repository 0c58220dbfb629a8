import difflib
import json
from pathlib import Path

from fastapi.testclient import TestClient

SPEC = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


def test_committed_spec_matches_the_served_one(app_client: TestClient) -> None:
    served = json.dumps(
        app_client.get("/openapi.json").json(), indent=2, ensure_ascii=False
    )
    committed = SPEC.read_text(encoding="utf-8")
    diff = "\n".join(
        difflib.unified_diff(
            committed.splitlines(),
            (served + "\n").splitlines(),
            "committed",
            "served",
            lineterm="",
        )
    )
    assert served + "\n" == committed, (
        f"openapi/openapi.json is stale; run `make openapi`\n{diff}"
    )


def test_every_reference_in_the_spec_resolves(app_client: TestClient) -> None:
    spec = app_client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    refs = {ref.removeprefix("#/components/schemas/") for ref in _walk_refs(spec)}
    assert refs - schemas.keys() == set()


def test_operation_ids_are_snake_case_and_unique(app_client: TestClient) -> None:
    spec = app_client.get("/openapi.json").json()
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert all(op_id == op_id.lower() and " " not in op_id for op_id in ids)


def test_every_protected_operation_declares_its_problems(
    app_client: TestClient,
) -> None:
    spec = app_client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "security" not in operation:
                continue
            declared = set(operation["responses"])
            assert {"401", "403", "422", "429", "500"} <= declared, f"{method} {path}"
            # Problems are the errors; a 304 has no body at all.
            for status in (s for s in declared if s.startswith(("4", "5"))):
                content = operation["responses"][status]["content"]
                assert list(content) == ["application/problem+json"], (
                    f"{method} {path} {status}"
                )


def _walk_refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _walk_refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _walk_refs(item)]
    return []
