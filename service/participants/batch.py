"""`POST /v1/participants:batch`: JSON or CSV rows upserted by participant_ref."""

from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, Response
from sqlmodel import Session

from service.db import SessionDep
from service.errors import FieldError, InvalidInput
from service.jobs import intake
from service.jobs.kinds import BatchKind
from service.kit.access import WRITE_PROBLEMS, BatchImporter
from service.kit.batches import idempotency
from service.kit.batches.merging import BatchMode, ModeQuery, changes_to
from service.kit.batches.models import BatchReport, RowReport, RowStatus
from service.kit.batches.rows import attempt, duplicate, refusal
from service.kit.batches.upload import Upload, request_body, upload_reader
from service.kit.caller import Caller
from service.kit.changes import ParticipantChanges
from service.kit.personal_data import (
    MESSAGE,
    RULE,
    has_personal_number_shape,
    personal_number_errors,
)
from service.kit.records import apply_changes
from service.kit.routing import Router
from service.participants import service
from service.participants.csv_rows import COLUMNS
from service.participants.models import (
    Participant,
    ParticipantCreate,
    ParticipantPublic,
    ParticipantUpdate,
)
from service.requirements.terms import TermResolver
from service.settings import SettingsDep
from service.taxonomy.state import LoadedTaxonomy, TaxonomyDep

router = Router(tags=["participants"])
OPERATION = "participants:batch"
CHANGES = ParticipantChanges(public=ParticipantPublic)
KEPT = {"id", "created_at", "updated_at", "created_by"}
CSV_EXAMPLE = (
    "participant_ref;owning_unit;home_municipality_id;skills;experience;"
    "consents;consents_given_at\n"
    "crm-1;Jobbtorg Järva;AvNB_uwa_6n6;xowU_8Wu_K7C|truckkörning;"
    "Undersköterska:2,5;skills|experience;2026-01-15\n"
)
REQUEST_BODY = request_body("participants", "ParticipantCreate", CSV_EXAMPLE)
UploadDep = Annotated[Upload, Depends(upload_reader("participants", COLUMNS))]


def screen(number: int, raw: Any) -> RowReport | None:
    """The report of a row that must not even be looked at (not a document, or
    holding what looks like a personnummer, a ref by its shape alone), never
    naming the number; None for a row to import."""
    refused = refusal(number, raw)
    if refused is not None:
        return refused
    errors = personal_number_errors(raw)
    ref = raw.get("participant_ref")
    if isinstance(ref, str) and has_personal_number_shape(ref):
        errors.append(FieldError(field="participant_ref", rule=RULE, message=MESSAGE))
    if not errors:
        return None
    hidden = any(error.field == "participant_ref" for error in errors)
    safe_ref = None if hidden or not isinstance(ref, str) else ref
    return RowReport(row=number, ref=safe_ref, status=RowStatus.INVALID, errors=errors)


def _precheck(number: int, raw: Any, seen: dict[str, int]) -> RowReport | str:
    """Refuse what must not even be looked at; otherwise return the row's ref."""
    refused = screen(number, raw)
    if refused is not None:
        return refused
    ref = raw.get("participant_ref")
    safe_ref = ref if isinstance(ref, str) else None
    if safe_ref is not None and safe_ref in seen:
        return duplicate(number, safe_ref, seen[safe_ref])
    return safe_ref or ""


def _require_units(caller: Caller, *units: str | None) -> None:
    # A row may neither file someone under, nor overwrite someone of, a unit the
    # key does not serve.
    if not all(unit is None or caller.may_see(unit) for unit in units):
        raise InvalidInput.one(
            "owning_unit", "unit_not_served", "is not a unit this API key serves"
        )


@dataclass(frozen=True)
class _Row:
    """One row's context: the shared resolver, the caller, the stored record."""

    session: Session
    taxonomy: LoadedTaxonomy
    resolver: TermResolver
    caller: Caller
    raw: dict[str, Any]
    stored: Participant | None

    def build(self) -> Participant:
        body = ParticipantCreate.model_validate(self.raw)
        _require_units(
            self.caller,
            body.owning_unit,
            self.stored.owning_unit if self.stored else None,
        )
        return service.check_create(
            self.session, self.taxonomy, body, resolver=self.resolver
        )

    def merge(self) -> None:
        assert self.stored is not None
        carried = {k: v for k, v in self.raw.items() if k != "participant_ref"}
        body = ParticipantUpdate.model_validate(carried)
        _require_units(self.caller, body.owning_unit, self.stored.owning_unit)
        service.check_update(
            self.session, self.taxonomy, self.stored, body, resolver=self.resolver
        )

    def replace(self) -> None:
        assert self.stored is not None
        fresh = self.build()
        apply_changes(self.stored, fresh.model_dump(exclude=KEPT))


def _write(row: _Row, mode: BatchMode, number: int, ref: str) -> RowReport:
    if row.stored is None:
        created = row.build()
        created.created_by = row.caller.key_id
        row.session.add(created)
        return RowReport(row=number, ref=ref, status=RowStatus.CREATED)
    change = row.merge if mode is BatchMode.MERGE else row.replace
    return changes_to(row.stored, ParticipantPublic, change, number, ref)


def import_participants(
    session: Session,
    taxonomy: LoadedTaxonomy,
    caller: Caller,
    rows: list[Any],
    mode: BatchMode = BatchMode.MERGE,
    *,
    first: int = 1,
    seen: dict[str, int] | None = None,
) -> BatchReport:
    """Check every row, upsert the valid ones, report each row. A job imports a
    batch in parts: rows numbered from `first`, with the refs earlier parts
    imported in `seen` (updated here)."""
    resolver = TermResolver(taxonomy)
    refs = [
        r["participant_ref"]
        for r in rows
        if isinstance(r, dict) and isinstance(r.get("participant_ref"), str)
    ]
    existing = service.find(session, refs)
    seen = {} if seen is None else seen
    reports: list[RowReport] = []
    for number, raw in enumerate(rows, start=first):
        checked = _precheck(number, raw, seen)
        if isinstance(checked, RowReport):
            reports.append(checked)
            continue
        ref = checked or None
        row = _Row(
            session, taxonomy, resolver, caller, raw, existing.get(checked or "")
        )
        outcome = attempt(number, ref, partial(_write, row, mode, number, checked))
        if outcome.status is not RowStatus.INVALID:
            seen[checked] = number
        reports.append(outcome)
    session.flush()
    return BatchReport.of(reports)


@router.post(
    "/participants:batch",
    response_model=BatchReport,
    responses={**intake.ACCEPTED, **WRITE_PROBLEMS},
    openapi_extra={"requestBody": REQUEST_BODY},
)
def import_participant_batch(
    caller: BatchImporter,
    upload: UploadDep,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
    response: Response,
    idempotency_key: idempotency.IdempotencyKey = None,
    mode: ModeQuery = BatchMode.MERGE,
) -> BatchReport | Response:
    """Upsert up to 10,000 participants (JSON or CSV) by participant_ref. A row for
    a stored participant changes only the fields it carries (`mode=replace`: the
    whole record); the report names each row's changed fields, or says
    `unchanged`. Invalid rows are reported by row, field and rule. A batch larger
    than the configured size is answered `202` with a job to poll for the same
    report. The same `Idempotency-Key` replays the first report (or job) without
    writing again."""
    # The mode is part of the request: the same rows merged or replaced differ.
    digest = idempotency.body_hash(f"{mode}:{upload.digest}".encode())
    replay, claimed = idempotency.start(
        session, caller, OPERATION, idempotency_key, digest, response
    )
    if replay is not None:
        return intake.replayed(session, replay, response)
    if intake.runs_as_job(upload, settings):
        return intake.commit_job(
            session, caller, BATCH, upload, mode, claimed, response
        )
    report = upload.reported(
        import_participants(session, taxonomy, caller, upload.rows, mode)
    )
    CHANGES.commit_batch(session, caller, report, claimed)
    return report


BATCH = BatchKind(OPERATION, COLUMNS, CHANGES, screen, import_participants)
