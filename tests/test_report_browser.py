"""The eval's report.html in a real browser (headless Chromium): it loads self-contained, and
every Arabic block is laid out right-to-left while the English stays left-to-right.

A probe script is appended to a copy of the page; Chromium runs it and `--dump-dom` returns
what it measured with getComputedStyle. Skips where no Chromium is installed (`make install`
installs Debian's chromium where it can).
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (make install adds it)")

PROBE = """<script>
window.addEventListener('load', () => {
  const arabic = /[\\u0600-\\u06FF]/;
  const blocks = [...document.querySelectorAll('p, h4, li, td')].filter(el => el.children.length === 0);
  const out = blocks.filter(el => el.textContent.trim()).map(el => {
    const cs = getComputedStyle(el);
    const text = el.textContent.trim();
    const letters = text.replace(/[^A-Za-z\\u0600-\\u06FF]/g, '');
    const ar = (letters.match(/[\\u0600-\\u06FF]/g) || []).length;
    return {ar: letters.length > 0 && ar / letters.length > 0.8, dir: cs.direction, align: cs.textAlign,
            width: el.getBoundingClientRect().width};
  });
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify({blocks: out, title: document.title, images: document.images.length,
                                    external: [...document.querySelectorAll('link[href], script[src]')].length});
  document.body.appendChild(pre);
});
</script>"""


def _report_html(tmp_path: Path) -> Path:
    evals = tmp_path / "evals"  # a copy: the run may store outputs, never in the committed folder
    shutil.copytree(ROOT / "evals", evals, ignore=shutil.ignore_patterns("runs"))
    (evals / "runs").mkdir()
    out = tmp_path / "report"
    subprocess.run([sys.executable, "-m", "summarizer", "eval", "--engine", "rules", "--cases", "s003*",
                    "--evals-dir", str(evals), "--out", str(out)], capture_output=True, text=True, timeout=120)
    return out / "report.html"


def test_report_html_renders_arabic_right_to_left(tmp_path):
    page = _report_html(tmp_path)
    probed = tmp_path / "probed.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom",
         probed.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, "the probe did not run: the page failed to load in Chromium"
    probe = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                       .replace("&gt;", ">"))
    assert probe["external"] == 0  # self-contained: no linked stylesheet or script
    arabic = [b for b in probe["blocks"] if b["ar"]]
    latin = [b for b in probe["blocks"] if not b["ar"]]
    assert arabic and latin
    assert all(b["dir"] == "rtl" for b in arabic), [b for b in arabic if b["dir"] != "rtl"][:3]
    assert all(b["width"] > 0 for b in arabic)
    assert any(b["dir"] == "ltr" for b in latin)
