"""The GUI's side of :mod:`calwizard.i18n`: Qt's translators for the chosen language, loaded before the first page.

:func:`install_translators` loads ``resources/translations/calwizard_<lang>.qm`` (compiled from the one ``.ts``
catalog) and Qt's own ``qtbase_<lang>.qm`` (the wizard's Back/Next/Cancel, standard dialog buttons) into
``QTranslator`` s, makes :func:`calwizard.i18n.translate` use the same compiled catalog for the Qt-free texts, and
sets ``QLocale``'s default so times and numbers in widgets follow the language. Loading a ``.qm`` maps the file
(about a millisecond): the first page is not slower for it (``bench/startup.py``).
"""

from __future__ import annotations

from typing import Any


def install_translators(app: Any, lang: str | None = None) -> str:
    """Load the translators for ``lang`` (default: :func:`calwizard.i18n.choose_language` with the system's
    language from ``QLocale``), replacing those loaded before; returns the language in use."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    from calwizard import i18n

    if lang is None:
        lang = i18n.choose_language(system=QLocale.system().name(), saved=i18n.saved_language())
    lang = i18n.set_language(lang)
    for old in getattr(app, "_calwizard_translators", ()):
        app.removeTranslator(old)
    loaded = []
    ours = QTranslator(app)  # English too: its catalog holds the plural forms of the texts with a count
    if ours.load(str(i18n.catalog_path(lang, ".qm"))):
        loaded.append(ours)
    if lang != i18n.SOURCE_LANGUAGE:
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            loaded.append(qt)
    for t in loaded:
        app.installTranslator(t)
    app._calwizard_translators = loaded
    i18n.install(QCoreApplication.translate)
    QLocale.setDefault(QLocale(lang))
    return lang


__all__ = ["install_translators"]
