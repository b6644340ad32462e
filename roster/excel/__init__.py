"""The Excel layer: the only code that knows sheet names, column aliases and cell styles.

Readers turn workbooks into domain objects (raising :class:`roster.errors.InputError` that name
sheet, row and column); writers turn domain objects into workbooks, atomically.
"""

from roster.excel.read_roster import RosterBook, read_roster
from roster.excel.read_team import read_team
from roster.excel.template import write_template
from roster.excel.write_roster import write_roster
from roster.excel.write_team import write_team_workbook

__all__ = ["RosterBook", "read_roster", "read_team", "write_roster", "write_team_workbook",
           "write_template"]
