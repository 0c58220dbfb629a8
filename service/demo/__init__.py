"""`jobbmatch demo`: a synthetic municipality to try the service on.

Everything is drawn from the taxonomy with one seeded random generator, so the same
seed gives the same data: municipalities of Stockholms län, SSYK-4 occupations with
their related skills, plausible Swedish levels, languages and licences, and a
history up to `today` (`history.py`). Demo records are marked: refs start with
`demo-`, units and organisation names say "demo".
"""

import random
from datetime import date

import typer
from rich.console import Console
from sqlmodel import Session, select

from service.candidates.concepts import VOCABULARIES
from service.db import Database
from service.demo.history import Recorder, seed_history
from service.kit.caller import Caller, Role
from service.kit.personal_data import luhn_valid
from service.migrate import prepared_database
from service.needs import service as needs
from service.needs.models import Need, NeedCreate
from service.organisations.models import Organisation, OrganisationKind
from service.participants import service as participants
from service.participants.models import ParticipantCreate
from service.requirements.terms import TermResolver
from service.settings import get_settings
from service.taxonomy.loading import Progress
from service.taxonomy.state import LoadedTaxonomy, TaxonomyHolder
from service.tracks.models import Track, TrackKind

REGION = "CifL_Rzy_Mku"
# statistics_gender as people give it, some not at all (None).
GENDERS = ("woman", "man", "other", "not_stated", None)
GENDER_WEIGHTS = (46, 40, 3, 5, 6)
# Who may take part in what: most are aspirants, many also registered at
# Arbetsförmedlingen, some with a Stockholmsjobb decision.
ELIGIBILITY = (
    ("jobbtorg_aspirant", 1.0),
    ("af_registered", 0.6),
    ("stockholmsjobb", 0.3),
)
DECIDED = date(2024, 1, 15)
SWEDISH = ("sfi_b", "sfi_c", "sfi_d", "sfi_d", "sva_grund", "sva_1", "sva_2", "sva_3")
CALLER = Caller(key_id="demo", name="demo", role=Role.ADMIN, purpose="demo data")
console = Console(stderr=True)


def _org_number(rng: random.Random) -> str:
    """A Luhn-valid number whose "month" is 20 or more, as legal entities' are."""
    while True:
        digits = f"55{rng.randint(2, 9)}{rng.randint(0, 999999):06d}"
        for check in "0123456789":
            if luhn_valid(digits + check):
                return digits + check


class Pools:
    """The concepts demo records are drawn from."""

    def __init__(self, taxonomy: LoadedTaxonomy) -> None:
        graph = taxonomy.graph
        self.municipalities = [
            c.id
            for c in graph.search(type="municipality")
            if (region := graph.region_of(c.id)) and region.id == REGION
        ]
        self.groups = {
            c.id: [s.id for s in graph.skills_of_group(c.id)]
            for c in graph.search(type="ssyk-level-4")
        }
        self.groups = {group: skills for group, skills in self.groups.items() if skills}
        self.languages = [c.id for c in graph.search(type="language")][:40]
        self.licence_b = next(
            c.id
            for c in graph.search(type="driving-licence")
            if c.preferred_label == "B"
        )


def _employer_name(seed: int, n: int) -> str:
    return f"Demoarbetsgivare {seed}-{n} (demo)"


def _organisations(
    session: Session, rng: random.Random, pools: Pools, seed: int
) -> tuple[list[int], list[int]]:
    """(municipal departments, private employers)."""
    kinds = [OrganisationKind.MUNICIPAL_DEPARTMENT, OrganisationKind.PRIVATE]
    rows = [
        Organisation(
            name=_employer_name(seed, n),
            org_number=f"{(number := _org_number(rng))[:6]}-{number[6:]}",
            kind=kinds[n % 2],
            municipality_id=rng.choice(pools.municipalities),
            created_by=CALLER.key_id,
        )
        for n in range(8)
    ]
    session.add_all(rows)
    session.flush()
    ids = [row.id for row in rows if row.id is not None]
    return ids[0::2], ids[1::2]


def _need(rng: random.Random, pools: Pools, organisation_id: int) -> NeedCreate:
    group = rng.choice(sorted(pools.groups))
    skills = rng.sample(pools.groups[group], min(2, len(pools.groups[group])))
    return NeedCreate.model_validate(
        {
            "organisation_id": organisation_id,
            "positions": rng.randint(1, 6),
            "occupation": {"concept_id": group},
            "status": "open",
            "requirements": {
                "swedish": rng.choice(SWEDISH),
                "must": [{"kind": "skill", "concept_id": s} for s in skills],
            },
        }
    )


def _participant(rng: random.Random, pools: Pools, ref: str) -> ParticipantCreate:
    group = rng.choice(sorted(pools.groups))
    skills = pools.groups[group]
    return ParticipantCreate.model_validate(
        {
            "participant_ref": ref,
            "owning_unit": "Jobbtorg demo",
            "home_municipality_id": rng.choice(pools.municipalities),
            "occupation_interests": [{"concept_id": group}],
            "skills": [
                {"concept_id": s} for s in rng.sample(skills, min(4, len(skills)))
            ],
            "swedish": {"level": rng.choice(SWEDISH)},
            "languages": [{"language_id": rng.choice(pools.languages), "level": "c2"}],
            "driving_licences": [pools.licence_b] if rng.random() < 0.4 else [],
            "birth_year": rng.randint(1965, 2004),
            "statistics_gender": rng.choices(GENDERS, GENDER_WEIGHTS)[0],
            "eligibility": [
                {"basis": basis, "decided_by": "Jobbtorg demo", "decided_at": DECIDED}
                for basis, share in ELIGIBILITY
                if rng.random() < share
            ],
            "mobility": {"region_ids": [REGION]},
        }
    )


def _track(session: Session, need: Need, kind: TrackKind) -> Track:
    session.flush()
    assert need.id is not None
    label = need.occupation.preferred_label if need.occupation else None
    track = Track(
        name=f"Jobbspår {label or 'demo'}"[:190] + " (demo)",
        kind=kind,
        need_ids=[need.id],
        employer_ids=[need.organisation_id],
        occupation=need.occupation,
        occupation_id=need.occupation_id,
        created_by=CALLER.key_id,
    )
    session.add(track)
    session.flush()
    return track


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


def demo(
    participants_count: int = 200,
    needs_count: int = 20,
    seed: int = 1,
    today: date | None = None,
    progress: Progress = _quiet,
) -> None:
    """Seed a synthetic municipality marked as demo data, with its history up to
    `today` (default today); `progress(stage, done, total)` hears how far it is."""
    if today is not None and today > date.today():
        console.print("error: --today cannot be in the future")
        raise typer.Exit(1)
    with prepared_database(get_settings().database_url) as database:
        _seed(
            database,
            (participants_count, needs_count),
            seed,
            today or date.today(),
            progress,
        )


def _seed(
    database: Database,
    counts: tuple[int, int],
    seed: int,
    today: date,
    progress: Progress,
) -> None:
    participants_count, needs_count = counts
    taxonomy = TaxonomyHolder(database.engine).refresh()
    if taxonomy is None:
        console.print("error: load a taxonomy first: `jobbmatch taxonomy import PATH`")
        raise typer.Exit(1)
    with database.session() as session:
        seeded = session.exec(
            select(Organisation).where(Organisation.name == _employer_name(seed, 0))
        ).first()
    if seeded is not None:
        console.print(f"demo data for seed {seed} is already there; nothing was added")
        return
    rng, pools, resolver = random.Random(seed), Pools(taxonomy), TermResolver(taxonomy)
    with database.session(write=True) as session:
        municipal, private = _organisations(session, rng, pools, seed)
        organisation_ids = municipal + private
        tracks, open_needs = [], []
        for n in range(needs_count):
            body = _need(rng, pools, rng.choice(organisation_ids))
            need = needs.check_create(session, taxonomy, body, resolver=resolver)
            session.add(need)
            if n % 5 == 0:
                kinds = (TrackKind.JOBBSPAR, TrackKind.REKRYTERINGSUTBILDNING)
                tracks.append(_track(session, need, kinds[n // 5 % 2]))
            else:
                open_needs.append(need)
            progress("needs", n + 1, needs_count)
        refs = [f"demo-{seed}-{n:05d}" for n in range(participants_count)]
        for n, ref in enumerate(refs, start=1):
            person = _participant(rng, pools, ref)
            session.add(
                participants.check_create(session, taxonomy, person, resolver=resolver)
            )
            progress("participants", n, participants_count)
        session.commit()
        if tracks:
            recorder = Recorder(
                session,
                taxonomy,
                VOCABULARIES.get(taxonomy),
                CALLER,
                today,
                rng.sample(refs, len(refs)),
            )
            seed_history(
                recorder, rng, tracks, open_needs, (municipal, private), progress
            )
    database.dispose()
    console.print(
        f"seeded {participants_count} participants and {needs_count} needs "
        f"(seed {seed})"
    )
