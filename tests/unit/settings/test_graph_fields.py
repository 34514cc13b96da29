"""The cloud_graph sync type and its settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from calwizard.settings.model import ExchangeSettings, GraphPermission, SyncType


def test_sync_type_properties() -> None:
    g = SyncType.CLOUD_GRAPH
    assert g.value == "cloud_graph"
    assert g.is_cloud and g.uses_graph and g.is_app_only and not g.uses_ews
    assert SyncType.CLOUD_APP_ONLY.uses_ews and not SyncType.CLOUD_APP_ONLY.uses_graph
    assert not SyncType.CLOUD_DELEGATED.is_app_only


def test_defaults_and_descriptions() -> None:
    ex = ExchangeSettings(sync_type="cloud_graph")
    assert ex.graph_permission is GraphPermission.CALENDARS_READ
    assert ex.must_be_denied == [] and ex.graph_poll_interval_seconds == 60
    fields = ExchangeSettings.model_fields
    assert "tenant-wide" in (fields["graph_permission"].description or "")
    assert "403" in (fields["must_be_denied"].description or "")
    assert "10-3600" in (fields["graph_poll_interval_seconds"].description or "")
    basic = ExchangeSettings(graph_permission="Calendars.ReadBasic")
    assert basic.graph_permission is GraphPermission.CALENDARS_READ_BASIC


def test_must_be_denied_is_split_validated_and_deduplicated() -> None:
    ex = ExchangeSettings(must_be_denied="ceo@fabrikam.com; CEO@fabrikam.com, board@fabrikam.com")
    assert ex.must_be_denied == ["ceo@fabrikam.com", "board@fabrikam.com"]
    with pytest.raises(ValidationError, match="must_be_denied") as e:
        ExchangeSettings(must_be_denied=["ceo"])
    assert "full address" in str(e.value)


@pytest.mark.parametrize("value", [9, 3601])
def test_poll_interval_range_names_the_fix(value: int) -> None:
    with pytest.raises(ValidationError, match="graph_poll_interval_seconds") as e:
        ExchangeSettings(graph_poll_interval_seconds=value)
    assert "use 10 to 3600 seconds" in str(e.value)


def test_unknown_permission_is_rejected() -> None:
    with pytest.raises(ValidationError, match="graph_permission"):
        ExchangeSettings(graph_permission="Calendars.ReadWrite")
