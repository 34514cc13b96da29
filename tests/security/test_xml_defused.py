"""XML from servers is parsed defused everywhere, the sandbox included (issue 13): no module of calwizard uses a
parser that resolves entities, loads a DTD or fetches from the network.

Allowed: ``defusedxml`` (the Autodiscover client, the sandbox) and lxml with the engine's hardened parser
(:func:`calwizard.engine.ews_soap._parser`: ``resolve_entities=False, no_network=True, load_dtd=False``).
exchangelib parses with defusedxml itself. A new parser anywhere fails this test until it is defused.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import calwizard

SRC = Path(calwizard.__file__).parent

FORBIDDEN = {
    ("xml.etree.ElementTree", "fromstring"), ("xml.etree.ElementTree", "parse"), ("xml.etree.ElementTree", "XML"),
    ("xml.etree.ElementTree", "iterparse"), ("xml.etree.ElementTree", "XMLParser"),
    ("xml.etree.cElementTree", "fromstring"), ("xml.dom.minidom", "parseString"), ("xml.dom.minidom", "parse"),
    ("xml.dom.pulldom", "parse"), ("xml.dom.pulldom", "parseString"), ("xml.sax", "parse"),
    ("xml.sax", "parseString"), ("xml.sax", "make_parser"), ("xml.parsers.expat", "ParserCreate"),
}
"""(module, attribute) pairs that parse XML without defusing it."""


def _imports(tree: ast.AST) -> dict[str, str]:
    """Local name -> dotted origin for ``import x.y as z`` and ``from x import y as z``."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                names[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                names[a.asname or a.name] = f"{node.module}.{a.name}"
    return names


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _scan() -> tuple[list[str], list[str]]:
    """``(problems, hardened lxml parsers)`` over every module of calwizard."""
    problems: list[str] = []
    lxml_parsers: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        names = _imports(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = _dotted(node.func)
            head, _, rest = called.partition(".")
            origin = f"{names.get(head, head)}.{rest}" if rest else names.get(head, head)
            module, _, attr = origin.rpartition(".")
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            if (module, attr) in FORBIDDEN:
                problems.append(f"{where}: {origin}")
            if module.endswith("lxml.etree") or origin.startswith("lxml.etree."):
                if attr == "XMLParser":
                    kwargs = {k.arg: k.value for k in node.keywords}
                    safe = all(isinstance(kwargs.get(k), ast.Constant) and kwargs[k].value is v
                               for k, v in (("resolve_entities", False), ("no_network", True), ("load_dtd", False)))
                    if not safe:
                        problems.append(f"{where}: lxml XMLParser without resolve_entities=False, no_network=True, "
                                        "load_dtd=False")
                    lxml_parsers.append(where)
                elif attr in ("fromstring", "XML", "parse", "iterparse") and len(node.args) < 2 and \
                        not any(k.arg == "parser" for k in node.keywords):
                    problems.append(f"{where}: lxml {attr} with lxml's default parser")
    return problems, lxml_parsers


def test_no_undefused_xml_parser_anywhere() -> None:
    try:
        problems, lxml_parsers = _scan()
    except SystemError:
        # CPython 3.11 before 3.11.8: ``ast.parse`` raises "AST constructor recursion depth mismatch" once a
        # RecursionError was caught earlier in the process (cpython gh-106905), which the hostile-input tests
        # provoke on purpose. A fresh interpreter has no such history.
        out = subprocess.run([sys.executable, __file__], capture_output=True, text=True, check=True, timeout=120)
        problems, lxml_parsers = json.loads(out.stdout)
    assert problems == [], problems
    assert lxml_parsers, "the engine's hardened lxml parser was found (the scan works)"


def test_the_scan_finds_a_planted_parser(tmp_path: Path) -> None:
    planted = "import xml.etree.ElementTree as ET\nfrom lxml import etree\nET.fromstring(b'<a/>')\n" \
              "etree.fromstring(b'<a/>')\n"
    tree = ast.parse(planted)
    names = _imports(tree)
    calls = [_dotted(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)]
    origins = {f"{names.get(c.partition('.')[0])}.{c.partition('.')[2]}" for c in calls}
    assert "xml.etree.ElementTree.fromstring" in origins and "lxml.etree.fromstring" in origins


if __name__ == "__main__":  # the scan in a fresh interpreter (see test_no_undefused_xml_parser_anywhere)
    print(json.dumps(_scan()))
