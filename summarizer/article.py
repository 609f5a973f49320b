"""Read and prepare an article: bytes or text in, an `Article` out.

The first step of the one-way flow (read → prepare → engine → verify → store → render).
`Article.text` is the text every offset in the output points into. Page boilerplate
(cookie/JavaScript notices, "read more" lines, disclaimers, FAQ blocks, author blurbs,
image captions, repeated titles) stays in the text so offsets keep their meaning, but is
listed in `Article.boilerplate` and is never evidence or brief material.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .records import AnalysisWarning

#: Longer articles are cut at a paragraph boundary, with a warning (never silently).
MAX_CHARS = 60_000

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")

# A line that is boilerplate on its own.
_LINE_PATTERNS = [
    re.compile(r"^\s*sorry,? you need to enable javascript", re.I),
    re.compile(r"^\s*(please )?enable (javascript|cookies)", re.I),
    re.compile(r"^\s*(👈|👉|⬅️|►)?\s*(اقرأ|إقرأ|اقرا)\s+(المزيد|أيضا|أيضاً|ايضا)\b"),
    re.compile(r"^\s*(شاهد|طالع)\s+(أيضا|أيضاً|ايضا)\b"),
    re.compile(r"^\s*يحتوي هذا القسم على المقالات ذات صلة"),
    re.compile(r"^\s*(تابعونا|تابعنا|شارك|شاركها|مشاركة)\s*(على|عبر)?\b.{0,40}$"),
    # An image caption: a short line ending with the photo agency in brackets.
    re.compile(r"^.{0,160}\((رويترز|أ ف ب|أ\.ف\.ب|Getty|AFP|Reuters|AP|فرانس برس|الأناضول|غيتي)\)\s*$", re.I),
]
# A line after which the rest of the page is boilerplate.
_TAIL_MARKERS = [
    re.compile(r"^\s*إخلاء (ال)?مسؤولية\s*$"),
    re.compile(r"^\s*الأسئلة الشائعة\s*$"),
    re.compile(r"^\s*زر الذهاب إلى الأعلى\s*$"),
    re.compile(r"^\s*المزيد من الأخبار\s*$"),
    re.compile(r"^\s*(مواضيع|مقالات|أخبار) (ذات صلة|مشابهة)\s*$"),
]


#: A line that talks to a model instead of reporting news: never evidence, never a source.
_INJECTION_LINE = re.compile(
    r"(ignore|disregard|forget|override)\s+(all\s+|any\s+|the\s+)?(previous|prior|above|earlier|your)\s+"
    r"(instructions|prompts?|rules|directions)|^\s*(system|assistant|user|developer)\s*:|"
    r"system prompt|you are now|new instructions|<\|im_(start|end)\|>|\[/?INST\]|</?(system|instructions)>|"
    r"(output|return|respond with|reply with) (only )?(the following|this) (json|answer)|"
    r"تجاهل\s+(جميع\s+|كل\s+)?(التعليمات|الأوامر|الاوامر|الإرشادات|التوجيهات)|"
    r"(التعليمات|الأوامر) (السابقة|الجديدة)|^\s*(النظام|المساعد)\s*:|أنت الآن|انت الان|"
    r"(أعد|اكتب|أخرج)\s+(فقط\s+)?(ال)?(JSON|جيسون)",
    re.I,
)
_BLOCK_START = re.compile(r"^\s*(```|<\|im_start\|>|\{\s*$|\{\s*\"(brief|incidents|headline_en|summary_en)\")")
_BLOCK_END = re.compile(r"(```\s*$|<\|im_end\|>|^\s*\}\s*$)")


def _injected_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    lines = list(re.finditer(r"[^\n]*", text))
    k = 0
    while k < len(lines):
        m = lines[k]
        line = m.group()
        if _BLOCK_START.search(line) and (_INJECTION_LINE.search(line) or line.strip().startswith(("```", "{"))
                                           or "<|im_start|>" in line):
            end = m.end()
            j = k
            while j < len(lines):
                end = lines[j].end()
                if _BLOCK_END.search(lines[j].group()) and (j > k or line.count("<|im_end|>")
                                                               or line.strip().endswith("}")):
                    break
                j += 1
            spans.append((m.start(), end))
            k = j + 1
            continue
        if line.strip() and _INJECTION_LINE.search(line):
            spans.append((m.start(), m.end()))
        k += 1
    return spans


@dataclass(frozen=True)
class Article:
    """A prepared article. Offsets everywhere in the output point into `text`."""

    text: str
    source: str = "<text>"
    sha256: str = ""
    boilerplate: tuple[tuple[int, int], ...] = ()
    #: Instruction-like text planted in the page ("ignore previous instructions", fake system
    #: messages, fake JSON answers): never followed, never evidence, never a source of facts.
    injected: tuple[tuple[int, int], ...] = ()
    published: dt.date | None = None
    title: str | None = None
    warnings: tuple[AnalysisWarning, ...] = field(default=())

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when the span [start, end) lies mostly inside page boilerplate."""
        return _mostly_inside(start, end, self.boilerplate)

    def in_injected(self, start: int, end: int) -> bool:
        """True when the span [start, end) lies mostly inside planted instructions."""
        return _mostly_inside(start, end, self.injected)

    def content_spans(self) -> list[tuple[int, int]]:
        """Non-empty lines of the article proper, as (start, end) offsets, in order."""
        spans = []
        for m in re.finditer(r"[^\n]+", self.text):
            if (m.group().strip() and not self.in_boilerplate(m.start(), m.end())
                    and not self.in_injected(m.start(), m.end())):
                spans.append((m.start(), m.end()))
        return spans

    @property
    def input_key(self) -> str:
        """Identifies this input for caching: the text, plus the publication date that anchors
        its relative dates ("yesterday") when one is given."""
        return self.sha256 if self.published is None else f"{self.sha256}@{self.published.isoformat()}"

    @property
    def content(self) -> str:
        """The article proper: boilerplate lines removed (for engines' convenience)."""
        return "\n".join(self.text[a:b] for a, b in self.content_spans())


def _mostly_inside(start: int, end: int, spans: tuple[tuple[int, int], ...]) -> bool:
    if end <= start:
        return False
    covered = sum(max(0, min(end, b) - max(start, a)) for a, b in spans)
    return covered * 2 > (end - start)


def read_article(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    published: dt.date | None = None,
) -> Article:
    """Read an article from a path, raw bytes or a text string and prepare it.

    A `str` that names an existing file is read as a path; any other `str` is article text.
    """
    if isinstance(source, Path) or (isinstance(source, str) and _looks_like_path(source)):
        path = Path(source)
        label = name or str(path)
        data = _read_file(path, label)
        return prepare(decode(data, source=label), source=label, published=published,
                       html=path.suffix.lower() in {".html", ".htm"})
    if isinstance(source, bytes):
        label = name or "<bytes>"
        return prepare(decode(source, source=label), source=label, published=published)
    return prepare(source, source=name or "<text>", published=published)


def _read_file(path: Path, label: str) -> bytes:
    """The file's bytes, or an `InputError` that names the file and the reason.

    Checks the file type first so a FIFO or device never blocks the read.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        reason = "broken symbolic link" if path.is_symlink() else "no such file"
        raise InputError(reason, source=label) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", source=label) from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory (pass the files in it, or use `summarizer batch`)", source=label)
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file (FIFO, socket or device)", source=label)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({(exc.strerror or str(exc)).lower()})", source=label) from exc


def _looks_like_path(s: str) -> bool:
    if "\n" in s or len(s) > 4096:
        return False
    try:
        return Path(s).exists() or s.endswith((".txt", ".md", ".html", ".htm"))
    except OSError:
        return False


def decode(data: bytes, *, source: str = "<bytes>") -> str:
    """Decode article bytes: BOMs first, then strict UTF-8, then detection (Windows-1256…)."""
    if not data.strip():
        raise InputError("empty input", source=source)
    for bom, enc, label in ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                            (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                # A few broken sequences in a long article: keep it (`prepare` warns). More than
                # that, and the byte-order mark is a coincidence: say so rather than guess.
                lenient = data.decode(enc, "replace")
                if lenient.count("\ufffd") <= len(lenient) // 100:
                    return lenient
                raise InputError(f"starts with a {label} byte-order mark but is not valid {label}",
                                 source=source) from None
    if _looks_like_utf16(data):
        odd_high = sum(b in (0, 6) for b in data[1:2000:2]) > sum(b in (0, 6) for b in data[0:2000:2])
        return data.decode("utf-16-le" if odd_high else "utf-16-be", "replace")
    if b"\x00" in data[:4096]:
        raise InputError("binary data, not text", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes: keep it; `prepare` warns about the replacements.
    lenient = data.decode("utf-8", "replace")
    if lenient.count("\ufffd") <= max(8, len(lenient) // 100):
        return lenient
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = None
    if text is not None and len(_ARABIC_LETTER.findall(text)) > 0.3 * len(re.findall(r"\w", text) or "x"):
        return text
    from charset_normalizer import from_bytes  # only for the rare non-UTF-8, non-Arabic case

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot detect the text encoding (not UTF-8, UTF-16 or Windows-1256)", source=source)
    return str(best)


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: one byte parity is mostly 0x00 (Latin) or 0x06 (Arabic block)."""
    sample = data[:2000]
    if len(sample) < 4 or len(sample) % 2:
        return False
    half = len(sample) / 2
    even = sum(b in (0, 6) for b in sample[0::2])
    odd = sum(b in (0, 6) for b in sample[1::2])
    return max(even, odd) > 0.6 * half and min(even, odd) < 0.1 * half


def prepare(text: str, *, source: str = "<text>", published: dt.date | None = None,
            html: bool | None = None) -> Article:
    """Turn decoded text (plain, markdown or an HTML page) into an `Article`."""
    warnings: list[AnalysisWarning] = []
    title = None
    if html is None:
        html = bool(re.match(r"\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", text, re.I))
    if html:
        text, title, page_date = _html_to_text(text, source)
        published = published or page_date
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _is_binaryish(text):
        raise InputError("binary data, not text", source=source)
    if bad := text.count("\ufffd"):
        warnings.append(AnalysisWarning(code="encoding", message=f"{bad} undecodable byte sequence(s) replaced"))
    if not text.strip():
        raise InputError("no article text (empty or whitespace only)", source=source)
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS)
        cut = cut if cut > MAX_CHARS // 2 else MAX_CHARS
        warnings.append(AnalysisWarning(
            code="truncated",
            message=f"article is {len(text):,} characters; only the first {cut:,} were analysed",
        ))
        text = text[:cut]
    boilerplate = find_boilerplate(text)
    injected = tuple(_injected_spans(text))
    article = Article(text=text, source=source, sha256=hashlib.sha256(text.encode()).hexdigest(),
                      boilerplate=tuple(boilerplate), injected=injected, published=published, title=title)
    content = article.content
    if not content.strip():
        raise InputError("no article text once page boilerplate is removed", source=source)
    arabic = len(_ARABIC_LETTER.findall(content))
    latin = len(_LATIN_LETTER.findall(content))
    if arabic < 0.5 * (arabic + latin):
        warnings.append(AnalysisWarning(
            code="language",
            message=f"article is mostly not Arabic ({arabic} Arabic vs {latin} Latin letters); "
                    "extraction is built for Arabic and may miss facts",
        ))
    elif latin > 0.2 * (arabic + latin):
        warnings.append(AnalysisWarning(code="language", message="article mixes Arabic and Latin-script text"))
    if boilerplate:
        warnings.append(AnalysisWarning(
            code="boilerplate",
            message=f"{len(boilerplate)} page-boilerplate block(s) ignored "
                    f"({sum(b - a for a, b in boilerplate)} characters)",
        ))
    return Article(text=text, source=source, sha256=article.sha256, boilerplate=article.boilerplate,
                   injected=injected, published=published, title=title, warnings=tuple(warnings))


# Control characters (Unicode category Cc is exactly these two ranges) other than \t and \n,
# and the replacement character.
_BINARYISH = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


def _is_binaryish(text: str) -> bool:
    sample = text[:4000]
    return len(_BINARYISH.findall(sample)) > max(3, len(sample) // 50)


def _html_to_text(page: str, source: str) -> tuple[str, str | None, dt.date | None]:
    import trafilatura  # imported here: only HTML input pays for it
    from trafilatura.settings import Document

    # Dates only from the page's metadata: trafilatura's extensive search would guess one from
    # the article body ("عام 2019" → 2019-01-01) and anchor "Thursday" to an invented day.
    extracted = trafilatura.bare_extraction(page, include_comments=False, include_tables=False,
                                            favor_recall=True, with_metadata=True,
                                            date_extraction_params={"extensive_search": False,
                                                                    "original_date": True})
    # Without as_dict=True the result is a Document (or None when nothing was extracted).
    if not isinstance(extracted, Document) or not extracted.text or not extracted.text.strip():
        raise InputError("HTML page holds no article text", source=source)
    published = None
    if extracted.date:
        try:
            published = dt.date.fromisoformat(extracted.date[:10])
        except ValueError:
            published = None
    return extracted.text, extracted.title, published


def find_boilerplate(text: str) -> list[tuple[int, int]]:
    """Spans of page boilerplate in `text`: known line patterns, tail blocks, repeated lines."""
    spans: list[tuple[int, int]] = []
    seen: set[str] = set()
    lines = list(re.finditer(r"[^\n]+", text))
    for m in lines:
        line = m.group().strip()
        if not line:
            continue
        if any(p.search(line) for p in _TAIL_MARKERS):
            spans.append((m.start(), len(text)))
            break
        key = re.sub(r"\s+", " ", line)
        if any(p.search(line) for p in _LINE_PATTERNS) or (key in seen and len(key) > 15):
            spans.append((m.start(), m.end()))
        seen.add(key)
    return spans
