"""Bounded path and query parameters shared by several routers.

Bounds here match the stored columns, so an oversized value is a 422 naming the
parameter rather than a database error.
"""

from typing import Annotated

from fastapi import Path, Query

ParticipantRefPath = Annotated[str, Path(max_length=64)]
ParticipantRefQuery = Annotated[str | None, Query(max_length=64)]
KeyIdPath = Annotated[str, Path(max_length=32)]
