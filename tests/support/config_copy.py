"""An edited copy of the shipped config/: Hà Nội renamed (name, alias, portal), every directive's title marked."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.settings import DEFAULT_CONFIG_DIR

NEW_NAME = "Thăng Long"  # Hà Nội's name in the copy; no unit of the shipped config/ has it
NEW_PORTAL = "thanglong.gov.vn"  # its portal in the copy; the shipped config/ knows no unit behind it
NEW_TITLE = "tiêu đề đã sửa trong bản sao"  # what every directive's title starts with in the copy
MENTION = f"UBND thành phố {NEW_NAME} ban hành Quyết định số 27/QĐ-TTg ngày 03/01/2025 về trẻ em."


def edited_config(tmp_path: Path) -> Path:
    """Copy config/ under `tmp_path` and edit it; the copy's directory."""
    target = tmp_path / "config-copy"
    shutil.copytree(DEFAULT_CONFIG_DIR, target)
    provinces = target / "provinces.yaml"
    text = provinces.read_text(encoding="utf-8")
    old = "- code: ha-noi\n  name: Hà Nội\n  kind: city\n  gso: '01'\n  aliases:\n"
    assert text.count(old) == 2, "provinces.yaml changed shape: update this helper"
    current = text.index(old)  # the first: the current unit
    text = text[:current] + old.replace("Hà Nội", NEW_NAME) + f"  - {NEW_NAME}\n" + text[current + len(old):]
    text = text.replace("  portal: hanoi.gov.vn\n", f"  portal: {NEW_PORTAL}\n", 1)
    provinces.write_text(text, encoding="utf-8")
    directives = target / "directives.yaml"
    text = directives.read_text(encoding="utf-8")
    assert "\n    title: thực hiện Khuyến nghị" in text, "directives.yaml changed shape: update this helper"
    directives.write_text(text.replace("\n    title: ", f"\n    title: {NEW_TITLE} — "), encoding="utf-8")
    return target


def page(title: str) -> str:
    """An article page whose body names the renamed city and cites 27/QĐ-TTg."""
    words = " ".join(["Các sở, ngành triển khai kế hoạch bảo vệ trẻ em trên địa bàn trong năm nay."] * 4)
    paras = "".join(f"<p>{MENTION} {words}</p>" for _ in range(3))
    return (
        f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1><p class='date'>Ngày 05/03/2024</p>{paras}</article></body></html>"
    )
