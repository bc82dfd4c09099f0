"""The filter-pattern engine, table-driven and without boto3 (aws-facts 3.4)."""
import pytest

from awslab.services.logs.errors import PatternError
from awslab.services.logs.patterns import compile_pattern

APACHE = ('127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" '
          '404 1534')
FLOW = ("2 123456789012 eni-0a1b 10.0.1.5 10.0.2.9 49152 22 6 10 840 1767571200 "
        "1767571260 REJECT OK")


@pytest.mark.parametrize("pattern,message,expected", [
    # terms: whole words, case-sensitive, AND
    ("ERROR", "[ERROR] payment failed", True),
    ("ERROR", "ERROR: payment failed", True),
    ("ERROR", "ERRORS were found", False),
    ("ERROR", "error: lower case", False),
    ("ERROR payment", "ERROR in payment", True),
    ("ERROR payment", "ERROR in checkout", False),
    ('"payment failed"', "ERROR payment failed for order 7", True),
    ('"payment failed"', "payment has failed", False),
    ('"HTTP/1.1"', 'GET / HTTP/1.1 200', True),
    # ? OR, - exclusion
    ("?ERROR ?WARN", "WARN disk 91%", True),
    ("?ERROR ?WARN", "INFO all good", False),
    ("ERROR -timeout", "ERROR timeout talking to db", False),
    ("ERROR -timeout", "ERROR constraint violated", True),
    ("?ERROR ?WARN -health", "WARN health check slow", False),
    # everything
    ("", "anything at all", True),
    ('" "', "anything at all", True),
    # regex
    ("%ERR[O]R%", "xxERRORxx", True),
    ("%^START%", "START RequestId: 1", True),
    ("%^START%", "not START", False),
    ("%5[0-9]{2}%", "status=503", True),
    # JSON
    ("{ $.status >= 500 }", '{"status": 503}', True),
    ("{ $.status >= 500 }", '{"status": 200}', False),
    ("{ $.status = 503 }", '{"status": 503.0}', True),
    ("{ $.status >= 500 }", '{"status": "503"}', False),
    ('{ $.level = "ERROR" }', '{"level": "ERROR"}', True),
    ("{ $.level = ERROR }", '{"level": "ERROR"}', True),
    ('{ $.level != "ERROR" }', '{"level": "INFO"}', True),
    ('{ $.level != "ERROR" }', '{"other": 1}', False),
    ('{ $.path = "/api/*" }', '{"path": "/api/pets"}', True),
    ('{ $.path = "/api/*" }', '{"path": "/web/pets"}', False),
    ("{ $.user.id = 42 }", '{"user": {"id": 42}}', True),
    ("{ $.items[1].sku = B2 }", '{"items": [{"sku": "A1"}, {"sku": "B2"}]}', True),
    ("{ $.grid[0][1] = 5 }", '{"grid": [[4, 5], [6, 7]]}', True),
    ('{ $.user = "*" }', '{"user": {"id": 1}}', False),
    ('{ $.tags = "*" }', '{"tags": ["a"]}', False),
    ("{ $.x IS NULL }", '{"x": null}', True),
    ("{ $.x IS NULL }", '{"y": 1}', False),
    ("{ $.ok IS TRUE }", '{"ok": true}', True),
    ("{ $.ok IS FALSE }", '{"ok": true}', False),
    ("{ $.x NOT EXISTS }", '{"y": 1}', True),
    ("{ $.x NOT EXISTS }", '{"x": null}', False),
    ("{ $.a = 1 && $.b = 2 || $.c = 3 }", '{"c": 3}', True),
    ("{ $.a = 1 && ($.b = 2 || $.c = 3) }", '{"c": 3}', False),
    ("{ $.latency > 1e3 }", '{"latency": 1500}', True),
    ("{ $.delta < -0.5 }", '{"delta": -1}', True),
    ('{ $.msg = %time.?out% }', '{"msg": "timeout"}', True),
    ("{ $.status >= 500 }", "status 503 plain text", False),
    ("{ $.status >= 500 }", "[1, 2]", False),
    # space-delimited
    ("[ip, user, username, timestamp, request, status_code, bytes]", APACHE, True),
    ("[ip, user, username, timestamp, request, status_code = 4*, bytes]", APACHE, True),
    ("[ip, user, username, timestamp, request, status_code = 5*, bytes]", APACHE, False),
    ("[ip, user, username, timestamp, request = *gif*, status_code, bytes > 1000]",
     APACHE, True),
    ("[..., status_code = 404 || status_code = 410, bytes]", APACHE, True),
    ("[ip, ...]", APACHE, True),
    ("[ip, user]", APACHE, False),
    ("[w1 = ERROR, w2]", "ERROR disk", True),
    ("[w1 = ERROR, w2]", "ERROR disk full", False),
    ("[w1 = ERROR, ...]", "ERROR disk full", True),
    ("[version, account, eni, src, dst, srcport, dstport = 22, protocol = 6, packets, "
     "bytes, start, end, action = REJECT, status]", FLOW, True),
    ("[..., action = ACCEPT, status]", FLOW, False),
    ("[a, b != 5, c]", "x y z", True),
    ("[a, b = %^[0-9]+$%, c]", "x 123 z", True),
    ("[a, b, c = \"two words\"]", 'x y "two words"', True),
    ("[a, ..., z = last]", "a b c d last", True),
    ("[..., m = 3, ..., z]", "1 2 3 4 5", True),
])
def test_matches(pattern, message, expected):
    assert compile_pattern(pattern).matches(message) is expected


@pytest.mark.parametrize("pattern,message_part", [
    ("{ $.x = }", "Invalid filter pattern"),
    ("{ $.x = 1", "Invalid filter pattern"),
    ("[a, b", "Invalid filter pattern"),
    ("[]", "Invalid filter pattern"),
    ("{ $.x IS NOT NULL }", "Invalid filter pattern"),
    ("{ $.x EXISTS }", "Invalid filter pattern"),
    ("{ $.x > abc }", "Invalid filter pattern"),
    ("{ x = 1 }", "Invalid filter pattern"),
    ("[ip, user, status_code = 4* && bytes > 1000]", "Invalid filter pattern"),
    ("[a, a]", "Invalid filter pattern"),
    ('"unterminated', "Invalid filter pattern"),
    ("%a(b)%", "Invalid filter pattern"),
    ("%something!%", "Invalid filter pattern"),
    ("%a% %b% %c%", "Invalid filter pattern"),
    ("? ERROR", "Invalid filter pattern"),
    ("\u201cERROR\u201d", "Invalid character(s) in term '\u201cERROR\u201d'"),
    ("x" * 1025, "Invalid filter pattern"),
])
def test_invalid_patterns_raise_the_logs_error(pattern, message_part):
    with pytest.raises(PatternError) as info:
        compile_pattern(pattern)
    assert info.value.code == "InvalidParameterException"
    assert message_part in info.value.message
    assert info.value.detail


def test_extract_names_every_field_with_a_dollar():
    p = compile_pattern("[ip, user, username, timestamp, request, status_code, bytes]")
    assert p.extract(APACHE) == {
        "$ip": "127.0.0.1", "$user": "-", "$username": "frank",
        "$timestamp": "10/Oct/2000:13:25:15 -0700",
        "$request": "GET /apache_pb.gif HTTP/1.0", "$status_code": "404", "$bytes": "1534"}
    assert p.fields == ["ip", "user", "username", "timestamp", "request", "status_code",
                        "bytes"]


def test_extract_is_empty_without_a_match_or_for_other_kinds():
    assert compile_pattern("[a, b]").extract("one two three") == {}
    assert compile_pattern("ERROR").extract("ERROR x") == {}


def test_explain_terms_shows_spans_and_the_reason():
    e = compile_pattern("ERROR -timeout").explain("ERROR timeout talking")
    assert not e.matched
    assert [(p.label, p.ok, p.spans) for p in e.parts] == [
        ("ERROR", True, [(0, 5)]), ("-timeout", False, [(6, 13)])]
    assert "timeout" in e.reason


def test_explain_json_reports_the_value_found():
    e = compile_pattern('{ $.status >= 500 && $.path = "/api/*" }').explain(
        '{"status": 200, "path": "/api/pets"}')
    assert not e.matched
    notes = {p.label: (p.ok, p.note) for p in e.parts}
    assert notes["$.status >= 500"] == (False, "found 200")
    assert notes['$.path = "/api/*"'] == (True, 'found "/api/pets"')


def test_explain_delimited_points_at_the_failing_field():
    e = compile_pattern("[ip, user, ..., status = 404]").explain("1.2.3.4 bob x 500")
    assert not e.matched
    assert e.parts[-1].note == "$status = '500'" and not e.parts[-1].ok
    assert e.parts[-1].spans == [(14, 17)]


def test_explain_delimited_wrong_field_count():
    e = compile_pattern("[a, b]").explain("one two three")
    assert not e.matched and "3 fields for 2 slots" in e.reason


def test_kinds_and_dimensions_support():
    assert compile_pattern("").kind == "all"
    assert compile_pattern("ERROR").supports_dimensions is False
    assert compile_pattern("{ $.a = 1 }").supports_dimensions is True
    assert compile_pattern("[a]").supports_dimensions is True


def test_select_is_matches_over_a_list():
    p = compile_pattern("?ERROR ?WARN")
    assert p.select(["ERROR a", "INFO b", "WARN c"]) == [True, False, True]
