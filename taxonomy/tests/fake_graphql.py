"""Just enough GraphQL for the fake JobTech server: parse a query, answer it.

It knows the root fields ``concepts(...)`` and ``versions`` and the concept fields that
``shared/taxonomy/API.md`` lists for the live schema. Asking for any other field is an
error, as on the real server, so a typo in the client's queries fails the tests.
Fragments, directives and mutations are not supported.
"""

import json
import re
from dataclasses import dataclass
from typing import Any

from taxonomy.tests.fake_jobtech_data import LATEST, VERSIONS, FakeConcept, FakeTaxonomy

SCALAR_FIELDS = frozenset(
    {
        "id", "type", "preferred_label", "definition", "deprecated",
        "deprecated_legacy_id", "uri", "short_description", "alternative_labels",
        "hidden_labels", "ssyk_code_2012", "isco_code_08", "sni_level_code_2007",
        "sun_education_field_code_2020", "sun_education_level_code_2020",
        "iso_639_1_2002", "iso_639_2_1998", "iso_639_3_2007",
        "iso_3166_1_alpha_2_2013", "iso_3166_1_alpha_3_2013", "nuts_level_3_code_2013",
        "national_nuts_level_3_code_2019", "lau_2_code_2015", "esco_uri",
        "substitutability_percentage",
    }
)  # fmt: skip
RELATION_FIELDS = frozenset(
    {"broader", "narrower", "related", "replaced_by", "substitutes", "substituted_by"}
)


class GraphQLError(Exception):
    """A query the fake (or the real server) would answer with an ``errors`` entry."""


@dataclass(frozen=True)
class Field:
    name: str
    args: dict[str, Any]
    selection: list["Field"] | None


_TOKEN = re.compile(
    r"""(?P<skip>[\s,]+|\#[^\n]*)
      | (?P<punct>[{}():\[\]$!=])
      | (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<number>-?\d+)
      | (?P<name>[_A-Za-z][_0-9A-Za-z]*)""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    found, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            raise GraphQLError(f"Syntax error at character {position}")
        if match.lastgroup != "skip":
            found.append((match.lastgroup, match.group()))
        position = match.end()
    return found


class _Parser:
    def __init__(self, text: str, variables: dict[str, Any]) -> None:
        self.tokens = [*_tokens(text), ("end", "")]
        self.at = 0
        self.variables = variables

    def peek(self) -> str:
        return self.tokens[self.at][1]

    def take(self, expected: str | None = None) -> tuple[str, str]:
        kind, text = self.tokens[self.at]
        if expected is not None and text != expected:
            raise GraphQLError(f"Syntax error: expected {expected!r}, got {text!r}")
        self.at += 1
        return kind, text

    def document(self) -> list["Field"]:
        if self.peek() == "query":
            self.take()
            if self.tokens[self.at][0] == "name":
                self.take()
            if (
                self.peek() == "("
            ):  # variable definitions: their types do not matter here
                while self.take()[1] != ")":
                    pass
        return self.selection_set()

    def selection_set(self) -> list[Field]:
        self.take("{")
        fields = []
        while self.peek() != "}":
            fields.append(self.field())
        self.take("}")
        return fields

    def field(self) -> Field:
        kind, name = self.take()
        if kind != "name":
            raise GraphQLError(f"Syntax error: expected a field name, got {name!r}")
        args: dict[str, Any] = {}
        if self.peek() == "(":
            self.take("(")
            while self.peek() != ")":
                key = self.take()[1]
                self.take(":")
                args[key] = self.value()
            self.take(")")
        selection = self.selection_set() if self.peek() == "{" else None
        return Field(name, args, selection)

    def value(self) -> Any:
        kind, text = self.take()
        if text == "$":
            return self.variables.get(self.take()[1])
        if text == "[":
            items = []
            while self.peek() != "]":
                items.append(self.value())
            self.take("]")
            return items
        if kind in ("string", "number"):
            return json.loads(text)
        return {"true": True, "false": False, "null": None}.get(text, text)


def _scalar(concept: FakeConcept, name: str, version: int) -> Any:
    if name == "preferred_label":
        return concept.label
    if name == "deprecated":
        return concept.deprecated_at(version)
    if name == "alternative_labels":
        return list(concept.alternative_labels)
    if name in ("id", "type", "definition"):
        return getattr(concept, name)
    return concept.codes.get(name)


def _resolve(
    taxonomy: FakeTaxonomy,
    concept: FakeConcept,
    selection: list[Field],
    version: int,
    percentage: int | None = None,
) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    for field in selection:
        if field.name in RELATION_FIELDS and field.selection is not None:
            wanted_type = field.args.get("type")
            with_deprecated = field.args.get("include_deprecated") is True
            answer[field.name] = [
                _resolve(taxonomy, other, field.selection, version, weight)
                for other, weight in taxonomy.neighbours(concept, field.name, version)
                if wanted_type in (None, other.type)
                and (
                    with_deprecated
                    or field.name == "replaced_by"
                    or not other.deprecated_at(version)
                )
            ]
        elif field.name == "substitutability_percentage":
            answer[field.name] = percentage
        elif field.name in SCALAR_FIELDS and field.selection is None:
            answer[field.name] = _scalar(concept, field.name, version)
        else:
            raise GraphQLError(f"Cannot query field '{field.name}' on type 'Concept'")
    return answer


def _concepts(taxonomy: FakeTaxonomy, root: Field) -> list[dict[str, Any]]:
    args = root.args
    version = int(args.get("version", LATEST))
    if version not in VERSIONS:
        raise GraphQLError(f"Version {version} does not exist")
    found = [
        concept
        for concept in taxonomy.visible(version, args.get("include_deprecated") is True)
        if args.get("type") in (None, concept.type)
        and args.get("id") in (None, concept.id)
    ]
    offset = int(args.get("offset", 0))
    found = found[offset : offset + int(args.get("limit", len(found)))]
    return [_resolve(taxonomy, c, root.selection or [], version) for c in found]


def answer(
    taxonomy: FakeTaxonomy, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    """The JSON document the fake answers ``query`` with: ``data`` or ``errors``."""
    try:
        data: dict[str, Any] = {}
        for root in _Parser(query, variables).document():
            if root.name == "concepts":
                data[root.name] = _concepts(taxonomy, root)
            elif root.name == "versions":
                data[root.name] = [
                    {"id": v, "timestamp": t} for v, t in VERSIONS.items()
                ]
            else:
                raise GraphQLError(
                    f"Cannot query field '{root.name}' on type 'QueryRoot'"
                )
    except GraphQLError as exc:
        return {"errors": [{"message": str(exc)}]}
    return {"data": data}
