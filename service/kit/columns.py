"""Column types for structured values that live inside one row.

Nested value objects (requirement lists, steps, eligibility facts) are stored as JSON
and come back as the same pydantic models, validated on the way in and out, so a
row never holds a shape its API model would refuse.
"""

from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import JSON, Dialect
from sqlalchemy.types import TypeDecorator


class JsonOf(TypeDecorator[Any]):
    """A JSON column holding values of one Python type (a model, a list of models)."""

    impl = JSON
    cache_ok = True

    def __init__(self, value_type: Any) -> None:
        super().__init__()
        self.value_type = value_type
        self._adapter: TypeAdapter[Any] = TypeAdapter(value_type)

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return self._adapter.dump_python(
            self._adapter.validate_python(value), mode="json"
        )

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self._adapter.validate_python(value)
