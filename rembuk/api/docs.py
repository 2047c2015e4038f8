"""The API docs page, read from the OpenAPI document itself, so it can never describe another
API than the one served.

Operations grouped by tag, each with its parameters, body fields, answers and a small form to
try it (static/js/api-docs.js sends it with the person's session). The page is drawn by the
server within the CSP and the page-weight budget: a third-party docs bundle (Swagger UI is
~400 KB compressed) would break both. See docs/decisions/0017.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from rembuk.api.problems import problem_type_list

METHOD_ORDER = {"get": 0, "post": 1, "patch": 2, "put": 3, "delete": 4}


@dataclass
class Parameter:
    name: str
    where: str
    type: str
    required: bool
    description: str
    enum: list[str] = field(default_factory=list)


@dataclass
class BodyField:
    name: str
    type: str
    required: bool
    description: str


@dataclass
class Answer:
    status: str
    description: str
    schema: str


@dataclass
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    body: list[BodyField]
    body_example: str
    answers: list[Answer]

    @property
    def path_parameters(self) -> list[Parameter]:
        return [p for p in self.parameters if p.where == "path"]

    @property
    def query_parameters(self) -> list[Parameter]:
        return [p for p in self.parameters if p.where == "query"]

    @property
    def takes_if_match(self) -> bool:
        return any(p.name == "If-Match" for p in self.parameters)


@dataclass
class Tag:
    name: str
    operations: list[Operation]
    schema_names: set[str] = field(default_factory=set)


@dataclass
class SchemaDoc:
    name: str
    description: str
    fields: list[BodyField]


@dataclass
class Docs:
    title: str
    version: str
    tags: list[Tag]
    schemas: dict[str, SchemaDoc]
    problems: list[Any]

    def tag(self, name: str) -> Tag | None:
        return next((tag for tag in self.tags if tag.name == name), None)

    def schemas_of(self, tag: Tag) -> list[SchemaDoc]:
        return [self.schemas[name] for name in sorted(tag.schema_names) if name in self.schemas]


# Headers every operation takes, explained once on the docs page rather than per operation.
COMMON_HEADERS = frozenset({"Accept-Language", "If-None-Match"})


def _references(schema: Any, components: dict[str, Any], found: set[str]) -> set[str]:
    """Every component a schema names, directly or through the components it names."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = _ref_name(ref)
            if name not in found:
                found.add(name)
                _references(components.get(name, {}), components, found)
        for value in schema.values():
            _references(value, components, found)
    elif isinstance(schema, list):
        for value in schema:
            _references(value, components, found)
    return found


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_label(schema: dict[str, Any]) -> str:
    """A JSON schema as a person reads it: "array of ActivityOut", "date or null"…"""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    if "anyOf" in schema:
        return " or ".join(type_label(option) for option in schema["anyOf"])
    if "oneOf" in schema:
        return " or ".join(type_label(option) for option in schema["oneOf"])
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "array of " + type_label(schema.get("items", {}))
    if kind == "object" and "additionalProperties" in schema:
        return "object"
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return str(kind)


def _choices(schema: dict[str, Any]) -> list[str]:
    """The values a parameter may take, when they are a closed list (even if it may be null)."""
    for option in [schema, *schema.get("anyOf", [])]:
        if "enum" in option:
            return [str(value) for value in option["enum"]]
    return []


def _description(schema: dict[str, Any]) -> str:
    return str(schema.get("description", ""))


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return dict(components.get(_ref_name(schema["$ref"]), {}))
    return schema


def _fields(schema: dict[str, Any], components: dict[str, Any]) -> list[BodyField]:
    schema = _resolve(schema, components)
    required = set(schema.get("required", []))
    return [
        BodyField(name, type_label(prop), name in required, _description(prop))
        for name, prop in schema.get("properties", {}).items()
    ]


def example_value(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A value that fits `schema`, to start a body from (defaults, first choices, today)."""
    schema = _resolve(schema, components)
    if "default" in schema:
        return schema["default"]
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        return example_value(options[0], components, depth) if options else None
    if "oneOf" in schema:
        return example_value(schema["oneOf"][0], components, depth)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 2:
            return {}
        required = set(schema.get("required", []))
        return {
            name: example_value(prop, components, depth + 1)
            for name, prop in schema.get("properties", {}).items()
            if name in required
        }
    if kind == "array":
        return []
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return 0
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return datetime.date.today().isoformat()
    if schema.get("format") == "date-time":
        return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    return ""


def _body(operation: dict[str, Any], components: dict[str, Any]) -> tuple[list[BodyField], str]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if not schema:
        return [], ""
    example = example_value(schema, components)
    if isinstance(example, dict) and "version" in _resolve(schema, components).get(
        "properties", {}
    ):
        example = {"version": 0, **example}
    return _fields(schema, components), json.dumps(example, indent=2, ensure_ascii=False)


def _answers(operation: dict[str, Any]) -> list[Answer]:
    found = []
    for status, response in sorted(
        operation.get("responses", {}).items(), key=lambda item: int(item[0])
    ):
        schema_name = ""
        for content in response.get("content", {}).values():
            schema = content.get("schema", {})
            schema_name = type_label(schema) if schema else ""
        found.append(Answer(str(status), response.get("description", ""), schema_name))
    return found


def docs_from(schema: dict[str, Any]) -> Docs:
    components = schema.get("components", {}).get("schemas", {})
    tags: dict[str, list[Operation]] = {}
    referenced: dict[str, set[str]] = {}
    for path, path_item in schema.get("paths", {}).items():
        for method, operation in path_item.items():
            parameters = [
                Parameter(
                    name=p["name"],
                    where=p["in"],
                    type=type_label(p.get("schema", {})),
                    required=bool(p.get("required")),
                    description=str(p.get("description", "")),
                    enum=_choices(p.get("schema", {})),
                )
                for p in operation.get("parameters", [])
                if p["name"] not in COMMON_HEADERS
            ]
            body, example = _body(operation, components)
            tag = (operation.get("tags") or ["api"])[0]
            referenced.setdefault(tag, set()).update(
                _references(operation.get("requestBody", {}), components, set())
                | _references(operation.get("responses", {}), components, set())
            )
            tags.setdefault(tag, []).append(
                Operation(
                    operation_id=operation.get("operationId", ""),
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=parameters,
                    body=body,
                    body_example=example,
                    answers=_answers(operation),
                )
            )
    for operations in tags.values():
        operations.sort(key=lambda op: (op.path, METHOD_ORDER.get(op.method.lower(), 9)))
    return Docs(
        title=schema.get("info", {}).get("title", ""),
        version=schema.get("info", {}).get("version", ""),
        tags=[
            Tag(name, operations, referenced[name] - {"Problem"})
            for name, operations in tags.items()
        ],
        schemas={
            name: SchemaDoc(name, _description(component), _fields(component, components))
            for name, component in components.items()
        },
        problems=problem_type_list(),
    )
