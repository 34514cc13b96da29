"""Translations: one catalog for the Qt interface and for the Qt-free texts (flow, checks, CLI).

Decision (DESIGN §2): **Qt's ``.ts`` files are the single catalog.** ``scripts/translations.py`` runs
``pyside6-lupdate`` (part of PySide6-Essentials) over the whole package: it collects the GUI's ``self.tr(...)`` /
``QCoreApplication.translate(...)`` *and* the Qt-free modules' ``translate("Context", "...")`` /
``QT_TRANSLATE_NOOP("Context", "...")`` from this module (lupdate recognizes both names), into
``resources/translations/calwizard_<lang>.ts``; ``pyside6-lrelease`` compiles them to ``.qm``. Both files ship as
resources (and in the frozen build: the spec copies ``resources/``).

At run time:

* the GUI loads the ``.qm`` into a ``QTranslator`` (:mod:`calwizard.gui.i18n`) and calls :func:`install` with
  ``QCoreApplication.translate``, so Qt-free code running in the wizard looks up the very same compiled catalog;
* headless verbs never import PySide6: :func:`translate` reads the ``.ts`` itself (XML parsed with ``defusedxml``,
  once, on the first lookup in a language other than English).

Texts are written in English in the source and marked where they are written; parameters are named
``{placeholders}`` filled with ``str.format`` *after* translation (never f-strings inside a translated text), so a
translator can reorder them. English needs no catalog: a missing or unfinished translation falls back to the
English text. Dates and numbers are formatted with babel (:func:`format_date`) or ``QLocale`` in the GUI.

The language: ``CALWIZARD_LANG`` (``de``, ``en``), else the choice saved in the wizard (:func:`saved_language`),
else the operating system's (the GUI asks ``QLocale``; headless, ``LC_ALL``/``LC_MESSAGES``/``LANG``), else English.
This module is process-wide state by nature (like ``QCoreApplication``'s installed translators); it imports only
the standard library (and defusedxml/babel when used).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}
"""Languages of the interface: code -> the language's own name."""
SOURCE_LANGUAGE = "en"
ENV_VAR = "CALWIZARD_LANG"
"""Environment variable that chooses the interface language (``de`` or ``en``), over any other choice."""
CATALOG = "translations/calwizard_{lang}.ts"
"""The catalog of a language, relative to :func:`calwizard.resources.root`; the compiled one ends in ``.qm``."""

_language = SOURCE_LANGUAGE
_backend: Callable[[str, str, str | None, int], str] | None = None
_catalogs: dict[str, dict[tuple[str, str], list[str]]] = {}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation where it is defined (a table entry); translate it where it is shown with
    :func:`translate` (same context)."""
    return text


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` (English, as written in the source) in the current language, or ``text`` itself when the catalog
    has no finished translation. ``n`` >= 0 chooses a plural form (``%n`` in the text is replaced by ``n``)."""
    if _backend is not None:
        out = _backend(context, text, disambiguation, n)
    elif _language == SOURCE_LANGUAGE and n < 0:
        out = text  # English without a count: the source is the text
    else:
        forms = _catalog(_language).get((context, text))
        out = (forms[_plural_index(_language, n)] if len(forms) > 1 and n >= 0 else forms[0]) if forms else text
    return out.replace("%n", str(n)) if n >= 0 else out


def language() -> str:
    """The interface language now (``en``, ``de``)."""
    return _language


def set_language(lang: str) -> str:
    """Use ``lang`` for :func:`translate` from now on (an unknown language means English); returns it."""
    global _language
    _language = lang if lang in LANGUAGES else SOURCE_LANGUAGE
    return _language


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[str]:
    """Within the ``with`` block :func:`translate` answers in ``lang`` (e.g. English for a JSON document whose
    values must not depend on the reader's language), then the language before it again. Headless only: with a
    Qt backend installed (:func:`install`) the backend's catalog decides."""
    before = _language
    try:
        yield set_language(lang)
    finally:
        set_language(before)


def install(backend: Callable[[str, str, str | None, int], str] | None) -> None:
    """Route :func:`translate` through ``backend`` (the GUI passes ``QCoreApplication.translate``: one compiled
    catalog for the widgets and the Qt-free texts), or back to the ``.ts`` reader (None)."""
    global _backend
    _backend = backend


def normalize(tag: str | None) -> str | None:
    """``de_DE.UTF-8``, ``de-AT``, ``German`` -> ``de``; None when no interface language matches."""
    if not tag:
        return None
    head = tag.replace("-", "_").split(".")[0].split("_")[0].strip().lower()
    if head in LANGUAGES:
        return head
    by_name = {name.lower(): code for code, name in LANGUAGES.items()} | {"german": "de", "english": "en"}
    return by_name.get(head)


def system_language(env: Mapping[str, str] | None = None) -> str | None:
    """The operating system's language for headless use: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
    ``LANGUAGE`` that names an interface language (POSIX order); None when none does (the GUI asks QLocale)."""
    env = os.environ if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(var):
            return normalize(env[var])  # the first one set decides, as POSIX says
    for part in env.get("LANGUAGE", "").split(":"):
        if lang := normalize(part):
            return lang
    return None


def settings_file() -> Path:
    """Where the wizard keeps the technician's language choice (``ui.json`` beside the profiles)."""
    env = os.environ.get("CALWIZARD_CONFIG_DIR")
    if env:
        return Path(env).parent / "ui.json"
    import platformdirs

    return platformdirs.user_config_path("calwizard", appauthor=False) / "ui.json"


def saved_language(path: Path | None = None) -> str | None:
    """The language chosen in the wizard (None: follow the system)."""
    try:
        data = json.loads((path or settings_file()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return normalize(data.get("language")) if isinstance(data, dict) else None


def save_language(lang: str | None, path: Path | None = None) -> None:
    """Remember the wizard's language choice (None: follow the system again). Written atomically."""
    p = path or settings_file()
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps({"language": lang}), encoding="utf-8")
    os.replace(tmp, p)


def choose_language(*, system: str | None = None, env: Mapping[str, str] | None = None,
                    saved: str | None = None) -> str:
    """The interface language: ``CALWIZARD_LANG``, else ``saved`` (the wizard's choice), else ``system`` (the
    OS language as the caller knows it), else :func:`system_language` of ``env``, else English."""
    env = os.environ if env is None else env
    return (normalize(env.get(ENV_VAR)) or normalize(saved) or normalize(system) or system_language(env)
            or SOURCE_LANGUAGE)


def catalog_path(lang: str, suffix: str = ".ts") -> Path:
    """The catalog file of ``lang`` (``.ts`` source or ``.qm`` compiled)."""
    from calwizard.resources import path

    return path(CATALOG.format(lang=lang)).with_suffix(suffix)


def _catalog(lang: str) -> dict[tuple[str, str], list[str]]:
    """(context, source) -> translated forms, from the ``.ts`` (finished translations only)."""
    if lang not in _catalogs:
        _catalogs[lang] = read_ts(catalog_path(lang)) if catalog_path(lang).is_file() else {}
    return _catalogs[lang]


def read_ts(path: Path) -> dict[tuple[str, str], list[str]]:
    """The finished translations of a Qt ``.ts`` file: (context, source) -> forms (one, or the plural forms).

    Parsed with defusedxml (the file is ours, but a resource directory can be replaced: no entity expansion).
    """
    from defusedxml import ElementTree

    out: dict[tuple[str, str], list[str]] = {}
    root = ElementTree.parse(str(path)).getroot()
    for ctx in root.iter("context"):
        name = ctx.findtext("name", "")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
            if any(forms):
                out[(name, msg.findtext("source", ""))] = forms
    return out


def _plural_index(lang: str, n: int) -> int:
    """Which of Qt's numerus forms ``n`` takes (English and German: one, other)."""
    return 0 if n == 1 else 1


def format_date(day: object, lang: str | None = None) -> str:
    """A date in words in the interface language (``1 April 2027``, ``1. April 2027``), via babel's CLDR data."""
    from babel.dates import format_date as babel_date

    locale = {"en": "en_GB", "de": "de_DE"}.get(lang or _language, "en_GB")
    return str(babel_date(day, format="long", locale=locale))  # type: ignore[arg-type]


def format_datetime(value: object, pattern: str, lang: str | None = None) -> str:
    """A date/time by a CLDR ``pattern`` (``EEE HH:mm``: ``Tue 08:00`` / ``Di. 08:00``) in the interface language."""
    from babel.dates import format_datetime as babel_datetime

    locale = {"en": "en_GB", "de": "de_DE"}.get(lang or _language, "en_GB")
    return str(babel_datetime(value, pattern, tzinfo=getattr(value, "tzinfo", None), locale=locale))  # type: ignore[arg-type]


__all__ = ["ENV_VAR", "LANGUAGES", "QT_TRANSLATE_NOOP", "catalog_path", "choose_language", "format_date",
           "format_datetime",
           "install", "language", "normalize", "read_ts", "save_language", "saved_language", "set_language", "speaking",
           "system_language", "translate"]
