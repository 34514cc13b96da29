"""Adapters that build msal apps, exchangelib accounts and HTTP clients from the settings.

The one place where library exceptions are turned into calwizard errors or check results.
"""
