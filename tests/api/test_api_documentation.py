"""/docs is Swagger UI from files Nishan serves itself: the page names no other host, its files
are there, and FastAPI's CDN-loading pages are gone (/redoc)."""

import re


def test_the_documentation_page_loads_only_nishans_own_files(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(addresses) >= 4 and all(address.startswith("/") for address in addresses)
    assert "<script>" not in page.text  # every script is a file, as the policy demands
    for address in addresses:
        assert client.get(address).status_code == 200, address
    assert 'data-openapi="/openapi.json"' in page.text
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith("text/javascript")
    assert b"SwaggerUIBundle" in bundle.content


def test_the_pages_that_loaded_from_a_cdn_are_gone(client):
    assert client.get("/redoc").status_code == 404
    assert client.get("/docs/oauth2-redirect").status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "Nishan"
