"""Contact-centre staffing: how many agents an interval's forecast needs to meet its service target.

This is the bridge from a forecast (contacts and average handling time per half hour) to the
coverage curve the roster must meet.  It is a pure computation: no workbook, no CLI, no CP-SAT, so
that it can be tested against published reference values and reused by every layer.

Models (see ``docs/staffing.md`` for the formulas, the assumptions and their limits):

* **Erlang C** (M/M/N, callers never hang up) for phone: the industry default.
* **Erlang A** (M/M/N+M, exponential patience) when a mean patience is given: abandonment relieves
  the queue, so Erlang C over-staffs when customers do hang up.
* **Chat with concurrency**: an agent is ``k`` "virtual servers" whose handling time is stretched
  by concurrency; the queue is sized in virtual servers and divided by ``k``.
* **Shrinkage**: agents lost to breaks, meetings and training; scheduled = required / (1 - s).

Numerics: Erlang B is computed by the recursion ``B(n) = A B(n-1) / (n + A B(n-1))`` or as a ratio
of Poisson terms in log space, never with factorials or ``A**N``, so traffic of thousands of
Erlangs neither overflows nor loses precision.  The search for the required number of agents starts
at a lower bound and advances the recursion one agent at a time, so a month of half hours costs a
few dozen cheap steps per interval.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from scipy.special import gammainc, gammaincc

from roster.errors import InputError
from roster.i18n import register, t

Channel = Literal["phone", "chat"]
CHANNELS: tuple[str, ...] = ("phone", "chat")

register(
    {
        "staffing.positive": {
            "en": "{name} must be greater than 0 (got {value})",
            "zh": "{name} 必须大于 0（当前为 {value}）",
        },
        "staffing.non_negative": {
            "en": "{name} must not be negative (got {value})",
            "zh": "{name} 不能为负数（当前为 {value}）",
        },
        "staffing.range": {
            "en": "{name} must lie in {bounds} (got {value})",
            "zh": "{name} 必须在 {bounds} 范围内（当前为 {value}）",
        },
        "staffing.channel": {
            "en": "unknown channel {channel!r}: use 'phone' or 'chat'",
            "zh": "未知渠道 {channel!r}：请使用 phone（电话）或 chat（在线）",
        },
        "staffing.table": {
            "en": "the handling-time table has no entry for concurrency {k}",
            "zh": "处理时长表中没有并发数 {k} 的条目",
        },
        "staffing.interval": {
            "en": "interval {day} {start}-{end}: the end must be after the start",
            "zh": "时段 {day} {start}-{end}：结束时间必须晚于开始时间",
        },
    }
)


# ----------------------------------------------------------------------------------------------
# Validation helpers: parameters come from the profile or the workbook, so errors are InputError
# (the CLI turns them into exit code 2) with a message in the user's language.


def _positive(name: str, value: float) -> None:
    if not value > 0 or math.isinf(value):
        raise InputError(t("staffing.positive", name=name, value=value))


def _non_negative(name: str, value: float) -> None:
    if not value >= 0 or math.isinf(value):
        raise InputError(t("staffing.non_negative", name=name, value=value))


def _in_range(name: str, value: float, low: float, high: float, bounds: str) -> None:
    """``bounds`` is the interval as shown to the user, e.g. ``(0, 1)`` or ``[0, 1)``."""
    ok_low = value >= low if bounds.startswith("[") else value > low
    ok_high = value <= high if bounds.endswith("]") else value < high
    if not (ok_low and ok_high):
        raise InputError(t("staffing.range", name=name, value=value, bounds=bounds))


# ----------------------------------------------------------------------------------------------
# Erlang B and C


def traffic_intensity(contacts: float, aht_seconds: float, interval_seconds: float) -> float:
    """Offered load in Erlangs: the average number of agents busy if nobody ever waited."""
    _non_negative("contacts", contacts)
    _positive("aht_seconds", aht_seconds)
    _positive("interval_seconds", interval_seconds)
    return contacts * aht_seconds / interval_seconds


def erlang_b(servers: int, traffic: float) -> float:
    """Blocking probability of M/M/N/N (Erlang B) by the recursion B(n) = A B(n-1)/(n + A B(n-1)).

    The recursion only multiplies and divides numbers in [0, 1] by moderate factors, so it is exact
    to rounding for any load; the textbook formula with ``A**N / N!`` overflows past ~170 agents.
    """
    if servers < 0:
        raise InputError(t("staffing.non_negative", name="servers", value=servers))
    _non_negative("traffic", traffic)
    b = 1.0
    for n in range(1, servers + 1):
        ab = traffic * b
        b = ab / (n + ab)
    return b


def _erlang_b_log(servers: int, traffic: float) -> float:
    """Erlang B as the ratio of a Poisson term to the Poisson distribution function, in logs.

    B(N, A) = P(X = N) / P(X <= N) for X ~ Poisson(A).  O(1) instead of O(N): the search for the
    required agents uses it to jump straight to its starting point.  ``gammaincc`` is the
    regularised upper incomplete gamma function, so P(X <= N) = gammaincc(N + 1, A).
    """
    if traffic == 0:
        return 0.0 if servers > 0 else 1.0
    log_pmf = servers * math.log(traffic) - traffic - math.lgamma(servers + 1)
    cdf = float(gammaincc(servers + 1, traffic))
    if cdf <= 1e-280:  # far below the mean: the Poisson terms underflow
        return _erlang_b_overloaded(servers, traffic)
    return min(1.0, math.exp(log_pmf - math.log(cdf)))


def _erlang_b_overloaded(servers: int, traffic: float) -> float:
    """Erlang B for N well below A, as 1 / sum_k N! / ((N - k)! A^k), the sum cut when its terms
    stop counting.

    Why not the recursion: it costs N steps, and an absurd forecast (10^9 chats in a half hour, a
    total typed into an interval row) made the Erlang A search start near N = 10^8 and spend
    seconds, then minutes, here before the plausibility check could even name the row.  The
    terms fall at least as fast as (N / A)^k, and this branch is only taken where P(X <= N)
    underflows, i.e. N is many standard deviations below A, so a few hundred to a few thousand
    terms (never more than N + 1) reach double precision.
    """
    total, term, k = 1.0, 1.0, 0
    while k < servers:
        term *= (servers - k) / traffic
        k += 1
        total += term
        if term < 1e-17 * total:
            break
    return 1.0 / total


def _c_from_b(servers: int, traffic: float, b: float) -> float:
    """Erlang C from Erlang B: C = N B / (N - A (1 - B)); 1 when the queue is unstable (N <= A)."""
    if servers <= traffic:
        return 1.0
    return servers * b / (servers - traffic * (1.0 - b))


def erlang_c(servers: int, traffic: float) -> float:
    """Probability that a contact has to wait (M/M/N, nobody abandons).

    Returns 1.0 when ``servers <= traffic``: the queue then grows without bound and every contact
    eventually waits, which is the limit of the formula and the honest answer for staffing.
    """
    return _c_from_b(servers, traffic, erlang_b(servers, traffic))


def _sl_c(servers: int, traffic: float, c: float, aht: float, target: float) -> float:
    if servers <= traffic:
        return 0.0
    return 1.0 - c * math.exp(-(servers - traffic) * target / aht)


def _asa_c(servers: int, traffic: float, c: float, aht: float) -> float:
    if servers <= traffic:
        return math.inf
    return c * aht / (servers - traffic)


def service_level(servers: int, traffic: float, aht: float, target_seconds: float) -> float:
    """Erlang C service level: P(wait <= T) = 1 - C exp(-(N - A) T / AHT); 0 when N <= A."""
    _positive("aht", aht)
    _non_negative("target_seconds", target_seconds)
    return _sl_c(servers, traffic, erlang_c(servers, traffic), aht, target_seconds)


def asa(servers: int, traffic: float, aht: float) -> float:
    """Erlang C average speed of answer in the unit of ``aht``: C AHT / (N - A); inf if N <= A."""
    _positive("aht", aht)
    return _asa_c(servers, traffic, erlang_c(servers, traffic), aht)


def occupancy(servers: int, traffic: float) -> float:
    """Share of agents' time spent handling contacts: A / N (capped at 1 for an unstable queue)."""
    if servers <= 0:
        return 1.0 if traffic > 0 else 0.0
    return min(1.0, traffic / servers)


# ----------------------------------------------------------------------------------------------
# Erlang A (M/M/N+M): Garnett, Mandelbaum & Reiman (2002)
#
# With x = N mu / theta and y = lambda / theta (mu = 1/AHT, theta = 1/patience) the queue part of
# the stationary distribution sums to M(x, y) = sum_j y^j / prod_{i=1..j} (x + i), which is the
# incomplete-gamma expression A(x, y) = x e^y y^-x gamma(x, y) of GMR.  Everything below is written
# with log M so that no quantity overflows or underflows for realistic loads.


def _log_m(a: float, z: float) -> float:
    """log of M(a, z) = sum_{j>=0} z^j / prod_{i=1..j}(a + i)  (a > 0, z >= 0).

    Uses M = Gamma(a+1) e^z z^-a P(a, z) with the regularised gamma P; when P underflows (z far
    below a) the series itself converges geometrically and is summed directly.
    """
    if z == 0.0:
        return 0.0
    p = float(gammainc(a, z))
    if p > 1e-250:
        return math.lgamma(a + 1.0) + z - a * math.log(z) + math.log(p)
    total, term, j = 1.0, 1.0, 0
    while True:
        j += 1
        term *= z / (a + j)
        total += term
        if term < 1e-17 * total:
            return math.log(total)


@dataclass(frozen=True)
class ErlangAMetrics:
    """Steady-state performance of M/M/N+M (Erlang A).  Times are in seconds."""

    p_wait: float  #: probability that an arriving contact finds all agents busy
    service_level: float  #: share of *all* offered contacts answered within the target time
    asa: float  #: mean wait of all offered contacts (answered and abandoned): Lq / lambda
    abandon: float  #: probability that a contact hangs up before being answered
    occupancy: float  #: carried load / N = A (1 - abandon) / N


def _erlang_a_from_b(
    servers: int,
    traffic: float,
    b: float,
    aht: float,
    patience: float,
    target: float,
) -> ErlangAMetrics:
    n = servers
    if traffic == 0:
        return ErlangAMetrics(0.0, 1.0, 0.0, 0.0, 0.0)
    theta_over_mu = aht / patience  # theta / mu
    x = n / theta_over_mu  # n mu / theta
    y = traffic / theta_over_mu  # lambda / theta
    log_m = _log_m(x, y)
    inv_m = math.exp(-log_m)  # M itself overflows in heavy overload (y >> x); 1/M only underflows
    # P(wait) = sum_{k>=n} pi_k = M B / (1 - B + M B): the k < n part of the distribution is
    # expressed through Erlang B, whose recursion is stable.
    p_wait = 0.0 if b == 0.0 else 1.0 / (1.0 + (1.0 - b) / b * inv_m)
    ratio = n / traffic  # x / y
    abandon_given_wait = max(0.0, 1.0 - ratio + ratio * inv_m)
    abandon = p_wait * abandon_given_wait
    # Answered within T among those who wait:
    #   (x/y) (1 - 1/M) - x/(x+1) M(x+1, z)/M(x, y) exp(y - z - theta T (x+1)),  z = y e^{-theta T}
    served_given_wait = ratio * (1.0 - inv_m)
    theta_t = target / patience
    if target > 0:
        z = y * math.exp(-theta_t)
        late = (x / (x + 1.0)) * math.exp(
            _log_m(x + 1.0, z) - log_m + (y - z) - theta_t * (x + 1.0)
        )
    else:
        late = served_given_wait
    answered_in_time = max(0.0, served_given_wait - late)
    sl = (1.0 - p_wait) + p_wait * answered_in_time
    mean_wait = abandon * patience  # P(Ab) = theta E[W]  (abandonment rate = theta Lq)
    occ = min(1.0, traffic * (1.0 - abandon) / n)
    return ErlangAMetrics(p_wait, min(1.0, max(0.0, sl)), mean_wait, abandon, occ)


def erlang_a(
    servers: int, traffic: float, aht: float, patience: float, target_seconds: float
) -> ErlangAMetrics:
    """Erlang A (M/M/N+M) metrics for ``servers`` agents, offered ``traffic`` Erlangs.

    ``patience`` is the mean time (same unit as ``aht``) a customer is willing to wait before
    hanging up, patience being exponential.  Unlike Erlang C the queue is stable for any N >= 1.
    """
    if servers < 1:
        raise InputError(t("staffing.positive", name="servers", value=servers))
    _non_negative("traffic", traffic)
    _positive("aht", aht)
    _positive("patience", patience)
    _non_negative("target_seconds", target_seconds)
    return _erlang_a_from_b(
        servers, traffic, erlang_b(servers, traffic), aht, patience, target_seconds
    )


# ----------------------------------------------------------------------------------------------
# Chat concurrency


def effective_aht(
    aht: float,
    concurrency: int = 1,
    stretch: float = 0.0,
    table: Mapping[int, float] | None = None,
) -> float:
    """Handling time of one chat when an agent runs ``concurrency`` chats at once.

    Each chat takes longer when the agent juggles several: by default linearly,
    AHT_k = AHT (1 + stretch (k - 1)); or, when a ``table`` {k: multiplier} is given (measured by
    the team), AHT_k = AHT * table[k].  ``aht`` is the handling time of a chat served alone.
    """
    _positive("aht", aht)
    if concurrency < 1:
        raise InputError(t("staffing.positive", name="concurrency", value=concurrency))
    if table is not None:
        if concurrency not in table:
            raise InputError(t("staffing.table", k=concurrency))
        _positive("table multiplier", table[concurrency])
        return aht * table[concurrency]
    _non_negative("stretch", stretch)
    return aht * (1.0 + stretch * (concurrency - 1))


# ----------------------------------------------------------------------------------------------
# Required agents


@dataclass(frozen=True)
class StaffingResult:
    """The staffing answer for one interval.

    ``agents`` are the agents that must be *handling contacts* during the interval; ``scheduled``
    adds shrinkage and is what the roster must put on duty.  For chat, ``servers`` counts virtual
    servers (chat slots) and ``occupancy`` is the slot occupancy.
    """

    agents: int
    scheduled: int
    service_level: float
    asa: float  #: seconds
    occupancy: float
    abandon: float = 0.0  #: probability of abandonment (Erlang A); 0 under Erlang C
    p_wait: float = 0.0
    traffic: float = 0.0  #: offered load in Erlangs (in virtual-server units for chat)
    servers: int = 0  #: queueing servers: agents for phone, agents' chat slots for chat
    aht: float = 0.0  #: handling time used in the queue (stretched for chat), seconds
    model: str = "erlang_c"  #: "erlang_c" or "erlang_a"
    demand: IntervalDemand | None = None  #: the row this answers (set by staff_intervals)


def _required_erlang_c(
    traffic: float, aht: float, sl_target: float, target: float, max_occupancy: float
) -> tuple[int, float, float, float]:
    """Smallest N > A with SL >= target and A/N <= max occupancy: (N, SL, ASA, C).

    Starts at the lower bound max(floor(A) + 1, ceil(A / max_occupancy)), gets B there in O(1)
    from log space and then advances the B recursion one agent at a time.
    """
    n = math.floor(traffic) + 1
    if max_occupancy < 1.0:
        n = max(n, math.ceil(traffic / max_occupancy - 1e-12))
    b = _erlang_b_log(n, traffic)
    while True:
        if n > traffic and traffic / n <= max_occupancy + 1e-12:
            c = _c_from_b(n, traffic, b)
            sl = _sl_c(n, traffic, c, aht, target)
            if sl >= sl_target:
                return n, sl, _asa_c(n, traffic, c, aht), c
        n += 1
        ab = traffic * b
        b = ab / (n + ab)


def _required_erlang_a(
    traffic: float,
    aht: float,
    sl_target: float,
    target: float,
    max_occupancy: float,
    patience: float,
    max_abandon: float,
) -> tuple[int, ErlangAMetrics]:
    """Smallest N >= 1 meeting the service level, the occupancy cap and the abandonment cap.

    Lower bound: the answered share is at most N / A (N agents cannot carry more than N Erlangs),
    so SL >= s needs N >= s A.  With an occupancy cap the search then jumps: abandonment only
    falls as agents are added, so any N >= n meeting the cap has N >= A (1 - P_ab(n)) / cap.
    Without the jump a cap of 85 % at 1,000 Erlangs walks ~400 agents of incomplete-gamma
    evaluations per interval (seconds for a month instead of a fraction of one).
    """
    n = max(1, math.floor(sl_target * traffic))
    if max_abandon < 1.0:
        # N agents carry at most N Erlangs, so P(abandon) >= 1 - N / A: the cap needs
        # N >= A (1 - cap).  Without this bound a 2 % cap walked from 0.8 A to 0.98 A one
        # agent at a time (hours for an absurd forecast of 10^9 contacts).
        n = max(n, math.ceil(traffic * (1.0 - max_abandon) * (1.0 - 1e-12)))
    if max_occupancy < 1.0:
        while True:
            metrics = _erlang_a_from_b(n, traffic, _erlang_b_log(n, traffic), aht, patience, target)
            # The margin keeps rounding from jumping past an N that meets the cap exactly.
            jump = math.ceil(traffic * (1.0 - metrics.abandon) / max_occupancy - 1e-6)
            if jump <= n:
                break
            n = jump
    b = _erlang_b_log(n, traffic)
    while True:
        metrics = _erlang_a_from_b(n, traffic, b, aht, patience, target)
        if (
            metrics.service_level >= sl_target
            and metrics.occupancy <= max_occupancy + 1e-12
            and metrics.abandon <= max_abandon
        ):
            return n, metrics
        n += 1
        ab = traffic * b
        b = ab / (n + ab)


def agents_for(
    contacts: float,
    aht_seconds: float,
    interval_seconds: float,
    sl_target: float,
    target_seconds: float,
    max_occupancy: float = 1.0,
    shrinkage: float = 0.0,
    channel: Channel = "phone",
    concurrency: int = 1,
    stretch: float = 0.0,
    patience_seconds: float | None = None,
    stretch_table: Mapping[int, float] | None = None,
    max_abandon: float = 1.0,
) -> StaffingResult:
    """Agents needed in one interval to answer ``sl_target`` of contacts within ``target_seconds``.

    ``sl_target`` is a fraction (0.8 for 80 %).  With ``patience_seconds`` the queue is Erlang A,
    otherwise Erlang C.  For ``channel="chat"`` the queue is sized in chat slots with the stretched
    handling time and agents = ceil(slots / concurrency).  ``scheduled`` = ceil(agents / (1 - s)).
    ``max_abandon`` (Erlang A only) caps the abandonment probability: without it Erlang A may meet
    the service level with fewer agents than the load by letting many customers hang up.
    """
    if channel not in CHANNELS:
        raise InputError(t("staffing.channel", channel=channel))
    _in_range("sl_target", sl_target, 0.0, 1.0, "(0, 1)")
    _non_negative("target_seconds", target_seconds)
    _in_range("max_occupancy", max_occupancy, 0.0, 1.0, "(0, 1]")
    _in_range("shrinkage", shrinkage, 0.0, 1.0, "[0, 1)")
    if patience_seconds is not None:
        _positive("patience_seconds", patience_seconds)
    _in_range("max_abandon", max_abandon, 0.0, 1.0, "(0, 1]")
    k = concurrency if channel == "chat" else 1
    aht = (
        effective_aht(aht_seconds, k, stretch, stretch_table) if channel == "chat" else aht_seconds
    )
    traffic = traffic_intensity(contacts, aht, interval_seconds)
    if traffic == 0:
        return StaffingResult(
            agents=0,
            scheduled=0,
            service_level=1.0,
            asa=0.0,
            occupancy=0.0,
            traffic=0.0,
            aht=aht,
            model="erlang_c" if patience_seconds is None else "erlang_a",
        )
    if patience_seconds is None:
        servers, sl, mean_wait, c = _required_erlang_c(
            traffic, aht, sl_target, target_seconds, max_occupancy
        )
        abandon, occ, model = 0.0, traffic / servers, "erlang_c"
    else:
        servers, metrics = _required_erlang_a(
            traffic, aht, sl_target, target_seconds, max_occupancy, patience_seconds, max_abandon
        )
        sl, mean_wait, c = metrics.service_level, metrics.asa, metrics.p_wait
        abandon, occ, model = metrics.abandon, metrics.occupancy, "erlang_a"
    agents = math.ceil(servers / k)
    return StaffingResult(
        agents=agents,
        scheduled=scheduled_agents(agents, shrinkage),
        service_level=sl,
        asa=mean_wait,
        occupancy=occ,
        abandon=abandon,
        p_wait=c,
        traffic=traffic,
        servers=servers,
        aht=aht,
        model=model,
    )


def scheduled_agents(agents: int, shrinkage: float) -> int:
    """Agents to put on the roster so that ``agents`` remain after shrinkage: ceil(N / (1 - s)).

    A tiny tolerance keeps float noise (14 / 0.7 = 20.000000000000004) from adding a person.
    """
    _in_range("shrinkage", shrinkage, 0.0, 1.0, "[0, 1)")
    return math.ceil(agents / (1.0 - shrinkage) - 1e-9)


# ----------------------------------------------------------------------------------------------
# Batch interface


@dataclass(frozen=True)
class IntervalDemand:
    """Forecast for one interval of one day: ``start``/``end`` are minutes from the day's start
    (``end`` may pass 1440 for a night interval), ``aht`` is in seconds (for chat: the handling
    time of a chat served alone; concurrency stretch is applied by the settings)."""

    day: dt.date
    start: int
    end: int
    channel: str
    skill: str | None
    contacts: float
    aht: float

    @property
    def seconds(self) -> int:
        return (self.end - self.start) * 60


@dataclass(frozen=True)
class ChannelTarget:
    """Service target and queue behaviour of one channel (a profile option)."""

    sl_target: float = 0.8
    target_seconds: float = 60.0
    max_occupancy: float = 1.0
    concurrency: int = 1
    stretch: float = 0.0
    #: measured handling-time multipliers by concurrency, e.g. ((1, 1.0), (2, 1.2), (3, 1.5));
    #: a mapping is accepted and frozen into sorted pairs.
    stretch_table: tuple[tuple[int, float], ...] | None = None
    patience_seconds: float | None = None
    max_abandon: float = 1.0  #: Erlang A only: highest acceptable abandonment probability

    def __post_init__(self) -> None:
        if isinstance(self.stretch_table, Mapping):
            pairs = tuple(sorted((int(k), float(v)) for k, v in self.stretch_table.items()))
            object.__setattr__(self, "stretch_table", pairs)


def _default_phone() -> ChannelTarget:
    # Domain handbooks: phone answered within 60 seconds.
    return ChannelTarget(sl_target=0.8, target_seconds=60.0)


def _default_chat() -> ChannelTarget:
    # Domain handbooks: first reply to a chat within 30 seconds.  Concurrency 3 with a 20 %
    # stretch per extra chat is a cautious placeholder: teams should set their measured values.
    return ChannelTarget(sl_target=0.8, target_seconds=30.0, concurrency=3, stretch=0.2)


@dataclass(frozen=True)
class StaffingSettings:
    """Targets per channel plus the department's shrinkage."""

    phone: ChannelTarget = field(default_factory=_default_phone)
    chat: ChannelTarget = field(default_factory=_default_chat)
    shrinkage: float = 0.0

    def for_channel(self, channel: str) -> ChannelTarget:
        if channel == "phone":
            return self.phone
        if channel == "chat":
            return self.chat
        raise InputError(t("staffing.channel", channel=channel))


def staff_intervals(
    rows: Iterable[IntervalDemand], settings: StaffingSettings | None = None
) -> list[StaffingResult]:
    """Staff every interval of a forecast; results are in the order of ``rows``.

    Identical (channel, contacts, aht, length) rows - common in flat night hours and in templated
    forecasts - are computed once.
    """
    settings = settings or StaffingSettings()
    cache: dict[tuple[str, float, float, int], StaffingResult] = {}
    out: list[StaffingResult] = []
    for row in rows:
        if row.end <= row.start:
            raise InputError(t("staffing.interval", day=row.day, start=row.start, end=row.end))
        key = (row.channel, float(row.contacts), float(row.aht), row.seconds)
        base = cache.get(key)
        if base is None:
            target = settings.for_channel(row.channel)
            base = agents_for(
                contacts=row.contacts,
                aht_seconds=row.aht,
                interval_seconds=row.seconds,
                sl_target=target.sl_target,
                target_seconds=target.target_seconds,
                max_occupancy=target.max_occupancy,
                shrinkage=settings.shrinkage,
                channel=row.channel,  # type: ignore[arg-type]  # checked by for_channel
                concurrency=target.concurrency,
                stretch=target.stretch,
                patience_seconds=target.patience_seconds,
                max_abandon=target.max_abandon,
                stretch_table=dict(target.stretch_table) if target.stretch_table else None,
            )
            cache[key] = base
        out.append(_with_demand(base, row))
    return out


def _with_demand(result: StaffingResult, row: IntervalDemand) -> StaffingResult:
    return replace(result, demand=row)


__all__: Sequence[str] = (
    "CHANNELS",
    "ChannelTarget",
    "ErlangAMetrics",
    "IntervalDemand",
    "StaffingResult",
    "StaffingSettings",
    "agents_for",
    "asa",
    "effective_aht",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "scheduled_agents",
    "service_level",
    "staff_intervals",
    "traffic_intensity",
)
