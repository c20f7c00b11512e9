"""Private links: a long random token per unit and one for the operator, kept only hashed.

The database holds SHA-256 of each token (the tokens are 256 random bits, so a plain hash
cannot be searched back); the CSV handed to the operator is the only place a token is
written in clear. Issuing a new link stops the old one; revoking stops it without a new one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from dataclasses import dataclass

from .config import ServeConfig
from .store import Store

UNIT = "unit"
OPERATOR = "operator"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Link:
    """One issued link, in clear: who it is for and its address."""

    code: str
    name: str
    url: str


def unit_path(token: str) -> str:
    return f"/don-vi/{token}/"


def operator_path(token: str) -> str:
    return f"/dieu-hanh/{token}/"


def issue_links(
    config: ServeConfig,
    store: Store,
    base_url: str,
    codes: list[str] | None = None,
    operator: bool = True,
) -> list[Link]:
    """New links for the chosen units (all by default) and the operator; old ones stop."""
    base = base_url.rstrip("/")
    links = []
    for code in codes or list(config.units):
        token = new_token()
        store.add_link(UNIT, code, token_hash(token))
        store.log("cấp đường dẫn", code)
        links.append(Link(code, str(config.units[code]["name"]), base + unit_path(token)))
    if operator:
        token = new_token()
        store.add_link(OPERATOR, None, token_hash(token))
        store.log("cấp đường dẫn điều hành")
        links.append(Link("", "Người tổng hợp (điều hành)", base + operator_path(token)))
    return links


def links_csv(links: list[Link]) -> str:
    """The CSV the operator mails out: code, unit name, link (UTF-8 with BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ma_don_vi", "ten_don_vi", "duong_dan"])
    for link in links:
        writer.writerow([link.code, link.name, link.url])
    return "\ufeff" + out.getvalue()


def who(store: Store, token: str) -> tuple[str, str | None] | None:
    """(role, unit code) of a live token, or None for a wrong or revoked one."""
    if not token or len(token) > 200:
        return None
    return store.link_owner(token_hash(token))
