"""Python side of the masking benchmark, one engine per run:

    python bench/mask/py/runner.py govshare --dir bench/mask/data --rounds 5
        # the govshare Python binding (uniffi): streaming Scanner / MaskVerifier, 1 MiB chunks
    python bench/mask/py/runner.py re --mode records|text --dir ... --rounds 5
        # `re` baseline: the detection-only patterns of ../patterns.json, one pass per kind,
        # over every string value of every record (json.loads per line) or over the whole text
    python bench/mask/py/runner.py presidio --dir ... --rounds 3 [--limit N]
        # Microsoft Presidio's AnalyzerEngine in regex-only mode: one PatternRecognizer
        # per kind with the same patterns, an NLP engine that loads no model

Prints one JSON object (same shape as the native and JS runners). CPU time
is this process's (time.process_time); wall time is time.perf_counter.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time

CHUNK = 1 << 20
HERE = os.path.dirname(os.path.abspath(__file__))


def load(d):
    with open(os.path.join(d, "raw.ndjson"), "rb") as f:
        raw = f.read()
    with open(os.path.join(d, "masked.ndjson"), "rb") as f:
        masked = f.read()
    with open(os.path.join(d, "policy.json"), encoding="utf-8") as f:
        policy = f.read()
    return raw, masked, policy


def patterns():
    with open(os.path.join(HERE, "..", "patterns.json"), encoding="utf-8") as f:
        return json.load(f)["patterns"]


def timed(nbytes, rounds, f):
    result = f()
    wall, cpu = [], []
    for _ in range(rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        f()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    mb = nbytes / 1e6
    mw, mc = statistics.median(wall), statistics.median(cpu)
    return {
        "bytes": nbytes,
        "rounds": rounds,
        "wall_s": wall,
        "cpu_s": cpu,
        "median_wall_s": mw,
        "median_cpu_s": mc,
        "mb_per_s_wall": mb / mw,
        "mb_per_s_cpu": mb / mc,
        "result": result,
    }


def values(v, out):
    if isinstance(v, str):
        out.append(v)
    elif isinstance(v, bool) or v is None:
        pass
    elif isinstance(v, (int, float)):
        out.append(str(v))
    elif isinstance(v, list):
        for x in v:
            values(x, out)
    elif isinstance(v, dict):
        for x in v.values():
            values(x, out)
    return out


def records(buf):
    """Decoded string values, one list per record."""
    for line in buf.decode("utf-8").split("\n"):
        if line.strip():
            yield values(json.loads(line), [])


def run_govshare(a, raw, masked, policy):
    import govshare

    def scan(buf):
        def f():
            s = govshare.Scanner("ndjson")
            for i in range(0, len(buf), CHUNK):
                s.push(buf[i : i + CHUNK])
            r = s.finish()
            return {"records": r.records, "findings": r.finding_count, "kinds": {k.name: k.count for k in r.kinds}}

        return f

    pol = govshare.MaskPolicy.from_json(policy)

    def verify(buf):
        def f():
            v = govshare.MaskVerifier(pol, "ndjson")
            for i in range(0, len(buf), CHUNK):
                v.push(buf[i : i + CHUNK])
            r = v.finish()
            return {"records": r.records, "passed": r.passed, "violations": r.violation_count}

        return f

    try:
        from importlib.metadata import version

        ver = version("govshare")
    except Exception:  # noqa: BLE001 - only a label
        ver = "?"
    return "govshare-python", ver, {
        "scan": timed(len(raw), a.rounds, scan(raw)),
        "verify": timed(len(masked), a.rounds, verify(masked)),
        "verify_raw": timed(len(raw), a.rounds, verify(raw)),
    }


def run_re(a, raw, masked, _policy):
    kinds = [(k, re.compile(p)) for k, ps in patterns().items() for p in ps]

    def detect(buf):
        def f():
            counts, n, recs = {}, 0, 0
            texts = [buf.decode("utf-8")] if a.mode == "text" else None
            it = ([t] for t in texts) if texts else records(buf)
            for vals in it:
                recs += 1
                for s in vals:
                    for k, rx in kinds:
                        for _ in rx.finditer(s):
                            counts[k] = counts.get(k, 0) + 1
                            n += 1
            out = {"findings": n, "kinds": counts}
            if a.mode != "text":
                out["records"] = recs
            return out

        return f

    return f"python-re-{a.mode}", sys.version.split()[0], {
        "scan": timed(len(raw), a.rounds, detect(raw)),
        "verify": timed(len(masked), a.rounds, detect(masked)),
    }


def presidio_engine():
    """AnalyzerEngine with only regex recognizers and an NLP engine that
    loads no model: Presidio's analyze() always asks the NLP engine for
    artifacts (tokens, lemmas, entities) — here empty ones, so no spaCy
    model is downloaded or run. Context enhancement then has no tokens to
    look at, which is right for regex-only detection."""
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

    class NoModelNlpEngine(NlpEngine):
        def load(self):
            pass

        def is_loaded(self):
            return True

        def process_text(self, text, language):
            return NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=self, language=language)

        def process_batch(self, texts, language, batch_size=1, n_process=1, **kwargs):
            for t in texts:
                yield t, self.process_text(t, language)

        def is_stopword(self, word, language):
            return False

        def is_punct(self, word, language):
            return False

        def get_supported_entities(self):
            return []

        def get_supported_languages(self):
            return ["zh"]

    registry = RecognizerRegistry(supported_languages=["zh"])
    for kind, ps in patterns().items():
        registry.add_recognizer(
            PatternRecognizer(
                supported_entity=kind.upper(),
                patterns=[Pattern(name=f"{kind}_{i}", regex=p, score=0.8) for i, p in enumerate(ps)],
                supported_language="zh",
            )
        )
    return AnalyzerEngine(registry=registry, nlp_engine=NoModelNlpEngine(), supported_languages=["zh"])


def run_presidio(a, raw, masked, _policy):
    from importlib.metadata import version

    engine = presidio_engine()

    def cut(buf):
        if not a.limit:
            return buf
        end = 0
        for _ in range(a.limit):
            nl = buf.find(b"\n", end)
            if nl < 0:
                return buf
            end = nl + 1
        return buf[:end]

    def detect(buf):
        def f():
            counts, n, recs = {}, 0, 0
            for vals in records(buf):
                recs += 1
                for s in vals:
                    for r in engine.analyze(text=s, language="zh"):
                        k = r.entity_type.lower()
                        counts[k] = counts.get(k, 0) + 1
                        n += 1
            return {"records": recs, "findings": n, "kinds": counts}

        return f

    raw, masked = cut(raw), cut(masked)
    return "presidio-analyzer", version("presidio-analyzer"), {
        "scan": timed(len(raw), a.rounds, detect(raw)),
        "verify": timed(len(masked), a.rounds, detect(masked)),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("engine", choices=["govshare", "re", "presidio"])
    ap.add_argument("--dir", default="data")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--mode", choices=["records", "text"], default="records")
    ap.add_argument("--limit", type=int, default=0, help="presidio: only the first N records")
    a = ap.parse_args()
    raw, masked, policy = load(a.dir)
    run = {"govshare": run_govshare, "re": run_re, "presidio": run_presidio}[a.engine]
    name, ver, ops = run(a, raw, masked, policy)
    print(json.dumps({
        "engine": name,
        "version": ver,
        "python": sys.version.split()[0],
        "loadavg": list(os.getloadavg()),
        "ops": ops,
    }))


if __name__ == "__main__":
    main()
