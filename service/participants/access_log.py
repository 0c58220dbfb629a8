"""Every read and write of a participant leaves an audit entry naming the record.

Entries carry the caller, the action, the participant_ref and the purpose the caller
stated in `X-Purpose`. A list read leaves one entry per participant it returned, so
"who has seen this person" has a complete answer.
"""

from collections.abc import Iterable

from sqlmodel import Session

from service.kit import audit_trail as audit
from service.kit.caller import Caller

OBJECT_TYPE = "participant"


def record(session: Session, caller: Caller, action: str, refs: Iterable[str]) -> None:
    for ref in refs:
        audit.record(
            session,
            caller,
            action=f"participant.{action}",
            object_type=OBJECT_TYPE,
            object_id=ref,
        )
