"""The sign-in page in a real Chromium at a phone's 360 px, with script turned off: a person
follows the home page's link, signs in the first time with the officer's code, and later with
their passphrase, in English and in Urdu (right to left); the session cookie then opens the API."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.wait import WebDriverWait

from domain.accounts.account import CONSOLE
from domain.actor import Role
from tests.browser.chromium import PHONE

PASSPHRASE = "monsoon over the ravi"


@contextmanager
def without_script(driver: WebDriver) -> Iterator[None]:
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def a_person(server) -> tuple[str, str]:
    name = f"person_{uuid4().hex[:8]}"
    opened = server.nishan.accounts.open_account(
        "A Person", Role.ADMIN, "NCC", by=CONSOLE, sign_in_name=name
    )
    return name, opened.sign_in_code


def a_person_with_a_passphrase(server) -> str:
    """A person past their first sign-in: their sign-in name, their passphrase PASSPHRASE."""
    name, code = a_person(server)
    server.nishan.accounts.sign_in(name, code=code, new_passphrase=PASSPHRASE)
    return name


def fill(driver: WebDriver, **fields: str) -> None:
    for field_id, value in fields.items():
        element = driver.find_element(By.ID, field_id)
        element.clear()
        element.send_keys(value)


def sent(driver: WebDriver, control: WebElement) -> None:
    """Submit the form of `control` (a field, or a button clicked) and wait for the page that
    answers it: the next step must not race the form's own navigation."""
    page = driver.find_element(By.TAG_NAME, "html")
    control.click() if control.tag_name == "button" else control.submit()
    WebDriverWait(driver, 10).until(staleness_of(page))


def followed(driver: WebDriver, link: WebElement) -> None:
    """Follow a link and wait for the page it brings, as `sent` waits for a form's."""
    page = driver.find_element(By.TAG_NAME, "html")
    link.click()
    WebDriverWait(driver, 10).until(staleness_of(page))


def signed_in_as(driver: WebDriver, origin: str) -> str:
    driver.get(f"{origin}/accounts/me")
    return json.loads(driver.find_element(By.TAG_NAME, "body").text)["sign_in_name"]


def test_a_first_sign_in_with_the_code_and_a_later_one_with_the_passphrase_in_english(
    browser, shared_server
):
    name, code = a_person(shared_server)
    driver = browser(PHONE, languages=("en",))
    with without_script(driver):
        driver.get(f"{shared_server.origin}/?lang=en")
        driver.find_element(By.CSS_SELECTOR, 'a[href^="/sign-in"]').click()
        assert driver.find_element(By.TAG_NAME, "h1").text == "Sign in to Nishan"
        # Nothing is wider than the phone.
        assert driver.find_element(By.TAG_NAME, "html").size["width"] <= PHONE.width
        fill(
            driver,
            first_sign_in_name=name,
            code=code,
            new_passphrase=PASSPHRASE,
            new_passphrase_again=PASSPHRASE,
        )
        sent(driver, driver.find_element(By.ID, "new_passphrase_again"))
        # On to the home page, in the sign-in page's language.
        assert driver.current_url == f"{shared_server.origin}/?lang=en"
        assert signed_in_as(driver, shared_server.origin) == name
        driver.delete_all_cookies()
        driver.get(f"{shared_server.origin}/sign-in?next=/accounts/me")
        fill(driver, sign_in_name=name, passphrase=PASSPHRASE)
        sent(driver, driver.find_element(By.ID, "passphrase"))
        assert driver.current_url == f"{shared_server.origin}/accounts/me?lang=en"
        assert json.loads(driver.find_element(By.TAG_NAME, "body").text)["sign_in_name"] == name


def test_the_page_in_urdu_reads_right_to_left_and_says_what_was_wrong_beside_the_field(
    browser, shared_server
):
    name = a_person_with_a_passphrase(shared_server)
    driver = browser(PHONE, languages=("ur",))
    with without_script(driver):
        driver.get(f"{shared_server.origin}/sign-in")
        html = driver.find_element(By.TAG_NAME, "html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ur", "rtl")
        assert html.size["width"] <= PHONE.width
        fill(driver, sign_in_name=name, passphrase="not the passphrase")
        sent(driver, driver.find_element(By.ID, "passphrase"))
        wrong = driver.find_element(By.ID, "passphrase-wrong")
        assert "پاس فریز درست نہیں" in wrong.text
        field = driver.find_element(By.ID, "passphrase")
        assert field.get_attribute("aria-describedby") == "passphrase-wrong"
        # The name typed is kept; the passphrase is not.
        assert driver.find_element(By.ID, "sign_in_name").get_attribute("value") == name
        fill(driver, passphrase=PASSPHRASE)
        sent(driver, driver.find_element(By.ID, "passphrase"))
        assert driver.current_url == f"{shared_server.origin}/?lang=ur"  # still in Urdu
        assert signed_in_as(driver, shared_server.origin) == name
        # Signed in, the page offers to sign out; its form carries the session's token.
        driver.get(f"{shared_server.origin}/sign-in")
        sent(driver, driver.find_element(By.CSS_SELECTOR, 'form[action^="/sign-out"] button'))
        assert "/sign-in" in driver.current_url
        driver.get(f"{shared_server.origin}/accounts/me")
        assert json.loads(driver.find_element(By.TAG_NAME, "body").text)["code"] == (
            "unauthenticated"
        )


def test_the_language_links_keep_next_and_a_stale_sign_out_form_gets_the_page_again(
    browser, shared_server
):
    name = a_person_with_a_passphrase(shared_server)
    driver = browser(PHONE, languages=("en",))
    with without_script(driver):
        driver.get(f"{shared_server.origin}/sign-in?next=/accounts/me")
        followed(driver, driver.find_element(By.CSS_SELECTOR, 'nav a[lang="de"]'))
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
        fill(driver, sign_in_name=name, passphrase="not the passphrase")
        sent(driver, driver.find_element(By.ID, "passphrase"))
        assert driver.find_element(By.ID, "passphrase-wrong")
        # From the refusal's page, another language, and still on to /accounts/me after.
        followed(driver, driver.find_element(By.CSS_SELECTOR, 'nav a[lang="fr"]'))
        assert driver.current_url.endswith("/sign-in?next=%2Faccounts%2Fme&lang=fr")
        fill(driver, sign_in_name=name, passphrase=PASSPHRASE)
        sent(driver, driver.find_element(By.ID, "passphrase"))
        assert driver.current_url == f"{shared_server.origin}/accounts/me?lang=fr"
        driver.get(f"{shared_server.origin}/sign-in?lang=fr")
    # The sign-out form's token gone stale (as when another tab signed in again).
    driver.execute_script(
        "document.querySelector('form[action^=\"/sign-out\"] input[name=csrf_token]')"
        ".value = 'stale'"
    )
    with without_script(driver):
        sent(driver, driver.find_element(By.CSS_SELECTOR, 'form[action^="/sign-out"] button'))
        assert driver.find_element(By.ID, "sign_out-wrong").text  # a sentence, in French
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
        assert signed_in_as(driver, shared_server.origin) == name  # nothing ended
        driver.get(f"{shared_server.origin}/sign-in?lang=fr")
        sent(driver, driver.find_element(By.CSS_SELECTOR, 'form[action^="/sign-out"] button'))
        assert "/sign-in" in driver.current_url
