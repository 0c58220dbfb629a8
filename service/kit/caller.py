"""Who is calling: the role a key holds and the caller a request runs as."""

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote

from service.errors import FieldError, InvalidInput
from service.kit.personal_data import header_errors, raise_for_personal_numbers


class Role(StrEnum):
    ADMIN = "admin"
    LIAISON = "liaison"
    MATCHER = "matcher"
    INTEGRATION = "integration"
    AUDITOR = "auditor"


ALL_UNITS = "*"


@dataclass(frozen=True)
class Caller:
    """The authenticated key behind a request, the purpose it stated, and the owning
    units whose participants it may see (None: every unit)."""

    key_id: str
    name: str
    role: Role
    purpose: str | None
    units: frozenset[str] | None = None

    def may_see(self, owning_unit: str) -> bool:
        """Need-to-know: whether a participant of this unit is this caller's."""
        return self.units is None or owning_unit in self.units

    @property
    def units_label(self) -> str:
        """The units as the audit trail records them."""
        return ALL_UNITS if self.units is None else ",".join(sorted(self.units))


# Why a request reads what it reads, as the audit trail keeps it.
PURPOSE_HEADER = "X-Purpose"
PURPOSE_QUERY = "purpose"
MAX_PURPOSE = 200
# An encoded header may be three bytes per character (`%C3%A5` for `å`).
MAX_PURPOSE_HEADER = 3 * MAX_PURPOSE
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class UnreadablePurpose(InvalidInput):
    """A purpose whose bytes are not UTF-8: refused rather than stored garbled."""

    status, title, slug = 400, "Unreadable purpose", "unreadable-purpose"


def _unreadable(field: str) -> UnreadablePurpose:
    return UnreadablePurpose(
        f"{field} is not UTF-8 text; send it percent-encoded (`jobbsp%C3%A5r`).",
        [
            FieldError(
                field=field,
                rule="not_utf8",
                message="percent-encode the UTF-8 bytes of the text",
            )
        ],
    )


def _header_text(raw: str) -> str:
    """The header's text: HTTP hands header bytes over as latin-1, so raw UTF-8
    (`jobbspår` sent unencoded) is read back as UTF-8, and percent-escapes
    (`jobbsp%C3%A5r`) are decoded as UTF-8; anything else is refused."""
    try:
        text = raw.encode("latin-1").decode("utf-8")
        return unquote(text, encoding="utf-8", errors="strict")
    except UnicodeError as error:
        raise _unreadable(PURPOSE_HEADER) from error


def _checked(field: str, text: str) -> str:
    if len(text) > MAX_PURPOSE:
        raise InvalidInput.one(
            field, "string_too_long", f"at most {MAX_PURPOSE} characters"
        )
    if _CONTROL.search(text):
        raise InvalidInput.one(
            field, "control_character", "may not hold control characters"
        )
    raise_for_personal_numbers(header_errors({field: text}))
    return text


def stated_purpose(header: str | None, query: str | None) -> str | None:
    """The purpose a request states, in the `X-Purpose` header or the `purpose`
    query parameter (both UTF-8, percent-encoded; if both, they must agree),
    checked as the audit trail will store it: personal numbers refused too."""
    from_header = (
        None if header is None else _checked(PURPOSE_HEADER, _header_text(header))
    )
    if query is not None and "\ufffd" in query:
        # The query string's escapes were decoded with replacement characters.
        raise _unreadable(PURPOSE_QUERY)
    from_query = None if query is None else _checked(PURPOSE_QUERY, query)
    if from_header is not None and from_query is not None and from_header != from_query:
        raise InvalidInput(
            "The purpose is stated twice, differently; state it once.",
            [
                FieldError(
                    field=name,
                    rule="purpose_conflict",
                    message="differs from the other statement of the purpose",
                )
                for name in (PURPOSE_HEADER, PURPOSE_QUERY)
            ],
        )
    return from_header if from_header is not None else from_query
