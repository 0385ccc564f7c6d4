"""``policy-ie serve``: the model over HTTP (FastAPI + uvicorn), loaded once.

Endpoints:

* ``GET /health``: the model's name, labels, device and the limits;
* ``POST /predict``: ``{"text", "published"}`` gives the JSON of
  ``policy-ie predict`` for one article; ``{"articles": [{"text",
  "published", "id"}, ...]}`` gives ``{"results": [...]}``, predicted in one
  batched call; ``"evidence": true`` adds the offsets of every record value;
* ``POST /view``: the same body, answered with the HTML of the article
  (what ``policy-ie view`` shows), for the page at ``GET /``;
* ``GET /docs``: the OpenAPI documentation (served from the package, no CDN,
  when ``fastapi-offline`` is installed), ``GET /openapi.json``.

A body that is not JSON, a missing or mistyped field, an unknown field or a
blank text is answered 422 with the field named (FastAPI's ``detail`` list
with ``loc``); a text over ``max_chars``, a batch over ``max_articles`` or a
body over the byte limit is answered 413.

Concurrency: the tagger is not thread-safe (and one request already uses
every core torch is given), so requests are **serialised**: each holds one
lock around the model while it predicts. A batch request is one batched
model call, which is the way to more throughput.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, field_validator, model_validator

from model.errors import InputTextError
from model.errors import PolicyIEError
from model.inference import LoadedModel, check_published, predict

from .page import PageArticle, input_page, render_fragment

DEFAULT_MAX_CHARS = 100_000
DEFAULT_MAX_ARTICLES = 64


def _fastapi_class() -> type:
    """FastAPIOffline (docs assets from the package) when installed, else FastAPI (docs load from a CDN)."""
    try:
        from fastapi_offline import FastAPIOffline

        return FastAPIOffline
    except ImportError:
        from fastapi import FastAPI

        return FastAPI


def model_info(model: LoadedModel) -> dict[str, Any]:
    """What ``/health`` says about the model (backend, device and int8 from the backend itself)."""
    runtime = model.backend.describe()
    return {
        "name": Path(model.path).name,
        "path": model.path,
        "labels": [tag[2:] for tag in model.tags if tag.startswith("B-")],
        "backend": runtime["backend"],
        "device": runtime["device"],
        "quantized": runtime["quantized"],
        "max_length": model.max_length,
        "stride": model.stride,
    }


def _body_limit(max_chars: int, max_articles: int) -> int:
    # \uXXXX escapes take 6 bytes a character; 64 KiB for keys and dates
    return 6 * max_chars * max_articles + 65_536


class BodyLimit:
    """ASGI middleware: 413 for a body over ``limit`` bytes, by its Content-Length or as it arrives.

    The body is read here (at most ``limit`` bytes) and replayed to the app,
    so a chunked upload cannot grow past the limit either.
    """

    def __init__(self, app: Any, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._too_large(send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.limit:
                await self._too_large(send)
                return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _too_large(self, send: Any) -> None:
        body = json.dumps({"detail": [{"loc": ["body"], "type": "body_too_large",
                                       "msg": f"request body over {self.limit:,} bytes"}]}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _check_date(value: str | None) -> str | None:
    try:
        return check_published(value, "published")
    except InputTextError as error:  # pydantic reports a ValueError as a 422 naming the field
        raise ValueError(str(error).split(": ", 1)[1]) from error


def _check_text(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError("the text is empty")
    return value


class _Checked(BaseModel):
    """The checks of ``text`` (not blank) and ``published`` (an ISO date) that both bodies share."""

    @field_validator("published", check_fields=False)
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return _check_date(value)

    @field_validator("text", check_fields=False)
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return _check_text(value)


class Article(_Checked):
    """One article: its text, its publication date (anchors 12日, 昨天) and an optional id."""

    model_config = ConfigDict(extra="forbid")
    text: StrictStr
    published: StrictStr | None = Field(default=None, examples=["2022-11-13"])
    id: StrictStr | None = None
    #: "html": the text is a page; entities index the HTML string (model.html_input)
    format: Literal["text", "html"] = "text"


class PredictRequest(_Checked):
    """Either one article (``text``, ``published``, ``id``) or a batch (``articles``); ``evidence`` adds offsets."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"text": "11月12日，省委书记王明主持召开省委常委会会议。", "published": "2022-11-13"}]})
    text: StrictStr | None = None
    published: StrictStr | None = None
    id: StrictStr | None = None
    format: Literal["text", "html"] = "text"
    articles: list[Article] | None = None
    evidence: StrictBool = False

    @model_validator(mode="after")
    def _one_shape(self) -> "PredictRequest":
        if (self.text is None) == (self.articles is None):
            raise ValueError("give either 'text' (one article) or 'articles' (a list), not both or neither")
        if self.articles is not None and (self.published is not None or self.id is not None or self.format != "text"):
            raise ValueError("with 'articles', give 'published', 'id' and 'format' inside each article")
        return self


def create_app(model: LoadedModel, max_chars: int = DEFAULT_MAX_CHARS, max_articles: int = DEFAULT_MAX_ARTICLES) -> Any:
    """The FastAPI application around one loaded model."""
    from fastapi import HTTPException
    from fastapi.responses import HTMLResponse

    lock = threading.Lock()
    info = model_info(model)

    def articles_of(request: PredictRequest) -> list[Article]:
        if request.articles is None:
            return [Article(text=request.text, published=request.published, id=request.id, format=request.format)]
        if len(request.articles) > max_articles:
            raise HTTPException(413, detail=[{"loc": ["body", "articles"], "type": "too_many_articles",
                                              "msg": f"{len(request.articles)} articles is over the limit of {max_articles}"}])
        if not request.articles:
            raise HTTPException(422, detail=[{"loc": ["body", "articles"], "type": "empty", "msg": "no articles"}])
        return request.articles

    def run(articles: list[Article]) -> list[Any]:
        for index, article in enumerate(articles):
            if len(article.text) > max_chars:
                loc = ["body", "text"] if len(articles) == 1 else ["body", "articles", index, "text"]
                raise HTTPException(413, detail=[{"loc": loc, "type": "text_too_long",
                                                  "msg": f"{len(article.text):,} characters is over the limit of {max_chars:,}"}])
        with lock:
            return predict([a.text for a in articles], published=[a.published for a in articles], model=model,
                           max_chars=max_chars, input_format=[a.format for a in articles])

    app = _fastapi_class()(
        title="policy-ie", version="0.1.0",
        description="Meeting records from Chinese policy news: entities with offsets and scores, and records.",
    )

    @app.exception_handler(PolicyIEError)
    def policy_ie_error(_request: Any, error: PolicyIEError) -> Any:
        """A typed error of the package (bad HTML, a text the model refuses …) with its own HTTP status."""
        from fastapi.responses import JSONResponse

        return JSONResponse(status_code=error.http_status,
                            content={"detail": [{"type": type(error).__name__, "msg": str(error)}]})

    @app.get("/health")
    def health() -> dict[str, Any]:
        """The model this server runs and its limits."""
        return {"status": "ok", "model": info, "limits": {"max_chars": max_chars, "max_articles": max_articles}}

    @app.post("/predict")
    def predict_endpoint(request: PredictRequest) -> dict[str, Any]:
        """Entities and meeting records of one article, or of a batch (``{"results": [...]}``)."""
        articles = articles_of(request)
        results = [
            {"id": article.id, **prediction.to_dict(evidence=request.evidence)}
            for article, prediction in zip(articles, run(articles))
        ]
        return results[0] if request.articles is None else {"results": results}

    @app.post("/view", response_class=HTMLResponse)
    def view_endpoint(request: PredictRequest) -> str:
        """The article(s) as HTML: entities highlighted, records as cards (the page at ``/`` shows it)."""
        articles = articles_of(request)
        pages = [
            PageArticle(article.id or f"article {i + 1}", p.text, p.entities,
                        [r.to_dict(evidence=True) for r in p.records], p.published)
            for i, (article, p) in enumerate(zip(articles, run(articles)))
        ]
        return render_fragment(pages)

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        """A page with a box to paste an article into."""
        return input_page(info["name"], max_chars)

    app.add_middleware(BodyLimit, limit=_body_limit(max_chars, max_articles))
    return app


def serve(model_dir: str | None, host: str, port: int, max_chars: int, max_articles: int) -> int:
    """Load the model once and run uvicorn until interrupted."""
    import uvicorn

    from model.inference import load_model

    model = load_model(model_dir)
    uvicorn.run(create_app(model, max_chars, max_articles), host=host, port=port, workers=1, log_level="info")
    return 0
