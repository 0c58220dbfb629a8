"""Spotting Swedish personal identity numbers, which jobbmatch never stores.

A personnummer is YYMMDD-NNNN (or YYYYMMDD-NNNN) whose last digit is a Luhn check
digit over the ten digits; a samordningsnummer is the same with 60 added to the day.
People write the separator as a hyphen, a plus (past 100), any dash (en dash,
minus sign), a dot or spaces around any of these, or leave it out.

Free text is refused when a candidate has a plausible date and a valid check digit,
so phone numbers and organisation numbers (whose "month" is 20 or more) rarely trip
it. A participant_ref is refused on the shape alone, check digit or not: a
mistyped personnummer is still one. Messages never repeat the number they found.

The guard reads every JSON and CSV body (see `service.middleware`), the headers
that are stored or logged, and every path and query parameter, and also refuses
NUL characters and JSON nested deeper than `MAX_DEPTH`.
"""

import csv
import json
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from fastapi import Depends, Request

from service.errors import WITHHELD, FieldError, InvalidInput, safe_name
from service.kit import csv_files

# Dashes of every kind: hyphen, non-breaking hyphen, figure dash, en and em dash,
# horizontal bar, minus sign, small and fullwidth hyphen-minus.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SEPARATOR = rf"\s*[{_DASHES}+.:_/]?\s*"
_CANDIDATE = re.compile(rf"(?<!\d)(?:\d{{2}})?(\d{{6}}){_SEPARATOR}(\d{{4}})(?!\d)")
RULE = "personal_identity_number"
MESSAGE = (
    "contains what looks like a personnummer or samordningsnummer; jobbmatch never "
    "stores them: use the participant_ref chosen by your system instead"
)
NUL_RULE = "nul_character"
NUL_MESSAGE = "contains a NUL character (U+0000), which no field may hold"
DEPTH_RULE = "max_depth"
MAX_DEPTH = 20
DEPTH_MESSAGE = f"nests objects and arrays deeper than {MAX_DEPTH} levels"
# Headers that are stored in the audit trail or written to the logs.
STORED_HEADERS = ("X-Purpose", "X-Request-ID", "Idempotency-Key")


def luhn_valid(digits: str) -> bool:
    """The mod-10 check used by personnummer and organisation numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _plausible_date(ten_digits: str) -> bool:
    month, day = int(ten_digits[2:4]), int(ten_digits[4:6])
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def is_personal_number(ten_digits: str) -> bool:
    """True if ten digits are a plausible personnummer or samordningsnummer."""
    return _plausible_date(ten_digits) and luhn_valid(ten_digits)


def _candidates(text: str) -> Iterator[str]:
    for match in _CANDIDATE.finditer(text):
        yield match.group(1) + match.group(2)


def contains_personal_number(text: str) -> bool:
    return any(is_personal_number(digits) for digits in _candidates(text))


def has_personal_number_shape(text: str) -> bool:
    """True if the text holds a personnummer's shape, whatever its check digit."""
    return any(_plausible_date(digits) for digits in _candidates(text))


def _refusal(field: str, text: str) -> FieldError | None:
    if "\x00" in text:
        return FieldError(field=field, rule=NUL_RULE, message=NUL_MESSAGE)
    if contains_personal_number(text):
        return FieldError(field=field, rule=RULE, message=MESSAGE)
    return None


def document_errors(value: Any, path: str = "", depth: int = 0) -> Iterator[FieldError]:
    """Walk a JSON document; name every field holding a number or a NUL, and the
    first place nested too deep. A key is never repeated: its parent is named."""
    if depth > MAX_DEPTH:
        yield FieldError(field=path or "(body)", rule=DEPTH_RULE, message=DEPTH_MESSAGE)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            error = _refusal(path or "(body)", str(key))
            if error is not None:
                yield error
            child = safe_name(str(key)) if error is None else WITHHELD
            yield from document_errors(
                item, f"{path}.{child}" if path else child, depth + 1
            )
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from document_errors(item, f"{path}[{index}]", depth + 1)
    elif isinstance(value, str | int) and not isinstance(value, bool):
        error = _refusal(path or "(body)", str(value))
        if error is not None:
            yield error


def json_errors(body: bytes) -> list[FieldError]:
    """What the guard refuses in a JSON body; malformed JSON is left to the route."""
    try:
        document = json.loads(body)
    except RecursionError:
        return [FieldError(field="(body)", rule=DEPTH_RULE, message=DEPTH_MESSAGE)]
    except ValueError:
        return []
    return list(document_errors(document))


def csv_errors(body: bytes) -> list[FieldError]:
    """What the guard refuses in a CSV body: cells named `[line].column` (data
    lines, counted as the batch report counts them), a header holding a number as
    `(header)`. Unreadable CSV is left to the route."""
    try:
        text = csv_files.decode(body)
    except UnicodeDecodeError:
        return []
    if "\x00" in text:
        return [FieldError(field="(body)", rule=NUL_RULE, message=NUL_MESSAGE)]
    errors: list[FieldError] = []
    try:
        lines = csv_files.records(text)
        header = next(lines, [])
        names = [safe_name(name.strip()) for name in header]
        if any(_refusal("(header)", name) for name in header):
            errors.append(FieldError(field="(header)", rule=RULE, message=MESSAGE))
        for number, cells in enumerate(lines, start=1):
            for index, cell in enumerate(cells):
                name = names[index] if index < len(names) else f"column_{index + 1}"
                error = _refusal(f"[{number}].{name}", cell)
                if error is not None:
                    errors.append(error)
    except csv.Error:
        return errors
    return errors


def header_errors(headers: Mapping[str, str]) -> list[FieldError]:
    """Refusals for the headers that are stored or logged."""
    errors = []
    for name in STORED_HEADERS:
        value = headers.get(name)
        error = _refusal(name, value) if value is not None else None
        if error is not None:
            errors.append(error)
    return errors


def raise_for_personal_numbers(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(refusal_detail(errors), errors)


def refusal_detail(errors: list[FieldError]) -> str:
    if any(error.rule == RULE for error in errors):
        return (
            "The request holds a personnummer or samordningsnummer, which this "
            "service never stores; nothing was written."
        )
    fields = ", ".join(sorted({error.field for error in errors}))
    return f"The request holds what no field may hold: {fields}; nothing was written."


async def reject_in_parameters(request: Request) -> None:
    """Refuse a path or query parameter holding a personal number or a NUL.

    Declared on the whole app, so it runs after routing (it can name the parameter)
    and before authentication writes anything to the audit trail.
    """
    errors = [
        error
        for name, value in request.path_params.items()
        if (error := _refusal(safe_name(name), str(value))) is not None
    ]
    errors += [
        error
        for name, value in request.query_params.multi_items()
        if (error := _refusal(safe_name(name), value)) is not None
    ]
    raise_for_personal_numbers(errors)


def personal_number_errors(value: Any) -> list[FieldError]:
    """The guard's refusals for one parsed document, such as a batch row."""
    return list(document_errors(value))


async def reject_personal_numbers(request: Request) -> None:
    """Refuse a JSON body holding a personal identity number in any field.

    The middleware already guards every body; routes that declare this read it
    again, so the refusal holds even where the app is mounted without it.
    """
    raise_for_personal_numbers(json_errors(await request.body()))


NoPersonalNumbers = Annotated[None, Depends(reject_personal_numbers)]
