"""How values become WordprocessingML: escaped text, rich text runs, inline images.

A value never breaks the document: text is escaped for XML, characters XML cannot hold
are dropped, a newline becomes a line break and a tab a tab.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..errors import TemplateError
from ..i18n import N_, _
from .images import EMU_PER_MM, ImageData, length_mm, load_image
from .state import CURRENT

# docxtpl's "\a" starts a new paragraph; it stays in the text as this mark until the part
# is rendered, then fixups.split_paragraphs splits the paragraph there.
PARAGRAPH_BREAK = "\ue003"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile(r"\r\n|[\r\n\t\f]")
_TEXT_OPEN = '<w:t xml:space="preserve">'
_BREAK_XML = {
    "\t": f"</w:t><w:tab/>{_TEXT_OPEN}",
    "\n": f"</w:t><w:br/>{_TEXT_OPEN}",
    "\f": f'</w:t><w:br w:type="page"/>{_TEXT_OPEN}',
}


def escape_text(text: str) -> str:
    """Text for inside an open ``<w:t>``: escaped, with line breaks, tabs and page breaks
    (a form feed, as in docxtpl) as elements, and docxtpl's ``\a`` marked for a new
    paragraph."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text.isprintable():
        return text
    text = _INVALID_XML.sub("", text.replace(PARAGRAPH_BREAK, "").replace("\a", PARAGRAPH_BREAK))
    return _BREAKS.sub(lambda m: _BREAK_XML.get(m.group(), _BREAK_XML["\n"]), text)


def escape_attribute(value: object) -> str:
    text = _INVALID_XML.sub("", str(value))
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# The order CT_RPr requires of its children.
_RPR_ORDER = {
    name: i
    for i, name in enumerate(
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
        "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
        "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath".split()
    )
}
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEX_COLOR = re.compile(r"^#?([0-9A-Fa-f]{6})$")


def _hex(value: object, what: str) -> str:
    found = _HEX_COLOR.match(str(value))
    if not found:
        raise TemplateError(
            _("rich text {what} {value} is not a hex colour like 'C00000'").format(
                what=_(what), value=repr(value)
            )
        )
    return found.group(1).upper()


def _fonts(font: str) -> str:
    """All four font slots, or docxtpl's ``"eastAsia:Font"`` form for one more slot."""
    region, _, name = font.rpartition(":")
    name = escape_attribute(name)
    slots = {"ascii": name, "hAnsi": name, "cs": name, "eastAsia": name}
    if region:
        slots = {"ascii": name, "hAnsi": name, "cs": name, escape_attribute(region): name}
    return "<w:rFonts " + " ".join(f'w:{k}="{v}"' for k, v in slots.items()) + "/>"


def _highlight(value: str) -> dict[str, str]:
    """A Word highlight colour by name (``yellow``), or any hex colour as shading (what
    docxtpl does with a hex ``highlight``)."""
    if _HEX_COLOR.match(value):
        fill = _hex(value, N_("highlight"))
        return {"shd": f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'}
    return {"highlight": f'<w:highlight w:val="{escape_attribute(value)}"/>'}


@dataclass(frozen=True)
class RunProps:
    """The formatting of a run in the template, as its rPr children (name, xml)."""

    children: tuple[tuple[str, str], ...] = ()

    def xml(self, overrides: dict[str, str] | None = None) -> str:
        if not overrides:
            items = self.children
        else:
            merged = dict(self.children)
            merged.update(overrides)
            items = tuple((k, v) for k, v in merged.items() if v)
        if not items:
            return ""
        ordered = sorted(items, key=lambda item: _RPR_ORDER.get(item[0], len(_RPR_ORDER)))
        return "<w:rPr>" + "".join(xml for _, xml in ordered) + "</w:rPr>"


def _toggle(name: str, on: bool | None) -> dict[str, str]:
    if on is None:
        return {}
    value = "" if on else ' w:val="0"'
    return {name: f"<w:{name}{value}/>", f"{name}Cs": f"<w:{name}Cs{value}/>"}


def style_overrides(
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | str | None = None,
    strike: bool | None = None,
    color: str | None = None,
    size: float | None = None,
    font: str | None = None,
    highlight: str | None = None,
    style: str | None = None,
    subscript: bool | None = None,
    superscript: bool | None = None,
    rtl: bool | None = None,
    lang: str | None = None,
) -> dict[str, str]:
    """rPr children for a rich text run's formatting; what is not given is inherited.

    The names are docxtpl's; ``size`` is in points (docxtpl: half-points)."""
    out = {**_toggle("b", bold), **_toggle("i", italic)}
    if style is not None:
        out["rStyle"] = f'<w:rStyle w:val="{escape_attribute(style)}"/>'
    if underline is not None:
        kind = "single" if underline is True else ("none" if underline is False else underline)
        out["u"] = f'<w:u w:val="{escape_attribute(kind)}"/>'
    if strike is not None:
        out["strike"] = "<w:strike/>" if strike else '<w:strike w:val="0"/>'
    if color is not None:
        hex_colour = _hex(color, N_("colour"))
        out["color"] = f'<w:color w:val="{hex_colour}"/>'
    if size is not None:
        half_points = round(float(size) * 2)
        out["sz"] = f'<w:sz w:val="{half_points}"/>'
        out["szCs"] = f'<w:szCs w:val="{half_points}"/>'
    if font is not None:
        out["rFonts"] = _fonts(str(font))
    if highlight is not None:
        out.update(_highlight(str(highlight)))
    if subscript or superscript:
        where = "subscript" if subscript else "superscript"
        out["vertAlign"] = f'<w:vertAlign w:val="{where}"/>'
    if rtl is not None:
        out["rtl"] = "<w:rtl/>" if rtl else '<w:rtl w:val="0"/>'
    if lang is not None:
        out["lang"] = f'<w:lang w:val="{escape_attribute(lang)}"/>'
    return out


class RichText:
    """Text with its own formatting, in one or several runs: ``RichText("Đạt", bold=True)``.

    Formatting not given is that of the tag the value fills. Sizes are in points, colours
    hex ``"C00000"``, ``underline=True`` or a Word underline style such as ``"double"``.
    """

    def __init__(self, text: object = "", **style: Any):
        self.runs: list[tuple[str, dict[str, str], str | None]] = []
        if text != "" or style:
            self.add(text, **style)

    def add(self, text: object, *, url: str | None = None, **style: Any) -> RichText:
        """Append a run (or another RichText's runs); ``url`` makes it a link. Returns self
        so calls chain."""
        if isinstance(text, RichText):
            self.runs.extend(text.runs)
        else:
            self.runs.append((str(text), style_overrides(**style), url))
        return self

    def __str__(self) -> str:
        return "".join(text for text, _, _ in self.runs)

    def __repr__(self) -> str:
        return f"RichText({str(self)!r})"

    def runs_xml(self, props: RunProps) -> str:
        out = []
        for text, style, url in self.runs:
            run = f"<w:r>{props.xml(style)}{_TEXT_OPEN}{escape_text(text)}</w:t></w:r>"
            if url is not None:
                rel = CURRENT.get().link_rel(url)
                run = f'<w:hyperlink xmlns:r="{_R_NS}" r:id="{rel}">{run}</w:hyperlink>'
            out.append(run)
        return "".join(out)


class Listing(str):
    """docxtpl's ``Listing``: text whose line breaks, tabs and page breaks are kept. Every
    text value already does that here; the class lets docxtpl code run unchanged."""


class InlineImage:
    """A PNG or JPEG placed in the text, from a path or bytes.

    ``width``/``height`` are lengths ("40mm", "4cm", "1in", or a number of mm); give one
    and the other keeps the picture's proportions; give neither for its natural size.
    The file is read when the document is rendered, and read once per InlineImage.
    """

    def __init__(self, source: object, width: object = None, height: object = None):
        self.source = source
        self.width = width
        self.height = height
        self._loaded: tuple[ImageData, int, int] | None = None

    def _load(self) -> tuple[ImageData, int, int]:
        if self._loaded is None:
            state = CURRENT.get(None)
            image = load_image(self.source, state.image_folders if state else ())
            natural_w, natural_h = image.natural_mm
            width = length_mm(self.width, N_("width")) if self.width is not None else None
            height = length_mm(self.height, N_("height")) if self.height is not None else None
            if width is None and height is None:
                width, height = natural_w, natural_h
            elif width is None:
                width = natural_w * height / natural_h
            elif height is None:
                height = natural_h * width / natural_w
            self._loaded = (image, round(width * EMU_PER_MM), round(height * EMU_PER_MM))
        return self._loaded

    def __repr__(self) -> str:
        return f"InlineImage({self.source!r:.60}, width={self.width!r}, height={self.height!r})"

    def runs_xml(self, props: RunProps) -> str:
        image, cx, cy = self._load()
        rel = CURRENT.get().image_rel(image)
        return f"<w:r>{props.xml()}<w:drawing>{_drawing(rel, cx, cy)}</w:drawing></w:r>"


def _drawing(rel: str, cx: int, cy: int) -> str:
    # docPr ids are numbered after rendering, so that every drawing's id is unique.
    return (
        '<wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:docPr id="1" name="Picture"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="Picture"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch>'
        '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
    )


RICH_TYPES = (RichText, InlineImage)


class Writers:
    """Write values as WordprocessingML, with one template's run and paragraph styles.

    The compiled source calls these as filters (a filter call skips the sandbox's
    per-call checks, which matters at hundreds of values per document); the writer of
    the template being rendered is found in the render state.
    """

    def __init__(self, run_props: list[RunProps], paragraph_props: list[tuple[str, int]]):
        self.run_props = run_props
        self.paragraph_props = paragraph_props

    def rich(self, value: RichText | InlineImage, props: int) -> str:
        style = self.run_props[props]
        reopen = f"<w:r>{style.xml()}{_TEXT_OPEN}"
        return f"</w:t></w:r>{value.runs_xml(style)}{reopen}"

    def paragraph(self, value: object, props: int) -> str:
        ppr, run = self.paragraph_props[props]
        style = self.run_props[run]
        if isinstance(value, RICH_TYPES):
            runs = value.runs_xml(style)
        else:
            text = "" if value is None else str(value)
            runs = f"<w:r>{style.xml()}{_TEXT_OPEN}{escape_text(text)}</w:t></w:r>"
        return f"<w:p>{ppr}{runs}</w:p>"


def text_filter(value: object, props: int) -> str:
    """``{{ value }}`` inside a run: escaped text, or runs for rich values."""
    kind = type(value)
    if kind is str:
        return escape_text(value)
    if kind is int or kind is float:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, RICH_TYPES):
        state = CURRENT.get()
        state.rich = True
        return state.writers.rich(value, props)
    if isinstance(value, Markup):  # |e or |escape made HTML entities: print what they mean
        return escape_text(value.unescape())
    return escape_text(str(value))


def paragraph_filter(value: object, props: int) -> str:
    """``{{p value }}``: a whole paragraph."""
    return CURRENT.get().writers.paragraph(value, props)


def attribute_filter(value: object) -> str:
    """A value inside an XML attribute (cell colour, column span)."""
    return escape_attribute("" if value is None else value)


def image_filter(value: object, width: object = None, height: object = None) -> InlineImage:
    """``{{ logo_path|image("30mm") }}``: an image from a path given in the data."""
    if isinstance(value, InlineImage):
        return value
    return InlineImage(value, width=width, height=height)
