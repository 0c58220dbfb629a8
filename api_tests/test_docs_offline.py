"""`/docs` works without internet: every asset the page names is served here."""

import re

import pytest
from fastapi.testclient import TestClient

# src="...", href="..." and url: '...' (Swagger UI's spec URL) in the page.
REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*'([^']+)'""")


def _references(html: str) -> list[str]:
    return [first or second for first, second in REFERENCE.findall(html)]


class TestDocs:
    def test_the_page_names_no_other_host(self, client: TestClient) -> None:
        response = client.get("/docs")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        html = response.text
        assert "SwaggerUIBundle" in html
        assert re.findall(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html) == []
        references = _references(html)
        assert sorted(references) == [
            "/docs/assets/favicon-32x32.png",
            "/docs/assets/swagger-ui-bundle.js",
            "/docs/assets/swagger-ui.css",
            "/openapi.json",
        ]

    @pytest.mark.parametrize(
        ("path", "content_type"),
        [
            ("/docs/assets/swagger-ui-bundle.js", "javascript"),
            ("/docs/assets/swagger-ui.css", "text/css"),
            ("/docs/assets/favicon-32x32.png", "image/png"),
            ("/openapi.json", "application/json"),
        ],
    )
    def test_every_asset_it_names_is_served(
        self, client: TestClient, path: str, content_type: str
    ) -> None:
        response = client.get(path)
        assert response.status_code == 200
        assert content_type in response.headers["content-type"]
        assert len(response.content) > 500

    def test_the_bundle_is_swagger_ui(self, client: TestClient) -> None:
        response = client.get("/docs/assets/swagger-ui-bundle.js")
        assert "SwaggerUIBundle" in response.text

    def test_the_oauth2_redirect_page_is_local_too(self, client: TestClient) -> None:
        response = client.get("/docs/oauth2-redirect")
        assert response.status_code == 200
        assert re.findall(r"https?://", response.text) == []

    def test_there_is_no_cdn_redoc(self, client: TestClient) -> None:
        assert client.get("/redoc").status_code == 404
