"""Typed configuration, read from `JOBBMATCH_*` environment variables when asked for."""

from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the service can be configured with; see the README's table."""

    model_config = SettingsConfigDict(env_prefix="JOBBMATCH_", frozen=True)

    database_url: str = "sqlite:///./var/jobbmatch.db"
    log_level: str = "INFO"
    cors_origins: list[str] = []
    max_body_bytes: int = 1024 * 1024
    max_batch_body_bytes: int = 32 * 1024 * 1024
    rate_limit_per_minute: int = 1200
    auth_failures_per_minute: int = 60
    migrate_on_start: bool = True
    taxonomy_snapshot: Path | None = None
    taxonomy_api_url: str = "https://taxonomy.api.jobtechdev.se/v1/taxonomy"
    taxonomy_api_key: SecretStr | None = None
    taxonomy_timeout_seconds: float = 10.0
    taxonomy_sync_on_start: bool = True


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings, read from the environment on first use."""
    return Settings()
