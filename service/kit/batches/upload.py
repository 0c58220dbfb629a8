"""The body of a `…:batch` import: `{"<rows>": [...]}` as JSON, or a CSV file."""

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from service.errors import InvalidInput
from service.kit.batches import idempotency
from service.kit.batches.csv_rows import Column, CsvUpload, read_csv
from service.kit.batches.models import MAX_ROWS, BatchReport

CSV_MEDIA_TYPE = "text/csv"


@dataclass(frozen=True)
class Upload:
    rows: list[Any]
    digest: str
    csv: CsvUpload | None = None

    def reported(self, report: BatchReport) -> BatchReport:
        """The report as the sender reads it: a CSV row by column and data line."""
        return self.csv.named(report) if self.csv is not None else report


def _json_rows(body: bytes, key: str) -> list[Any]:
    try:
        document = json.loads(body)
    except ValueError as error:
        raise InvalidInput.one(
            "(body)", "json_invalid", "is neither JSON nor CSV"
        ) from error
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise InvalidInput.one("(body)", "shape", f'send {{"{key}": [...]}}')
    rows: list[Any] = document[key]
    return rows


def upload_reader(
    key: str, columns: Mapping[str, Column]
) -> Callable[[Request], Awaitable[Upload]]:
    """A dependency reading a batch's rows from JSON `{key: [...]}` or CSV."""

    async def read_upload(request: Request) -> Upload:
        body = await request.body()
        csv = None
        if request.headers.get("content-type", "").startswith(CSV_MEDIA_TYPE):
            csv = read_csv(body, columns)
            rows = csv.rows
        else:
            rows = _json_rows(body, key)
        if len(rows) > MAX_ROWS:
            raise InvalidInput.one(
                "(body)", "max_rows", f"a batch holds at most {MAX_ROWS} rows"
            )
        return Upload(rows=rows, digest=idempotency.body_hash(body), csv=csv)

    return read_upload


def request_body(key: str, schema: str, csv_example: str) -> dict[str, Any]:
    """The OpenAPI request body of a batch route (read by hand, so declared so)."""
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": [key],
                    "properties": {
                        key: {
                            "type": "array",
                            "maxItems": MAX_ROWS,
                            "items": {"$ref": f"#/components/schemas/{schema}"},
                        }
                    },
                }
            },
            CSV_MEDIA_TYPE: {"schema": {"type": "string"}, "example": csv_example},
        },
    }
