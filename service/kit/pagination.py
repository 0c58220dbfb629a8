"""One page shape for every list endpoint: limit/offset with a cap, echoed back.

Lists of records that change also take `updated_since` and `sort`
(`ChangesPageDep`); lists of records that never change take `sort` alone
(`CreatedPageDep`). Both arrive with the page, so a route adds one dependency and
`service.kit.records.list_page` applies them to whatever statement it pages.
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import ColumnElement
from sqlmodel.sql.expression import SelectOfScalar

from service.db import UtcInstant

MAX_LIMIT = 200
MAX_OFFSET = 2**31 - 1
ItemT = TypeVar("ItemT")
StatementT = TypeVar("StatementT", bound=SelectOfScalar[Any])


class Sort(StrEnum):
    """The orders a list of changing records offers; `-` means descending."""

    ID = "id"
    ID_DESC = "-id"
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"
    UPDATED_AT = "updated_at"
    UPDATED_AT_DESC = "-updated_at"


class CreatedSort(StrEnum):
    """The orders a list of records without `updated_at` offers."""

    ID = "id"
    ID_DESC = "-id"
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"


class PageParams(BaseModel):
    limit: int
    offset: int
    updated_since: datetime | None = None
    sort: Sort | CreatedSort | None = None


LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
OffsetQuery = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
SORT_DESCRIPTION = (
    "Order by this field, `-` first for descending; ties go by id. Without it, "
    "the list's own order (its description says which)."
)


async def page_params(limit: LimitQuery = 50, offset: OffsetQuery = 0) -> PageParams:
    return PageParams(limit=limit, offset=offset)


async def changes_page_params(
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
    updated_since: Annotated[
        UtcInstant | None,
        Query(
            description="Only records created or changed at or after this instant "
            "(RFC 3339; without a time zone, UTC): pass the greatest `updated_at` "
            "of the last delta to get the next one (records changed in that same "
            "instant come again)."
        ),
    ] = None,
    sort: Annotated[Sort | None, Query(description=SORT_DESCRIPTION)] = None,
) -> PageParams:
    return PageParams(
        limit=limit, offset=offset, updated_since=updated_since, sort=sort
    )


async def created_page_params(
    limit: LimitQuery = 50,
    offset: OffsetQuery = 0,
    sort: Annotated[CreatedSort | None, Query(description=SORT_DESCRIPTION)] = None,
) -> PageParams:
    return PageParams(limit=limit, offset=offset, sort=sort)


PageParamsDep = Annotated[PageParams, Depends(page_params)]
ChangesPageDep = Annotated[PageParams, Depends(changes_page_params)]
CreatedPageDep = Annotated[PageParams, Depends(created_page_params)]


def narrowed(statement: StatementT, page: PageParams) -> StatementT:
    """The statement with the page's `updated_since` and `sort` applied to the
    record it selects (its first entity)."""
    if page.updated_since is None and page.sort is None:
        return statement
    entity = statement.column_descriptions[0]["entity"]

    def column(name: str) -> ColumnElement[Any]:
        found: ColumnElement[Any] = getattr(entity, name)
        return found

    if page.updated_since is not None:
        statement = statement.where(column("updated_at") >= page.updated_since)
    if page.sort is not None:
        name = page.sort.value.removeprefix("-")
        descending = page.sort.value.startswith("-")
        keys = [column(name)] if name == "id" else [column(name), column("id")]
        statement = statement.order_by(None).order_by(
            *(key.desc() if descending else key.asc() for key in keys)
        )
    return statement


class Page(BaseModel, Generic[ItemT]):
    items: list[ItemT]
    total: int
    limit: int
    offset: int
