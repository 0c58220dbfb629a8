"""Date rules shared by cohorts, placements and participants' employment history."""

import calendar
from datetime import date

from service.errors import FieldError, InvalidInput


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has no such day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def placement_months(start: date, end: date) -> int:
    """Whole months the placement spans, a started month counting as one."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + 1 if end.day > start.day else max(months, 1)


def require_order(
    earlier: date | None, later: date | None, field: str, rule: str, message: str
) -> None:
    """Refuse `later` when it falls before `earlier` (both must be known)."""
    if earlier is not None and later is not None and later < earlier:
        raise InvalidInput(
            f"{field} {message}.", [FieldError(field=field, rule=rule, message=message)]
        )


def require_end_after_start(start: date, end: date, field: str = "end_date") -> None:
    if end <= start:
        raise InvalidInput(
            f"{field} must be after the start date.",
            [
                FieldError(
                    field=field,
                    rule="end_after_start",
                    message="must be after start_date",
                )
            ],
        )
