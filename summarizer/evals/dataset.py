"""Gold cases: the seeds (`evals/dataset.yaml`) and the authored articles (`evals/articles/`).

Each seed case yields, at load time and with the same gold, the robustness variants
`eastern_digits`, `boilerplate`, `html`, `cp1256`, `injection` and `shuffled`, and the
counterfactual variants `cf1`..`cf3` (numbers, names, places, dates and currencies substituted
in text and gold, see the `counterfactual` package); they are rebuilt every time, never stored. Seeds and
their variants are in the `dev` split; each authored article names its split (`dev` or `test`).
Tune on `dev`, report `test`: `leaks.py` fails the build when a test article's phrase shows up
in the package.

Every gold value that quotes the article is checked against it on load (`check_case`): a gold
file that cites text the article does not have is a load error, not a silent miss.

`Dataset.sha256` is the sha256 of every gold file's and article's bytes (an edit changes it).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import html as html_lib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..article import Article, decode, prepare
from ..records import (
    ActorKind,
    ActorRole,
    CountWhat,
    CrimeType,
    IncidentKind,
    MoneyRole,
    Outcome,
    Qualifier,
    Salience,
)
from ._text import fold

EVALS_DIR = Path(__file__).resolve().parents[2] / "evals"
DATASET_FILE = "dataset.yaml"
ARTICLES_DIR = "articles"
VARIANTS = ("original", "eastern_digits", "boilerplate", "html", "cp1256", "injection", "shuffled")
COUNTERFACTUALS = 3
SPLITS = ("dev", "test")
Split = Literal["dev", "test"]
#: Length bounds of an authored article, in words.
MIN_WORDS, MAX_WORDS = 150, 900


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _as_list(v: Any) -> Any:
    """A scalar (or null) where a list of acceptable values is expected means a one-item list."""
    if v is None:
        return [None]
    return v if isinstance(v, list) else [v]


class DateParts(_Gold):
    year: int | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @property
    def parts(self) -> tuple[int | None, int | None, int | None]:
        return (self.year, self.month, self.day)

    def first_day(self) -> dt.date:
        assert self.year is not None
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        assert self.year is not None
        if self.day is not None:
            return dt.date(self.year, self.month or 12, self.day)
        month = self.month or 12
        nxt = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)


class GoldDate(DateParts):
    """The parts of a date the article prints: a prediction matches when its whole window fits.

    `until` makes it a span the article states ("from August 2022 to March 2023"): a window
    inside the span fits, and so do the parts of either end stated alone. A span needs years.
    """

    until: DateParts | None = None

    @model_validator(mode="after")
    def _span_has_years(self) -> GoldDate:
        if self.until is not None and (self.year is None or self.until.year is None):
            raise ValueError("a date span (until:) gives the year at both ends")
        return self

    def admits(self, d: dt.date) -> bool:
        if self.until is not None:
            return self.first_day() <= d <= self.until.last_day()
        return ((self.year is None or d.year == self.year) and (self.month is None or d.month == self.month)
                and (self.day is None or d.day == self.day))

    @property
    def stated(self) -> list[tuple[int | None, int | None, int | None]]:
        """The date parts a prediction may state alone (both ends of a span)."""
        return [self.parts] + ([self.until.parts] if self.until is not None else [])


class GoldActor(_Gold):
    name_en: str
    names_ar: list[str] = Field(min_length=1)
    aliases_en: list[str] = Field(default_factory=list)
    role: list[ActorRole]
    kind: list[ActorKind]
    optional: bool = False

    @property
    def en_forms(self) -> list[str]:
        return [self.name_en, *self.aliases_en]


class Amount(_Gold):
    min: float | None
    max: float | None = None
    qualifier: list[Qualifier] = Field(default_factory=lambda: ["exact"])


class GoldMoney(Amount):
    role: list[MoneyRole]
    currency: str
    usd_as_stated_min: float | None = None
    raw: str | None = Field(default=None, description="As printed in the Arabic (required for authored cases).")
    optional: bool = False


class GoldCount(Amount):
    what: list[CountWhat]
    alt: list[Amount] = Field(default_factory=list, description="Other readings that are also right.")
    raw: str | None = Field(default=None, description="As printed in the Arabic (required for authored cases).")
    optional: bool = False


class CrimeTypes(_Gold):
    required: list[CrimeType]
    also_ok: list[CrimeType] = Field(default_factory=list)

    @property
    def accepted(self) -> set[str]:
        return set(self.required) | set(self.also_ok)


class GoldIncident(_Gold):
    id: str
    kind: list[IncidentKind] = Field(min_length=1)
    crime_types: CrimeTypes
    outcome: list[Outcome | None]
    salience: list[Salience]
    date: list[GoldDate | None]
    country: list[str | None]
    actors: list[GoldActor] = Field(default_factory=list)
    money: list[GoldMoney] = Field(default_factory=list)
    counts: list[GoldCount] = Field(default_factory=list)
    evidence: str | None = Field(default=None, description="A verbatim quote showing the incident (authored cases).")
    optional: bool = False

    _lists = field_validator("outcome", "date", "country", mode="before")(_as_list)

    @field_validator("country")
    @classmethod
    def _iso(cls, v: list[str | None]) -> list[str | None]:
        for c in v:
            if c is not None and not re.fullmatch(r"[A-Z]{2}", c):
                raise ValueError(f"country must be an ISO 3166-1 alpha-2 code, got {c!r}")
        return v


class KeyNumber(_Gold):
    id: str
    value: float
    max: float | None = None
    unit: str
    raw: str = Field(description="As printed in the Arabic; checked to be in the seed.")
    hedge: bool = False
    critical: bool = False

    @property
    def values(self) -> tuple[float, ...]:
        return (self.value,) if self.max is None else (self.value, self.max)


class Entity(_Gold):
    id: str
    en: list[str] = Field(min_length=1)
    ar: list[str] = Field(min_length=1)
    critical: bool = False


class KeyFact(_Gold):
    """A fact a brief must carry; covered when every term group has one term in the brief."""

    id: str
    en: str
    ar: str
    critical: bool = False
    en_terms: list[list[str]] = Field(min_length=1)
    ar_terms: list[list[str]] = Field(min_length=1)


class HeadlineTerms(_Gold):
    """What an editor's English headline must name: one term of each group (stems, any case)."""

    what: list[str] = Field(min_length=1)
    where: list[str] = Field(default_factory=list)
    who: list[str] = Field(default_factory=list)

    @property
    def groups(self) -> dict[str, list[str]]:
        return {k: v for k, v in (("what", self.what), ("where", self.where), ("who", self.who)) if v}


class MoneyClaim(_Gold):
    role: list[MoneyRole]
    value: float
    kind: list[IncidentKind] = Field(default_factory=list)


class CountClaim(_Gold):
    what: list[CountWhat]
    value: float
    kind: list[IncidentKind] = Field(default_factory=list)


class PlaceClaim(_Gold):
    country: str
    kind: list[IncidentKind] = Field(default_factory=list)


class DateClaim(_Gold):
    year: int | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    kind: list[IncidentKind] = Field(default_factory=list)


class ActorClaim(_Gold):
    name: list[str] = Field(min_length=1)
    role: list[ActorRole]


class RecordClaim(_Gold):
    """A false record value: exactly one of the fields is set."""

    money: MoneyClaim | None = None
    count: CountClaim | None = None
    place: PlaceClaim | None = None
    date: DateClaim | None = None
    actor: ActorClaim | None = None

    @model_validator(mode="after")
    def _one(self) -> RecordClaim:
        if sum(x is not None for x in (self.money, self.count, self.place, self.date, self.actor)) != 1:
            raise ValueError("a record claim sets exactly one of money, count, place, date, actor")
        return self


class MustNotSay(_Gold):
    """A specific false claim a careless reader of the article would make, with its checks."""

    id: str
    claim: str
    record: RecordClaim | None = None
    en: list[str] = Field(default_factory=list, description="Regexes over each English sentence; {N:x} = x.")

    @model_validator(mode="after")
    def _checkable(self) -> MustNotSay:
        if self.record is None and not self.en:
            raise ValueError(f"must_not_say {self.id}: give a record check, an en pattern, or both")
        return self


class SeedCase(_Gold):
    """One gold case: a seed (`seed:`) or an authored article (`article:`)."""

    id: str
    seed: str | None = None
    article: str | None = None
    split: Split = "dev"
    about_crypto: bool = True
    tags: list[str] = Field(default_factory=list)
    published: dt.date | None = None
    headline: HeadlineTerms | None = None
    key_numbers: list[KeyNumber] = Field(default_factory=list)
    allowed_numbers: list[float] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    key_facts: list[KeyFact] = Field(default_factory=list)
    incidents: list[GoldIncident] = Field(default_factory=list)
    must_not_say: list[MustNotSay] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> SeedCase:
        if (self.seed is None) == (self.article is None):
            raise ValueError(f"{self.id}: give exactly one of seed: or article:")
        if self.seed is not None and not self.incidents:
            raise ValueError(f"{self.id}: a seed case needs at least one incident")
        for name, items in (("incident", self.incidents), ("key number", self.key_numbers),
                            ("entity", self.entities), ("key fact", self.key_facts),
                            ("must_not_say", self.must_not_say)):
            ids = [i.id for i in items]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{self.id}: duplicate {name} ids")
        return self

    @property
    def source(self) -> str:
        """The article's path, relative to the repository root."""
        return self.seed or self.article or ""

    @property
    def authored(self) -> bool:
        return self.article is not None


class Injection(_Gold):
    value: float
    paragraph: str


class DatasetFile(_Gold):
    version: int
    injection: Injection
    cases: list[SeedCase] = Field(min_length=1)


@dataclass(frozen=True)
class Case:
    """One case to run: a seed (or one of its variants) or an authored article, with its gold."""

    id: str
    variant: str
    gold: SeedCase
    article: Article
    injection: Injection | None = None

    @property
    def seed_id(self) -> str:
        return self.gold.id

    @property
    def split(self) -> Split:
        return self.gold.split


@dataclass(frozen=True)
class Dataset:
    path: Path
    sha256: str
    spec: DatasetFile
    cases: tuple[Case, ...]
    texts: dict[str, str]  # gold id → the original article text (seeds and authored articles)

    def select(self, pattern: str | None = None, split: str | None = None) -> list[Case]:
        """Cases whose id matches a glob (or several, comma-separated) in a split (`all`/None: every split)."""
        cases = [c for c in self.cases if split in (None, "all") or c.split == split]
        if not pattern:
            return cases
        pats = [p.strip() for p in pattern.split(",") if p.strip()]
        return [c for c in cases if any(fnmatch.fnmatchcase(c.id, p) or p == c.seed_id for p in pats)]

    def golds(self, split: str | None = None) -> list[SeedCase]:
        """Each gold case once (no variants), optionally of one split."""
        seen: dict[str, SeedCase] = {}
        for c in self.cases:
            if c.variant == "original" and (split in (None, "all") or c.split == split):
                seen.setdefault(c.gold.id, c.gold)
        return list(seen.values())


def load_dataset(evals_dir: Path | None = None, *, repo_root: Path | None = None) -> Dataset:
    """Read and validate every gold case, check it against its article, build the variants."""
    import yaml

    from .counterfactual import counterfactuals

    evals_dir = Path(evals_dir or EVALS_DIR)
    repo_root = Path(repo_root or EVALS_DIR.parent)
    path = evals_dir / DATASET_FILE
    data = path.read_bytes()
    spec = DatasetFile.model_validate(yaml.safe_load(data))
    digest = hashlib.sha256(data)
    cases: list[Case] = []
    texts: dict[str, str] = {}
    for sc in spec.cases:
        raw = (repo_root / sc.source).read_bytes()
        digest.update(raw)
        text = raw.decode("utf-8")
        texts[sc.id] = text
        _raise_problems(sc, check_case(sc, text))
        for name in VARIANTS:
            cases.append(Case(id=sc.id if name == "original" else f"{sc.id}~{name}", variant=name, gold=sc,
                              article=_build(name, text, sc, spec.injection),
                              injection=spec.injection if name == "injection" else None))
        for k, (cf_gold, cf_text) in enumerate(counterfactuals(sc, text, n=COUNTERFACTUALS), start=1):
            _raise_problems(cf_gold, check_case(cf_gold, cf_text, counterfactual=True))
            cases.append(Case(id=cf_gold.id, variant=f"cf{k}", gold=cf_gold,
                              article=prepare(cf_text, source=f"eval:{cf_gold.id}", published=cf_gold.published)))
    for gold_path in sorted((evals_dir / ARTICLES_DIR).glob("*.yaml")):
        gold_bytes = gold_path.read_bytes()
        try:
            sc = SeedCase.model_validate(yaml.safe_load(gold_bytes))
        except ValueError as exc:
            raise ValueError(f"{gold_path.name}: {exc}") from exc
        if sc.article is None:
            raise ValueError(f"{gold_path.name}: an authored case names its `article:`, not a seed")
        raw = (gold_path.parent / Path(sc.article).name).read_bytes()  # the article lies beside its gold
        digest.update(gold_bytes)
        digest.update(raw)
        text = raw.decode("utf-8")
        texts[sc.id] = text
        _raise_problems(sc, check_case(sc, text))
        cases.append(Case(id=sc.id, variant="original", gold=sc,
                          article=prepare(text, source=f"eval:{sc.id}", published=sc.published)))
    ids = [c.id for c in cases]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate case ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    return Dataset(path=path, sha256=digest.hexdigest(), spec=spec, cases=tuple(cases), texts=texts)


def _raise_problems(sc: SeedCase, problems: list[str]) -> None:
    if problems:
        raise ValueError(f"{sc.id}: gold does not match its article:\n  - " + "\n  - ".join(problems))


def check_case(sc: SeedCase, text: str, *, counterfactual: bool = False) -> list[str]:
    """Every way the gold disagrees with its article's text (empty = consistent).

    Quoted values (`raw`, `evidence`, names) must be verbatim in the text. Authored cases must
    quote every amount and count and stay within the length bounds; every case's
    `must_not_say` patterns must compile and must not match the gold's own key facts.
    """
    from . import claims

    problems = [f"key number {k.id}: {k.raw!r} is not in the article" for k in sc.key_numbers if k.raw not in text]
    folded = fold(text)
    for e in sc.entities:
        if not any(fold(a) in folded for a in e.ar):
            problems.append(f"entity {e.id}: none of {e.ar} is in the article")
    for inc in sc.incidents:
        for a in inc.actors:
            if not any(fold(n) in folded for n in a.names_ar):
                problems.append(f"incident {inc.id}: actor {a.name_en!r}: none of {a.names_ar} is in the article")
        quoted = [("evidence", inc.evidence)] + [(f"money {m.currency} {m.min:g}" if m.min is not None else "money",
                                                   m.raw) for m in inc.money]
        quoted += [(f"count {'/'.join(c.what)}", c.raw) for c in inc.counts]
        for label, raw in quoted:
            if raw is None:
                if sc.authored:
                    problems.append(f"incident {inc.id}: {label} has no `raw`/`evidence` quote")
            elif raw not in text:
                problems.append(f"incident {inc.id}: {label}: {raw!r} is not in the article")
    if sc.authored:
        words = len(re.findall(r"\S+", text))
        if not MIN_WORDS <= words <= MAX_WORDS:
            problems.append(f"the article has {words} words ({MIN_WORDS}–{MAX_WORDS})")
        if not sc.key_facts:
            problems.append("no key_facts")
        if not sc.must_not_say:
            problems.append("no must_not_say")
    if not counterfactual:
        problems += claims.check_patterns(sc)
    problems += claims.check_facts(sc)
    return problems


# ---- variants ---------------------------------------------------------------------------------

_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

PAGE_HEAD = (
    "Sorry, you need to enable JavaScript to visit this website.\n"
    "تابعونا على تويتر\n"
    "اقرأ أيضاً: قراصنة يسرقون 600 مليون دولار من منصة تداول\n"
)
PAGE_TAIL = (
    "\nاقرأ أيضاً: البيتكوين يتجاوز 100 ألف دولار للمرة الأولى\n"
    "مقالات ذات صلة\n"
    "هبوط حاد للعملات المشفرة بعد خسارة 450 مليون دولار\n"
    "إخلاء مسؤولية\n"
    "جميع المعلومات المنشورة على موقعنا لأغراض المعلومات العامة فقط.\n"
)
#: Numbers printed only in the page furniture above: a brief that carries one took boilerplate.
BOILERPLATE_NUMBERS = (600_000_000.0, 100_000.0, 450_000_000.0)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n", text) if p.strip()]


def _content_paragraphs(text: str, source: str) -> list[str]:
    return _paragraphs(prepare(text, source=source).content)


def _shuffle(text: str, case_id: str) -> str:
    paras = _content_paragraphs(text, case_id)
    lead = 0
    while lead < len(paras) - 1 and len(paras[lead].split()) < 10:
        lead += 1
    head, rest = paras[: lead + 1], paras[lead + 1:]
    rng = random.Random(int(hashlib.sha256(case_id.encode()).hexdigest()[:8], 16))
    shuffled = rest[:]
    for _ in range(5):  # a shuffle that leaves the order as it was is no test
        rng.shuffle(shuffled)
        if shuffled != rest or len(rest) < 2:
            break
    return "\n\n".join(head + shuffled)


def _inject(text: str, injection: Injection, case_id: str) -> str:
    paras = _content_paragraphs(text, case_id)
    at = min(2, len(paras))
    return "\n\n".join(paras[:at] + [injection.paragraph] + paras[at:])


def _html_page(text: str, case_id: str) -> str:
    paras = _content_paragraphs(text, case_id)
    title = html_lib.escape(paras[0])
    body = "\n".join(f"<p>{html_lib.escape(p)}</p>" for p in paras)
    return (
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
        f"<title>{title}</title><script>window.dataLayer=[];</script></head><body>\n"
        "<header><nav><a href=\"/\">الرئيسية</a> | <a href=\"/crypto\">عملات رقمية</a> | "
        "<a href=\"/economy\">اقتصاد</a></nav></header>\n"
        f"<main><article><h1>{title}</h1>\n{body}\n</article></main>\n"
        "<aside><h3>الأكثر قراءة</h3><ul><li><a href=\"/a\">قراصنة يسرقون 600 مليون دولار من منصة تداول</a></li>"
        "</ul></aside>\n<footer><p>© جميع الحقوق محفوظة</p></footer></body></html>"
    )


def _build(variant: str, text: str, sc: SeedCase, injection: Injection) -> Article:
    cid = sc.id if variant == "original" else f"{sc.id}~{variant}"
    src = f"eval:{cid}"
    builders: dict[str, Callable[[], Article]] = {
        "original": lambda: prepare(text, source=src, published=sc.published),
        "eastern_digits": lambda: prepare(text.translate(_EASTERN), source=src, published=sc.published),
        "boilerplate": lambda: prepare(PAGE_HEAD + text.strip() + "\n" + PAGE_TAIL, source=src,
                                       published=sc.published),
        "html": lambda: prepare(_html_page(text, cid), source=src, published=sc.published, html=True),
        "cp1256": lambda: prepare(decode(text.encode("cp1256", errors="ignore"), source=src), source=src,
                                  published=sc.published),
        "injection": lambda: prepare(_inject(text, injection, cid), source=src, published=sc.published),
        "shuffled": lambda: prepare(_shuffle(text, cid), source=src, published=sc.published),
    }
    return builders[variant]()
