"""Progress bars: drawn on a terminal, never when the output is piped or in CI."""

from io import StringIO

import pytest
from rich.console import Console
from typer.testing import CliRunner

from service.cli import app as cli
from service.cli import taxonomy as taxonomy_commands
from service.cli.progress import progress_bars
from taxonomy.tests.snapshot_support import mini_snapshot_dir

runner = CliRunner()


@pytest.fixture(autouse=True)
def not_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)


def _drawn(console: Console) -> str:
    with progress_bars(console, "importing {}".format) as report:
        for done in range(1, 4):
            report("concepts", done, 3)
        report("relations", 2, 2)
    assert isinstance(console.file, StringIO)
    return console.file.getvalue()


def test_a_terminal_gets_a_bar_per_stage() -> None:
    drawn = _drawn(Console(file=StringIO(), force_terminal=True, width=100))
    assert "importing concepts" in drawn
    assert "3/3" in drawn
    assert "importing relations" in drawn


def test_a_pipe_gets_nothing() -> None:
    assert _drawn(Console(file=StringIO(), width=100)) == ""


def test_ci_gets_nothing_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert _drawn(Console(file=StringIO(), force_terminal=True, width=100)) == ""


def test_one_bar_moves_through_every_stage() -> None:
    console = Console(file=StringIO(), force_terminal=True, width=100)
    with progress_bars(console, "fetching {}".format, one_bar=True) as report:
        report("occupation-name", 7, None)
        report("types", 2, 2)
    drawn = console.file.getvalue()  # type: ignore[attr-defined]
    assert "fetching types" in drawn
    assert "fetching occupation-name" in drawn


def test_taxonomy_import_is_quiet_when_piped(database_url: str) -> None:
    # CliRunner's output is no terminal: the results only.
    quiet = runner.invoke(cli, ["taxonomy", "import", str(mini_snapshot_dir())])
    assert quiet.exit_code == 0, quiet.output
    assert "is current: 31 concepts" in quiet.output
    assert "importing" not in quiet.output


def test_taxonomy_import_draws_on_a_terminal(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Console(file=StringIO(), force_terminal=True, width=100)
    monkeypatch.setattr(taxonomy_commands, "console", terminal)
    drawn = runner.invoke(cli, ["taxonomy", "import", str(mini_snapshot_dir())])
    assert drawn.exit_code == 0, drawn.output
    shown = terminal.file.getvalue()  # type: ignore[attr-defined]
    assert "importing concepts" in shown
    assert "importing relations" in shown
