"""PostgreSQL, attacked with real logins and plain SQL (issue 18, failures 2, 3 and 4).

Each test reproduces a failure of the issue: an audit trail rewritten, minutes versions
deleted unaudited, final minutes changed, roles reaching another database, a login taken
over, a password in the SQL text. UK GDPR Art. 5(1)(f), Art. 25 (data protection by design)
and Art. 32; Adoption Agencies Regulations 2005 reg 41 (case records kept secure).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from db.engine import make_engine
from db.migrate import upgrade_database
from panelapp.services import agency, cases, panel_day
from panelapp.services.admin import save_user, verify_audit
from panelapp.services.admin.users import scram_verifier
from panelapp.services.cases import withheld_names
from panelapp.services.context import ServiceContext
from panelapp.services.errors import PermissionDenied, ValidationError
from tests.conftest import _PG_SKIP, DEMO_UNTIL, PG_ADMIN_URL, drop_database_roles

pytestmark = pytest.mark.pg
ROLES = ("administrator", "adviser", "chair", "viewer")


class Team:
    def __init__(self, url: str, ctx: ServiceContext, logins: dict[str, str]) -> None:
        self.url, self.ctx, self.logins = url, ctx, logins
        self.engines: dict[str, Engine] = {}

    def as_(self, role: str) -> Engine:
        if role not in self.engines:
            login = self.logins[role]
            url = make_url(self.url).set(username=login).render_as_string(hide_password=False)
            self.engines[role] = create_engine(url)
        return self.engines[role]


def _new_database(admin: Engine) -> str:
    name = f"panelapp_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return name


@pytest.fixture(scope="module")
def team() -> Iterator[Team]:
    """A demo database with one login per role (made by `users add`), dropped afterwards."""
    if _PG_SKIP:
        pytest.skip(_PG_SKIP)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = _new_database(admin)
    url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    engine = make_engine(url)
    upgrade_database(engine)
    ctx = ServiceContext(engine)
    agency.load_demo_data(ctx, until=DEMO_UNTIL)
    tag = uuid.uuid4().hex[:6]
    logins = {role: f"pa_{role[:4]}_{tag}" for role in ROLES}
    for role, login in logins.items():
        save_user(ctx, login, role, password="not-a-real-secret")
    found = Team(url, ctx, logins)
    try:
        yield found
    finally:
        for e in found.engines.values():
            e.dispose()
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            drop_database_roles(conn, name)
            for login in logins.values():
                conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
        admin.dispose()


def _refused(engine: Engine, sql: str, match: str = "permission denied|must be owner|locked") -> None:
    with pytest.raises(DBAPIError, match=match), engine.begin() as conn:
        conn.execute(text(sql))


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text(sql)) or 0)


@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE audit_log",
        "DELETE FROM audit_log",
        "UPDATE audit_log SET author = 'someone.else'",
        "INSERT INTO audit_log (at, author, action, table_name, row_id, summary) "
        "VALUES (now(), 'someone.else', 'update', 'member', '1', 'forged')",
        "UPDATE audit_chain SET last_hash = ''",
        "CREATE TRIGGER hide AFTER UPDATE ON member FOR EACH ROW EXECUTE FUNCTION panelapp_audit()",
        "ALTER TABLE member DISABLE TRIGGER panelapp_audit",
        "TRUNCATE member CASCADE",
    ],
)
def test_an_administrator_login_cannot_rewrite_or_hide_the_trail(team: Team, sql: str) -> None:
    """Issue 18 failure 2: TRUNCATE (3,514 rows -> 0), a forged author, a hiding trigger."""
    before = _count(team.ctx.engine, "SELECT count(*) FROM audit_log")
    _refused(team.as_("administrator"), sql)
    assert _count(team.ctx.engine, "SELECT count(*) FROM audit_log") == before


def test_an_administrator_may_still_change_data_and_it_is_audited_in_the_chain(team: Team) -> None:
    login = team.logins["administrator"]
    with team.as_("administrator").begin() as conn:
        conn.execute(text("UPDATE member SET phone = '01632 960999' WHERE id = 1"))
    last = _count(team.ctx.engine, "SELECT max(id) FROM audit_log")
    with team.ctx.engine.connect() as conn:
        author, after = conn.execute(
            text("SELECT author, after::text FROM audit_log WHERE id = :i"), {"i": last}
        ).one()
    assert author == login and "960999" in after
    report = verify_audit(team.ctx)
    assert report.intact, report.problems
    assert report.rows == _count(team.ctx.engine, "SELECT count(*) FROM audit_log")


def _final_minutes(team: Team) -> tuple[int, int]:
    with team.ctx.engine.connect() as conn:
        minutes_id = conn.scalar(text("SELECT min(id) FROM minutes WHERE state = 'final'"))
        section = conn.scalar(
            text("SELECT min(id) FROM minutes_section WHERE minutes_id = :m"), {"m": minutes_id}
        )
    assert minutes_id is not None and section is not None
    return int(minutes_id), int(section)


def test_minutes_versions_cannot_be_deleted_or_rewritten_and_are_audited(team: Team) -> None:
    """Issue 18 failure 2: an adviser deleted all 4 versions, a chair rewrote them, 0 audit rows."""
    minutes_id, _ = _final_minutes(team)
    with team.as_("adviser").begin() as conn:
        conn.execute(
            text("INSERT INTO minutes_revision (minutes_id, saved_at, saved_by, kind, note, content) "
                 "VALUES (:m, now(), 'x', 'save', '', '{}')"),
            {"m": minutes_id},
        )  # fmt: skip
    assert (
        _count(team.ctx.engine, "SELECT count(*) FROM audit_log WHERE table_name = 'minutes_revision'") >= 1
    )
    _refused(team.as_("adviser"), "DELETE FROM minutes_revision")
    _refused(team.as_("chair"), "UPDATE minutes_revision SET note = 'rewritten'")


def test_final_minutes_are_locked_in_the_database(team: Team) -> None:
    """Issue 18 failure 2: an adviser changed final text; a chair went draft -> final, forged."""
    minutes_id, section = _final_minutes(team)
    _refused(team.as_("adviser"), f"UPDATE minutes_section SET body = 'changed' WHERE id = {section}")
    _refused(team.as_("adviser"), f"DELETE FROM minutes_section WHERE id = {section}")
    _refused(team.as_("chair"), f"UPDATE minutes SET signed_off_by = 'Forged' WHERE id = {minutes_id}")
    _refused(team.as_("chair"), f"UPDATE minutes SET state = 'draft' WHERE id = {minutes_id}")  # no reason
    _refused(  # an adviser may not reopen, even with a reason
        team.as_("adviser"),
        f"UPDATE minutes SET state = 'draft', reopen_reason = 'x' WHERE id = {minutes_id}",
    )
    before = _count(team.ctx.engine, "SELECT count(*) FROM audit_log WHERE table_name = 'minutes'")
    with team.as_("chair").begin() as conn:  # a reopen with its reason: allowed, and audited
        conn.execute(
            text(
                f"UPDATE minutes SET state = 'draft', reopen_reason = 'typo in names' WHERE id = {minutes_id}"
            )
        )
    assert (
        _count(team.ctx.engine, "SELECT count(*) FROM audit_log WHERE table_name = 'minutes'") == before + 1
    )


@pytest.mark.parametrize("role", ["viewer", "chair"])
def test_viewers_and_chairs_cannot_read_childrens_names_or_the_trail(team: Team, role: str) -> None:
    """Issue 18 failure 3: the app refused them, plain SQL did not. A chair reads the names
    (not the dates of birth) to check the documents they export; a viewer reads neither."""
    engine = team.as_(role)
    if role == "viewer":
        _refused(engine, "SELECT full_name FROM case_child")
    else:
        assert _count(engine, "SELECT count(full_name) FROM case_child") > 0
    _refused(engine, "SELECT date_of_birth FROM case_child")
    assert _count(engine, "SELECT count(initials) FROM case_child") > 0  # what their role needs
    assert _count(engine, "SELECT count(*) FROM audit_log") == _count(
        team.ctx.engine, f"SELECT count(*) FROM audit_log WHERE author = '{team.logins[role]}'"
    )  # their own changes only
    _refused(engine, "SELECT * FROM audit_chain")


@pytest.mark.parametrize("role", ["viewer", "chair"])
def test_viewers_and_chairs_still_use_the_app_without_childrens_names(team: Team, role: str) -> None:
    """The app asks the database only for what the role may read: the case opens with the
    children's initials, panel day and the register load, and a circulated document (checked
    against the children's names) is refused in words, not with "permission denied"."""
    ctx = ServiceContext(team.as_(role))
    assert ctx.user.role == role
    opened = (cases.get_case(ctx, c.id) for c in cases.list_cases(ctx)[:60])
    detail = next(d for d in opened if d.children)  # a case with children, opened by this login
    assert all(c.full_name == "" and c.date_of_birth is None for c in detail.children)
    sitting = panel_day.list_sittings(ctx)[0]
    panel_day.day_sheet(ctx, sitting.meeting_id)
    if role == "chair":  # checks what they export against the children's names
        assert withheld_names.for_meeting(ctx, sitting.meeting_id).names
    else:
        with pytest.raises(PermissionDenied, match="which your role does not see"):
            withheld_names.for_meeting(ctx, sitting.meeting_id)


def test_administrators_and_advisers_read_what_their_work_needs(team: Team) -> None:
    for role in ("administrator", "adviser"):
        assert _count(team.as_(role), "SELECT count(full_name) FROM case_child") > 0
        assert _count(team.as_(role), "SELECT count(*) FROM audit_log") > 100


def test_a_login_for_one_database_has_nothing_in_another(team: Team) -> None:
    """Issue 18 failure 3: a viewer for one database read 141 children's records in another."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    other = _new_database(admin)
    other_url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{other}"
    engine = make_engine(other_url)
    try:
        upgrade_database(engine)
        for role in ("viewer", "administrator"):
            url = make_url(other_url).set(username=team.logins[role])
            intruder = create_engine(url)
            with pytest.raises(DBAPIError, match="permission denied for database"), intruder.connect():
                pass
            intruder.dispose()
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{other}" WITH (FORCE)'))
            drop_database_roles(conn, other)
        admin.dispose()


def test_users_add_refuses_a_login_it_did_not_create(team: Team) -> None:
    """Issue 18 failure 3: `users add` took over an unrelated login and reset its password."""
    name = f"it_{uuid.uuid4().hex[:8]}"
    with team.ctx.engine.connect() as conn:
        conn.execute(text(f"CREATE ROLE \"{name}\" LOGIN PASSWORD 'theirs'"))
        conn.commit()
    try:
        with pytest.raises(ValidationError, match="PanelApp did not create"):
            save_user(team.ctx, name, "administrator", password="mine")
        with team.ctx.engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM app_user WHERE username = :u"), {"u": name}) == 0
            assert not conn.scalar(
                text("SELECT pg_has_role(:u, panelapp_role('administrator'), 'MEMBER')"), {"u": name}
            )
        with pytest.raises(ValidationError, match="PanelApp did not create"):
            save_user(team.ctx, "postgres", "viewer")
    finally:
        with team.ctx.engine.connect() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
            conn.commit()


def test_a_password_never_reaches_the_sql_text_and_the_server_keeps_a_scram_verifier(team: Team) -> None:
    """Issue 18 failure 4: CREATE ROLE … PASSWORD '<cleartext>' in a traceback and the server log."""
    secret = "Correct-Horse-" + uuid.uuid4().hex[:6]
    sent: list[str] = []

    def spy(_conn: object, _cursor: object, statement: str, parameters: object, *_: object) -> None:
        sent.append(f"{statement} {parameters}")

    event.listen(team.ctx.engine, "before_cursor_execute", spy)
    try:
        save_user(team.ctx, team.logins["viewer"], "viewer", password=secret)
    finally:
        event.remove(team.ctx.engine, "before_cursor_execute", spy)
    assert sent and not any(secret in s for s in sent)
    with team.ctx.engine.connect() as conn:
        stored = conn.scalar(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :u"), {"u": team.logins["viewer"]}
        )
    # The verifier PostgreSQL stored is the one this password makes with its salt.
    method, rest = stored.split("$", 1)
    iterations_salt, keys = rest.split("$")
    iterations, salt = iterations_salt.split(":")
    assert method == "SCRAM-SHA-256"
    assert scram_verifier(secret, base64.b64decode(salt), int(iterations)) == stored
    salted = hashlib.pbkdf2_hmac("sha256", secret.encode(), base64.b64decode(salt), int(iterations))
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    assert keys.endswith(base64.b64encode(server_key).decode())


def test_a_login_without_createrole_gets_a_message_not_the_statement(team: Team) -> None:
    """Issue 18 failure 4: the traceback showed the CREATE ROLE statement with the password."""
    ctx = ServiceContext(team.as_("administrator"))
    secret = "Secret-" + uuid.uuid4().hex[:6]
    with pytest.raises(Exception) as caught:
        save_user(ctx, f"new_{uuid.uuid4().hex[:6]}", "viewer", password=secret)
    chain = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(str(error))
        error = error.__cause__ or error.__context__
    assert "may not create or change logins" in str(caught.value)
    assert not any(secret in text_ or "SCRAM" in text_ for text_ in chain)


def test_the_superuser_rewriting_a_row_is_still_found_by_verify(team: Team) -> None:
    """The one login above the grants: what it alters without rewriting the chain shows."""
    with team.ctx.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET summary = 'nothing to see' WHERE id = 10"))
    report = verify_audit(team.ctx)
    assert not report.intact and "Row 10" in report.message()
