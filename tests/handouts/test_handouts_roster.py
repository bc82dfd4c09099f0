"""Rosters: header, students, safe file names; every bad line named."""
import pytest
from hypothesis import given, strategies as st

from awslab.handouts import RosterError, parse_roster, read_roster
from awslab.handouts.roster import safe_name


def test_a_plain_roster():
    students = parse_roster("student_id,name\nana,Ana Silva\nben,\n")
    assert [(s.student_id, s.name, s.slug, s.line) for s in students] == [
        ("ana", "Ana Silva", "ana", 2), ("ben", "", "ben", 3)]
    assert students[0].label == "Ana Silva (ana)" and students[1].label == "ben"


def test_bom_blank_lines_extra_columns_and_header_case():
    text = "\ufeffName,Student_ID,email\n\nAna,ana,a@example.com\n,,\nBen,ben,\n"
    assert [s.student_id for s in parse_roster(text)] == ["ana", "ben"]


def test_name_is_optional_and_whitespace_trimmed():
    assert parse_roster("student_id\n  carl  \n")[0].student_id == "carl"


@pytest.mark.parametrize("text, expected", [
    ("", "is empty"),
    ("name\nAna\n", "line 1: no 'student_id' column; the header row has 'name'"),
    ("student_id,name\n", "lists no students"),
    ("student_id,name\nana,Ana\n,Nobody\n", "line 3: empty student_id"),
    ("student_id,name\nana,Ana\nben,Ben\nana,Ana again\n",
     "line 4: duplicate student 'ana' (first on line 2)"),
    ("student_id,name\nana,Silva, Ana\n", "line 2: 3 fields but the header has 2"),
    ("student_id\n../..\n", "line 2: student_id '../..' has no letter or digit"),
    ("student_id\na/b\na b\n", "line 3: student_id 'a b' and 'a/b' (line 2) would share "
     "the file name 'a_b'"),
    ("student_id\nAna\nana\n", "would share the file name"),
])
def test_bad_rosters_name_the_line(text, expected):
    with pytest.raises(RosterError) as err:
        parse_roster(text, source="class.csv")
    assert expected in str(err.value)
    assert "class.csv" in str(err.value)


def test_all_problems_are_reported_at_once():
    with pytest.raises(RosterError) as err:
        parse_roster("student_id\n\nana\nana\n \n..\n")
    message = str(err.value)
    assert "2 problems" in message and "line 4" in message and "line 6" in message


def test_read_roster_errors(tmp_path):
    with pytest.raises(RosterError, match="does not exist"):
        read_roster(tmp_path / "missing.csv")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("student_id\nJos\xe9\n".encode("latin-1"))
    with pytest.raises(RosterError, match="not UTF-8"):
        read_roster(bad)


@pytest.mark.parametrize("raw, slug", [
    ("alice", "alice"), ("../../etc/passwd", "etc_passwd"), ("Zoë Ünal", "Zoe_Unal"),
    (".hidden", "hidden"), ("CON", "CON_"), ("nul.txt", "nul.txt_"),
    ("a" * 100, "a" * 64), ("<script>", "script"), ("C:\\temp\\x", "C_temp_x"),
])
def test_safe_names(raw, slug):
    assert safe_name(raw) == slug


@given(st.text(max_size=80))
def test_safe_names_never_leave_the_folder(text):
    slug = safe_name(text)
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "0123456789._-")
    assert not slug.startswith((".", "-", "_")) and len(slug) <= 65
    assert slug not in (".", "..") and "/" not in slug
