from dirty_equals import IsStr
from fastapi.testclient import TestClient


class TestHealth:
    def test_health_answers_without_a_key(self, client: TestClient) -> None:
        response = client.get("/health")
        assert (response.status_code, response.json()) == (200, {"status": "ok"})

    def test_request_id_is_echoed_when_given(self, client: TestClient) -> None:
        response = client.get("/health", headers={"X-Request-ID": "abc-123"})
        assert response.headers["X-Request-ID"] == "abc-123"

    def test_request_id_is_generated_when_missing_or_unsafe(
        self, client: TestClient
    ) -> None:
        response = client.get(
            "/health", headers={"X-Request-ID": "bad id\twith spaces"}
        )
        assert response.headers["X-Request-ID"] == IsStr(regex=r"[0-9a-f]{32}")
