# Replaces PyInstaller's pyi_rth_pyside6 (a runtime hook in packaging/hooks/rthooks.dat takes precedence
# over the built-in one for the same module). It sets the same environment, but does NOT import
# PySide6.QtCore at start-up: the built-in hook imports it on every launch only to register an embedded
# qt.conf, which PyPI's PySide6 wheels already register themselves when QtCore is first imported. Importing
# it eagerly cost every headless verb (`--version`, `validate`, `sandbox`) ~0.1-0.2 s and loaded Qt and
# ICU into processes that never draw a window (DESIGN.md: headless verbs never import PySide6).


def _pyi_rthook():
    import os
    import sys

    from _pyi_rth_utils import is_macos_app_bundle, prepend_path_to_environment_variable
    from _pyi_rth_utils import qt as qt_rth_utils

    qt_rth_utils.ensure_single_qt_bindings_package("PySide6")

    if sys.platform.startswith("win"):
        pyside_path = os.path.join(sys._MEIPASS, "PySide6")
    else:
        pyside_path = os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(pyside_path, "plugins")

    # OpenSSL DLLs collected beside the executable (QtNetwork's TLS backend; harmless otherwise).
    if sys.platform.startswith("win"):
        prepend_path_to_environment_variable(sys._MEIPASS, "PATH")
    if sys.platform == "darwin" and not is_macos_app_bundle:
        prepend_path_to_environment_variable(sys._MEIPASS, "DYLD_LIBRARY_PATH")


_pyi_rthook()
del _pyi_rthook
