"""What one render collects besides text: images, their media parts, links and relationships.

It lives in a context variable, so several threads can render the same template object
at once, each with its own state, and nothing is ever stored on the template.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .images import ImageData

if TYPE_CHECKING:
    from .values import Writers

MEDIA_FOLDER = "word/media"


@dataclass
class RenderState:
    writers: Writers
    part: str = ""
    rich: bool = False  # a rich value was written: runs left empty may need removing
    media: dict[str, tuple[str, ImageData]] = field(default_factory=dict)  # digest -> name
    rels: dict[str, dict[str, str]] = field(default_factory=dict)  # part -> target -> rId
    image_folders: tuple[Path, ...] = ()  # where images named by path may be read from
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # part -> url -> rId

    def image_rel(self, image: ImageData) -> str:
        """The relationship id, in the part being rendered, of a media part for ``image``."""
        digest = image.digest
        if digest not in self.media:
            name = f"{MEDIA_FOLDER}/reportkit-image{len(self.media) + 1}.{image.extension}"
            self.media[digest] = (name, image)
        name = self.media[digest][0]
        target = name[len("word/") :]
        part_rels = self.rels.setdefault(self.part, {})
        if target not in part_rels:
            part_rels[target] = f"rIdReportkit{len(part_rels) + 1}"
        return part_rels[target]

    def link_rel(self, url: str) -> str:
        """The relationship id, in the part being rendered, of an external link to ``url``."""
        part_links = self.links.setdefault(self.part, {})
        if url not in part_links:
            part_links[url] = f"rIdReportkitLink{len(part_links) + 1}"
        return part_links[url]


CURRENT: ContextVar[RenderState] = ContextVar("reportkit_word_render_state")
