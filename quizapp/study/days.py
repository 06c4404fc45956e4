"""Study days: a day starts at a local hour (04:00 by default), as in Anki.

Reviews after midnight but before the day start still belong to the previous day, so
a late session counts where the learner expects. Every function takes the time zone
explicitly (None means the machine's local zone, with its daylight-saving rules) and
returns UTC-aware datetimes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo


def utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC (fsrs accepts only ``timezone.utc`` datetimes).

    Raises:
        ValueError: ``moment`` is naive.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got naive {moment!r}")
    return moment.astimezone(UTC)


def to_local(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """Return ``moment`` in ``tz`` (None: the machine's local zone)."""
    return utc(moment).astimezone(tz) if tz is not None else utc(moment).astimezone()


def study_day(moment: datetime, day_start_hour: int = 4, tz: tzinfo | None = None) -> date:
    """Return the study day ``moment`` belongs to.

    Args:
        moment: an aware datetime.
        day_start_hour: the local hour at which a study day begins.
        tz: the learner's time zone (None: the machine's).
    """
    return (to_local(moment, tz) - timedelta(hours=day_start_hour)).date()


def day_start(day: date, day_start_hour: int = 4, tz: tzinfo | None = None) -> datetime:
    """Return the UTC moment at which study day ``day`` begins."""
    local = datetime.combine(day, time(day_start_hour))
    aware = local.replace(tzinfo=tz) if tz is not None else local.astimezone()
    return aware.astimezone(UTC)


def day_bounds(
    moment: datetime, day_start_hour: int = 4, tz: tzinfo | None = None
) -> tuple[datetime, datetime]:
    """Return the UTC start and end of the study day containing ``moment``."""
    day = study_day(moment, day_start_hour, tz)
    return (
        day_start(day, day_start_hour, tz),
        day_start(day + timedelta(days=1), day_start_hour, tz),
    )
