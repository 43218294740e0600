"""Convenience methods generated from the command classes.

``report_kpi = command_method(ReportKpi)`` gives the application a method
with the command class's own signature and docstring:
``app.report_kpi(pid, kpi_id=..., ...)`` is exactly
``app.handle(ReportKpi(pid, kpi_id=..., ...))``.  The fields are written
once, in the command class; the method re-lists nothing.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, overload

if TYPE_CHECKING:
    from pact_domain.application._base import ApplicationBase
    from pact_domain.commands import Command

__all__ = ["command_method"]

P = ParamSpec("P")
R = TypeVar("R")


class command_method(Generic[P, R]):
    """A method that builds one command from its arguments and handles it."""

    def __init__(self, command: Callable[P, Command[R]]) -> None:
        self.command = command
        self.__doc__ = _method_doc(command)
        self.__name__ = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.__name__ = name

    def __call__(self, app: ApplicationBase, /, *args: Any, **kwargs: Any) -> Any:
        """On the class, an unbound method: ``PactApplication.report_kpi(app, ...)``."""
        return app.handle(self.command(*args, **kwargs))

    @overload
    def __get__(self, app: None, owner: type) -> command_method[P, R]: ...

    @overload
    def __get__(self, app: ApplicationBase, owner: type) -> Callable[P, R]: ...

    def __get__(
        self, app: ApplicationBase | None, owner: type
    ) -> command_method[P, R] | Callable[P, R]:
        if app is None:
            return self
        command = self.command
        handle = app.handle

        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            return handle(command(*args, **kwargs))

        run.__name__ = self.__name__
        run.__qualname__ = f"{owner.__name__}.{self.__name__}"
        run.__doc__ = self.__doc__
        run.__wrapped__ = command  # type: ignore[attr-defined]
        run.__signature__ = self._signature()  # type: ignore[attr-defined]
        # Kept on the application: later lookups find it there, not here (the
        # descriptor defines no __set__), so a call costs one dict lookup.
        app.__dict__[self.__name__] = run
        return run

    def _signature(self) -> inspect.Signature:
        signature = self.__dict__.get("signature")
        if signature is None:
            signature = self.__dict__["signature"] = inspect.signature(self.command)
        return signature


def _method_doc(command: Any) -> str:
    doc = inspect.getdoc(command) or ""
    return (
        f"{doc}\n\nBuilds a :class:`~pact_domain.commands.{command.__name__}` "
        "from the arguments and runs it with :meth:`handle`."
    )
