"""Exceptions raised when talking to the JobTech taxonomy.

They describe what went wrong in taxonomy terms and know nothing about how a web
service would render them::

    TaxonomyError
    ├── TaxonomyUnreachable  no usable answer: network, timeouts, 5xx or 429 to the end
    ├── TaxonomyRejected     the API said no: a 4xx other than 429, or GraphQL errors
    └── MalformedPayload     an answer came but is not JSON or not the documented shape
"""


class TaxonomyError(Exception):
    """Base of every taxonomy failure; catch this to handle them all."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


class TaxonomyUnreachable(TaxonomyError):
    """No usable answer from ``url`` even after retrying."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = _one_line(reason)
        super().__init__(f"JobTech taxonomy unreachable at {url}: {self.reason}")


class TaxonomyRejected(TaxonomyError):
    """The API refused the request; retrying the same request will not help."""

    def __init__(self, url: str, status: int, error: str | None = None) -> None:
        self.url = url
        self.status = status
        self.error = _one_line(error) if error else None
        detail = f": {self.error}" if self.error else ""
        super().__init__(f"JobTech taxonomy rejected {url} with HTTP {status}{detail}")


class MalformedPayload(TaxonomyError):
    """The answer from ``endpoint`` is not JSON or not shaped as documented."""

    def __init__(self, endpoint: str, problem: str) -> None:
        self.endpoint = endpoint
        self.problem = _one_line(problem)
        super().__init__(f"Malformed answer from JobTech {endpoint}: {self.problem}")
