"""Gold cases: `evals/dataset.yaml`, validated by Pydantic, plus robustness variants.

Each seed case yields, at load time and with the same gold, the variants
`eastern_digits`, `boilerplate`, `html`, `cp1256`, `injection` and `shuffled`; they are
rebuilt from the seed text every time, never stored. `Dataset.sha256` is the sha256 of the
YAML file's bytes plus every seed file's bytes (a seed edit changes it too).
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
from typing import Any

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

EVALS_DIR = Path(__file__).resolve().parents[2] / "evals"
DATASET_FILE = "dataset.yaml"
VARIANTS = ("original", "eastern_digits", "boilerplate", "html", "cp1256", "injection", "shuffled")


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _as_list(v: Any) -> Any:
    """A scalar (or null) where a list of acceptable values is expected means a one-item list."""
    if v is None:
        return [None]
    return v if isinstance(v, list) else [v]


class GoldDate(_Gold):
    """The parts of a date the article prints: a prediction matches when its whole window fits."""

    year: int | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    def admits(self, d: dt.date) -> bool:
        return ((self.year is None or d.year == self.year) and (self.month is None or d.month == self.month)
                and (self.day is None or d.day == self.day))


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
    optional: bool = False


class GoldCount(Amount):
    what: list[CountWhat]
    alt: list[Amount] = Field(default_factory=list, description="Other readings that are also right.")
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


class SeedCase(_Gold):
    id: str
    seed: str
    tags: list[str] = Field(default_factory=list)
    published: dt.date | None = None
    key_numbers: list[KeyNumber] = Field(default_factory=list)
    allowed_numbers: list[float] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    key_facts: list[KeyFact] = Field(default_factory=list)
    incidents: list[GoldIncident] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> SeedCase:
        for name, items in (("incident", self.incidents), ("key number", self.key_numbers),
                            ("entity", self.entities), ("key fact", self.key_facts)):
            ids = [i.id for i in items]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{self.id}: duplicate {name} ids")
        return self


class Injection(_Gold):
    value: float
    paragraph: str


class DatasetFile(_Gold):
    version: int
    injection: Injection
    cases: list[SeedCase] = Field(min_length=1)


@dataclass(frozen=True)
class Case:
    """One case to run: a seed or one of its variants, with the seed's gold."""

    id: str
    variant: str
    gold: SeedCase
    article: Article
    injection: Injection | None = None

    @property
    def seed_id(self) -> str:
        return self.gold.id


@dataclass(frozen=True)
class Dataset:
    path: Path
    sha256: str
    spec: DatasetFile
    cases: tuple[Case, ...]

    def select(self, pattern: str | None) -> list[Case]:
        """Cases whose id matches a glob (or several, comma-separated); all when no pattern."""
        if not pattern:
            return list(self.cases)
        pats = [p.strip() for p in pattern.split(",") if p.strip()]
        return [c for c in self.cases if any(fnmatch.fnmatchcase(c.id, p) or p == c.seed_id for p in pats)]


def load_dataset(evals_dir: Path | None = None, *, repo_root: Path | None = None) -> Dataset:
    """Read and validate the dataset, check every gold `raw` against its seed, build the variants."""
    import yaml

    evals_dir = Path(evals_dir or EVALS_DIR)
    repo_root = Path(repo_root or EVALS_DIR.parent)
    path = evals_dir / DATASET_FILE
    data = path.read_bytes()
    spec = DatasetFile.model_validate(yaml.safe_load(data))
    digest = hashlib.sha256(data)
    cases: list[Case] = []
    for sc in spec.cases:
        seed_path = repo_root / sc.seed
        raw = seed_path.read_bytes()
        digest.update(raw)
        text = raw.decode("utf-8")
        missing = [k.raw for k in sc.key_numbers if k.raw not in text]
        if missing:
            raise ValueError(f"{sc.id}: key number text not in the seed: {missing}")
        for name in VARIANTS:
            cases.append(Case(id=sc.id if name == "original" else f"{sc.id}~{name}", variant=name, gold=sc,
                              article=_build(name, text, sc, spec.injection),
                              injection=spec.injection if name == "injection" else None))
    return Dataset(path=path, sha256=digest.hexdigest(), spec=spec, cases=tuple(cases))


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
