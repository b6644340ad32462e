"""Time arithmetic for interval demand: which shifts are on duty when, cut into pieces.

An interval requirement says "at least N people with skill K on duty in every minute of
[start, end)" of a date.  Who is on duty changes only where a shift (started that day, the day
before or the day after) begins or ends, and what is required changes only where a requirement
begins or ends.  Cutting each date at all those points gives *pieces* on which both are
constant, so "in every minute" becomes one count per piece, and a person counts for a piece
exactly when one of their shift's segments covers the whole piece.

Both sides use these pieces: the interval rule builds one constraint set per piece, and the
checker (:func:`roster.reports.interval_duty`) counts the people in the finished roster per piece.
Pure functions: no CP-SAT, no Excel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from roster.domain import MINUTES_PER_DAY, IntervalRequirement, Shift

#: A shift started ``offset`` days after the requirement's date (-1: the day before, whose
#: night runs into this morning; +1: the next day, for rows past midnight).
OFFSETS = (-1, 0, 1)


@dataclass(frozen=True)
class Piece:
    """A stretch of one date on which the requirement and the shifts on duty do not change.

    ``needs`` is the head count per skill (None: anyone); requirements of the same skill that
    overlap here are minimums together, so the larger binds.  ``requirements`` are the indices
    (into the horizon's interval requirements) of the rows this piece belongs to.  ``duty`` is
    the (shift code, day offset) pairs on duty for the whole piece.
    """

    date: dt.date
    start: int
    end: int
    needs: tuple[tuple[str | None, int], ...]
    requirements: tuple[int, ...]
    duty: tuple[tuple[str, int], ...]

    @property
    def minutes(self) -> int:
        return self.end - self.start

    @property
    def units(self) -> int:
        """Weight of the piece in person-half-hours (at least 1), for costs."""
        return max(1, round(self.minutes / 30))

    @property
    def required(self) -> int:
        return sum(n for _, n in self.needs)

    @property
    def skills(self) -> tuple[str | None, ...]:
        return tuple(k for k, _ in self.needs)


def covers(shift: Shift, start: int, end: int) -> bool:
    """Whether ``shift``'s segments (merged where they touch) contain all of [start, end)."""
    return any(a <= start and end <= b for a, b in _merged(shift.segments))


def _merged(segments: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(segments):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def on_duty(shifts: Sequence[Shift], start: int, end: int) -> tuple[tuple[str, int], ...]:
    """(code, offset) of the shifts that, started ``offset`` days after a date, are on duty for
    all of that date's [start, end)."""
    return tuple(
        (s.code, offset)
        for offset in OFFSETS
        for s in shifts
        if covers(s, start - offset * MINUTES_PER_DAY, end - offset * MINUTES_PER_DAY)
    )


def _shift_cuts(shifts: Sequence[Shift]) -> set[int]:
    """Every shift boundary in a date's frame, for shifts started the day before, that day and
    the next day."""
    return {
        edge + offset * MINUTES_PER_DAY
        for offset in OFFSETS
        for s in shifts
        for segment in s.segments
        for edge in segment
    }


def pieces(requirements: Sequence[IntervalRequirement], shifts: Sequence[Shift]) -> list[Piece]:
    """The pieces of every date that has interval requirements, in date and time order.

    Neighbouring pieces with the same needs and the same shifts on duty are joined (a flat
    stretch of the curve needs one constraint, not one per half hour).
    """
    by_date: dict[dt.date, list[int]] = {}
    for index, req in enumerate(requirements):
        if req.end > req.start:
            by_date.setdefault(req.date, []).append(index)
    shift_cuts = _shift_cuts(shifts)
    # Which shifts are on duty depends on the times alone, and every date repeats the same cuts:
    # computed once per (start, end), not once per date (a month's pieces, judged thousands of
    # times by roster.polish, spent most of their time here).
    duty_at: dict[tuple[int, int], tuple[tuple[str, int], ...]] = {}
    out: list[Piece] = []
    for date in sorted(by_date):
        indices = by_date[date]
        cuts = set(shift_cuts)
        for i in indices:
            cuts.update((requirements[i].start, requirements[i].end))
        low = min(requirements[i].start for i in indices)
        high = max(requirements[i].end for i in indices)
        points = sorted(c for c in cuts if low <= c <= high)
        previous: Piece | None = None
        for start, end in zip(points, points[1:], strict=False):
            active = [i for i in indices if requirements[i].start <= start and end <= requirements[i].end]
            if not active:
                previous = None
                continue
            if (start, end) not in duty_at:
                duty_at[start, end] = on_duty(shifts, start, end)
            needs: dict[str | None, int] = {}
            for i in active:
                skill = requirements[i].skill
                needs[skill] = max(needs.get(skill, 0), requirements[i].agents)
            piece = Piece(date, start, end, tuple(sorted(needs.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))),
                          tuple(active), duty_at[start, end])
            if previous is not None and previous.end == start and previous.needs == piece.needs \
                    and previous.duty == piece.duty:
                piece = Piece(date, previous.start, end, piece.needs,
                              tuple(sorted(set(previous.requirements) | set(active))), piece.duty)
                out[-1] = piece
            else:
                out.append(piece)
            previous = piece
    return out
