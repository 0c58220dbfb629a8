"""Turning what goes wrong with one row into that row's report."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from service.errors import DomainError, FieldError, InvalidInput
from service.kit.batches.models import RowReport, RowStatus
from taxonomy import InvalidConcepts

ResultT = TypeVar("ResultT")


def validation_errors(error: ValidationError) -> list[FieldError]:
    return [
        FieldError(
            field=".".join(str(part) for part in detail["loc"]) or "(row)",
            rule=detail["type"],
            message=detail["msg"],
        )
        for detail in error.errors()
    ]


def row_errors(error: Exception) -> list[FieldError]:
    """The field errors of any refusal a single write would have answered with."""
    if isinstance(error, ValidationError):
        return validation_errors(error)
    if isinstance(error, InvalidInput):
        return error.errors
    if isinstance(error, InvalidConcepts):
        return [
            FieldError(field=p.field, rule=p.reason, message=p.message)
            for p in error.problems
        ]
    assert isinstance(error, DomainError)
    return [FieldError(field="(row)", rule=error.slug, message=error.detail)]


REFUSALS = (ValidationError, DomainError, InvalidConcepts)


def attempt(
    row: int, ref: str | None, check: Callable[[], ResultT]
) -> ResultT | RowReport:
    """Run a row's checks; a refusal becomes the row's report instead."""
    try:
        return check()
    except REFUSALS as error:
        return RowReport(
            row=row, ref=ref, status=RowStatus.INVALID, errors=row_errors(error)
        )


@dataclass(frozen=True)
class RefusedRow:
    """A row the reader could not make a document of (a ragged CSV record)."""

    errors: list[FieldError]


def refusal(row: int, raw: Any) -> RowReport | None:
    """The report of a row that is not even a document, or None for one that is;
    a row queued as its report (see `service.jobs`) is that report."""
    if isinstance(raw, dict):
        return None
    if isinstance(raw, RowReport):
        return raw
    errors = (
        raw.errors
        if isinstance(raw, RefusedRow)
        else [FieldError(field="(row)", rule="object", message="must be an object")]
    )
    return RowReport(row=row, ref=None, status=RowStatus.INVALID, errors=errors)


def duplicate(row: int, ref: str, first: int) -> RowReport:
    return RowReport(
        row=row,
        ref=ref,
        status=RowStatus.INVALID,
        errors=[
            FieldError(
                field="(row)",
                rule="duplicate_in_batch",
                message=f"the same reference is already on row {first}",
            )
        ],
    )
