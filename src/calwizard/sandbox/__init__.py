"""calwizard.sandbox."""
