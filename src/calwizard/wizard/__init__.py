"""calwizard.wizard."""
