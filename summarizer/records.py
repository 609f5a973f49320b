"""The output records: what `summarize()` returns.

`ArticleAnalysis` = a bilingual `Brief` + one `Incident` per incident in the article +
`warnings` + `provenance`. Every value that comes from the article carries `evidence`:
verbatim Arabic quotes, aligned to character offsets in `Article.text` by grounding.

Design rules (see shared research notes on ACLED/GTD/UCDP):
- "Not reported" is `None`, never 0.
- A date is a window plus a precision plus the raw Arabic phrase.
- Money keeps the original currency; the article's own USD figure is kept apart from any
  computed one.
- Field descriptions are read by the LLM: keep them short and exact.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

CrimeType = Literal[
    "kidnapping",
    "attempted_kidnapping",
    "kidnap_plot",
    "physical_assault",
    "robbery",
    "extortion",
    "cyber_extortion",
    "fraud",
    "investment_fraud",
    "hack_theft",
    "unlicensed_exchange",
    "money_laundering",
    "illegal_mining",
    "electricity_theft",
    "terrorist_financing",
    "sanctions_evasion",
    "ransomware",
    "darknet_trade",
    "other",
]
IncidentKind = Literal["crime_event", "enforcement_action", "aggregate_statistic", "policy_response"]
Outcome = Literal[
    "completed", "attempted", "foiled", "victim_released", "victim_rescued", "ongoing", "unknown"
]
Salience = Literal["main", "secondary", "background"]
DatePrecision = Literal["day", "days", "week", "month", "year", "years", "unknown"]
PlacePrecision = Literal["site", "locality", "region", "country", "unknown"]
Qualifier = Literal["exact", "approx", "at_least", "at_most", "range"]
MoneyRole = Literal[
    "ransom_demanded",
    "ransom_paid",
    "extortion_demanded",
    "loss",
    "seized",
    "frozen",
    "raised",
    "laundered",
    "stolen",
    "transferred",
    "illicit_value",
    "other",
]
CountWhat = Literal[
    "arrests",
    "suspects",
    "perpetrators",
    "victims",
    "cases",
    "websites",
    "accounts",
    "social_pages",
    "exchanges",
    "phone_calls",
    "people",
    "other",
]
ActorKind = Literal["person", "group", "organization", "state_agency", "company", "media", "unknown"]
ActorRole = Literal[
    "perpetrator",
    "suspect",
    "victim",
    "target",
    "relative_of_target",
    "enforcer",
    "official",
    "source",
    "intervener",
    "other",
]
LinkRelation = Literal["investigation_of", "part_of", "same_series", "response_to", "follows"]
Alignment = Literal["exact", "normalized", "fuzzy", "unaligned", "boilerplate"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Record):
    """A verbatim quote from the article that supports a value."""

    quote: str = Field(description="Verbatim Arabic text copied from the article (a few words to one sentence).")
    start: int | None = Field(default=None, description="Start offset in the article text; set by grounding.")
    end: int | None = Field(default=None, description="End offset (exclusive); set by grounding.")
    alignment: Alignment | None = Field(default=None, description="How the quote was found; set by grounding.")


class DateWindow(_Record):
    """When it happened. Articles often print "13 May" with no year: `year`/`month`/`day` keep
    exactly the parts the article states, and `start`/`end` are set only when a full date is
    known (stated, or resolved against a given publication date)."""

    start: dt.date | None = Field(default=None, description="Earliest possible date, if the article allows one.")
    end: dt.date | None = Field(default=None, description="Latest possible date.")
    year: int | None = Field(default=None, description="The year as the article states it, else None.")
    month: int | None = Field(default=None, ge=1, le=12, description="The month as stated, else None.")
    day: int | None = Field(default=None, ge=1, le=31, description="The day of the month as stated, else None.")
    precision: DatePrecision = "unknown"
    raw: str | None = Field(default=None, description="The Arabic date phrase as printed, e.g. 'في 13 مايو'.")
    anchored_to_publication: bool = Field(
        default=False, description="True when resolved from a relative phrase against the publication date."
    )
    evidence: list[Evidence] = Field(default_factory=list)


class Place(_Record):
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code, e.g. 'FR'.")
    region: str | None = Field(default=None, description="Region/province in English, e.g. 'Dhi Qar'.")
    locality: str | None = Field(default=None, description="City or town in English, e.g. 'Paris'.")
    name_ar: str | None = Field(default=None, description="The place as written in the article.")
    precision: PlacePrecision = "unknown"
    evidence: list[Evidence] = Field(default_factory=list)


class Actor(_Record):
    role: ActorRole
    kind: ActorKind = "unknown"
    name_en: str | None = Field(default=None, description="One canonical English name, or None if unnamed.")
    names_ar: list[str] = Field(
        default_factory=list, description="Every Arabic spelling of the name seen in the article."
    )
    transliterated: bool = Field(
        default=False, description="True when name_en is a transliteration, not a known English name."
    )
    descriptor_en: str | None = Field(default=None, description="Who they are, e.g. 'French interior minister'.")
    count: int | None = Field(default=None, description="How many people this actor stands for, if stated.")
    evidence: list[Evidence] = Field(default_factory=list)


class Money(_Record):
    role: MoneyRole
    min: float | None = Field(default=None, description="Lower bound (or the amount) in the original currency.")
    max: float | None = Field(default=None, description="Upper bound; None for 'at_least'.")
    qualifier: Qualifier = "exact"
    currency: str = Field(description="ISO 4217 code (EUR, USD, KZT, IQD) or crypto ticker (BTC).")
    currency_kind: Literal["fiat", "crypto"] = "fiat"
    raw: str = Field(description="The amount as printed in Arabic.")
    usd_as_stated_min: float | None = Field(default=None, description="The article's own USD figure, if printed.")
    usd_as_stated_max: float | None = None
    usd_computed: float | None = Field(default=None, description="A conversion we computed; never from the LLM.")
    evidence: list[Evidence] = Field(default_factory=list)


class Count(_Record):
    what: CountWhat
    min: int | None = None
    max: int | None = None
    qualifier: Qualifier = "exact"
    raw: str = Field(description="The number as printed in Arabic, with its noun.")
    evidence: list[Evidence] = Field(default_factory=list)


class Link(_Record):
    relation: LinkRelation
    target: str = Field(description="The id of the other incident in this analysis.")


class Incident(_Record):
    id: str = Field(description="Short id unique within the article, e.g. 'i1'.")
    kind: IncidentKind
    crime_types: list[CrimeType] = Field(min_length=1)
    outcome: Outcome = "unknown"
    salience: Salience = "main"
    summary_en: str = Field(description="One English sentence saying what happened.")
    summary_ar: str = Field(description="The same sentence in Arabic.")
    date: DateWindow = Field(default_factory=DateWindow)
    place: Place = Field(default_factory=Place)
    actors: list[Actor] = Field(default_factory=list)
    money: list[Money] = Field(default_factory=list)
    counts: list[Count] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    evidence: list[Evidence] = Field(
        default_factory=list, description="Quotes showing the incident happened and its type."
    )


class KeyPoint(_Record):
    en: str
    ar: str
    evidence: list[Evidence] = Field(default_factory=list)


class Brief(_Record):
    headline_en: str
    headline_ar: str
    summary_en: str = Field(description="3–5 English sentences.")
    summary_ar: str = Field(description="3–5 Arabic sentences carrying the same facts.")
    key_points: list[KeyPoint] = Field(min_length=1, max_length=7, description="3–7 points, both languages.")


class AnalysisWarning(_Record):
    """Something a reader must know: an ungrounded value, a possible omission, boilerplate…"""

    code: str = Field(description="Stable machine code, e.g. 'ungrounded_number'.")
    message: str
    path: str | None = Field(default=None, description="Where it applies, e.g. 'incidents[0].money[0]'.")


class Usage(_Record):
    input_tokens: int = 0
    output_tokens: int = 0
    requests: int = 0
    cost_usd: float | None = Field(default=None, description="None means unpriced, never free.")

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    def __add__(self, other: Usage) -> Usage:
        if not other.requests:
            return self
        if not self.requests:
            return other
        # One unpriced attempt makes the total unpriced: a partial sum would understate it.
        cost = None if self.cost_usd is None or other.cost_usd is None else self.cost_usd + other.cost_usd
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            requests=self.requests + other.requests,
            cost_usd=cost,
        )


class Provenance(_Record):
    engine: str
    model: str | None = None
    prompt_name: str | None = None
    prompt_version: str | None = Field(default=None, description="Prompt name + content hash.")
    schema_version: str = SCHEMA_VERSION
    article_sha256: str
    source: str | None = None
    published: dt.date | None = None
    attempts: int = 1
    usage: Usage = Field(default_factory=Usage)
    latency_s: float | None = None
    created_at: dt.datetime | None = None


class ArticleAnalysis(_Record):
    brief: Brief
    incidents: list[Incident] = Field(default_factory=list)
    warnings: list[AnalysisWarning] = Field(default_factory=list)
    provenance: Provenance


class ExtractionOutput(_Record):
    """What an LLM is asked to produce: the analysis without provenance or warnings."""

    brief: Brief
    incidents: list[Incident] = Field(default_factory=list)
