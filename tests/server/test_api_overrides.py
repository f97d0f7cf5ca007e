"""Entity corrections over the API: token first, JSON errors, the corrections themselves.

What each correction does to later ingests is tested through the CLI
(tests/cli/test_entity_overrides.py); these check the routes over the demo corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.server import create_app

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(writable_db: Path) -> TestClient:
    return TestClient(create_app(str(writable_db), TOKEN))


def _people(client: TestClient) -> list[dict]:
    return client.get("/api/entities", params={"type": "PER", "limit": 20}).json()["items"]


@pytest.mark.parametrize("path", ["/api/entities/merge", "/api/entities/split",
                                  "/api/entities/rename", "/api/entities/block"])
def test_no_token_is_refused_before_the_body_is_read(client: TestClient, path: str) -> None:
    # a body that is not even JSON: were it parsed first, this would be a 422
    bad = b"{not json"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        resp = client.post(path, content=bad, headers={**headers,
                                                       "Content-Type": "application/json"})
        assert resp.status_code == 401 and resp.json()["detail"], (path, headers)
        assert resp.headers["www-authenticate"] == "Bearer"
    assert client.post(path, content=bad, headers={**AUTH, "Content-Type":
                                                   "application/json"}).status_code == 422
    assert client.delete("/api/entity-overrides/1").status_code == 401
    assert client.get("/api/entity-overrides").json() == {"items": [], "total": 0}


def test_writes_disabled_without_a_server_token(writable_db: Path) -> None:
    client = TestClient(create_app(str(writable_db), None))
    resp = client.post("/api/entities/block", json={"name": "تركيا"}, headers=AUTH)
    assert resp.status_code == 403


def test_merge_rename_block_and_unoverride(client: TestClient) -> None:
    a, b = _people(client)[:2]
    resp = client.post("/api/entities/merge", json={"entity": a["id"], "into": b["name"]},
                       headers=AUTH)
    assert resp.status_code == 200, resp.text
    merged = resp.json()
    assert merged["into"]["id"] == b["id"]
    assert merged["into"]["mentions"] == a["mentions"] + b["mentions"]
    assert client.get(f"/api/entities/{a['id']}").status_code == 404

    resp = client.post("/api/entities/rename", json={"entity": b["id"], "name": "اسم مثبت",
                                                     "latin": "Fixed Name"}, headers=AUTH)
    assert resp.json()["entity"]["name"] == "اسم مثبت"
    assert client.get("/api/entity", params={"name": "Fixed Name"}).json()["id"] == b["id"]

    place = client.get("/api/entities", params={"type": "LOC"}).json()["items"][0]
    resp = client.post("/api/entities/block", json={"name": place["name"], "type": "LOC"},
                       headers=AUTH)
    assert resp.json()["entities_removed"] == [place["id"]]
    assert client.get(f"/api/entities/{place['id']}").status_code == 404

    listing = client.get("/api/entity-overrides").json()
    assert [o["kind"] for o in listing["items"]] == ["merge", "rename", "block"]
    assert client.get("/api/entity-overrides", params={"kind": "block"}).json()["total"] == 1
    first = listing["items"][0]["id"]
    gone = client.delete(f"/api/entity-overrides/{first}", headers=AUTH)
    assert gone.status_code == 200 and "later" in gone.json()["note"]
    assert client.delete(f"/api/entity-overrides/{first}", headers=AUTH).status_code == 404
    assert client.get("/api/entity-overrides").json()["total"] == 2


def test_split_and_bad_input(client: TestClient) -> None:
    person = next(p for p in _people(client) if len(p["aliases"]) >= 2)
    alias = next(x["alias"] for x in person["aliases"] if x["alias"] != person["name"])
    resp = client.post("/api/entities/split", json={"entity": person["id"], "aliases": [alias]},
                       headers=AUTH)
    assert resp.status_code == 200, resp.text
    assert resp.json()["new"]["name"] == alias

    def post(path: str, body: dict) -> int:
        r = client.post(path, json=body, headers=AUTH)
        assert "detail" in r.json()
        return r.status_code

    assert post("/api/entities/merge", {"entity": "زززز ققق", "into": person["id"]}) == 404
    assert post("/api/entities/rename", {"entity": 999999, "name": "س"}) == 404
    assert post("/api/entities/merge", {"entity": person["id"], "into": person["id"]}) == 422
    assert post("/api/entities/split", {"entity": person["id"], "aliases": ["ليس اسما له"]}) \
        == 422
    assert post("/api/entities/split", {"entity": person["id"], "aliases": []}) == 422
    assert post("/api/entities/block", {"name": "..."}) == 422
    assert post("/api/entities/block", {"name": "تركيا", "type": "CITY"}) == 422
    assert post("/api/entities/merge", {"entity": person["id"]}) == 422
