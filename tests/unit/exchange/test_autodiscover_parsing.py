"""Autodiscover parsers on messages built from Microsoft's documented formats.

POX: [MS-OXDSCLI] 2.2.4 and Microsoft Learn "Response (POX)", "Account (POX)" (whose syntax spells
``RedirectURL``), "RedirectUrl (POX)", "Error (POX)" and the MS-ASCMD error example (600 Invalid Request).
SOAP: "GetUserSettings operation (SOAP)", "UserResponse (SOAP)", "ErrorCode (SOAP)" (Microsoft's samples write the
namespace with https://, servers with http://).
"""

from __future__ import annotations

import pytest

from calwizard.exchange import autodiscover as ad

R = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
A = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
URL = "https://autodiscover.contoso.com/autodiscover/autodiscover.xml"


def pox(account: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="{R}"><Response xmlns="{A}">'
            "<User><DisplayName>Anna Schmidt</DisplayName><AutoDiscoverSMTPAddress>anna@contoso.com"
            f"</AutoDiscoverSMTPAddress></User><Account>{account}</Account></Response></Autodiscover>").encode()


@pytest.mark.parametrize("tag", ["RedirectUrl", "RedirectURL", "redirecturl"])
def test_redirect_url_in_either_spelling(tag: str) -> None:
    doc = pox(f"<AccountType>email</AccountType><Action>redirectUrl</Action>"
              f"<{tag}>https://mail.contoso.com/autodiscover/autodiscover.xml</{tag}>")
    with pytest.raises(ad._Redirect) as r:
        ad.parse_pox_response(doc, URL, "anna@contoso.com")
    assert (r.value.kind, r.value.target) == ("url", "https://mail.contoso.com/autodiscover/autodiscover.xml")


def test_redirect_addr() -> None:
    doc = pox("<AccountType>email</AccountType><Action>redirectAddr</Action><RedirectAddr>anna@fabrikam.com"
              "</RedirectAddr>")
    with pytest.raises(ad._Redirect) as r:
        ad.parse_pox_response(doc, URL, "anna@contoso.com")
    assert (r.value.kind, r.value.target) == ("addr", "anna@fabrikam.com")


def test_settings_with_exch_and_expr() -> None:
    doc = pox("<AccountType>email</AccountType><Action>settings</Action>"
              "<Protocol><Type>EXCH</Type><Server>exch01.contoso.com</Server><ServerVersion>73C18880</ServerVersion>"
              "<ASUrl>https://exch01.contoso.com/EWS/Exchange.asmx</ASUrl>"
              "<EwsUrl>https://exch01.contoso.com/EWS/Exchange.asmx</EwsUrl></Protocol>"
              "<Protocol><Type>EXPR</Type><Server>mail.contoso.com</Server>"
              "<EwsUrl>https://mail.contoso.com/EWS/Exchange.asmx</EwsUrl></Protocol>")
    res = ad.parse_pox_response(doc, URL, "anna@contoso.com")
    assert res.internal_ews_url == "https://exch01.contoso.com/EWS/Exchange.asmx"
    assert res.external_ews_url == "https://mail.contoso.com/EWS/Exchange.asmx"
    assert res.build == (15, 1, 2176)
    assert res.display_name == "Anna Schmidt"


def test_protocol_without_ews_url_falls_back_to_as_url() -> None:
    """Published answers carry only ASUrl; the EWS Managed API then uses it as the EWS URL."""
    doc = pox("<AccountType>email</AccountType><Action>settings</Action>"
              "<Protocol><Type>EXPR</Type><Server>mail.contoso.com</Server>"
              "<ASUrl>https://mail.contoso.com/EWS/Exchange.asmx</ASUrl><OOFUrl>"
              "https://mail.contoso.com/EWS/Exchange.asmx</OOFUrl></Protocol>")
    res = ad.parse_pox_response(doc, URL, "anna@contoso.com")
    assert res.ews_url("external") == "https://mail.contoso.com/EWS/Exchange.asmx"


def test_exchange_2010_server_version() -> None:
    doc = pox("<Action>settings</Action><Protocol><Type>EXCH</Type><ServerVersion>738180DA</ServerVersion>"
              "<EwsUrl>https://exch01.contoso.com/EWS/Exchange.asmx</EwsUrl></Protocol>")
    assert ad.parse_pox_response(doc, URL, "anna@contoso.com").build == (14, 1, 218)


def test_error_600_from_the_documented_example() -> None:
    """MS-ASCMD's example (an Error directly in Response) — what web hosters' catch-alls send."""
    doc = (f'<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="{R}"><Response>'
           '<Error Time="16:56:32.6164027" Id="1054084152"><ErrorCode>600</ErrorCode><Message>Invalid Request'
           "</Message><DebugData /></Error></Response></Autodiscover>").encode()
    with pytest.raises(ad.AutodiscoverError) as e:
        ad.parse_pox_response(doc, URL, "anna@contoso.com")
    assert e.value.code == "600"
    assert e.value.message == "Autodiscover at autodiscover.contoso.com answered error 600 (Invalid Request)"
    assert "catch-all" in (e.value.remedy or "") and "DNS" in (e.value.remedy or "")


def test_error_500_inside_account() -> None:
    """"Account (POX)": an Account may carry the Error."""
    doc = pox("<Error><ErrorCode>500</ErrorCode><Message>The email address can't be found.</Message>"
              "<DebugData/></Error>")
    with pytest.raises(ad.AutodiscoverError) as e:
        ad.parse_pox_response(doc, URL, "anna@contoso.com")
    assert e.value.code == "500" and "does not know this address" in (e.value.remedy or "")


def test_not_autodiscover_xml() -> None:
    with pytest.raises(ad.UserFacingError):
        ad.parse_pox_response(b"<html><body>Welcome</body></html>", URL, "anna@contoso.com")
    with pytest.raises(ad.UserFacingError):
        ad.parse_pox_response(b"not xml", URL, "anna@contoso.com")


SVC = "https://autodiscover.contoso.com/autodiscover/autodiscover.svc"


def soap(user_response: str, ns: str = "https://schemas.microsoft.com/exchange/2010/Autodiscover",
         top_error: str = "NoError") -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header>'
            f'<a:Action s:mustUnderstand="1">{ns}/Autodiscover/GetUserSettingsResponse</a:Action>'
            f'<h:ServerVersionInfo xmlns:h="{ns}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
            "<h:MajorVersion>15</h:MajorVersion><h:MinorVersion>1</h:MinorVersion><h:MajorBuildNumber>2507"
            "</h:MajorBuildNumber><h:MinorBuildNumber>6</h:MinorBuildNumber><h:Version>Exchange2015</h:Version>"
            f'</h:ServerVersionInfo></s:Header><s:Body><GetUserSettingsResponseMessage xmlns="{ns}">'
            f'<Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><ErrorCode>{top_error}</ErrorCode>'
            f"<ErrorMessage /><UserResponses>{user_response}</UserResponses></Response>"
            "</GetUserSettingsResponseMessage></s:Body></s:Envelope>").encode()


def setting(name: str, value: str) -> str:
    return f'<UserSetting i:type="StringSetting"><Name>{name}</Name><Value>{value}</Value></UserSetting>'


@pytest.mark.parametrize("ns", ["https://schemas.microsoft.com/exchange/2010/Autodiscover",
                                "http://schemas.microsoft.com/exchange/2010/Autodiscover"])
def test_soap_settings(ns: str) -> None:
    doc = soap("<UserResponse><ErrorCode>NoError</ErrorCode><ErrorMessage>No error.</ErrorMessage>"
               '<RedirectTarget i:nil="true" /><UserSettingErrors /><UserSettings>'
               + setting("UserDisplayName", "Anna Schmidt") + setting("CasVersion", "15.1.2507.6")
               + setting("InternalEwsUrl", "https://exch01.contoso.com/EWS/Exchange.asmx")
               + setting("ExternalEwsUrl", "https://mail.contoso.com/EWS/Exchange.asmx")
               + "</UserSettings></UserResponse>", ns)
    res = ad.parse_soap_response(doc, SVC, "anna@contoso.com")
    assert res.internal_ews_url == "https://exch01.contoso.com/EWS/Exchange.asmx"
    assert res.external_ews_url == "https://mail.contoso.com/EWS/Exchange.asmx"
    assert res.build == (15, 1, 2507) and res.display_name == "Anna Schmidt"


@pytest.mark.parametrize(("code", "target", "kind"), [
    ("RedirectAddress", "anna@fabrikam.com", "addr"),
    ("RedirectUrl", "https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc", "url"),
])
def test_soap_redirects(code: str, target: str, kind: str) -> None:
    doc = soap(f"<UserResponse><ErrorCode>{code}</ErrorCode><ErrorMessage>Redirection</ErrorMessage>"
               f"<RedirectTarget>{target}</RedirectTarget><UserSettingErrors /><UserSettings /></UserResponse>")
    with pytest.raises(ad._Redirect) as r:
        ad.parse_soap_response(doc, SVC, "anna@contoso.com")
    assert (r.value.kind, r.value.target) == (kind, target)


def test_soap_errors() -> None:
    doc = soap("<UserResponse><ErrorCode>InvalidUser</ErrorCode><ErrorMessage>Invalid user: 'x@contoso.com'"
               '</ErrorMessage><RedirectTarget i:nil="true" /><UserSettingErrors /><UserSettings /></UserResponse>')
    with pytest.raises(ad.AutodiscoverError) as e:
        ad.parse_soap_response(doc, SVC, "x@contoso.com")
    assert e.value.code == "InvalidUser" and "does not know this address" in (e.value.remedy or "")
    with pytest.raises(ad.AutodiscoverError) as e:
        ad.parse_soap_response(soap("", top_error="InvalidRequest"), SVC, "x@contoso.com")
    assert e.value.code == "InvalidRequest"


def test_candidates_ask_each_https_host_with_pox_and_soap() -> None:
    assert ad.candidates("contoso.com") == [
        "https://autodiscover.contoso.com/autodiscover/autodiscover.xml",
        "https://autodiscover.contoso.com/autodiscover/autodiscover.svc",
        "https://contoso.com/autodiscover/autodiscover.xml",
        "https://contoso.com/autodiscover/autodiscover.svc",
        "http://autodiscover.contoso.com/autodiscover/autodiscover.xml",
        "http://contoso.com/autodiscover/autodiscover.xml",
    ]
    assert ad.explicit_urls("https://mail.contoso.com/Autodiscover/Autodiscover.svc") == [
        "https://mail.contoso.com/Autodiscover/Autodiscover.svc"]
    assert ad.explicit_urls("https://mail.contoso.com/") == [
        "https://mail.contoso.com/autodiscover/autodiscover.xml", "https://mail.contoso.com/autodiscover/autodiscover.svc"]
