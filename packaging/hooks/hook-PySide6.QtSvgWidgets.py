# Overrides PyInstaller's own hook for this PySide6 module (packaging/hooks is the spec's hookspath):
# the same collection, minus the Qt plugins and translations calwizard does not use, dropped
# *before* PyInstaller follows their library dependencies (e.g. the gtk3 platform theme would pull
# in all of GTK). The keep-list is specutils.QT_PLUGINS_KEEP.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import specutils
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = specutils.prune_hook_entries(binaries)
datas = specutils.prune_hook_entries(datas)
