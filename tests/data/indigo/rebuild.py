"""Rebuild INDIGO project records (JSON, in the form INDIGO's API gives a project) from the
flat CSV files of the INDIGO impact bond data download; see PROVENANCE.md.

    python tests/data/indigo/rebuild.py CSV_FOLDER INDIGO-POJ-0262 [INDIGO-POJ-...]

CSV_FOLDER holds `original_projects.csv`, `original_projects_<list>.csv` and
`original_organisations.csv`. A column's header is the schema's titles joined by " - "
(`Dates - Start date of service provision - (Value)`), so each column is put back at the
schema path with those titles (tests/data/indigo-project-schema.json). Empty cells are left
out; numbers where the schema has a number; text exactly as in the cell. The organisations
a project names are listed under `organisations` with their id, name, website and country,
as the API adds them. The records are written beside this script as INDIGO-POJ-NNNN.json.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SCHEMA = HERE.parent / "indigo-project-schema.json"
ITEM_COLUMNS = {"Id": ("id",), "Sources": ("source_ids",), "Notes": ("notes",)}


def resolved(node: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = {**definitions[node["$ref"].split("/")[-1]], **extra}
    return node


def columns(node: dict[str, Any], definitions: dict[str, Any], titles: tuple[str, ...] = ()) -> dict:
    """Header -> (schema path, type) for every leaf under `node`, lists left out."""
    found: dict[str, tuple[tuple[str, ...], str]] = {}

    def walk(here: dict[str, Any], heads: tuple[str, ...], path: tuple[str, ...]) -> None:
        here = resolved(here, definitions)
        if here.get("type") == "array":
            return
        if "properties" in here:
            for key, child in here["properties"].items():
                title = resolved(child, definitions).get("title", key)
                walk(child, (*heads, title), (*path, key))
        else:
            found[" - ".join(heads)] = (path, here.get("type", "string"))

    walk(node, titles, ())
    return found


def put(record: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        record = record.setdefault(key, {})
    record[path[-1]] = value


def typed(cell: str, kind: str) -> Any:
    if kind != "number":
        return cell
    number = float(cell)
    return int(number) if number.is_integer() else number


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def rebuild(folder: Path, project: str) -> dict[str, Any]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    definitions = schema["definitions"]
    data: dict[str, Any] = {"id": project}
    top = columns(schema, definitions)
    (row,) = [r for r in rows(folder, "original_projects.csv") if r["ID"] == project]
    for header, cell in row.items():
        if header == "ID" or not cell:
            continue
        path, kind = top[header]  # every column has its place in the schema
        put(data, path, typed(cell, kind))
    for key, node in schema["properties"].items():
        node = resolved(node, definitions)
        file = folder / f"original_projects_{key}.csv"
        if node.get("type") != "array" or not file.exists():
            continue
        item = columns(node["items"], definitions)
        for each in rows(folder, file.name):
            if each["Project ID"] != project:
                continue
            entry: dict[str, Any] = {}
            for header, cell in each.items():
                if header == "Project ID" or not cell:
                    continue
                if header in ITEM_COLUMNS:
                    put(entry, ITEM_COLUMNS[header], cell)
                elif header == "(In Sandboxes)":
                    put(entry, ("sandboxes",), cell)
                else:
                    path, kind = item[header]
                    put(entry, path, typed(cell, kind))
            data.setdefault(key, []).append(entry)
    named = sorted({v["value"] for v in _references(data)})
    organisations = {r["ID"]: r for r in rows(folder, "original_organisations.csv")}
    data["organisations"] = [
        {"id": org}
        | {
            field: {"value": organisations[org][column]}
            for field, column in (("name", "Name"), ("website", "Website"), ("country", "Country"))
            if organisations.get(org, {}).get(column)
        }
        for org in named
    ]
    return {"project": {"id": project, "data": data}}


def _references(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every organisation id a project names (an `organisation_id` field in a list)."""
    found = []
    for value in data.values():
        if isinstance(value, list):
            for entry in value:
                for key, field in entry.items():
                    if key.endswith("organisation_id") and isinstance(field, dict) and field.get("value"):
                        found.append(field)
    return found


def main(folder: str, *projects: str) -> None:
    for project in projects:
        text = json.dumps(rebuild(Path(folder), project), indent=2, ensure_ascii=False)
        (HERE / f"{project}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
