"""Every value in a translated sentence of the lot page is isolated (<bdi>): in Urdu a date
written with Latin letters or a factory's Latin name keeps its own order, and the sentence its
right-to-left one."""

import re

from api.i18n.catalogs import language

HTML = {"Accept": "text/html"}


def test_the_days_and_moments_in_the_lot_pages_sentences_are_isolated(client, verified_lot):
    for code in ("ur", "en"):
        page = client.get(f"/lots/{verified_lot}?lang={code}", headers=HTML).text
        updated = re.search(r'<p class="updated">(.*?)</p>', page, re.S).group(1)
        assert re.search(r"<bdi>[^<]+</bdi>", updated), (code, updated)
        assert "<bdi><bdi>" not in page
        past = client.get(
            f"/lots/{verified_lot}?lang={code}&as_of=2030-01-01T00:00:00Z", headers=HTML
        ).text
        stood = re.search(r'<p class="as-of">(.*?)<a ', past, re.S).group(1)
        before = language(code).gettext("The record as it stood on %(moment)s.").split("%")[0]
        assert stood.startswith(before) and re.search(r"<bdi>[^<]+</bdi>", stood), (code, stood)
