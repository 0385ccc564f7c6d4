"""The ``policy-ie`` command.

    policy-ie predict FILE|DIR|- [--published DATE] [--model DIR] [--format json|jsonl|csv|parquet|label-studio]
                                 [--table people|meetings] [--output FILE|-] [--evidence] [--progress]
                                 [--workers N] [--resume]
    policy-ie view FILE|- [--published DATE] [--model DIR] [--diff] --output PAGE.html
    policy-ie convert IN OUT --from FMT --to FMT [--records keep|assemble|drop] [--strict]
    policy-ie convert --label-studio-config
    policy-ie serve [--host 127.0.0.1] [--port 8000] [--model DIR] [--max-chars N]
    policy-ie train | evaluate | benchmark | pretrain | build-vocab ...   (the training package's own options)

Exit codes a script can rely on: 0 done; 2 a usage error or bad input (the
message names the file and line); 3 the model could not be loaded; 4
``convert --strict`` refused to drop something; 6 a ``predict --workers``
process died; 130 interrupted. Anything else (1, with a traceback) is a
bug. ``-`` reads standard input or writes standard output.

This module imports both the inference package (``model``) and the
training package (``train``); ``model`` itself never imports ``train``.
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from model.errors import PolicyIEError

#: Exit codes; a package error exits with its own ``exit_code`` (model.errors: 2 input, 3 config, 4 model files).
EXIT_OK, EXIT_LOSS, EXIT_INTERRUPTED = 0, 5, 130


def _forward(module: str) -> Callable[[list[str]], int]:
    """A command that hands its arguments to ``module.main`` (the training package's commands)."""

    def run(argv: list[str]) -> int:
        from importlib import import_module

        return import_module(module).main(argv)

    return run


#: Commands whose options are the training package's own (``policy-ie train --help`` shows them).
FORWARDED: dict[str, tuple[str, str]] = {
    "train": ("train.__main__", "train a tagger from a YAML config"),
    "evaluate": ("train.evaluate", "score a model on an annotated file"),
    "benchmark": ("train.benchmark", "the model against int8, rules and jieba: scores, speed, memory"),
    "pretrain": ("train.pretrain", "masked-LM pretraining on raw news (resumable)"),
    "build-vocab": ("train.build_vocab", "build a character vocabulary"),
}


def build_parser() -> argparse.ArgumentParser:
    from model.tables import TABLES

    from .formats import FORMATS, RECORD_MODES
    from .inputs import INPUT_FORMATS
    from .outputs import OUTPUT_FORMATS
    from .service import DEFAULT_MAX_ARTICLES, DEFAULT_MAX_CHARS

    parser = argparse.ArgumentParser(prog="policy-ie", description="Meeting records from Chinese policy news.",
                                     epilog="exit codes: 0 done, 2 usage or input error, 3 bad configuration, "
                                            "4 model files missing or broken, 5 convert --strict refused a loss, 6 a worker process died, "
                                            "130 interrupted")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, help_text) in FORWARDED.items():
        commands.add_parser(name, help=help_text, add_help=False)

    def model_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--model", help="model folder (default: $POLICY_IE_MODEL, else the shipped model)")
        sub.add_argument("--published", help="publication date YYYY-MM-DD, anchors relative dates (12日, 昨天)")
        sub.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                         help="how to read FILE (default: by its suffix; stdin: by its first line)")

    predict = commands.add_parser("predict", help="entities and records of articles (JSON, JSONL, CSV, Parquet, Label Studio)")
    predict.add_argument("file", help="a .txt article, a .jsonl file of articles (text, published, id), a folder of them, or -")
    model_options(predict)
    predict.add_argument("--format", choices=OUTPUT_FORMATS, default="json",
                         help="json (default), jsonl (the guide's articles), csv/parquet (flat tables), "
                              "label-studio (pre-annotation tasks)")
    predict.add_argument("--table", choices=TABLES, default="people",
                         help="with csv/parquet: one row per person per meeting (default) or one per meeting")
    predict.add_argument("--output", "-o", default="-", help="output file (default: - for standard output)")
    predict.add_argument("--evidence", action="store_true", help="add the offsets of each record's values (json, jsonl)")
    predict.add_argument("--chunk", type=int, default=16, help="articles predicted per batch (bounds memory)")
    predict.add_argument("--max-chars", type=int, default=None, help="longest article accepted (characters)")
    predict.add_argument("--workers", type=int, default=1,
                         help="processes that predict, each loading the model once; output in input order (default 1)")
    predict.add_argument("--resume", action="store_true",
                         help="continue an interrupted --format jsonl job in --output FILE (checks it is this input's)")
    bar = predict.add_mutually_exclusive_group()
    bar.add_argument("--progress", action="store_true", default=None, help="progress bar on stderr (default: on a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false")

    view = commands.add_parser("view", help="one self-contained HTML page: entities highlighted, records as cards")
    view.add_argument("file", help="a .txt article, a .jsonl file of annotated or predicted articles, a folder, or -")
    model_options(view)
    view.add_argument("--output", "-o", required=True, help="the HTML file to write (- for standard output)")
    view.add_argument("--diff", action="store_true",
                      help="with an annotated .jsonl: predict and mark entities right / spurious / missed")
    view.add_argument("--limit", type=int, default=50, help="show at most this many articles (0: all; default 50)")

    convert = commands.add_parser("convert", help="between the guide's JSONL, Label Studio, doccano and CoNLL")
    convert.add_argument("input", nargs="?", help="input file, or - for standard input")
    convert.add_argument("output", nargs="?", help="output file, or - for standard output")
    convert.add_argument("--from", dest="from_fmt", choices=FORMATS, help="input format")
    convert.add_argument("--to", dest="to_fmt", choices=FORMATS, help="output format")
    convert.add_argument("--records", choices=RECORD_MODES, default="keep",
                         help="keep (and check) the records, assemble them anew from the entities, or drop them")
    convert.add_argument("--use-predictions", action="store_true",
                         help="Label Studio input: a task without annotation takes its latest prediction")
    convert.add_argument("--strict", action="store_true", help="fail (exit 4) when the output cannot hold something")
    convert.add_argument("--label-studio-config", action="store_true",
                         help="print the Label Studio labeling config (XML) for our labels and exit")

    serve = commands.add_parser("serve", help="the model over HTTP (FastAPI + uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--model", help="model folder (default: $POLICY_IE_MODEL, else the shipped model)")
    serve.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, help="longest text accepted (413 above)")
    serve.add_argument("--max-articles", type=int, default=DEFAULT_MAX_ARTICLES, help="largest batch accepted (413 above)")
    return parser


def _predict(args: argparse.Namespace) -> int:
    from .predicting import PredictOptions, run_predict

    return run_predict(PredictOptions(
        source=args.file, output=args.output, fmt=args.format, model=args.model, published=args.published,
        evidence=args.evidence, table=args.table, input_format=args.input_format, chunk=args.chunk,
        progress=args.progress, max_chars=args.max_chars, workers=args.workers, resume=args.resume,
    ))


def _view(args: argparse.Namespace) -> int:
    from .viewing import ViewOptions, run_view

    shown, total = run_view(ViewOptions(args.file, args.output, args.model, args.published, args.diff,
                                        args.limit, args.input_format))
    if shown < total:
        print(f"note: the page shows the first {shown} of {total} articles (--limit 0 for all)", file=sys.stderr)
    if args.output != "-":
        print(f"wrote {args.output} ({shown} articles)", file=sys.stderr)
    return EXIT_OK


def _convert(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .formats import convert, label_studio_config

    if args.label_studio_config:
        sys.stdout.write(label_studio_config())
        return EXIT_OK
    if not (args.input and args.output and args.from_fmt and args.to_fmt):
        parser.error("convert needs IN OUT --from FMT --to FMT (or --label-studio-config)")
    buffer = io.StringIO()  # written out only when the conversion is complete (and, with --strict, lossless)
    with tempfile.TemporaryDirectory(prefix="policy-ie-") as scratch:
        source = args.input
        if source == "-":  # the readers take a path: stdin goes to a scratch file first
            source = str(Path(scratch) / "stdin")
            with open(source, "w", encoding="utf-8") as handle:
                shutil.copyfileobj(sys.stdin, handle)
        report = convert(source, buffer, args.from_fmt, args.to_fmt, args.records, args.use_predictions)
    for line in report.lines():
        print(line, file=sys.stderr)
    if args.strict and report.losses:
        print(f"error: {args.to_fmt} cannot hold everything of the input (see above); nothing written", file=sys.stderr)
        return EXIT_LOSS
    if args.output == "-":
        sys.stdout.write(buffer.getvalue())
    else:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .service import serve

    return serve(args.model, args.host, args.port, args.max_chars, args.max_articles)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in FORWARDED:
            return _forward(FORWARDED[argv[0]][0])(argv[1:])
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command == "predict":
            return _predict(args)
        if args.command == "view":
            return _view(args)
        if args.command == "convert":
            return _convert(args, parser)
        return _serve(args)
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `policy-ie predict ... | head`: the reader has gone, which is no error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
