"""One template object rendered from many threads at once: every output holds its own values.

The outputs are read with lxml rather than python-docx here only because there are 400.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import docx
from lxml import etree
from word_helpers import part_xml, png, save

from reportkit.word import InlineImage, RichText, WordTemplate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def test_eight_threads_fifty_renders_each(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("Đơn vị {{ unit }}")
    doc.add_paragraph("{%p for x in items %}")
    doc.add_paragraph("{{ x }} {{ mark }}")
    doc.add_paragraph("{%p endfor %}")
    table = doc.add_table(rows=3, cols=1)
    table.cell(0, 0).text = "{%tr for x in items %}"
    table.cell(1, 0).text = "{{ unit }}-{{ x }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    doc.sections[0].header.paragraphs[0].text = "{{ unit }}"
    template = WordTemplate(save(doc, tmp_path / "t.docx"))
    images = [png(10 + i, 10) for i in range(8)]

    def work(thread: int) -> list[str]:
        failures = []
        for n in range(50):
            unit = f"T{thread}-N{n}"
            items = [f"{unit}/{k}" for k in range(n % 4 + 1)]
            context = {
                "unit": unit,
                "items": items,
                "mark": RichText(unit, bold=True) if n % 2 else InlineImage(images[thread], 5),
            }
            data = template.render(context)
            body = etree.fromstring(part_xml(data).encode()).find(f"{W}body")
            expected = [f"Đơn vị {unit}"] + [f"{x} {unit if n % 2 else ''}" for x in items]
            if [_text(p) for p in body.iter(f"{W}p") if p.getparent() is body] != expected:
                failures.append(unit)
            cells = [_text(tc) for tc in body.iter(f"{W}tc")]
            if cells != [f"{unit}-{x}" for x in items]:
                failures.append(unit + " table")
            if f">{unit}<" not in part_xml(data, "word/header1.xml"):
                failures.append(unit + " header")
            blips = re.findall(r'<a:blip r:embed="([^"]+)"', part_xml(data))
            rels = part_xml(data, "word/_rels/document.xml.rels")
            if n % 2 == 0 and (
                len(blips) != len(items) or any(f'Id="{b}"' not in rels for b in blips)
            ):
                failures.append(unit + " image")
        return failures

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    assert results == [[]] * 8
