import logging

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from service.db import DatabaseDep
from service.errors import problem_response, problems
from service.kit.routing import Router

router = Router(tags=["health"])
logger = logging.getLogger("jobbmatch.health")


class Health(BaseModel):
    status: str


@router.get("/health", response_model=Health)
def get_health() -> Health:
    """Answer while the process is up; no dependencies are checked."""
    return Health(status="ok")


@router.get("/ready", response_model=Health, responses=problems(503))
def get_ready(request: Request, database: DatabaseDep) -> Health | JSONResponse:
    """Answer 200 once the database answers and a taxonomy version is loaded."""
    try:
        database.ping()
    except Exception:
        logger.exception("readiness: database does not answer")
        return problem_response(
            request, 503, detail="The database does not answer.", slug="not-ready"
        )
    if request.app.state.taxonomy.get() is None:
        return problem_response(
            request,
            503,
            detail="taxonomy not loaded: run `jobbmatch taxonomy import PATH` or sync.",
            slug="not-ready",
        )
    return Health(status="ok")
