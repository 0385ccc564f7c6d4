"""``policy-ie serve``: a real uvicorn server on a free loopback port, stopped at the end of the module.

Every request goes to 127.0.0.1 only, and the request counts are fixed.
"""
from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import uvicorn

from conftest import SAMPLE_ARTICLE
from model.inference import predict
from policy_ie.service import create_app

MAX_CHARS = 5_000
SHORT = ["3月2日，江西省委召开常委会会议，省委书记吴立新主持会议并讲话。",
         "11月12日，内蒙古自治区党委书记孙绍骋主持召开自治区党委常委会会议。",
         "国务院总理李强主持召开国务院常务会议。"]


@pytest.fixture(scope="module")
def server(shipped_model):
    """The app on uvicorn in a thread, port chosen by the OS; yields its base URL."""
    app = create_app(shipped_model, max_chars=MAX_CHARS, max_articles=4)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(200):  # bounded wait for the socket (the thread sets `started`)
        if instance.started:
            break
        threading.Event().wait(0.05)
    assert instance.started, "uvicorn did not start"
    port = instance.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=30)
    assert not thread.is_alive(), "uvicorn did not stop"


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=60) as session:
        yield session


def test_health_names_the_model_and_its_labels(client):
    answer = client.get("/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["model"]["name"] == "default"
    assert body["model"]["labels"] == ["PER", "TITLE", "ORG", "LOC", "DATE", "MEETING", "DOC"]
    assert body["limits"] == {"max_chars": MAX_CHARS, "max_articles": 4}


def test_predict_one_article_is_the_json_of_the_cli(client, shipped_model):
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    answer = client.post("/predict", json={"text": text, "published": "2024-11-22"})
    assert answer.status_code == 200
    expected = {"id": None, **predict(text, published="2024-11-22", model=shipped_model).to_dict()}
    assert answer.json() == json.loads(json.dumps(expected, ensure_ascii=False))
    with_evidence = client.post("/predict", json={"text": text, "published": "2024-11-22", "evidence": True}).json()
    assert "evidence" in with_evidence["records"][0]


def test_predict_a_batch(client, shipped_model):
    articles = [{"text": t, "published": "2024-03-03", "id": f"n{i}"} for i, t in enumerate(SHORT)]
    answer = client.post("/predict", json={"articles": articles})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["id"] for r in results] == ["n0", "n1", "n2"]
    batched = predict(SHORT, published="2024-03-03", model=shipped_model)
    assert [r["entities"] for r in results] == [json.loads(json.dumps([e.to_dict() for e in p.entities])) for p in batched]


@pytest.mark.parametrize("body,field", [
    ({}, None),
    ({"text": 42}, "text"),
    ({"text": "会议", "published": "2024-13-01"}, "published"),
    ({"text": "会议", "published": 20240101}, "published"),
    ({"text": "   "}, "text"),
    ({"txt": "会议"}, "txt"),
    ({"text": "会议", "articles": [{"text": "会议"}]}, None),
    ({"articles": [{"text": "会议", "published": "yesterday"}]}, "published"),
    ({"articles": "会议"}, "articles"),
])
def test_malformed_bodies_are_422_with_the_field_named(client, body, field):
    answer = client.post("/predict", json=body)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail and all("loc" in item and "msg" in item for item in detail)
    if field is not None:
        assert any(field in item["loc"] for item in detail), detail


def test_a_body_that_is_not_json_is_422(client):
    answer = client.post("/predict", content=b"{not json", headers={"Content-Type": "application/json"})
    assert answer.status_code == 422


def test_limits_are_413(client):
    too_long = client.post("/predict", json={"text": "会" * (MAX_CHARS + 1)})
    assert too_long.status_code == 413 and too_long.json()["detail"][0]["loc"] == ["body", "text"]
    in_batch = client.post("/predict", json={"articles": [{"text": "会议"}, {"text": "会" * (MAX_CHARS + 1)}]})
    assert in_batch.status_code == 413 and in_batch.json()["detail"][0]["loc"] == ["body", "articles", 1, "text"]
    too_many = client.post("/predict", json={"articles": [{"text": "会议"}] * 5})
    assert too_many.status_code == 413
    huge = client.post("/predict", content=b'{"text": "' + b"a" * (6 * MAX_CHARS * 4 + 70_000) + b'"}',
                       headers={"Content-Type": "application/json"})
    assert huge.status_code == 413 and "request body over" in huge.json()["detail"][0]["msg"]


def test_docs_page_and_view(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "cdn.jsdelivr.net" not in docs.text  # served from the package (fastapi-offline)
    schema = client.get("/openapi.json").json()
    assert {"/predict", "/health", "/view", "/"} <= set(schema["paths"])
    page = client.get("/")
    assert page.status_code == 200 and "<textarea" in page.text and 'fetch(\'view\'' in page.text
    assert "http://" not in page.text and "https://" not in page.text
    fragment = client.post("/view", json={"text": SHORT[0], "published": "2024-03-03"})
    assert fragment.status_code == 200 and fragment.headers["content-type"].startswith("text/html")
    assert fragment.text.count('class="ent"') >= 3 and 'class="card"' in fragment.text


def test_64_requests_from_8_concurrent_clients_get_identical_answers(server, client):
    texts = SHORT + [SAMPLE_ARTICLE.read_text(encoding="utf-8")]
    reference = [client.post("/predict", json={"text": t, "published": "2024-11-22"}).json() for t in texts]

    def worker(number: int) -> list[tuple[int, int, dict]]:
        answers = []
        with httpx.Client(base_url=server, timeout=120) as session:
            for k in range(8):
                index = (number + k) % len(texts)
                answer = session.post("/predict", json={"text": texts[index], "published": "2024-11-22"})
                answers.append((index, answer.status_code, answer.json()))
        return answers

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [item for batch in pool.map(worker, range(8)) for item in batch]
    assert len(results) == 64
    assert all(status == 200 for _, status, _ in results)
    assert all(body == reference[index] for index, _, body in results)


def test_predict_reads_html_when_asked(client):
    html = "<html><body><p>11月12日，省委书记王明主持召开省委常委会会议。</p><script>var x = '王明';</script></body></html>"
    answer = client.post("/predict", json={"text": html, "published": "2022-11-13", "format": "html"})
    assert answer.status_code == 200
    for entity in answer.json()["entities"]:
        assert html[entity["start"]:entity["end"]] == entity["text"]
        assert entity["start"] < html.index("<script>")
    assert client.post("/predict", json={"text": html, "format": "pdf"}).status_code == 422
