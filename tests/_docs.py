"""Reading the documentation's code blocks, for ``tests/test_docs_examples.py``.

The pages are ``docs/*.md`` and ``README.md``.  A fenced block opens with a
line of three backticks and an info string (```` ```python ````) and closes
with a line of three backticks and nothing else, as Python-Markdown (MkDocs)
and CommonMark read them: ```` ``` text ```` does *not* close a block.

The line just before a block's opening fence may be one marker, an HTML
comment that MkDocs leaves out of the page but a reader of the Markdown sees:

* ``<!-- no-run: REASON -->`` — a Python block that is not executed (a
  fragment, pseudo-code, a server it needs); the reason is required;
* ``<!-- file: PATH -->`` — the block is the file PATH of the repository,
  shown whole (``tests/test_testing_toolkit.py`` checks it is identical;
  the file runs where it lives), so it is not executed here;
* ``<!-- with: pact-file-notifier -->`` — a ``console`` block run with the
  example plugin of ``examples/pact-file-notifier`` installed.

Every other ``python`` block is executed, page by page, in order, in one
namespace per page (like a doctest session).  Every ``console`` block is a
transcript: each line starting with ``$ pact `` is run, and the lines after
it, up to the next ``$ ``, are the output it must print (standard output,
then standard error).  ``...`` in the shown output stands for any text,
including whole lines — for ids and times that differ from run to run.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES: list[Path] = [*sorted(DOCS.glob("*.md")), README]

OPENING = re.compile(r"^(`{3,})\s*([^`\s]*)(.*)$")
MARKER = re.compile(r"^<!--\s*([a-z-]+):?(.*?)-->\s*$")
MARKERS = {"no-run", "file", "with"}
ELLIPSIS = "..."

COMMENT_LANGUAGES = {"python", "sh", "console", "toml", "yaml", "bash"}
"""Languages in which a line starting with ``#`` is a comment."""
HEADING = re.compile(r"^#{1,6} \S")


def rel(page: Path) -> str:
    """The page's path from the repository root (``docs/cli.md``)."""
    return page.relative_to(ROOT).as_posix() if page.is_relative_to(ROOT) else str(page)


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    page: Path
    line: int  # of the opening fence, from 1
    language: str
    code: str
    marker: str | None = None  # "no-run", "file" or "with"
    argument: str = ""  # the marker's reason, path or set-up

    @property
    def where(self) -> str:
        return f"{rel(self.page)}:{self.line}"

    @property
    def runs(self) -> bool:
        """Whether the collector executes this Python block."""
        return self.language == "python" and self.marker not in {"no-run", "file"}


class FenceError(ValueError):
    """A page whose fences do not pair up as intended."""


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of ``page``, in order.

    Raises:
        FenceError: a block is never closed, or a line inside a block looks
            like a fence but does not close it (```` ``` text ````,
            ```` ```python ````): the block would swallow what follows.
    """
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opening = OPENING.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, language = opening.group(1), opening.group(2)
        closing = re.compile(rf"^{fence}\s*$")
        start = i
        i += 1
        while i < len(lines) and not closing.match(lines[i]):
            if lines[i].startswith("```"):
                raise FenceError(
                    f"{rel(page)}:{i + 1}: {lines[i]!r} does not close the "
                    f"block opened on line {start + 1} (a closing fence has "
                    "nothing after the backticks), so the block runs on"
                )
            i += 1
        if i == len(lines):
            raise FenceError(f"{rel(page)}:{start + 1}: block never closed")
        marker, argument = None, ""
        if start and (m := MARKER.match(lines[start - 1])):
            marker, argument = m.group(1), m.group(2).strip()
        code = "".join(f"{line}\n" for line in lines[start + 1 : i])
        found.append(Block(page, start + 1, language, code, marker, argument))
        i += 1
    return found


def fence_problems(page: Path) -> list[str]:
    """What is wrong with the fences of ``page`` (empty when nothing is)."""
    text = page.read_text(encoding="utf-8")
    problems = []
    count = sum(1 for line in text.splitlines() if line.startswith("```"))
    if count % 2:
        problems.append(f"{rel(page)}: {count} fence lines, an odd number")
    try:
        found = blocks(page)
    except FenceError as e:
        return [*problems, str(e)]
    for block in found:
        if block.language in COMMENT_LANGUAGES:
            continue
        for n, line in enumerate(block.code.splitlines()):
            if HEADING.match(line):
                problems.append(
                    f"{rel(page)}:{block.line + 1 + n}: heading {line!r} inside "
                    f"the {block.language or 'plain'} block of line {block.line}"
                )
    return problems


def marker_problems(page: Path) -> list[str]:
    """Markers that are unknown, lack their argument or mark nothing."""
    lines = page.read_text(encoding="utf-8").splitlines()
    problems = []
    for n, line in enumerate(lines):
        m = MARKER.match(line)
        if not m or (m.group(1) not in MARKERS and not m.group(1).startswith("no")):
            continue
        kind, argument = m.group(1), m.group(2).strip()
        where = f"{rel(page)}:{n + 1}"
        following = lines[n + 1] if n + 1 < len(lines) else ""
        if kind not in MARKERS:
            problems.append(f"{where}: unknown marker {kind!r}")
        elif not argument:
            problems.append(f"{where}: <!-- {kind}: ... --> needs its reason")
        elif kind in {"no-run", "file"} and following.strip() != "```python":
            problems.append(f"{where}: {kind} marks no ```python block")
        elif kind == "with" and following.strip() != "```console":
            problems.append(f"{where}: with marks no ```console block")
    return problems


# -- Python blocks -------------------------------------------------------------


def execute(page: Path, namespace: dict[str, object] | None = None) -> int:
    """Execute the runnable Python blocks of ``page`` in one namespace (a new
    one, or ``namespace``), in the current directory; return how many ran.

    A block is compiled under the page's path with its own line numbers, so
    a traceback points at the page's line.

    Raises:
        AssertionError: naming the page and the block's line, from the
            block's exception.
    """
    if namespace is None:
        namespace = {}
    namespace.setdefault("__name__", f"docs_{page.stem}")
    ran = 0
    for block in blocks(page):
        if not block.runs:
            continue
        padded = "\n" * block.line + block.code
        try:
            exec(compile(padded, rel(page), "exec"), namespace)
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            raise AssertionError(
                f"{block.where}: the python block fails: {type(e).__name__}: {e}"
            ) from e
        ran += 1
    return ran


# -- console transcripts ---------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """One ``$ pact ...`` line of a console block and the output shown."""

    block: Block
    line: int
    text: str  # after "$ "
    expected: str

    @property
    def where(self) -> str:
        return f"{rel(self.block.page)}:{self.line}"


def commands(block: Block) -> list[Command]:
    """The commands of a console block, with the output shown for each."""
    found: list[Command] = []
    current: tuple[int, str, list[str]] | None = None
    for n, line in enumerate(block.code.splitlines()):
        if line.startswith("$ "):
            if current:
                found.append(Command(block, current[0], current[1], _lines(current)))
            current = (block.line + 1 + n, line[2:], [])
        elif current is None:
            raise AssertionError(
                f"{block.where}: a console block starts with a '$ ' command"
            )
        else:
            current[2].append(line)
    if current:
        found.append(Command(block, current[0], current[1], _lines(current)))
    return found


def _lines(current: tuple[int, str, list[str]]) -> str:
    return "".join(f"{line}\n" for line in current[2])


def run_pact(text: str) -> str:
    """Run a ``[NAME=value ...] pact ARGS`` command line in this process;
    return what it printed (standard output, then standard error)."""
    from pact_adapters import plugins
    from pact_adapters.cli import main

    words = shlex.split(text)
    env: dict[str, str] = {}
    while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    if not words or words[0] != "pact" or {"|", ">", "<", "&&", ";"} & set(words):
        raise AssertionError(f"not a plain pact command: {text!r}")
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.StringIO()
    with (
        _environ(env),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        if env:
            plugins.reset_plugin_manager()
        try:
            main(words[1:])
        finally:
            if env:
                plugins.reset_plugin_manager()
    out.flush()
    return out.buffer.getvalue().decode("utf-8") + err.getvalue()  # type: ignore[attr-defined]


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` is the ``expected`` output, ``...`` standing for any
    text (across lines too); trailing spaces of lines are ignored."""

    def tidy(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines())

    pattern = ".*?".join(re.escape(part) for part in tidy(expected).split(ELLIPSIS))
    return re.fullmatch(pattern, tidy(actual), flags=re.DOTALL) is not None
