"""Who may touch which records, declared once for every domain router.

Liaisons keep the employer side (organisations, needs, tracks, cohorts, placements);
matchers work with participants and enrolments and read the employer side; liaisons
never read participant records (they see consented shortlists only). Integrations
push and pull both sides.
"""

from typing import Annotated

from service.errors import problems
from service.kit.auth import require_roles
from service.kit.caller import Caller, Role
from service.kit.etags import NOT_MODIFIED

EmployerSideReader = Annotated[
    Caller, require_roles(Role.ADMIN, Role.LIAISON, Role.MATCHER, Role.INTEGRATION)
]
EmployerSideWriter = Annotated[
    Caller, require_roles(Role.ADMIN, Role.LIAISON, Role.INTEGRATION)
]
ParticipantSide = Annotated[
    Caller, require_roles(Role.ADMIN, Role.MATCHER, Role.INTEGRATION)
]
# Shortlists rank participants: matchers make them; liaisons see the employer view.
ShortlistMaker = Annotated[Caller, require_roles(Role.ADMIN, Role.MATCHER)]
ShortlistReader = Annotated[
    Caller, require_roles(Role.ADMIN, Role.MATCHER, Role.LIAISON)
]
BatchImporter = Annotated[Caller, require_roles(Role.ADMIN, Role.INTEGRATION)]
# Every role that works with records may map text onto the taxonomy; auditors only
# read it.
TextMapper = Annotated[
    Caller, require_roles(Role.ADMIN, Role.LIAISON, Role.MATCHER, Role.INTEGRATION)
]
# A participant's own words are read by whoever meets them: matchers and admins;
# integrations push records, never a person's words.
ParticipantDrafter = Annotated[Caller, require_roles(Role.ADMIN, Role.MATCHER)]
AnyRole = Annotated[Caller, require_roles(*Role)]
Admin = Annotated[Caller, require_roles(Role.ADMIN)]
AuditReader = Annotated[Caller, require_roles(Role.AUDITOR, Role.ADMIN)]
# A participant's own data, for their request: matchers of their unit, admins.
ParticipantExporter = Annotated[Caller, require_roles(Role.ADMIN, Role.MATCHER)]
# Other systems follow changes: the change feed and webhook subscriptions.
Integrator = Annotated[Caller, require_roles(Role.ADMIN, Role.INTEGRATION)]
# Follow-up statistics: auditors and admins read every indicator; liaisons only the
# employer-side ones (tracks, cohorts, seats, needs, placements), without the split
# by gender; matchers get the lock-in list of the units they serve.
StatsReader = Annotated[Caller, require_roles(Role.AUDITOR, Role.ADMIN)]
EmployerStatsReader = Annotated[
    Caller, require_roles(Role.AUDITOR, Role.ADMIN, Role.LIAISON)
]
LockInLister = Annotated[Caller, require_roles(Role.ADMIN, Role.MATCHER)]

READ_PROBLEMS = problems(401, 403, 404, 429, 503)
# One record with its ETag: a conditional GET may be answered 304.
TAGGED_READ_PROBLEMS = {**READ_PROBLEMS, **NOT_MODIFIED}
LIST_PROBLEMS = problems(401, 403, 429, 503)
WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 412, 413, 415, 429, 503)
DELETE_PROBLEMS = problems(401, 403, 404, 409, 412, 429)
# Reading a text (map, extract, drafts) writes nothing and needs the taxonomy.
TEXT_PROBLEMS = problems(401, 403, 413, 415, 429, 503)
