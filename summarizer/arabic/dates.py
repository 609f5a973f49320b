"""Arabic date phrases: absolute dates (both month systems) and relative phrases.

`find_dates(text, published=None)` returns `DateMention`s. Absolute dates with a year get a
window (`start`/`end`). A day/month with no year, and every relative phrase (اليوم، أمس،
الثلاثاء، الاثنين الماضي، العام الماضي، هذا الشهر …), is resolved ONLY against `published`
(then `anchored_to_publication=True`); never against today's date. Without `published` such
mentions keep `raw` and `precision` and have no window.

Month names are matched with a compiled table (Gregorian يناير…ديسمبر, Maghrebi جانفي…,
Levantine/Iraqi كانون الثاني…) rather than calling dateparser per sentence: same coverage for
news copy, ~100× faster, deterministic. `parse_date(raw)` uses dateparser (Arabic) as a
fallback for a single free-form phrase.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .normalize import normalize

__all__ = ["DateMention", "find_dates", "parse_date", "MONTHS", "MONTH_PATTERN", "WEEKDAYS", "MONTH_NAMES_EN"]

#: Normalised month name → month number.
MONTHS: dict[str, int] = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "ابريل/نيسان": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "جويلية": 7, "اوت": 8,
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7,
    "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
}
MONTH_NAMES_EN = ["", "January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]
#: Normalised weekday → Python weekday (Monday = 0).
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6,
}

_MON_ALT = "|".join(sorted((re.escape(m) for m in MONTHS if "/" not in m), key=len, reverse=True))
#: A month name (normalised), usable inside other patterns.
MONTH_PATTERN = rf"(?:{_MON_ALT})(?!\w)"
_MONTH_PAIR = rf"(?P<mon>{MONTH_PATTERN})(?:\s*[/(]\s*(?:{MONTH_PATTERN})(?:\s*\))?)?"
_PART = r"(?P<part>منتصف|اواسط|اوائل|مطلع|بدايه|بدايات|اواخر|نهايه|اخر)"
_REL_YEAR = r"(?P<relyear>العام الماضي|العام الحالي|العام الجاري|هذا العام|العام المقبل|السنه الماضيه)"
_ABS = re.compile(
    rf"(?<!\w)(?:{_PART}\s+(?:شهر\s+)?)?(?:(?P<day>[0-3]?\d)\s+)?(?:شهر\s+)?{_MONTH_PAIR}"
    rf"(?:\s*,?\s*(?:من\s+)?(?:(?:عام|سنه|العام)\s+)?(?P<year>(?:19|20)\d\d)(?!\d)|\s+(?:من\s+)?{_REL_YEAR})?"
)
_YEAR = re.compile(r"(?<!\w)(?P<pre>(?:[وفب]?(?:عام|العام|سنه|عامي))\s+)(?P<year>(?:19|20)\d\d)(?!\d)")
_WD_ALT = "|".join(WEEKDAYS)
_WEEKDAY = re.compile(
    rf"(?<!\w)(?:(?P<today>اليوم|يوم|صباح|مساء|ليله|فجر|ظهر|صباح يوم|مساء يوم)\s+)?[وفب]?(?:ال(?P<wd>{_WD_ALT.replace('ال', '')})|(?P<wd2>{_WD_ALT.replace('ال', '').replace('احد|', '').replace('|احد', '')}))"
    rf"(?!\w)(?:\s+(?P<dir>الماضي|المقبل|القادم))?"
)
_RELATIVE: dict[str, tuple[str, str]] = {
    # phrase → (anchor kind, precision)
    "اليوم": ("today", "day"), "امس": ("yesterday", "day"), "البارحه": ("yesterday", "day"),
    "اول امس": ("day_before", "day"), "اول من امس": ("day_before", "day"),
    "هذا الاسبوع": ("this_week", "week"), "الاسبوع الماضي": ("last_week", "week"),
    "هذا الشهر": ("this_month", "month"), "الشهر الماضي": ("last_month", "month"),
    "الشهر الجاري": ("this_month", "month"), "الشهر الحالي": ("this_month", "month"),
    "بدايه الشهر": ("start_month", "days"), "مطلع الشهر": ("start_month", "days"),
    "منتصف الشهر": ("mid_month", "days"),
    "هذا العام": ("this_year", "year"), "العام الحالي": ("this_year", "year"),
    "العام الجاري": ("this_year", "year"), "العام الماضي": ("last_year", "year"),
    "السنه الماضيه": ("last_year", "year"), "منذ بدايه هذا العام": ("this_year", "year"),
    "منذ بدايه العام": ("this_year", "year"),
}
_REL = re.compile(
    r"(?<!\w)[وفب]?(?:" + "|".join(sorted(map(re.escape, _RELATIVE), key=len, reverse=True)) + r")(?!\w)"
)


@dataclass(frozen=True)
class DateMention:
    """A date phrase in the text. `start`/`end` are offsets into the original text.

    `date_start`/`date_end` is the window (inclusive) or None when unresolved.
    `precision` is one of day/days/week/month/year/years/unknown. `month`/`day`/`year` keep
    what the phrase itself states (None when absent) so English can be printed as written.
    """

    start: int
    end: int
    raw: str
    precision: str
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    anchored_to_publication: bool = False
    relative: bool = False
    day: int | None = None
    month: int | None = None
    year: int | None = None
    part: str | None = None  # early / mid / late
    weekday: int | None = None

    def english(self) -> str:
        """The date as the article states it, in English (no year unless stated)."""
        if self.weekday is not None:
            return "on " + calendar.day_name[self.weekday]
        if self.month:
            m = MONTH_NAMES_EN[self.month]
            s = f"{self.day} {m}" if self.day else m
            if self.part and not self.day:
                s = f"{self.part}-{m}"
            if self.year:
                s += f" {self.year}"
            return ("on " if self.day else "in ") + s
        if self.year and not self.relative:
            return f"in {self.year}"
        if self.part == "this_year" and self.raw.lstrip().startswith("منذ"):
            return "since the start of this year"
        return {"today": "today", "yesterday": "yesterday", "last_year": "last year",
                "this_year": "this year", "this_month": "this month", "last_month": "last month",
                "start_month": "early this month", "mid_month": "mid-month"}.get(self.part or "", "")


_PARTS = {"منتصف": "mid", "اواسط": "mid", "اوائل": "early", "مطلع": "early", "بدايه": "early",
          "بدايات": "early", "اواخر": "late", "نهايه": "late", "اخر": "late"}


def _month_window(year: int, month: int, part: str | None) -> tuple[dt.date, dt.date, str]:
    last = calendar.monthrange(year, month)[1]
    if part == "early":
        return dt.date(year, month, 1), dt.date(year, month, 10), "days"
    if part == "mid":
        return dt.date(year, month, 11), dt.date(year, month, 20), "days"
    if part == "late":
        return dt.date(year, month, 21), dt.date(year, month, last), "days"
    return dt.date(year, month, 1), dt.date(year, month, last), "month"


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Date mentions in `text` (original offsets), resolved against `published` only."""
    norm = normalize(text)
    t = norm.text
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(a: int, b: int, **kw) -> None:
        if any(a < y and x < b for x, y in taken):
            return
        taken.append((a, b))
        s, e = norm.span_to_original(a, b)
        out.append(DateMention(start=s, end=e, raw=text[s:e], **kw))

    for m in _ABS.finditer(t):
        month = MONTHS[m.group("mon")]
        if m.group("mon") == "اب" and not (m.group("day") or m.group("year")):
            continue  # "أب" is also "father"
        if m.group("mon") == "ماي" and not (m.group("day") or m.group("year")):
            continue
        day = int(m.group("day")) if m.group("day") else None
        if day is not None and not 1 <= day <= 31:
            continue
        part = _PARTS.get(m.group("part") or "")
        year = int(m.group("year")) if m.group("year") else None
        relyear = m.group("relyear")
        anchored = False
        if year is None and relyear and published:
            year = published.year - (1 if "ماضي" in relyear else 0) + (1 if "مقبل" in relyear else 0)
            anchored = True
        elif year is None and published:
            year = published.year
            anchored = True
            if dt.date(year, month, min(day or 1, calendar.monthrange(year, month)[1])) > published:
                year -= 1
        start = end = None
        if year is not None:
            if day is not None:
                try:
                    start = end = dt.date(year, month, day)
                except ValueError:
                    start = end = None
                precision = "day"
            else:
                start, end, precision = _month_window(year, month, part)
        else:
            precision = "day" if day else ("days" if part else "month")
        add(m.start(), m.end(), precision=precision, date_start=start, date_end=end,
            anchored_to_publication=anchored, relative=bool(relyear), day=day, month=month,
            year=int(m.group("year")) if m.group("year") else None, part=part)

    for m in _WEEKDAY.finditer(t):
        wd = WEEKDAYS["ال" + (m.group("wd") or m.group("wd2"))]
        start = None
        if published:
            back = (published.weekday() - wd) % 7
            if m.group("dir") in ("المقبل", "القادم"):
                start = published + dt.timedelta(days=(wd - published.weekday()) % 7 or 7)
            else:
                if m.group("dir") == "الماضي" and back == 0:
                    back = 7
                start = published - dt.timedelta(days=back)
        add(m.start(), m.end(), precision="day", date_start=start, date_end=start,
            anchored_to_publication=start is not None, relative=True, weekday=wd)

    for m in _REL.finditer(t):
        phrase = re.sub(r"^[وفب](?=[اهمب])", "", m.group())
        if phrase not in _RELATIVE:
            phrase = m.group()[1:] if m.group()[1:] in _RELATIVE else m.group()
        kind, precision = _RELATIVE.get(phrase, ("", "unknown"))
        start = end = None
        if published and kind:
            start, end = _resolve_relative(kind, published)
        add(m.start(), m.end(), precision=precision, date_start=start, date_end=end,
            anchored_to_publication=start is not None, relative=True, part=kind)

    for m in _YEAR.finditer(t):
        y = int(m.group("year"))
        add(m.start("year") - len(m.group("pre")), m.end(), precision="year", date_start=dt.date(y, 1, 1),
            date_end=dt.date(y, 12, 31), year=y)
    out.sort(key=lambda d: d.start)
    return out


def _resolve_relative(kind: str, pub: dt.date) -> tuple[dt.date, dt.date]:
    if kind == "today":
        return pub, pub
    if kind == "yesterday":
        d = pub - dt.timedelta(days=1)
        return d, d
    if kind == "day_before":
        d = pub - dt.timedelta(days=2)
        return d, d
    if kind == "this_week":
        return pub - dt.timedelta(days=6), pub
    if kind == "last_week":
        return pub - dt.timedelta(days=13), pub - dt.timedelta(days=7)
    if kind == "this_month":
        return pub.replace(day=1), pub
    if kind == "last_month":
        last = pub.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last
    if kind == "start_month":
        return pub.replace(day=1), min(pub, pub.replace(day=10))
    if kind == "mid_month":
        return pub.replace(day=11), pub.replace(day=20)
    if kind == "this_year":
        return dt.date(pub.year, 1, 1), pub
    if kind == "last_year":
        return dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31)
    return pub, pub


def parse_date(raw: str, published: dt.date | None = None) -> dt.date | None:
    """Parse one free-form Arabic date phrase with dateparser (slow; fallback only)."""
    import datetime

    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if published:
        settings["RELATIVE_BASE"] = datetime.datetime.combine(published, datetime.time())
    else:
        settings["REQUIRE_PARTS"] = ["year"]
    got = dateparser.parse(raw, languages=["ar"], settings=settings)
    return got.date() if got else None
