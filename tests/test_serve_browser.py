"""The web service in a real browser: headless Chromium driven by Selenium, on 127.0.0.1.

A unit opens its link, downloads its form, hands in a form with mistakes, reads them by
cell, hands in the corrected form and reads "hợp lệ"; the operator sees the table change,
runs the batch and downloads the zip. Each page is saved as a screenshot in
``test-screenshots/serve/`` (or ``$REPORTKIT_SCREENSHOTS``) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest
from serve_support import ADMIN, ISSUED, ROOT, filled, make_config, make_links, with_mistakes

from reportkit.serve.app import create_app

KV1 = "thanh-hoa-kv1"
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    not (CHROMEDRIVER and CHROMIUM) and not os.environ.get("CI"),
    reason="Chromium and chromedriver are not installed (run .ci/setup)",
)


@pytest.fixture
def server(tmp_path):
    """The service under waitress on a free loopback port, stopped after the test."""
    from waitress.server import create_server

    config = make_config(tmp_path / "data", deadline="05/01/2026")
    app = create_app(config)
    wsgi = create_server(app, host="127.0.0.1", port=0, threads=4)
    base = f"http://127.0.0.1:{wsgi.effective_port}"
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    yield base, make_links(config, base), app
    wsgi.close()
    thread.join(10)


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1280,1000",
        "--lang=vi",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.set_page_load_timeout(60)
    driver.downloads = downloads
    yield driver
    driver.quit()


def screenshots() -> Path:
    folder = Path(os.environ.get("REPORTKIT_SCREENSHOTS") or ROOT / "test-screenshots" / "serve")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(driver, name: str) -> None:
    """A screenshot of the whole page (the window made as tall as the page)."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    driver.set_window_size(max(width, 360), min(max(height + 140, 600), 6000))
    driver.save_screenshot(str(screenshots() / f"{name}.png"))


def downloaded(folder: Path, suffix: str, timeout: float = 60) -> Path:
    """The file the browser finished downloading into ``folder``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {list(folder.iterdir())}")


def wait_for_text(driver, element_id: str, text: str, timeout: float = 300) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        expected_conditions.text_to_be_present_in_element((By.ID, element_id), text)
    )


def hand_in(driver, form: Path) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, "tep").send_keys(str(form))
    driver.find_element(By.ID, "nop").click()


def test_a_unit_hands_in_its_form_and_the_operator_runs_the_batch(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    base, links, _ = server
    browser.get(base + links.units[KV1])
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Viện kiểm sát nhân dân khu vực 1 - Thanh Hóa" in body
    assert "Hạn nộp: 05/01/2026" in body
    shoot(browser, "1-don-vi-chua-nop")

    browser.find_element(By.ID, "tai-bieu-mau").click()
    blank = downloaded(browser.downloads, ".xlsx")
    assert blank.name == "bieu-mau-cds-2025-thanh-hoa-kv1.xlsx"
    form = filled(blank, KV1, tmp_path / "bieu-mau-da-dien.xlsx")
    wrong = with_mistakes(form, tmp_path / "bieu-mau-co-loi.xlsx")

    hand_in(browser, wrong)
    wait_for_text(browser, "co-loi", "Biểu mẫu có 2 lỗi")
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "table.problems tbody tr")]
    assert rows[0].startswith(f"Chỉ tiêu {ISSUED} Văn bản phát hành") and "nhiều" in rows[0]
    assert rows[1].startswith(f"Chỉ tiêu {ADMIN}") and "công thức" in rows[1]
    shoot(browser, "2-don-vi-co-loi")

    hand_in(browser, form)
    wait_for_text(browser, "hop-le", "Biểu mẫu hợp lệ.")
    figures = browser.find_element(By.CSS_SELECTOR, "table.figures").text
    assert "142 129 tăng 10,1%" in figures
    history = browser.find_elements(By.CSS_SELECTOR, "table.history tbody tr")
    assert len(history) == 2
    shoot(browser, "3-don-vi-hop-le")
    browser.set_window_size(390, 844)  # a phone
    shoot(browser, "4-don-vi-dien-thoai")
    browser.set_window_size(1280, 1000)

    browser.get(base + links.operator)
    row = browser.find_element(By.ID, f"don-vi-{KV1}").text
    assert "hợp lệ" in row and "97,2%" in row
    assert "Đã nộp 1/11 đơn vị · hợp lệ 1" in browser.find_element(By.ID, "tom-tat").text
    shoot(browser, "5-dieu-hanh-bang")

    browser.find_element(By.ID, "chay-tong-hop").click()
    wait_for_text(browser, "tien-do-chu", "Đã lập xong")
    shoot(browser, "6-dieu-hanh-da-lap")
    browser.find_element(By.ID, "tai-zip").click()
    archive = zipfile.ZipFile(downloaded(browser.downloads, ".zip"))
    names = archive.namelist()
    assert "bao-cao-cds-2025-thanh-hoa-kv1.docx" in names and "manifest.csv" in names
    assert any(n.startswith("bao-cao-tong-hop-cds-2025") for n in names)
