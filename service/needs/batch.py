"""`POST /v1/needs:batch`: needs pushed by other systems, upserted by external_ref."""

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
from service.kit.changes import Changes
from service.kit.records import apply_changes
from service.kit.routing import Router
from service.kit.transitions import require_transition
from service.needs import service
from service.needs.csv_rows import COLUMNS
from service.needs.models import (
    NEED_TRANSITIONS,
    Need,
    NeedCreate,
    NeedPublic,
    NeedStatus,
    NeedUpdate,
)
from service.requirements.terms import TermResolver
from service.settings import SettingsDep
from service.taxonomy.state import LoadedTaxonomy, TaxonomyDep

router = Router(tags=["needs"])
OPERATION = "needs:batch"
CHANGES = Changes("need", NeedPublic)
KEPT = {"id", "created_at", "updated_at", "created_by"}
CSV_EXAMPLE = (
    "external_ref,organisation_id,occupation,positions,swedish_level,must,"
    "earliest_start\n"
    "hr-2041,1,Undersköterska hemtjänst,3,sfi_d,driving_licence:VTK8_WRx_GcM,"
    "2026-03-01\n"
)
REQUEST_BODY = request_body("needs", "NeedCreate", CSV_EXAMPLE)
UploadDep = Annotated[Upload, Depends(upload_reader("needs", COLUMNS))]


def _missing_ref(row: int) -> RowReport:
    return RowReport(
        row=row,
        ref=None,
        status=RowStatus.INVALID,
        errors=[
            FieldError(
                field="external_ref",
                rule="missing",
                message="a batch row needs external_ref to be upserted by",
            )
        ],
    )


def _same_organisation(existing: Need, organisation_id: object) -> None:
    if organisation_id is not None and organisation_id != existing.organisation_id:
        raise InvalidInput(
            "A need cannot move to another organisation.",
            [
                FieldError(
                    field="organisation_id",
                    rule="immutable",
                    message="differs from the stored need's organisation",
                )
            ],
        )


def _create(
    session: Session,
    taxonomy: LoadedTaxonomy,
    resolver: TermResolver,
    raw: dict[str, Any],
    replacing: Need | None = None,
) -> Need:
    body = NeedCreate.model_validate(raw)
    return service.check_create(
        session,
        taxonomy,
        body,
        resolver=resolver,
        replacing=replacing.id if replacing else None,
    )


def _replace(
    session: Session,
    taxonomy: LoadedTaxonomy,
    resolver: TermResolver,
    raw: dict[str, Any],
    existing: Need,
) -> None:
    fresh = _create(session, taxonomy, resolver, raw, existing)
    _same_organisation(existing, fresh.organisation_id)
    require_transition(
        NEED_TRANSITIONS, existing.status, NeedStatus(fresh.status), "need"
    )
    apply_changes(existing, fresh.model_dump(exclude=KEPT))


def _merge(
    session: Session, taxonomy: LoadedTaxonomy, raw: dict[str, Any], existing: Need
) -> None:
    carried = {k: v for k, v in raw.items() if k != "organisation_id"}
    _same_organisation(existing, raw.get("organisation_id"))
    service.check_update(
        session, taxonomy, existing, NeedUpdate.model_validate(carried)
    )


def _write(
    session: Session,
    taxonomy: LoadedTaxonomy,
    resolver: TermResolver,
    raw: dict[str, Any],
    existing: Need | None,
    mode: BatchMode,
    number: int,
    ref: str,
    caller: Caller,
) -> RowReport:
    if existing is None:
        created = _create(session, taxonomy, resolver, raw)
        created.created_by = caller.key_id
        session.add(created)
        return RowReport(row=number, ref=ref, status=RowStatus.CREATED)
    change = (
        partial(_merge, session, taxonomy, raw, existing)
        if mode is BatchMode.MERGE
        else partial(_replace, session, taxonomy, resolver, raw, existing)
    )
    return changes_to(existing, NeedPublic, change, number, ref)


def import_needs(
    session: Session,
    taxonomy: LoadedTaxonomy,
    caller: Caller,
    rows: list[Any],
    mode: BatchMode = BatchMode.MERGE,
    *,
    first: int = 1,
    seen: dict[str, int] | None = None,
) -> BatchReport:
    """Check every row, write the valid ones, report each row. A job imports a
    batch in parts: rows numbered from `first`, with the refs earlier parts
    imported in `seen` (updated here)."""
    resolver = TermResolver(taxonomy)
    refs = [
        str(row["external_ref"])
        for row in rows
        if isinstance(row, dict) and row.get("external_ref")
    ]
    existing = service.find_by_refs(session, refs)
    seen = {} if seen is None else seen
    reports = []
    for number, raw in enumerate(rows, start=first):
        refused = refusal(number, raw)
        if refused is not None:
            reports.append(refused)
            continue
        ref = raw.get("external_ref")
        if not ref:
            reports.append(_missing_ref(number))
            continue
        ref = str(ref)
        if ref in seen:
            reports.append(duplicate(number, ref, seen[ref]))
            continue
        seen[ref] = number
        write = partial(
            _write,
            session,
            taxonomy,
            resolver,
            raw,
            existing.get(ref),
            mode,
            number,
            ref,
            caller,
        )
        reports.append(attempt(number, ref, write))
    session.flush()
    return BatchReport.of(reports)


@router.post(
    "/needs:batch",
    response_model=BatchReport,
    responses={**intake.ACCEPTED, **WRITE_PROBLEMS},
    openapi_extra={"requestBody": REQUEST_BODY},
)
def import_need_batch(
    caller: BatchImporter,
    upload: UploadDep,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
    response: Response,
    idempotency_key: idempotency.IdempotencyKey = None,
    mode: ModeQuery = BatchMode.MERGE,
) -> BatchReport | Response:
    """Upsert up to 10,000 needs (JSON or CSV) by external_ref. A row for a
    stored need changes only the fields it carries (`mode=replace`: the whole
    need); the report names each row's changed fields, or says `unchanged`.
    Invalid rows are reported, not written. A batch larger than the configured
    size is answered `202` with a job to poll for the same report. The same
    `Idempotency-Key` replays the first report (or job)."""
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
    report = upload.reported(import_needs(session, taxonomy, caller, upload.rows, mode))
    CHANGES.commit_batch(session, caller, report, claimed)
    return report


# Only a row that is not a document is refused before it is looked at: a
# personnummer in a need's text refuses the whole body (service.middleware).
BATCH = BatchKind(OPERATION, COLUMNS, CHANGES, refusal, import_needs)
