"""`jobbmatch taxonomy ...`, `jobbmatch eval mapping ...` and `eval extraction`."""

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.cli.progress import progress_bars
from service.db import Database
from service.settings import get_settings
from service.taxonomy.loading import (
    Loaded,
    SnapshotRejected,
    import_snapshot,
    sync_live,
)
from service.taxonomy.state import TaxonomyHolder
from taxonomy import TaxonomyError, ValidationReport

if TYPE_CHECKING:
    from taxonomy.mapping import Mapper

taxonomy_app = typer.Typer(
    help="The local JobTech taxonomy store.", no_args_is_help=True
)
eval_app = typer.Typer(help="Evaluations.", no_args_is_help=True)
console = Console(stderr=True)


@contextmanager
def _prepared(database_url: str) -> Iterator[Database]:
    # Alembic (and its Mako templates) load for the commands that need the schema.
    from service.migrate import prepared_database

    with prepared_database(database_url) as database:
        yield database


def _print_report(report: ValidationReport) -> None:
    if not report.issues:
        console.print("validation: no issues")
        return
    table = Table("kind", "file", "line", "message", title="validation report")
    for issue in report.issues:
        table.add_row(issue.kind, issue.file, str(issue.line or ""), issue.message)
    console.print(table)


def _summary(loaded: Loaded, seconds: float) -> None:
    v = loaded.version
    console.print(
        f"taxonomy version {v.label} (id {v.id}) is current: "
        f"{v.concept_count} concepts, {v.relation_count} relations, {seconds:.1f} s"
    )


@taxonomy_app.command("import")
def import_command(
    path: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="Snapshot folder.")
    ],
) -> None:
    """Import a snapshot folder (concepts.jsonl, relations.jsonl, manifest.json)."""
    started = time.perf_counter()
    try:
        with (
            _prepared(get_settings().database_url) as database,
            progress_bars(console, "importing {}".format) as report,
        ):
            loaded = import_snapshot(database.writer, path, report)
    except SnapshotRejected as error:
        _print_report(error.report)
        console.print(f"error: {error}; nothing was imported")
        raise typer.Exit(1) from error
    except TaxonomyError as error:
        console.print(f"error: {error}; nothing was imported")
        raise typer.Exit(1) from error
    assert loaded.report is not None
    _print_report(loaded.report)
    _summary(loaded, time.perf_counter() - started)


def _fetching(stage: str) -> str:
    return f"fetching {'concept types' if stage == 'types' else stage}"


@taxonomy_app.command("sync")
def sync_command(
    version: Annotated[
        int | None, typer.Option(min=1, help="Version (default: latest).")
    ] = None,
) -> None:
    """Pull a whole version from the live JobTech Taxonomy API into the store."""
    settings = get_settings()
    started = time.perf_counter()
    try:
        with (
            _prepared(settings.database_url) as database,
            progress_bars(console, _fetching, one_bar=True) as report,
        ):
            loaded = sync_live(
                database.writer, settings, version=version, progress=report
            )
    except TaxonomyError as error:
        console.print(f"error: taxonomy sync failed: {error}; the store is unchanged")
        raise typer.Exit(1) from error
    _summary(loaded, time.perf_counter() - started)


@eval_app.command("mapping")
def eval_mapping(
    sets: Annotated[
        list[str], typer.Argument(help="Set names or prefixes (`all` for all).")
    ],
    shared_dir: Annotated[
        Path, typer.Option(envvar="JOBBMATCH_SHARED_DIR", help="Folder holding eval/.")
    ] = Path("../shared"),
) -> None:
    """Score the mapper and two baselines on evaluation sets; last line is JSON."""
    # The evaluation's NumPy and SciPy load for this command only.
    from taxonomy.evaluation import render_report, run_evaluation

    mapper = _loaded_mapper()
    with progress_bars(console, "evaluating {}".format) as progress:
        report = run_evaluation(
            sets, shared_dir=shared_dir, mapper=mapper, progress=progress
        )
    sys.stdout.write(render_report(report) + "\n")


@eval_app.command("extraction")
def eval_extraction(
    sets: Annotated[
        list[str] | None,
        typer.Argument(help="Set names or prefixes (default and `all`: all)."),
    ] = None,
    shared_dir: Annotated[
        Path, typer.Option(envvar="JOBBMATCH_SHARED_DIR", help="Folder holding eval/.")
    ] = Path("../shared"),
) -> None:
    """Score whole-text extraction and two baselines per category; last line JSON."""
    from taxonomy.evaluation.extraction import run_extraction_evaluation
    from taxonomy.evaluation.extraction_report import render_extraction_report

    report = run_extraction_evaluation(
        sets or ["all"], shared_dir=shared_dir, mapper=_loaded_mapper()
    )
    sys.stdout.write(render_extraction_report(report) + "\n")


def _loaded_mapper() -> "Mapper":
    with _prepared(get_settings().database_url) as database:
        loaded = TaxonomyHolder(database.engine).refresh()
    if loaded is None:
        console.print("error: no taxonomy loaded; run `jobbmatch taxonomy import PATH`")
        raise typer.Exit(1)
    return loaded.mapper
