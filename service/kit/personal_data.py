"""Spotting Swedish personal identity numbers, which jobbmatch never stores.

A personnummer is YYMMDD-NNNN (or YYYYMMDD-NNNN) whose last digit is a Luhn check
digit over the ten digits; a samordningsnummer is the same with 60 added to the day.
A match needs a plausible date and a valid check digit, so phone numbers and
organisation numbers (whose "month" is 20 or more) rarely trip it. Messages never
repeat the number they found.
"""

import json
import re
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request

from service.errors import FieldError, InvalidInput

_CANDIDATE = re.compile(r"(?<!\d)(?:\d{2})?(\d{6})[-+ ]?(\d{4})(?!\d)")
RULE = "personal_identity_number"
MESSAGE = (
    "contains what looks like a personnummer or samordningsnummer; jobbmatch never "
    "stores them: use the participant_ref chosen by your system instead"
)


def luhn_valid(digits: str) -> bool:
    """The mod-10 check used by personnummer and organisation numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_personal_number(ten_digits: str) -> bool:
    """True if ten digits are a plausible personnummer or samordningsnummer."""
    month, day = int(ten_digits[2:4]), int(ten_digits[4:6])
    plausible_day = 1 <= day <= 31 or 61 <= day <= 91
    return 1 <= month <= 12 and plausible_day and luhn_valid(ten_digits)


def contains_personal_number(text: str) -> bool:
    return any(
        is_personal_number(match.group(1) + match.group(2))
        for match in _CANDIDATE.finditer(text)
    )


def fields_with_personal_numbers(value: Any, path: str = "") -> Iterator[str]:
    """Walk a JSON document and name every field whose text holds a number."""
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if contains_personal_number(str(key)):
                yield path or "(body)"
            yield from fields_with_personal_numbers(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from fields_with_personal_numbers(item, f"{path}[{index}]")
    elif (
        isinstance(value, str | int)
        and not isinstance(value, bool)
        and contains_personal_number(str(value))
    ):
        yield path or "(body)"


def personal_number_errors(value: Any) -> list[FieldError]:
    return [
        FieldError(field=field, rule=RULE, message=MESSAGE)
        for field in fields_with_personal_numbers(value)
    ]


def raise_for_personal_numbers(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(
            "The request holds a personnummer or samordningsnummer, which this "
            "service never stores; nothing was written.",
            errors,
        )


async def reject_personal_numbers(request: Request) -> None:
    """Refuse a JSON body holding a personal identity number in any field.

    Runs before the body is validated, so the number is refused even when other
    fields are wrong, and the refusal names the field but never the number.
    """
    if "json" not in request.headers.get("content-type", ""):
        return
    try:
        document = json.loads(await request.body())
    except ValueError:
        return
    raise_for_personal_numbers(personal_number_errors(document))


NoPersonalNumbers = Annotated[None, Depends(reject_personal_numbers)]
