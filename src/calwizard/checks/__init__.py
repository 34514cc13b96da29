"""calwizard.checks."""
