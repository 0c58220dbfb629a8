"""Swedish organisation numbers: checked, normalised to NNNNNN-NNNN.

A sole trader (enskild firma) has no number of its own: it trades under the owner's
personnummer. Such a number is refused, because jobbmatch stores no personal
identity numbers; sole traders are registered without an org_number.
"""

from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from service.kit.personal_data import is_personal_number, luhn_valid


def normalise_org_number(value: str) -> str:
    digits = value.replace("-", "").replace(" ", "")
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if len(digits) != 10 or not digits.isdigit():
        raise PydanticCustomError(
            "org_number_format", "must be 10 digits, written NNNNNN-NNNN or NNNNNNNNNN"
        )
    if not luhn_valid(digits):
        raise PydanticCustomError(
            "luhn", "the check digit is wrong (Luhn): the number is mistyped"
        )
    if is_personal_number(digits):
        raise PydanticCustomError(
            "sole_trader_personnummer",
            "this is a personnummer, as a sole trader's number is; jobbmatch stores "
            "no personal identity numbers, so register a sole trader without "
            "org_number",
        )
    return f"{digits[:6]}-{digits[6:]}"


OrgNumber = Annotated[
    str, StringConstraints(max_length=20), AfterValidator(normalise_org_number)
]
