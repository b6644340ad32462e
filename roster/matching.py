"""Which skill's demand each person on a shift fills.

A person on a shift fills one skill's demand, not several.  Whether a roster meets every skill's
minimum on a day and shift is therefore a bipartite flow problem (people -> demand rows), not a
count per skill.  The checker, the Coverage sheet and ``coverage`` all use this, independently
of CP-SAT.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from roster.domain import Requirement, Staff


def _has_skill(person: Staff, row: Requirement) -> bool:
    return person.has_skill(row.skill)


def assign_skills(people: Sequence[Staff], rows: Sequence[Requirement],
                  able: Callable[[Staff, Requirement], bool] = _has_skill) -> list[list[str]]:
    """For each requirement row, the ids of the people counted for it.

    Maximises first the people counted towards the rows' minimums, then towards their targets
    (augmenting paths never take a person away from a filled minimum).  Deterministic: people
    are tried in the given order.  ``able``: who may be counted for a row (people on the row's
    shift: the skill; roster.bounds counts a whole day's rows, so the allowed shifts too).
    """
    eligible = [[i for i, p in enumerate(people) if able(p, r)] for r in rows]
    # The rows that name a skill go first so that scarce skills are not used up by "anyone" rows.
    order = sorted(range(len(rows)), key=lambda k: (rows[k].skill is None, k))
    person_row: list[int | None] = [None] * len(people)
    filled = [0] * len(rows)

    def augment(row: int, cap: list[int], seen: set[int]) -> bool:
        # A free eligible person first (cheap, and the common case); only then look for an
        # augmenting path that moves someone else over.
        for person in eligible[row]:
            if person_row[person] is None and person not in seen:
                seen.add(person)
                person_row[person] = row
                filled[row] += 1
                return True
        for person in eligible[row]:
            if person in seen:
                continue
            seen.add(person)
            current = person_row[person]
            if current is None or _reroute(current, cap, seen):
                if current is not None:
                    filled[current] -= 1
                person_row[person] = row
                filled[row] += 1
                return True
        return False

    def _reroute(row: int, cap: list[int], seen: set[int]) -> bool:
        # Free one unit of ``row``: another eligible person must move into it, or the row can
        # give it up when it holds more than it needs in this phase.
        if filled[row] > cap[row]:
            return True
        return augment(row, cap, seen)

    for phase_caps in ([r.min for r in rows], [max(r.min, r.target) for r in rows]):
        for row in order:
            while filled[row] < phase_caps[row]:
                if not augment(row, phase_caps, set()):
                    break
    result: list[list[str]] = [[] for _ in rows]
    for person, row in enumerate(person_row):
        if row is not None:
            result[row].append(people[person].id)
    return result
