"""The incident lexicon: cue patterns (on normalised text), count nouns, money-role cues,
known names (alias table) and a plain transliteration for names it does not know.

Patterns are written against `normalize()`d text (ا for أإآ, ي for ى, ه for ة). Every table
here feeds the rule engine's fingerprint (`lexicon_hash()`), so editing one changes cache keys.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold

__all__ = [
    "CRIME_CUES", "ENFORCEMENT_CUES", "POLICY_CUES", "OUTCOME_CUES", "COUNT_NOUNS", "MONEY_ROLE_CUES",
    "KnownName", "known_names", "find_known_names", "transliterate", "lexicon_hash", "compile_cues",
    "TERROR_GROUPS", "MARKERS",
]

P = r"(?<!\w)(?:[وفبلك]|لل|ال|وال|بال|فال|كال)?"  # optional clitics before a cue word
E = r"\w*"  # any suffix

#: (pattern, crime types, flags). Flags: attempt, plot, generic.
CRIME_CUES: list[tuple[str, tuple[str, ...], str]] = [
    (rf"{P}محاول(?:ه|ات)\s+(?:\S+\s+){{0,5}}?{P}(?:اختطاف|خطف){E}", ("attempted_kidnapping",), "attempt"),
    (rf"(?<!\w)[وف]?حاول(?:وا|ت)?\s+(?:\S+\s+){{0,3}}?{P}(?:اختطاف|خطف){E}", ("attempted_kidnapping",), "attempt"),
    (rf"{P}(?:مؤامر(?:ه|ات)|مخطط(?:ات)?)\s+(?:ال)?(?:اختطاف|خطف){E}", ("kidnap_plot",), "plot"),
    (rf"{P}(?:اختطاف|خطف|اختطف|مختطف|يختطف){E}", ("kidnapping",), ""),
    (r"(?<!\w)عثر\s+عليه(?:ا|م)?\s+محتجز", ("kidnapping",), ""),
    (rf"{P}ابتزاز\s+(?:ال)?(?:الكتروني|الالكتروني|رقمي){E}", ("cyber_extortion",), ""),
    (rf"{P}(?:ابتزاز|مبتز){E}", ("extortion",), ""),
    (rf"(?<!\w)[وف]?(?:ساوم|يساوم|مساوم){E}", ("extortion",), ""),
    (rf"{P}(?:احتيال|نصب\s+واحتيال){E}", ("fraud",), ""),
    (r"(?<!\w)(?:عمليه|عمليات|[وبل]?ال)\s*نصب(?!\w)", ("fraud",), ""),
    (rf"{P}(?:زائف|مزيف|وهمي){E}", ("fraud",), "weak"),
    (rf"{P}(?:غسيل|غسل)\s+(?:ال)?اموال", ("money_laundering",), ""),
    (rf"{P}تمويل\s+(?:ال)?ارهاب", ("terrorist_financing",), ""),
    (rf"{P}(?:اختراق|قرصن){E}", ("hack_theft",), ""),
    (rf"{P}تعدين{E}(?=.{{0,60}}(?:مسروق|غير\s+(?:قانوني|مرخص|شرعي)))", ("illegal_mining",), ""),
    (rf"{P}كهرباء\s+مسروق{E}|{P}سرق(?:ه)?\s+(?:ال)?كهرباء", ("electricity_theft",), ""),
    (rf"{P}منص(?:ه|ات)\s+(?:تداول\s+)?غير\s+مرخص{E}", ("unlicensed_exchange",), ""),
    (rf"{P}(?:برمجيات|برامج|فيروس)\s+(?:ال)?فديه", ("ransomware",), ""),
    (rf"{P}(?:سطو|سرقه\s+مسلحه){E}", ("robbery",), ""),
    (rf"{P}(?:الانترنت|الويب)\s+(?:ال)?مظلم", ("darknet_trade",), ""),
    (rf"{P}تحويل\s+(?:\S+\s+){{0,4}}خارج\s+البلاد", ("other",), "weak"),
    (rf"{P}(?:جرائم|الجرائم)\s+(?:ال)?(?:الكترونيه|المعلوماتيه){E}", ("other",), "generic"),
]
#: Terror groups: with a funding word in the same sentence they signal terrorist financing.
TERROR_GROUPS = r"(?:حماس|القسام|القاعده|داعش|تنظيم\s+الدوله)"
TF_CUE = rf"(?:{P}(?:تمويل|تبرعات|التبرعات|جمع\s+(?:ال)?اموال){E}(?=.{{0,200}}{TERROR_GROUPS})|{TERROR_GROUPS}(?=.{{0,200}}(?:تمويل|تبرع|جمع\s+(?:ال)?اموال|مخطط)))"

#: (pattern, sub-kind).
ENFORCEMENT_CUES: list[tuple[str, str]] = [
    (rf"{P}(?:القبض|قبض)(?!\w)", "arrest"), (rf"{P}(?:اعتقال|اعتقالات|اعتقل|اعتقلت){E}", "arrest"),
    (rf"{P}(?:احتجاز)(?!\w)|(?<!\w)(?:تم|وتم)\s+احتجاز", "arrest"), (rf"{P}(?:توقيف|اوقف|اوقفت){E}", "arrest"),
    (rf"{P}(?:الاطاحه|اطاحه|اطاحت|اطاح){E}", "arrest"),
    (rf"{P}(?:تفكيك|فكك|فككت|تفكك){E}", "dismantle"),
    (rf"{P}(?:مصادره|صادر|صادرت|صادروا|ضبط|تحفظ|تحفظت){E}", "seizure"),
    (rf"{P}(?:تجميد|جمدت|جمد){E}", "freeze"),
    (rf"{P}(?:حظر|حجب){E}", "block"), (rf"{P}(?:اغلاق|اغلقت|اغلق){E}", "shutdown"),
    (rf"{P}(?:احبط|احبطت|احباط){E}", "foil"),
]
POLICY_CUES: list[str] = [
    rf"{P}(?:تعهد|تعهدت)(?!\w)", r"(?<!\w)[وف]?وعد\s+بان", rf"{P}اجتماع{E}\s+(?:\S+\s+){{0,3}}(?:مع|طوارئ|الطوارئ)",
    rf"{P}لقاء\s+ممثلين", rf"{P}حزمه\s+(?:شامله\s+)?من\s+(?:ال)?اجراءات", rf"{P}تعزيز\s+(?:ال)?امن",
    rf"{P}(?:قانون|تشريع)\s+جديد",
]
OUTCOME_CUES: dict[str, str] = {
    "foiled": r"(?:قبل\s+تنفيذ|فاشل|لولا\s+تدخل|كادت|احبط)",
    "victim_rescued": r"(?:انقاذ|تحرير\s+(?:ال)?(?:ضحي|رهين|مختطف))",
    "victim_released": r"(?:اطلاق\s+سراح|افرج\s+عن)",
}
MARKERS: dict[str, str] = {
    "anaphora_case": r"(?:(?:ب|في)?هذه\s+القضيه|القضيه\s+(?:نفسها|ذاتها))",
    "background": r"(?:في\s+السابق|وقبلها|قبلها\s+ب|تتبع\s+هذه\s+الحوادث|وسبق\s+ان|سبق\s+ان)",
    "generic": r"(?:الكثير\s+من|ظاهره|اغلب\s+المحافظات|بعموم|بعدد\s+من|عدد\s+من\s+ال)",
    "aggregate": r"(?:(?<!\w)(?:سجلت|تسجل|اجمالي)(?!\w)|خلال\s+(?:ال)?(?:عامين|سنتين|السنتين|العام)|منذ\s+بدايه|هذا\s+العام)",
    "residence": r"(?:يقيم|يعيش|مقيم|تقيم)\s+(?:في|ب)",
    "arrest_ref": r"(?<!\w)ال(?:اعتقالات|تحقيقات)(?!\w)",
}

#: Noun (normalised, matched at the start of the word after a number) → count kind.
COUNT_NOUNS: list[tuple[str, str]] = [
    (r"(?:شخص|اشخاص|رجل|رجال|امراه|امراتين|نساء|فرد|افراد|عنصر|عناصر)", "people"),
    (r"(?:متهم|مشتبه|موقوف|معتقل|مبتز|مسلح|ملثم|مهاجم)", "people"),
    (r"(?:ضحي|ضحايا)", "victims"),
    (r"(?:قضي|قضايا|تحقيق|جريمه|جرائم|بلاغ|حالات|حاله)", "cases"),
    (r"(?:موقع|مواقع)", "websites"), (r"(?:حساب|حسابات)", "accounts"), (r"(?:صفح|صفحات)", "social_pages"),
    (r"(?:منص|بورص)", "exchanges"), (r"(?:مكالم)", "phone_calls"),
]
#: Money role cues, checked in the words before an amount (closest wins).
MONEY_ROLE_CUES: list[tuple[str, str]] = [
    (r"فديه", "ransom_demanded"), (r"(?:دفع\w*\s+(?:ال)?فديه)", "ransom_demanded"),
    (r"(?:ابتزاز|ساوم\w*|للحصول\s+علي)", "extortion_demanded"),
    (r"(?:خسائر|خساره|الاضرار|اضرار)", "loss"),
    (r"(?:مصادره|صادر\w*|ضبط|تحفظ\w*|حجز)", "seized"), (r"(?:تجميد|جمد\w*)", "frozen"),
    (r"(?:غسل|غسيل)", "laundered"), (r"(?:سرق\w*|مسروق\w*)", "stolen"), (r"(?:تحويل|حول\w*)", "transferred"),
    (r"(?:جمع|تبرعات)", "raised"),
]


@dataclass(frozen=True)
class KnownName:
    """An alias-table entry: English canonical name, actor kind, default role, descriptor."""

    name_en: str
    kind: str
    role: str
    descriptor_en: str | None = None


#: Arabic/Latin spelling → entry. Keys are normalised with `fold`.
_NAMES: dict[str, KnownName] = {}
for _keys, _entry in [
    (("برونو ريتاريو", "برونو ريتايو", "ريتاريو", "ريتايو", "Retailleau", "Bruno Retailleau"),
     KnownName("Bruno Retailleau", "person", "official", "French interior minister")),
    (("بيير نيزات", "نيزات", "Pierre Noizat"), KnownName("Pierre Noizat", "person", "relative_of_target", "co-founder of Paymium")),
    (("ديفيد بالاند", "بالاند", "David Balland"), KnownName("David Balland", "person", "victim", "co-founder of Ledger")),
    (("سانجار عادلوف", "عادلوف"), KnownName("Sanjar Adilov", "person", "official", "deputy interior minister of Kazakhstan")),
    (("جون ديمرز", "ديمرز"), KnownName("John Demers", "person", "official", "head of the Justice Department's National Security Division")),
    (("Paymium",), KnownName("Paymium", "company", "other", "French bitcoin exchange")),
    (("Ledger", "ليدجر"), KnownName("Ledger", "company", "other", "crypto wallet maker")),
    (("Chronopost",), KnownName("Chronopost", "company", "other", "delivery company whose logo was on the van")),
    (("Le Parisien",), KnownName("Le Parisien", "media", "source", None)),
    (("FaceMaskCenter.com",), KnownName("FaceMaskCenter.com", "unknown", "other", "website used to sell fake protective equipment")),
    (("كتائب القسام",), KnownName("al-Qassam Brigades", "group", "perpetrator", "military wing of Hamas")),
    (("حركه حماس", "حماس"), KnownName("Hamas", "group", "perpetrator", None)),
    (("تنظيم القاعده", "القاعده"), KnownName("al-Qaeda", "group", "perpetrator", None)),
    (("تنظيم داعش", "داعش"), KnownName("ISIS", "group", "perpetrator", None)),
    (("وزاره العدل الاميركيه", "وزاره العدل الامريكيه", "وزاره العدل"), KnownName("US Department of Justice", "state_agency", "enforcer", None)),
    (("مكتب التحقيقات الاتحادي", "اف بي اي"), KnownName("FBI", "state_agency", "enforcer", None)),
    (("هيئه الايرادات الداخليه",), KnownName("Internal Revenue Service", "state_agency", "enforcer", None)),
    (("وزاره الامن الداخلي",), KnownName("Department of Homeland Security", "state_agency", "enforcer", None)),
    (("جهاز الامن الوطني العراقي", "جهاز الامن الوطني"), KnownName("Iraqi National Security Service", "state_agency", "enforcer", None)),
    (("الامن العراقي",), KnownName("Iraqi security forces", "state_agency", "enforcer", None)),
    (("الشرطه الفرنسيه",), KnownName("French police", "state_agency", "enforcer", None)),
    (("البنك المركزي الكازاخستاني",), KnownName("Kazakh central bank", "state_agency", "source", None)),
]:
    for _k in _keys:
        _NAMES[fold(_k)] = _entry


def known_names() -> dict[str, KnownName]:
    """The alias table (normalised spelling → entry)."""
    return dict(_NAMES)


@lru_cache(maxsize=1)
def _names_re() -> re.Pattern[str]:
    alt = "|".join(sorted((re.escape(k) for k in _NAMES), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:[وفبلك]|لل)?(?P<n>{alt})(?![\w])")


def find_known_names(norm_text: str) -> list[tuple[int, int, KnownName]]:
    """(start, end, entry) for alias-table names in NORMALISED text (offsets in it)."""
    return [(m.start("n"), m.end("n"), _NAMES[m.group("n")]) for m in _names_re().finditer(norm_text)]


_TRANSLIT = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "'", "ئ": "'",
    "ؤ": "'", "ة": "a", "ى": "a", "أ": "a", "إ": "i", "آ": "a",
}


def transliterate(arabic: str) -> str:
    """A plain, lossy letter-by-letter romanisation (for unknown names only; not reversible)."""
    out = []
    for word in arabic.split():
        r = "".join(_TRANSLIT.get(ch, "" if "\u064b" <= ch <= "\u0670" else ch) for ch in word)
        r = re.sub(r"(?<=[bcdfghjklmnpqrstvwxz])w(?=[bcdfghjklmnpqrstvwxz]|$)", "u", r)
        r = re.sub(r"(?<=[bcdfghjklmnpqrstvwxz])y(?=[bcdfghjklmnpqrstvwxz]|$)", "i", r)
        out.append(r[:1].upper() + r[1:])
    return " ".join(out)


def compile_cues(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def lexicon_hash() -> str:
    """A short hash of every table above (part of the rule engine's fingerprint)."""
    h = hashlib.sha256()
    for part in (CRIME_CUES, TF_CUE, ENFORCEMENT_CUES, POLICY_CUES, OUTCOME_CUES, MARKERS, COUNT_NOUNS,
                 MONEY_ROLE_CUES, sorted((k, v.name_en, v.kind, v.role) for k, v in _NAMES.items())):
        h.update(repr(part).encode())
    return h.hexdigest()[:12]
