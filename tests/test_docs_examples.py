"""The documentation cannot drift: its examples run, its transcripts are what
``pact`` prints, its fences pair up, and every page is reachable.

How blocks are read and marked: see ``tests/_docs.py``.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from _docs import (
    DOCS,
    PAGES,
    README,
    Block,
    FenceError,
    blocks,
    commands,
    execute,
    fence_problems,
    marker_problems,
    matches,
    rel,
    run_pact,
)
from _example_plugin import use_example_plugin
from pact_adapters import plugins
from pact_adapters.cli import SUBCOMMANDS, build_parser

ENVIRONMENT = (
    "PACT_STORE",
    "PACT_NOTIFY_CONFIG",
    plugins.PLUGINS_ENV,
    plugins.DISABLE_AUTOLOAD_ENV,
    "PACT_IATI_REPORTING_ORG",
    "PACT_IATI_REPORTING_ORG_TYPE",
    "PACT_IATI_REPORTING_ORG_NAME",
)


def page_id(page: Path) -> str:
    return rel(page)


def all_blocks() -> list[Block]:
    return [block for page in PAGES for block in blocks(page)]


def having(page: Path, kind: str) -> bool:
    """Whether the page has a block of this kind (``runs``: a Python block
    that is executed) — or fences too broken to say, so that its test fails
    instead of the collection."""
    try:
        found = blocks(page)
    except FenceError:
        return True
    return any(b.runs if kind == "runs" else b.language == kind for b in found)


PYTHON_PAGES = [p for p in PAGES if having(p, "runs")]
CONSOLE_PAGES = [p for p in PAGES if having(p, "console")]


@pytest.fixture
def fresh_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh directory (so ``pact.db`` is a fresh store), no ``PACT_*``
    settings of the environment, the plugins loaded afresh."""
    monkeypatch.chdir(tmp_path)
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    plugins.reset_plugin_manager()
    yield tmp_path
    plugins.reset_plugin_manager()


@contextlib.contextmanager
def bare_logging() -> Iterator[None]:
    """The root logger without the handlers pytest adds for each test phase
    (a snippet that forgets to configure logging must fail here as it does
    for a reader); what the snippet adds is removed afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers.clear()
    try:
        yield
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)


# -- every Python block runs -------------------------------------------------------


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=page_id)
def test_python_blocks_run(page: Path, fresh_session: Path) -> None:
    """The page's Python blocks run as written, in order, sharing one
    namespace, in a fresh directory with a fresh store."""
    with bare_logging():
        assert execute(page) > 0


def methods(protocol: type) -> dict[str, list[str]]:
    return {
        name: list(inspect.signature(member).parameters)
        for name, member in vars(protocol).items()
        if callable(member) and not name.startswith("_")
    }


def test_protocols_shown_in_the_adapter_guide_are_the_real_ones(
    fresh_session: Path,
) -> None:
    """The Protocol stubs of docs/adapters.md, once executed, have the
    methods and parameters of those of pact_adapters."""
    from pact_adapters import hookspecs, testing

    namespace: dict[str, object] = {}
    execute(DOCS / "adapters.md", namespace)
    for real in (hookspecs.DeliveryRecorder, hookspecs.Notifier, testing.Receiver):
        shown = namespace[real.__name__]
        assert isinstance(shown, type)
        assert methods(shown) == methods(real), real.__name__


def test_no_run_blocks_are_rare_and_say_why() -> None:
    """A block that does not run is marked, with its reason; few are."""
    problems = [p for page in PAGES for p in marker_problems(page)]
    assert not problems, "\n".join(problems)
    python = [b for b in all_blocks() if b.language == "python"]
    skipped = [b for b in python if b.marker == "no-run"]
    assert all(b.argument for b in skipped)
    assert len(skipped) <= len(python) // 10, [b.where for b in skipped]


# -- every transcript is what pact prints -------------------------------------------


@pytest.mark.parametrize("page", CONSOLE_PAGES, ids=page_id)
def test_console_transcripts_match_a_real_run(
    page: Path, fresh_session: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ``$ pact ...`` line of the page's console blocks, run in order in
    one fresh directory, prints the output shown (``...``: any text).

    The plugins are pact-domain's own (``PACT_PLUGINS`` empty: whatever else
    this test process can see) unless the block is marked ``<!-- with:
    pact-file-notifier -->``."""
    for block in blocks(page):
        if block.language != "console":
            continue
        if block.marker == "with":
            assert block.argument == "pact-file-notifier", block.where
            use_example_plugin()
            monkeypatch.delenv(plugins.PLUGINS_ENV, raising=False)
        else:
            monkeypatch.setenv(plugins.PLUGINS_ENV, "")
        plugins.reset_plugin_manager()
        for command in commands(block):
            actual = run_pact(command.text)
            assert matches(command.expected, actual), (
                f"{command.where}: `{command.text}` printed\n{actual}\n"
                f"where the page shows\n{command.expected}"
            )
        plugins.reset_plugin_manager()


def test_transcript_matching() -> None:
    """``...`` stands for any text, within a line or for whole lines; the
    rest must be equal."""
    assert matches("a ... c\n", "a b c\n")
    assert matches("one\n...\nfour\n", "one\ntwo\nthree\nfour\n")
    assert not matches("one\n", "one\ntwo\n")
    assert not matches("a 419 b\n", "a 600 b\n")


def test_numbers_cited_come_from_checked_transcripts() -> None:
    """The counts the pages cite are in console blocks, so a real run checks
    them: the sample's events, Puglia's history, the plugins and the report
    formats."""

    def console(page: str) -> str:
        return "".join(b.code for b in blocks(DOCS / page) if b.language == "console")

    cli, adapters = console("cli.md"), console("adapters.md")
    assert "600 new events recorded (600 events in the store)" in cli
    assert "sustainable tourism in Puglia': 61 event(s)" in cli
    listed = re.findall(r"^\S+ +pact-\S+ +0\.1\.0 ", adapters, flags=re.MULTILINE)
    assert len(listed) == 15
    assert "report formats:  csv, html, iati, json, md, text, xlsx" in adapters


# -- every page is reachable ---------------------------------------------------------


def documentation_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("\n## Documentation\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=page_id)
def test_every_page_is_linked_from_the_index_and_the_readme(page: Path) -> None:
    """docs/index.md links every other page, and README.md's Documentation
    section every page (mkdocs.yml has no nav on purpose: the site's own
    navigation lists every page, and these links are the reading order)."""
    if page.name != "index.md":
        index = (DOCS / "index.md").read_text(encoding="utf-8")
        assert f"]({page.name})" in index, f"docs/index.md does not link {page.name}"
    assert f"](docs/{page.name})" in documentation_section(), (
        f"README.md's Documentation section does not link docs/{page.name}"
    )


# -- the command line page covers every command ----------------------------------


def _options() -> dict[str, set[str]]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    found: dict[str, set[str]] = {}
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        options: set[str] = set()
        stack = [command]
        while stack:
            current = stack.pop()
            for action in current._actions:
                # --store under "The store", --debug under "Errors and exit status"
                if action.dest in {"help", "store", "debug"}:
                    continue
                options.update(s for s in action.option_strings if s.startswith("--"))
                if action.choices and not action.option_strings:
                    if isinstance(action.choices, dict):
                        options.update(action.choices)
                        stack.extend(action.choices.values())
                    else:
                        options.update(str(c) for c in action.choices)
        found[name] = options
    return found


def test_cli_page_documents_every_command_and_option() -> None:
    """docs/cli.md has a section per command of ``pact --help``, naming each
    of its options and actions (``pact COMMAND --help`` is the source)."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    options = _options()
    assert set(options) == set(SUBCOMMANDS)
    for name in SUBCOMMANDS:
        (section,) = [s for s in sections if s.startswith(f"`pact {name}")]
        missing = sorted(
            o
            for o in options[name]
            if f"`{o}" not in section and f" {o}" not in section
        )
        assert not missing, f"docs/cli.md, pact {name}: {missing} undocumented"


# -- fences ------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_fences_pair_up(page: Path) -> None:
    """An even number of fence lines, every block closed by a bare fence, and
    no Markdown heading swallowed by a block."""
    problems = fence_problems(page)
    assert not problems, "\n".join(problems)


def test_the_fence_check_catches_a_block_that_runs_on(tmp_path: Path) -> None:
    """The broken "Invalid inputs" section of docs/testing.md: an even number
    of fence lines, but a closing fence with text after it."""
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 1\n``` Hypothesis bounds...\n\n## Invalid inputs\n\n"
        "```python\ny = 2\n```\n",
        encoding="utf-8",
    )
    with pytest.raises(FenceError, match="does not close"):
        blocks(page)
    page.write_text("```text\n## Invalid inputs\n```\n", encoding="utf-8")
    assert fence_problems(page)
