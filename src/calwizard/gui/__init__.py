"""calwizard.gui."""
