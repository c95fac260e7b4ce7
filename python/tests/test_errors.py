import json
import pytest

import govshare


def test_error_has_code_message_and_location():
    with pytest.raises(govshare.GovshareError) as info:
        govshare.http_message_normalize('{"method": 1}')
    e = info.value
    assert e.code == "invalid_value"
    assert "invalid value" in str(e) and str(e).startswith("[invalid_value]")
    assert "字段值无效" in e.message_zh
    assert e.location is not None and e.location.line == 1


def test_version_is_semver():
    parts = govshare.__version__.split(".")
    assert len(parts) == 3 and all(p.isdigit() for p in parts)


def test_imports_installed_wheel():
    # Tests must exercise what users install, not the source tree.
    assert "site-packages" in govshare.__file__, govshare.__file__


def test_errors_say_their_kind():
    with pytest.raises(govshare.GovshareError) as e:
        govshare.Catalog.from_json(b'{"resources": [')
    assert e.value.code == "malformed_json" and e.value.kind == "input"
    with pytest.raises(govshare.GovshareError) as e:
        govshare.transition(govshare.new_lifecycle(), govshare.Event.SUBMIT(), "2026-03-02T10:00:00+08:00")
    assert e.value.code == "illegal_transition" and e.value.kind == "state"


def test_records_print_their_fields_and_hide_received_data():
    c = govshare.Catalog.sample()
    r = c.search(govshare.SearchQuery(text="企业", limit=1))
    shown = repr(r.facets.sharing)
    assert "FacetCount(value=" in shown and "count=" in shown, shown
    page = govshare.DataPage(resource_code="1/1", items=["姓名"], rows_json='[["张三"]]', row_count=1)
    assert "张三" not in repr(page) and "rows_json=<" in repr(page)
    body = json.dumps({"code": "00", "datas": {"requestSecret": "rq-s3cr3t", "requestSecretEndTime": 1,
                                               "refreshSecret": "rf-s3cr3t", "refreshSecretEndTime": 2}})
    secrets = govshare.parse_irs_refresh_response(
        {"status": 200, "headers": [["Content-Type", "application/json"]], "body": body})
    for shown in (repr(secrets), str(secrets), repr([secrets])):
        assert "s3cr3t" not in shown and "request_secret_end_time: 1" in shown, shown
    # Read by name, deliberately.
    assert secrets.request_secret() == "rq-s3cr3t" and secrets.refresh_secret_end_time() == 2
