"""20 concurrent CMS API scans of 1 MB documents: no errors, no lost requests.

    python bench/bench_api_concurrent.py [--clients 20] [--mb 1.0] [--budget 300]

Sets up a temporary MAMORI_HOME (migrated SQLite database, one department, one API token
made with ``mamori manage api_token create``), starts ``mamori web`` on a free port of
127.0.0.1 (waitress, with the in-process scan worker), then fires --clients concurrent
``POST /api/v1/scans`` of ~--mb MB fictitious documents (``mamori.synth`` corpus texts
joined), follows each 202 with GETs (honouring Retry-After) until the scan is done, all
within --budget seconds. Prints requests, errors, lost requests (a request that never got
its result: must be 0), p50/p95 latency from POST to result, and the total time.
Target (issue 6): 20 concurrent API scans of 1 MB documents complete without errors or
lost requests. Exit status 1 when that target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

MAMORI = [sys.executable, "-m", "mamori"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _documents(count: int, size: int, work: Path) -> list[bytes]:
    """`count` different ~`size`-byte documents from a fictitious labelled corpus."""
    from mamori.synth import generate_corpus

    corpus = work / "corpus"
    generate_corpus(corpus, n=120, seed=6)
    texts = []
    for p in sorted(corpus.rglob("*")):
        if p.suffix in (".txt", ".md") and p.is_file():
            try:
                texts.append(p.read_bytes().decode("utf-8"))
            except UnicodeDecodeError:  # the corpus's Shift_JIS files
                continue
    texts = [t for t in texts if t.strip()]
    docs = []
    for i in range(count):
        parts: list[str] = []
        length = 0
        j = i
        while length < size:
            text = texts[j % len(texts)]
            parts.append(text)
            length += len(text.encode("utf-8")) + 2
            j += 7
        docs.append("\n\n".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore").encode())
    return docs


def _request(
    url: str, token: str, *, data: bytes | None = None, name: str = ""
) -> tuple[int, dict[str, str], dict[str, object]]:
    headers = {"Authorization": f"Bearer {token}"}
    if data is not None:
        headers |= {"Content-Type": "text/plain", "X-Filename": quote(name)}
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as err:
        body = err.read()
        return err.code, dict(err.headers), json.loads(body) if body else {}


def _setup(home: Path) -> str:
    env = dict(os.environ, MAMORI_HOME=str(home))
    subprocess.run([*MAMORI, "manage", "migrate", "-v", "0"], check=True, env=env)
    code = (
        "import django; django.setup()\n"
        "from mamori_web.org.models import Municipality\n"
        "from mamori_web.org.services import department_create\n"
        "city = Municipality.objects.create(\n"
        "    name='負荷試験市', code='999990', prefecture='試験県')\n"
        "bu = department_create(municipality=city, code='K', name='企画部')\n"
        "department_create(municipality=city, code='K1', name='広報課', parent=bu)\n"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env=dict(env, DJANGO_SETTINGS_MODULE="mamori_web.settings"),
    )
    out = subprocess.run(
        [*MAMORI, "manage", "api_token", "create", "--name", "CMS（広報課）", "--department", "K1"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().splitlines()[-1]


def _wait_ready(base: str, server: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("mamori web exited before it answered")
        try:
            with urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("mamori web did not answer in time")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--budget", type=float, default=300.0, help="seconds for everything")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="mamori-bench-api-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        size = int(args.mb * 1024 * 1024)
        docs = _documents(args.clients, size, Path(tmp))
        token = _setup(home)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, MAMORI_HOME=str(home))
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [*MAMORI, "web", "--port", str(port), "--threads", "8"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_ready(base, server)
            results = _fire(base, token, docs, args.budget)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
        return _report(results, args, docs, Path(tmp) / "server.log")


def _fire(base: str, token: str, docs: list[bytes], budget: float) -> list[dict[str, object]]:
    started = time.monotonic()
    deadline = started + budget
    results: list[dict[str, object]] = [{} for _ in docs]
    barrier = threading.Barrier(len(docs))

    def one(i: int) -> None:
        out = results[i]
        out["requests"] = 0
        barrier.wait()
        t0 = time.monotonic()
        try:
            status, headers, body = _request(
                base + "/api/v1/scans", token, data=docs[i], name=f"広報資料{i:02d}.txt"
            )
            out["requests"] = 1
            out["first_status"] = status
            while status == 202 and time.monotonic() < deadline:
                time.sleep(float(headers.get("Retry-After", "1")))
                status, headers, body = _request(base + headers["Location"], token)
                out["requests"] = int(out["requests"]) + 1  # type: ignore[call-overload]
            out["status"] = status
            out["verdict"] = body.get("verdict")
            out["findings"] = len(body.get("findings") or [])  # type: ignore[arg-type]
            if status != 200:
                out["error"] = f"HTTP {status}: {body.get('code')} {body.get('message')}"
        except Exception as err:  # a network error is an error, not a crash of the bench
            out["error"] = f"{type(err).__name__}: {err}"
        out["seconds"] = time.monotonic() - t0

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(docs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, deadline - time.monotonic() + 130))
    for r, t in zip(results, threads, strict=True):
        r["alive"] = t.is_alive()
    results.append({"total": time.monotonic() - started})
    return results


def _report(results: list[dict[str, object]], args: argparse.Namespace, docs: list[bytes],
            server_log: Path) -> int:  # fmt: skip
    total = float(results.pop()["total"])  # type: ignore[arg-type]
    errors = [r for r in results if r.get("error")]
    done = [r for r in results if r.get("status") == 200 and r.get("verdict")]
    lost = len(results) - len(done) - len(errors)
    latencies = sorted(float(r["seconds"]) for r in done)  # type: ignore[arg-type]
    requests = sum(int(r.get("requests", 0)) for r in results)  # type: ignore[call-overload]
    verdicts: dict[str, int] = {}
    for r in done:
        verdicts[str(r["verdict"])] = verdicts.get(str(r["verdict"]), 0) + 1

    def pct(p: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, round(p * (len(latencies) - 1)))]

    mb = sum(len(d) for d in docs) / len(docs) / (1024 * 1024)
    print(f"documents        {len(docs)} × {mb:.2f} MB (fictitious corpus text)")
    print(f"requests         {requests} ({len(docs)} POST, {requests - len(docs)} GET)")
    print(f"first answers    {sorted(str(r.get('first_status')) for r in results)}")
    print(f"verdicts         {verdicts}")
    print(f"findings         {sum(int(r.get('findings', 0)) for r in done)}")  # type: ignore[call-overload]
    print(f"errors           {len(errors)}")
    for r in errors:
        print(f"  {r['error']}")
    print(f"lost requests    {lost}")
    print(f"latency p50      {pct(0.50):.1f} s")
    print(f"latency p95      {pct(0.95):.1f} s")
    print(f"total            {total:.1f} s (budget {args.budget:.0f} s)")
    ok = not errors and lost == 0 and len(done) == len(docs) and total <= args.budget
    print("target           " + ("met" if ok else "MISSED"))
    if not ok:
        print(server_log.read_text(errors="replace")[-3000:])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
