"""Errors the library raises for the CLI to turn into exit codes.

The library never prints or exits; it raises one of these with a message already in the user's
language, and ``cli.py`` maps the class to the exit code of INTERFACE.md.
"""

from __future__ import annotations


class RosterError(Exception):
    """Base class: a problem the user can act on.  ``exit_code`` follows INTERFACE.md."""

    exit_code = 2


class InputError(RosterError):
    """Bad input (workbook, profile, option): exit 2.  The message names sheet, row and column."""

    exit_code = 2

    def __init__(self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""):
        super().__init__(message)
        self.sheet = sheet
        self.row = row
        self.column = column

    def details(self) -> list[dict[str, object]]:
        """Each problem as ``{"sheet", "row", "column", "message"}`` for ``--json``: a program
        reading the output should not have to parse the sentence to find the cell."""
        return [{"sheet": self.sheet or None, "row": self.row, "column": self.column or None,
                 "message": str(self)}]


class InputErrors(InputError):
    """Several input problems found in one pass (so the user fixes them all at once)."""

    def __init__(self, errors: list[InputError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    def details(self) -> list[dict[str, object]]:
        return [item for error in self.errors for item in error.details()]


class InfeasibleError(RosterError):
    """No roster meets the hard rules: exit 3 with reasons in business terms."""

    exit_code = 3

    def __init__(self, message: str, reasons: list[str] | None = None, notes: list[str] | None = None):
        super().__init__(message)
        self.reasons = reasons or []
        #: What the input told the solve besides (a stale History, an unknown calendar year): often
        #: the cause, so shown after the reasons.
        self.notes = notes or []


class InternalError(RosterError):
    """The solver's roster failed the independent checker: a bug, never written out."""

    exit_code = 70
