"""Typed configuration, read from `JOBBMATCH_*` environment variables when asked for."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from pydantic import Field, SecretStr
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
    # Where the workers of one host share their rate-limit counts (`serve --workers`
    # makes one); unset, each process counts alone.
    rate_limit_dir: Path | None = None
    migrate_on_start: bool = True
    taxonomy_snapshot: Path | None = None
    taxonomy_api_url: str = "https://taxonomy.api.jobtechdev.se/v1/taxonomy"
    taxonomy_api_key: SecretStr | None = None
    taxonomy_timeout_seconds: float = 10.0
    taxonomy_sync_on_start: bool = True
    retention_years: int = Field(default=5, ge=0, le=100)
    audit_review_time_zone: str = "Europe/Stockholm"
    audit_review_day_starts: int = Field(default=7, ge=0, le=23)
    audit_review_day_ends: int = Field(default=19, ge=1, le=24)
    audit_review_bulk_participants: int = Field(default=50, ge=1)
    events_retention_days: float = 30.0
    webhook_allowed_hosts: list[str] = []
    webhook_deliverer: bool = True
    webhook_poll_seconds: float = 1.0
    webhook_timeout_seconds: float = 10.0
    webhook_lease_seconds: float = 60.0
    webhook_backoff_seconds: float = 5.0
    webhook_backoff_max_seconds: float = 6 * 3600.0
    webhook_max_failures: int = 15

    # Operations (service/metrics.py): off by default, since /metrics answers
    # without an API key; turn it on where only the scraper can reach it.
    metrics_enabled: bool = False
    # Batch imports of more rows than this run as a job (`202` and `/v1/jobs/{id}`),
    # committed in chunks; a running job whose lease (renewed with every chunk) is
    # older than the stale time is taken over by another process, or by this one
    # when it starts again. Every serve process runs jobs unless `batch_job_runner`
    # is off (then `jobbmatch jobs run` does); finished jobs are kept for the
    # retention period.
    batch_job_threshold: int = Field(default=1000, ge=0)
    batch_job_chunk_rows: int = Field(default=500, ge=1)
    batch_job_stale_seconds: float = Field(default=60.0, gt=0)
    batch_job_poll_seconds: float = Field(default=5.0, gt=0)
    batch_job_runner: bool = True
    batch_job_retention_days: float = Field(default=30.0, gt=0)


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings, read from the environment on first use."""
    return Settings()


async def app_settings(request: Request) -> Settings:
    """The settings the running app was created with, for routes that need one."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(app_settings)]
