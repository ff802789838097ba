"""The page of `deep ui` in headless Chromium, against the running instrumented quickstart
service: scripts/ui-check starts both and runs this file. Each test drives the page as a user
would (clicks and typing) and checks what the service's files then hold.

Environment: DEEP_UI_URL (the address `deep ui` printed), DEEP_UI_WORKDIR (the service's
directory), DEEP_UI_SOURCE (Pricing.swift's path), DEEP_UI_LINE (a probed line in it),
DEEP_UI_SCREENSHOTS (where to save screenshots; none when empty).
"""

import json
import os
import unittest
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["DEEP_UI_URL"]
WORKDIR = os.environ["DEEP_UI_WORKDIR"]
SOURCE = os.environ["DEEP_UI_SOURCE"]
LINE = int(os.environ["DEEP_UI_LINE"])
SCREENSHOTS = os.environ.get("DEEP_UI_SCREENSHOTS", "")
BASE = URL.split("/?")[0]


def tracepoints_file():
    try:
        with open(os.path.join(WORKDIR, ".deep", "tracepoints.json")) as file:
            return json.load(file)["tracepoints"]
    except FileNotFoundError:
        return []


def snapshot_lines():
    try:
        with open(os.path.join(WORKDIR, ".deep", "snapshots.jsonl")) as file:
            return sum(1 for _ in file)
    except FileNotFoundError:
        return 0


def leaves(node):
    """The name and value of each leaf right below an opened node of the variable tree; None
    while there are none yet."""
    found = {
        leaf.find_element(By.CSS_SELECTOR, ".name").text: leaf.find_element(By.CSS_SELECTOR, ".value").text
        for leaf in node.find_elements(By.CSS_SELECTOR, ":scope > .leaf")
    }
    return found or None


class Page(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000"]:
            options.add_argument(argument)
        cls.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        # The page rebuilds what changes; a condition that meets an element just replaced is
        # asked again.
        cls.wait = WebDriverWait(
            cls.driver,
            20,
            ignored_exceptions=(NoSuchElementException, StaleElementReferenceException, ElementClickInterceptedException),
        )

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def find(self, selector, root=None):
        return (root or self.driver).find_element(By.CSS_SELECTOR, selector)

    def until(self, condition, message):
        return self.wait.until(condition, message)

    def visible(self, selector):
        return self.until(EC.visibility_of_element_located((By.CSS_SELECTOR, selector)), selector)

    def click(self, selector):
        """Clicks what `selector` finds, scrolled to the middle (the panes' titles stick to
        their tops and would take the click), again if the page rebuilt it in between (the
        tracepoints table is rebuilt when a status changes)."""

        self.until(lambda driver: self.press(driver.find_element(By.CSS_SELECTOR, selector)), f"a click on {selector}")

    def press(self, target):
        """Clicks `target` scrolled to the middle of its pane; True."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
        target.click()
        return True

    def screenshot(self, name):
        if SCREENSHOTS:
            self.driver.save_screenshot(os.path.join(SCREENSHOTS, name))

    def open_pricing(self):
        """Loads the page, opens Pricing.swift from the file tree and returns LINE's row."""
        self.driver.get(URL)
        self.visible(f'.file[data-path="{SOURCE}"]').click()
        return self.visible(f'.line.probed[data-line="{LINE}"]')

    def open_form(self):
        self.open_pricing().find_element(By.CSS_SELECTOR, ".code").click()
        return self.visible("#tracepoint-form")

    def submit(self, form, **fields):
        for name, value in fields.items():
            field = form.find_element(By.NAME, name)
            field.clear()
            field.send_keys(value)
        self.find("#form-submit", form).click()

    def tracepoint_row(self):
        """The id of the one row the tracepoints table gets."""
        row = self.visible("#tracepoints tbody tr[data-id]")
        return row.get_attribute("data-id")

    def delete(self, identifier):
        self.click(f'#tracepoints tr[data-id="{identifier}"] button.delete')
        self.until(
            EC.invisibility_of_element_located((By.CSS_SELECTOR, f'#tracepoints tr[data-id="{identifier}"]')),
            "the row to go",
        )
        self.assertNotIn(identifier, [entry["id"] for entry in tracepoints_file()])

    def test_a_request_without_the_token_is_refused(self):
        for path in ["/", "/api/files", "/api/tracepoints"]:
            with self.assertRaises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(BASE + path)
            self.assertEqual(refused.exception.code, 403, path)
        request = urllib.request.Request(
            BASE + "/api/tracepoints", method="POST", data=json.dumps({"path": SOURCE, "line": LINE}).encode()
        )
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request)
        self.assertEqual(refused.exception.code, 403)

    def test_a_line_without_a_probe_says_why(self):
        self.open_pricing()
        self.find('.line[data-line="1"] .code').click()
        note = self.visible("#line-note")
        self.assertIn(f"no code at line 1 of {SOURCE}; nearest", note.text)

    def test_a_bad_condition_shows_its_message_under_the_field(self):
        form = self.open_form()
        self.submit(form, condition="order.items.count >=")
        error = self.visible('.field-error[data-field="condition"]')
        self.assertIn("condition does not parse: expected a value, found the end at column 21", error.text)
        self.assertTrue(error.text.rstrip().endswith("^"), error.text)
        self.screenshot("ui-bad-condition.png")
        self.assertEqual([entry for entry in tracepoints_file() if entry.get("condition") == "order.items.count >="], [])
        self.find("#form-cancel").click()

    def test_a_click_sets_a_tracepoint_whose_snapshot_arrives(self):
        form = self.open_form()
        self.submit(form, condition="order.items.count >= 2", log="order {order.id} for {customer.name}")
        identifier = self.tracepoint_row()
        [written] = [entry for entry in tracepoints_file() if entry["id"] == identifier]
        self.assertEqual(written["condition"], "order.items.count >= 2")
        self.assertTrue(written["path"].endswith("Pricing.swift") and written["line"] == LINE, written)
        self.until(
            lambda driver: "has-tracepoint" in self.find(f'.line[data-line="{LINE}"]').get_attribute("class"),
            "the gutter to mark the line",
        )

        snapshot = self.visible(f'.snapshot[data-tracepoint="{identifier}"]')
        customer = self.find('details.node[data-name="customer"]', snapshot)
        self.press(self.find("summary", customer))
        names = self.until(lambda driver: leaves(customer), "the customer's fields")
        self.assertIn(names["tier"], [".standard", ".silver", ".gold"])
        self.assertEqual(names["paymentToken"], "<redacted>")
        order = self.find('details.node[data-name="order"]', snapshot)
        self.press(self.find("summary", order))
        self.assertEqual(self.find(".type", order).text, ": Order =")
        fields = self.until(lambda driver: leaves(order), "the order's fields")
        # The values in the tree are the ones the log line was rendered from.
        self.assertEqual(self.find(".log", snapshot).text, f"order {fields['id']} for {names['name']}")
        self.assertGreaterEqual(int(self.find('details.node[data-name="items"] > summary .value', order).text.split()[0]), 2)
        self.until(
            lambda driver: "completed" in self.find(f'#tracepoints tr[data-id="{identifier}"] .status').text,
            "the status to say completed",
        )
        self.assertEqual(self.find(f'#tracepoints tr[data-id="{identifier}"] .fires').text, "1")
        self.screenshot("ui-snapshot.png")

        # Edited from its row: the same id, the new condition.
        self.click(f'#tracepoints tr[data-id="{identifier}"] button.edit')
        form = self.visible("#tracepoint-form")
        self.assertEqual(form.find_element(By.NAME, "condition").get_attribute("value"), "order.items.count >= 2")
        self.submit(form, condition="order.items.count >= 3")
        self.until(
            lambda driver: [entry.get("condition") for entry in tracepoints_file() if entry["id"] == identifier]
            == ["order.items.count >= 3"],
            "the edit in the tracepoints file",
        )

        # A frame shows its line in the source.
        self.press(self.find(f'.frame[data-line="{LINE}"]', snapshot))
        self.visible(f'.line.target[data-line="{LINE}"]')
        self.delete(identifier)

    def test_older_snapshots_are_paged(self):
        form = self.open_form()
        self.submit(form, fireCount="unlimited", firePeriod="0")
        identifier = self.tracepoint_row()
        self.until(lambda driver: snapshot_lines() >= 130, "130 snapshots in the file")
        self.delete(identifier)
        self.driver.get(URL)
        shown = lambda: [node.get_attribute("data-id") for node in self.driver.find_elements(By.CSS_SELECTOR, ".snapshot")]
        # The newest page; snapshots queued before the deletion took effect may still arrive
        # above it, so the older page is counted below the oldest one shown.
        self.until(lambda driver: len(shown()) >= 50, "the newest 50")
        oldest = shown()[-1]
        self.click("#older")
        self.until(lambda driver: len(shown()) - shown().index(oldest) - 1 == 50, "50 older ones below the oldest")
        self.assertEqual(len(set(shown())), len(shown()))


if __name__ == "__main__":
    unittest.main(verbosity=2)
