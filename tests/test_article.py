"""Reading and preparing articles: encodings, HTML, boilerplate, bad input."""

import codecs
import datetime as dt
from pathlib import Path

import pytest

from summarizer.article import MAX_CHARS, decode, prepare, read_article
from summarizer.errors import InputError

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED = {p.name[:3]: p for p in SEEDS.glob("*.txt")}


def boiler_text(article):
    return [article.text[a:b] for a, b in article.boilerplate]


def test_seed_004_javascript_notice_and_read_more_are_boilerplate():
    a = read_article(SEED["004"])
    spans = boiler_text(a)
    assert any(s.startswith("Sorry, you need to enable JavaScript") for s in spans)
    assert any("اقرأ المزيد" in s for s in spans)
    assert "Sorry" not in a.content and "المزيد من الأخبار" not in a.content
    assert "صادروا نحو مليوني دولار" in a.content


def test_seed_001_read_more_lines_and_disclaimer_are_boilerplate():
    a = read_article(SEED["001"])
    assert "👈" not in a.content
    assert "إخلاء مسؤولية" not in a.content and "حسن النية" not in a.content
    assert "بائع دراجات شجاع" in a.content


def test_seed_002_faq_author_and_back_to_top_are_boilerplate():
    a = read_article(SEED["002"])
    for junk in ("الأسئلة الشائعة", "عملاق التداول", "زر الذهاب إلى الأعلى"):
        assert junk not in a.content
    # the repeated title line (an image alt text) counts once
    assert a.content.count("كازاخستان تسجل 1000 قضية جنائية") == 1
    assert "26,000 موقع" in a.content


def test_boilerplate_spans_keep_offsets_into_the_original_text():
    raw = SEED["001"].read_text(encoding="utf-8")
    a = read_article(SEED["001"])
    assert a.text == raw.replace("\r\n", "\n")
    start = a.text.index("إخلاء مسؤولية")
    assert a.in_boilerplate(start, start + 5)
    body = a.text.index("بائع دراجات")
    assert not a.in_boilerplate(body, body + 5)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256", "utf-16"])
def test_encodings_are_detected(encoding):
    text = SEED["003"].read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding == "utf-8-sig":
        assert data.startswith(codecs.BOM_UTF8)
    assert decode(data) == text


def test_html_page_becomes_article_text():
    body = "".join(f"<p>{line}</p>" for line in SEED["003"].read_text(encoding="utf-8").splitlines())
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>خبر</title></head>"
            f"<body><nav>الرئيسية | أخبار</nav><article>{body}</article><footer>جميع الحقوق محفوظة</footer>"
            f"</body></html>")
    a = prepare(page)
    assert "ساوموا ضحيتهم للحصول على مبلغ 50 مليون دينار عراقي" in a.text
    assert "<p>" not in a.text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\t  ", "empty"),
    (bytes(range(256)) * 20, "binary"),
])
def test_bad_bytes_give_a_clear_error(data, reason):
    with pytest.raises(InputError, match=reason):
        read_article(data, name="bad.txt")


def test_missing_file_is_named_in_the_error(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_article(tmp_path / "nope.txt")


def test_long_article_is_truncated_with_a_warning():
    line = SEED["003"].read_text(encoding="utf-8").splitlines()[2] + "\n"
    a = prepare(line * (MAX_CHARS // len(line) + 50))
    assert len(a.text) <= MAX_CHARS
    assert any(w.code == "truncated" for w in a.warnings)


def test_english_article_gets_a_language_warning():
    a = prepare("Police in Paris arrested 24 people over crypto kidnapping plots. " * 5)
    assert any(w.code == "language" for w in a.warnings)
    assert not any(w.code == "language" for w in read_article(SEED["000"]).warnings)


def test_utf16_without_bom_is_text_not_binary():
    text = SEED["003"].read_text(encoding="utf-8")
    assert decode(text.encode("utf-16-le")) == text
    assert decode(text.encode("utf-16-be")) == text


def _page(head: str, body_text: str) -> str:
    body = "".join(f"<p>{line}</p>" for line in body_text.splitlines() if line.strip())
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body><article>{body}</article></body></html>"


def test_html_publication_date_comes_from_metadata_only():
    text = SEED["004"].read_text(encoding="utf-8")  # mentions "عام 2019" in the body
    assert prepare(_page("<title>خبر</title>", text)).published is None  # never guessed from the body
    dated = prepare(_page("<meta property='article:published_time' content='2020-08-13T10:00:00Z'>", text))
    assert dated.published == dt.date(2020, 8, 13)
