"""End-to-end check of `newsgrep serve`'s page in a real headless Chromium.

Run by tests/serve.rs with the server's address and a screenshot path:

    python3 tests/browser/serve_page.py http://127.0.0.1:PORT/ target/serve-screenshot.png

It types a query, checks the hits and their highlights, ticks a category facet,
checks that the hits and the URL follow, opens a post with the keyboard, and saves a
screenshot. Exit code 0 means every check passed; 3 means Selenium, Chromium or
ChromeDriver is missing (the caller reports it as a skip).
"""

import sys
import time

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError as err:  # the caller prints this as the reason for skipping
    print(f"selenium is not installed: {err}")
    sys.exit(3)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1280,900",
    ]:
        options.add_argument(flag)
    try:
        return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except Exception as err:  # noqa: BLE001 - any start failure means no browser here
        print(f"Chromium could not start: {err}")
        sys.exit(3)


def texts(driver, css):
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, css)]


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}")
        sys.exit(1)


def main():
    base, screenshot = sys.argv[1], sys.argv[2]
    driver = browser()
    wait = WebDriverWait(driver, 10)
    try:
        driver.get(base)
        # `/` focuses the search box from anywhere on the page.
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "posts"))
        driver.execute_script("document.activeElement.blur()")
        ActionChains(driver).send_keys("/").perform()
        check(driver.switch_to.active_element.get_attribute("id") == "q", "/ focuses the search box")
        driver.switch_to.active_element.send_keys("harbor")
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "4 posts"))
        titles = texts(driver, "#results .hit-title")
        check(titles[0] == "City Council Delays Vote on Harbor Cranes", f"first hit: {titles}")
        check(len(titles) == 4, f"four hits: {titles}")
        marks = texts(driver, "#results .hit-title mark")
        check("Harbor" in marks, f"the title's match is highlighted: {marks}")
        check("q=harbor" in driver.current_url, f"the query is in the URL: {driver.current_url}")

        # Tick the Transport category: only the tram post is left.
        box = wait.until(EC.element_to_be_clickable(
            (By.CSS_SELECTOR, "#facet-category input[value='Transport']")))
        box.click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "1 post "))
        titles = texts(driver, "#results .hit-title")
        check(titles == ["New Tram Line Opens to the Harbor"], f"filtered hits: {titles}")
        check("category=Transport" in driver.current_url, f"the facet is in the URL: {driver.current_url}")

        # The URL alone brings the same list back.
        driver.get(driver.current_url)
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "1 post "))
        check(texts(driver, "#results .hit-title") == ["New Tram Line Opens to the Harbor"], "bookmarked list")

        # Open the post with the keyboard; Escape closes it.
        first = driver.find_element(By.CSS_SELECTOR, "#results .hit-title")
        first.send_keys(Keys.ENTER)
        wait.until(EC.visibility_of_element_located((By.ID, "post-title")))
        check(driver.find_element(By.ID, "post-title").text == "New Tram Line Opens to the Harbor", "post view")
        check("post=newsroom.example.com%2F" in driver.current_url or "post=newsroom.example.com/" in driver.current_url,
              f"the open post is in the URL: {driver.current_url}")
        driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        wait.until(EC.invisibility_of_element_located((By.ID, "post-view")))

        # Without the facet: a screenshot of the whole list, then a click on the
        # histogram's March 2025 bar keeps that month's two posts.
        driver.get(base + "?q=harbor")
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "4 posts"))
        time.sleep(0.3)
        driver.save_screenshot(screenshot)
        driver.find_element(By.CSS_SELECTOR, "#histogram button[data-since='2025-03-01']").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "2 posts"))
        check("since=2025-03-01&until=2025-03-31" in driver.current_url, f"dates in the URL: {driver.current_url}")
        driver.find_element(By.ID, "tab-quotes").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "quotation"))
        quotes = texts(driver, "#results blockquote")
        check(any("Gusts of 110 km/h" in q for q in quotes), f"quotes tab: {quotes}")

        # On a phone-sized screen: one column, nothing wider than the screen.
        driver.set_window_size(390, 844)
        driver.get(base + "?q=harbor")
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "4 posts"))
        wide = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        check(wide <= 0, f"the page is {wide}px wider than a phone screen")
        results = driver.find_element(By.ID, "main").rect
        filters = driver.find_element(By.ID, "filters").rect
        check(filters["y"] >= results["y"] + results["height"] - 1, "filters below the results on a phone")
    finally:
        driver.quit()
    print("ok")


if __name__ == "__main__":
    main()
