"""packaging/container: no container engine runs here, so the files are checked by what can be checked without
one — the Containerfile's instructions and its command lines (parsed by calwizard's own parser), the Kubernetes
manifests (parsed as YAML: the StatefulSet derives the shard from the pod ordinal with as many replicas as
shards, the configuration in the ConfigMap loads and takes its secret from the Secret, the probes hit the
engine's endpoints). Building and running the image is a manual check (docs/service.md)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from calwizard.cli import build_parser
from calwizard.settings.io import load_settings
from calwizard.settings.shard import Shard

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).parents[2]
CONTAINER = ROOT / "packaging" / "container"


def _instructions() -> list[tuple[str, str]]:
    text = (CONTAINER / "Containerfile").read_text().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _exec_form(rest: str) -> list[str]:
    value = json.loads(rest)
    assert isinstance(value, list) and all(isinstance(x, str) for x in value)
    return value


def test_containerfile() -> None:
    ins = _instructions()
    words = [w for w, _ in ins]
    assert set(words) <= {"FROM", "WORKDIR", "COPY", "RUN", "ENV", "USER", "VOLUME", "EXPOSE", "HEALTHCHECK",
                          "STOPSIGNAL", "ENTRYPOINT", "CMD"}
    bases = [rest.split()[0] for w, rest in ins if w == "FROM"]
    assert bases and all("slim" in b for b in bases), "a slim Python base"
    user = [rest for w, rest in ins if w == "USER"][-1]
    assert user.split(":")[0] not in ("0", "root")
    for w, rest in ins:
        if w == "COPY" and not rest.startswith("--from"):
            for src in rest.split()[:-1]:
                assert (ROOT / src).exists(), f"COPY {src}: not in the repository"
    entry = _exec_form(next(r for w, r in ins if w == "ENTRYPOINT"))
    cmd = _exec_form(next(r for w, r in ins if w == "CMD"))
    assert entry[:3] == ["calwizard", "engine", "run"]
    args = build_parser().parse_args(entry[1:] + cmd)
    assert args.func.__name__ == "cmd_run" and args.health == "0.0.0.0:9464"
    health = next(r for w, r in ins if w == "HEALTHCHECK")
    probe = _exec_form(health[health.index("CMD") + 3:].strip())
    assert probe[:2] == ["python", "-c"]
    ast.parse(probe[2])  # valid Python
    assert "127.0.0.1:9464/healthz" in probe[2]
    assert "9464" in [r for w, r in ins if w == "EXPOSE"]
    assert any(w == "RUN" and "useradd" in r and "10001" in r for w, r in ins)


def _docs() -> dict[str, dict]:  # type: ignore[type-arg]
    docs = list(yaml.safe_load_all((CONTAINER / "kubernetes" / "calwizard-engine.yaml").read_text()))
    return {d["kind"]: d for d in docs if d}


def test_kubernetes_statefulset(tmp_path: Path) -> None:
    docs = _docs()
    assert set(docs) == {"Secret", "ConfigMap", "Service", "StatefulSet"}
    sts = docs["StatefulSet"]
    pod = sts["spec"]["template"]["spec"]
    [c] = pod["containers"]
    args = build_parser().parse_args(["engine", "run", *c["args"]])
    shard = Shard.parse(args.shard, hostname=f"{sts['metadata']['name']}-1")
    assert args.shard.startswith("ordinal/") and shard.count == sts["spec"]["replicas"] and shard.index == 1
    assert args.health.endswith(":9464")
    for probe, path in (("startupProbe", "/healthz"), ("readinessProbe", "/healthz"), ("livenessProbe", "/livez")):
        assert c[probe]["httpGet"]["path"] == path
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    mounts = {m["mountPath"] for m in c["volumeMounts"]}
    assert str(args.state_dir) in mounts and str(args.config.parent) in mounts
    assert sts["spec"]["volumeClaimTemplates"][0]["metadata"]["name"] == "state"

    # the configuration loads, and its secret comes from the Secret through the environment
    config = tmp_path / "engine.toml"
    config.write_text(docs["ConfigMap"]["data"][args.config.name])
    settings = load_settings(config)
    ref = settings.exchange.password
    assert ref is not None and ref.env in docs["Secret"]["stringData"]
    assert c["envFrom"][0]["secretRef"]["name"] == docs["Secret"]["metadata"]["name"]
    assert docs["Service"]["spec"]["selector"] == sts["spec"]["selector"]["matchLabels"]
