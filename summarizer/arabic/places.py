"""Places: countries (Babel CLDR Arabic territory names → ISO alpha-2), a curated gazetteer of
cities/regions, and nationality adjectives (الفرنسية → FR).

`find_places(text)` returns `PlaceMention`s (original offsets). Prefixes are handled: في/و/ف/
ب/ل/ك, and ال-names after ل (للعراق) or ب (بالعراق). Ambiguous short names that are also
common words (مالي "financial", عمان Oman/Amman …) are left out of the country list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold, normalize

__all__ = ["PlaceMention", "find_places", "gazetteer", "COUNTRY_EN"]


@dataclass(frozen=True)
class PlaceMention:
    """A place in the text. `kind` is country/region/locality/demonym/sublocality."""

    start: int
    end: int
    raw: str
    country: str | None
    name_en: str
    kind: str
    region: str | None = None
    locality: str | None = None

    @property
    def precision(self) -> str:
        return {"country": "country", "demonym": "country", "region": "region",
                "locality": "locality", "sublocality": "locality"}.get(self.kind, "unknown")


#: Curated gazetteer: normalised Arabic → (English, country, kind, region).
_GAZ: dict[str, tuple[str, str, str, str | None]] = {
    "باريس": ("Paris", "FR", "locality", None), "نانت": ("Nantes", "FR", "locality", None),
    "بالايسو": ("Palaiseau", "FR", "locality", None), "ليون": ("Lyon", "FR", "locality", None),
    "مرسيليا": ("Marseille", "FR", "locality", None), "تولوز": ("Toulouse", "FR", "locality", None),
    "ذي قار": ("Dhi Qar", "IQ", "region", "Dhi Qar"), "محافظه ذي قار": ("Dhi Qar", "IQ", "region", "Dhi Qar"),
    "الناصريه": ("Nasiriyah", "IQ", "locality", "Dhi Qar"), "بغداد": ("Baghdad", "IQ", "locality", None),
    "البصره": ("Basra", "IQ", "locality", None), "اربيل": ("Erbil", "IQ", "locality", None),
    "الموصل": ("Mosul", "IQ", "locality", None), "النجف": ("Najaf", "IQ", "locality", None),
    "كربلاء": ("Karbala", "IQ", "locality", None), "دبي": ("Dubai", "AE", "locality", None),
    "ابوظبي": ("Abu Dhabi", "AE", "locality", None), "ابو ظبي": ("Abu Dhabi", "AE", "locality", None),
    "واشنطن": ("Washington", "US", "locality", None), "نيويورك": ("New York", "US", "locality", None),
    "لندن": ("London", "GB", "locality", None), "برلين": ("Berlin", "DE", "locality", None),
    "موسكو": ("Moscow", "RU", "locality", None), "بكين": ("Beijing", "CN", "locality", None),
    "اسطنبول": ("Istanbul", "TR", "locality", None), "انقره": ("Ankara", "TR", "locality", None),
    "القاهره": ("Cairo", "EG", "locality", None), "الرياض": ("Riyadh", "SA", "locality", None),
    "جده": ("Jeddah", "SA", "locality", None), "بيروت": ("Beirut", "LB", "locality", None),
    "دمشق": ("Damascus", "SY", "locality", None), "الدوحه": ("Doha", "QA", "locality", None),
    "طهران": ("Tehran", "IR", "locality", None), "الماتي": ("Almaty", "KZ", "locality", None),
    "استانا": ("Astana", "KZ", "locality", None), "الرباط": ("Rabat", "MA", "locality", None),
    "الدار البيضاء": ("Casablanca", "MA", "locality", None), "غزه": ("Gaza", "PS", "region", "Gaza"),
    "كازاخستان": ("Kazakhstan", "KZ", "country", None), "العراق": ("Iraq", "IQ", "country", None),
    "فرنسا": ("France", "FR", "country", None), "الولايات المتحده": ("United States", "US", "country", None),
    "الولايات المتحده الامريكيه": ("United States", "US", "country", None),
    "الولايات المتحده الاميركيه": ("United States", "US", "country", None),
    "امريكا": ("United States", "US", "country", None), "اميركا": ("United States", "US", "country", None),
    "سوريا": ("Syria", "SY", "country", None), "سوريه": ("Syria", "SY", "country", None),
    "الامارات": ("United Arab Emirates", "AE", "country", None), "بريطانيا": ("United Kingdom", "GB", "country", None),
    "المملكه المتحده": ("United Kingdom", "GB", "country", None), "روسيا": ("Russia", "RU", "country", None),
    "الصين": ("China", "CN", "country", None), "تركيا": ("Turkey", "TR", "country", None),
    "مصر": ("Egypt", "EG", "country", None), "السعوديه": ("Saudi Arabia", "SA", "country", None),
    "المغرب": ("Morocco", "MA", "country", None), "فلسطين": ("Palestine", "PS", "country", None),
    "اوروبا": ("Europe", "", "region", "Europe"),
}
#: Nationality adjective stems (normalised, without ال and feminine ه) → ISO code.
_DEMONYMS: dict[str, str] = {
    "فرنسي": "FR", "عراقي": "IQ", "كازاخستاني": "KZ", "كازاخي": "KZ", "امريكي": "US", "اميركي": "US",
    "سوري": "SY", "اماراتي": "AE", "بريطاني": "GB", "روسي": "RU", "صيني": "CN", "تركي": "TR",
    "مصري": "EG", "سعودي": "SA", "مغربي": "MA", "الماني": "DE", "ايراني": "IR", "لبناني": "LB",
    "اردني": "JO", "كويتي": "KW", "قطري": "QA", "فلسطيني": "PS", "جزائري": "DZ", "تونسي": "TN",
}
_AMBIGUOUS = {"ML", "OM", "JE", "TO", "NE", "CW"}
COUNTRY_EN: dict[str, str] = {}


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, str, str, str | None]]:
    """Normalised Arabic name → (English name, ISO alpha-2, kind, region). Cached."""
    gaz: dict[str, tuple[str, str, str, str | None]] = {}
    try:
        from babel import Locale

        ar, en = Locale("ar").territories, Locale("en").territories
        for code, name in ar.items():
            if re.fullmatch(r"[A-Z]{2}", code) and code not in _AMBIGUOUS and code not in {"ZZ", "EU", "EZ", "UN", "QO"}:
                key = fold(name).strip()
                if len(key) >= 3:
                    gaz[key] = (en.get(code, code), code, "country", None)
                COUNTRY_EN.setdefault(code, en.get(code, code))
    except Exception:
        pass
    gaz.update(_GAZ)
    for _, (name, code, kind, _r) in _GAZ.items():
        if kind == "country":
            COUNTRY_EN[code] = name
    return gaz


@lru_cache(maxsize=1)
def _place_re() -> re.Pattern[str]:
    names = gazetteer()
    al = sorted((re.escape(k[2:]) for k in names if k.startswith("ال")), key=len, reverse=True)
    plain = sorted((re.escape(k) for k in names if not k.startswith("ال")), key=len, reverse=True)
    dem = "|".join(sorted(_DEMONYMS, key=len, reverse=True))
    return re.compile(
        r"(?<!\w)(?:"
        rf"[وف]?(?:[بك]?ال|لل)(?P<al>{'|'.join(al)})"
        rf"|[وف]?[بلك]?(?P<plain>{'|'.join(plain)})"
        rf"|[وف]?[بلك]?(?:ال)?(?P<dem>{dem})(?:ه|ون|ين|ات)?"
        r")(?!\w)"
    )


_ARR = re.compile(r"(?<!\w)(?:ال)?دائره\s+(?:ال)?(?P<n>حاديه|ثانيه|ثالثه|رابعه|خامسه|سادسه|سابعه|ثامنه|تاسعه|عاشره)(?:\s+عشره)?(?:\s+عشر)?")
_ORD = {"حاديه": 1, "ثانيه": 2, "ثالثه": 3, "رابعه": 4, "خامسه": 5, "سادسه": 6, "سابعه": 7, "ثامنه": 8,
        "تاسعه": 9, "عاشره": 10}


def find_places(text: str) -> list[PlaceMention]:
    """Place mentions in `text` (original offsets), in order."""
    names = gazetteer()
    norm = normalize(text)
    t = norm.text
    out: list[PlaceMention] = []
    for m in _place_re().finditer(t):
        if m.group("al"):
            key = "ال" + m.group("al")
        elif m.group("plain"):
            key = m.group("plain")
        else:
            code = _DEMONYMS[m.group("dem")]
            s, e = norm.span_to_original(m.start(), m.end())
            out.append(PlaceMention(s, e, text[s:e], code, COUNTRY_EN.get(code, code), "demonym"))
            continue
        name, code, kind, region = names[key]
        s, e = norm.span_to_original(m.start(), m.end())
        out.append(PlaceMention(s, e, text[s:e], code or None, name, kind, region=region,
                                locality=name if kind == "locality" else None))
    for m in _ARR.finditer(t):  # Paris arrondissements: الدائرة الحادية عشرة
        n = _ORD[m.group("n")] + (10 if "عشر" in m.group()[len("الدائره"):] else 0)
        s, e = norm.span_to_original(m.start(), m.end())
        out.append(PlaceMention(s, e, text[s:e], None, f"arrondissement {n}", "sublocality"))
    out.sort(key=lambda p: p.start)
    return out
