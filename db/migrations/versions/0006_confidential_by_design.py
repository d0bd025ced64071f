"""Confidential by design (issue 18): a chained audit trail, locked final minutes, roles per database.

Both databases:
- audit_log.values_hash and audit_log.hash: every audit row is chained to the one before it
  (db/audit_chain.py explains the digests); audit_chain holds the latest link. Rows already
  written are chained here, oldest first.
- Cases already closed or withdrawn get closed_on (the day of their last change), so the
  retention policy can reach them.

PostgreSQL only:
- Group roles per database, panelapp_<database>_<role> (panelapp_role() names them), so a
  login for one PanelApp database has nothing in another. Logins in the server-wide roles of
  migration 0003 who are users of this database join this database's roles; the server-wide
  roles lose every privilege here, and only this database's roles may connect to it.
- Administrators get SELECT, INSERT, UPDATE, DELETE on the data tables (the GRANT ALL of 0003,
  with TRUNCATE, TRIGGER and REFERENCES, is gone). Viewers and chairs may not read a child's
  full name or date of birth, and see only their own audit rows (row-level security).
- The audit trail belongs to panelapp_<database>_auditor, a role no login is a member of. Its
  SECURITY DEFINER functions are the only writers: the row triggers (now on minutes_revision
  too), a note for events that are not a row change, and retention's anonymisation (for
  administrators). A BEFORE INSERT trigger sets the time, the author (the login) and the chain.
  Nobody but that role may insert, update, delete or truncate audit rows.
- Final minutes are locked: a trigger refuses any change to a final minutes row or its
  sections, except a reopen (back to draft, with a reason) by a chair or an administrator, and
  retention's anonymisation of a section by an administrator.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Audited tables this migration adds (db/audited.py names them too).
ADDED_AUDITED_TABLES = ("minutes_revision",)
# The retention policy's replacement text (panelapp/services/admin/retention.py REMOVED).
ANONYMISED = "[anonymised under the retention policy]"
SERVER_WIDE_ROLES = ("administrator", "adviser", "chair", "viewer")
NOT_DATA = ("audit_log", "audit_chain", "alembic_version")
ADVISER_WRITES = (
    "meeting", "attendance", "agenda_item", "case", "case_child", "social_worker", "case_paper",
    "hearing", "case_declaration", "recommendation", "grading", "minutes", "minutes_section",
    "adm_decision", "report_narrative", "adm_further_information", "withheld_name",
)  # fmt: skip
CHAIR_WRITES = ("minutes", "report_narrative")
HIDDEN_FROM_VIEWERS_AND_CHAIRS = {"case_child": ("full_name", "date_of_birth")}


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("values_hash", sa.String(64), nullable=False, server_default=""))
    op.add_column("audit_log", sa.Column("hash", sa.String(64), nullable=False, server_default=""))
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_hash", sa.String(64), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_audit_chain"),
    )
    op.execute("INSERT INTO audit_chain (id, last_id, last_hash) VALUES (1, 0, '')")
    op.execute(
        """UPDATE "case" SET closed_on = DATE(updated_at)
           WHERE closed_on IS NULL AND status IN ('closed', 'withdrawn')"""
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgres()
    else:
        _chain_sqlite_rows()


# --- SQLite: chain the rows already written (the same digests as db/audit_chain.py) ---------


def _field(value: str | None) -> str:
    text = value or ""
    return f"{len(text)}:{text}"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain_sqlite_rows() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, at, author, action, table_name, row_id, summary, "
            "CAST(before AS TEXT), CAST(after AS TEXT) FROM audit_log ORDER BY id"
        )
    ).all()
    previous, last_id = "", 0
    for row_id, at, author, action, table, rid, summary, before, after in rows:
        stamp = str(at) if "." in str(at) else f"{at}.000000"  # SQLAlchemy stores .%f
        values = _sha(_field(before) + _field(after))
        previous = _sha(
            "".join(_field(p) for p in (previous, stamp, author, action, table, rid, summary, values))
        )
        last_id = row_id
        bind.execute(
            sa.text("UPDATE audit_log SET values_hash = :v, hash = :h WHERE id = :i"),
            {"v": values, "h": previous, "i": row_id},
        )
    bind.execute(
        sa.text("UPDATE audit_chain SET last_id = :i, last_hash = :h WHERE id = 1"),
        {"i": last_id, "h": previous},
    )


# --- PostgreSQL ------------------------------------------------------------------------------

ROLE_NAMES = """
CREATE OR REPLACE FUNCTION panelapp_role(kind text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT CASE
        WHEN length('panelapp_' || current_database() || '_' || kind) <= 63
        THEN 'panelapp_' || current_database() || '_' || kind
        ELSE 'panelapp_' || left(md5(current_database()), 16) || '_' || kind
    END
$$;

CREATE OR REPLACE FUNCTION panelapp_login_is(kind text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)
        OR pg_has_role(session_user, panelapp_role(kind), 'MEMBER')
$$;
"""

HASHES = """
CREATE OR REPLACE FUNCTION panelapp_field(t text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT length(coalesce(t, ''))::text || ':' || coalesce(t, '')
$$;

CREATE OR REPLACE FUNCTION panelapp_sha(t text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT encode(sha256(convert_to(t, 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION panelapp_values_hash(b text, a text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public AS $$
    SELECT panelapp_sha(panelapp_field(b) || panelapp_field(a))
$$;

CREATE OR REPLACE FUNCTION panelapp_row_hash(
    prev text, at timestamp, author text, action text, tbl text, rid text, summary text, vh text
) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, public AS $$
    SELECT panelapp_sha(
        panelapp_field(prev) || panelapp_field(to_char(at, 'YYYY-MM-DD HH24:MI:SS.US'))
        || panelapp_field(author) || panelapp_field(action) || panelapp_field(tbl)
        || panelapp_field(rid) || panelapp_field(summary) || panelapp_field(vh))
$$;
"""

# Every insert into audit_log passes here: the time, the author (the login, whatever the client
# said) and the next link of the chain. The head row's lock puts writers in one order, and the
# id is drawn under it, so ids follow the chain.
CHAIN = """
CREATE OR REPLACE FUNCTION panelapp_audit_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    prev text;
BEGIN
    SELECT last_hash INTO prev FROM audit_chain WHERE id = 1 FOR UPDATE;
    NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
    NEW.at := now() AT TIME ZONE 'utc';
    NEW.author := session_user;
    NEW.summary := coalesce(NEW.summary, '');
    NEW.row_id := coalesce(NEW.row_id, '');
    NEW.values_hash := panelapp_values_hash(NEW.before::text, NEW.after::text);
    NEW.hash := panelapp_row_hash(prev, NEW.at, NEW.author, NEW.action, NEW.table_name,
                                  NEW.row_id, NEW.summary, NEW.values_hash);
    UPDATE audit_chain SET last_id = NEW.id, last_hash = NEW.hash WHERE id = 1;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION panelapp_audit_note(
    action text, tbl text, rid text, after_values json, summary text
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF action = 'anonymise' THEN
        RAISE EXCEPTION 'an audit note cannot pose as an anonymisation' USING ERRCODE = '42501';
    END IF;
    INSERT INTO audit_log (at, author, action, table_name, row_id, before, after, summary)
    VALUES (now(), session_user, action, tbl, coalesce(rid, ''), NULL, after_values,
            coalesce(summary, ''));
END;
$$;

-- Retention: the new (anonymised) values of listed audit rows, then one row saying so.
CREATE OR REPLACE FUNCTION panelapp_audit_anonymise(changes json, summary text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    item json;
    ids bigint[] := '{}';
BEGIN
    IF NOT panelapp_login_is('administrator') THEN
        RAISE EXCEPTION 'only an administrator may anonymise the audit trail' USING ERRCODE = '42501';
    END IF;
    FOR item IN SELECT * FROM json_array_elements(changes) LOOP
        UPDATE audit_log SET before = item -> 'before', after = item -> 'after'
        WHERE id = (item ->> 'id')::bigint;
        ids := ids || (item ->> 'id')::bigint;
    END LOOP;
    INSERT INTO audit_log (at, author, action, table_name, row_id, before, after, summary)
    VALUES (now(), session_user, 'anonymise', 'audit_log', '', NULL,
            json_build_object('audit_ids', to_json(ids)), coalesce(summary, ''));
    RETURN array_length(ids, 1);
END;
$$;
"""

MINUTES_LOCK = f"""
-- A row written earlier in this same transaction (minutes made and signed off in one go, as
-- an import does) is not yet locked: the lock holds from the next transaction on.
CREATE OR REPLACE FUNCTION panelapp_this_transaction(row_xmin xid) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT row_xmin::text = (pg_current_xact_id()::text::bigint % 4294967296)::text
$$;

CREATE OR REPLACE FUNCTION panelapp_minutes_lock() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF OLD.state <> 'final' OR panelapp_this_transaction(OLD.xmin) THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'version' - 'updated_at' - 'updated_by')
           = (to_jsonb(OLD) - 'version' - 'updated_at' - 'updated_by') THEN
            RETURN NEW;
        END IF;
        IF NEW.state = 'draft' AND coalesce(NEW.reopen_reason, '') <> ''
           AND NEW.meeting_id = OLD.meeting_id
           AND (panelapp_login_is('chair') OR panelapp_login_is('administrator')) THEN
            RETURN NEW;  -- a reopen, audited like every change
        END IF;
    END IF;
    RAISE EXCEPTION 'These minutes are final and locked: only a chair or an administrator may reopen them, giving the reason.'
        USING ERRCODE = '42501';
END;
$$;

CREATE OR REPLACE FUNCTION panelapp_minutes_section_lock() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    locked boolean;
BEGIN
    SELECT state = 'final' AND NOT panelapp_this_transaction(xmin) INTO locked FROM minutes
    WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.minutes_id ELSE OLD.minutes_id END;
    IF NOT coalesce(locked, false) THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.body = '{ANONYMISED}' AND NEW.id = OLD.id
       AND NEW.minutes_id = OLD.minutes_id AND panelapp_login_is('administrator') THEN
        RETURN NEW;  -- the retention policy erasing a case's words
    END IF;
    RAISE EXCEPTION 'These minutes are final and locked: only a chair or an administrator may reopen them, giving the reason.'
        USING ERRCODE = '42501';
END;
$$;
"""


def _do(sql: str) -> None:
    op.execute(sql)


def _each_role(statement: str) -> None:
    """Run `statement` (format() with %I for a role) once per PanelApp role of this database."""
    _do(
        "DO $$ DECLARE k text; BEGIN "
        "FOREACH k IN ARRAY ARRAY['administrator','adviser','chair','viewer'] LOOP "
        f"EXECUTE format('{statement}', panelapp_role(k)); END LOOP; END $$;"
    )


def _postgres() -> None:
    _do(ROLE_NAMES)
    _create_roles()
    _do(HASHES)
    _do(CHAIN)
    _do(MINUTES_LOCK)
    _do(
        "CREATE TRIGGER panelapp_chain BEFORE INSERT ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION panelapp_audit_chain()"
    )
    for table in ADDED_AUDITED_TABLES:
        _do(
            f'CREATE TRIGGER panelapp_audit AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION panelapp_audit()"
        )
    _do(
        "CREATE TRIGGER panelapp_minutes_lock BEFORE UPDATE OR DELETE ON minutes "
        "FOR EACH ROW EXECUTE FUNCTION panelapp_minutes_lock()"
    )
    _do(
        "CREATE TRIGGER panelapp_minutes_lock BEFORE INSERT OR UPDATE OR DELETE ON minutes_section "
        "FOR EACH ROW EXECUTE FUNCTION panelapp_minutes_section_lock()"
    )
    _chain_postgres_rows()
    _hand_the_trail_to_the_auditor()
    _grant_per_database()


def _create_roles() -> None:
    _do(
        "DO $$ DECLARE k text; BEGIN "
        "FOREACH k IN ARRAY ARRAY['administrator','adviser','chair','viewer','auditor'] LOOP "
        "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = panelapp_role(k)) THEN "
        "EXECUTE format('CREATE ROLE %I NOLOGIN', panelapp_role(k)); END IF; END LOOP; END $$;"
    )
    # Users of this database in the server-wide roles of 0003 join this database's role.
    _do(
        """DO $$ DECLARE k text; m text; BEGIN
        FOREACH k IN ARRAY ARRAY['administrator','adviser','chair','viewer'] LOOP
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'panelapp_' || k) THEN
                FOR m IN SELECT r.rolname FROM pg_auth_members a
                         JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles r ON r.oid = a.member
                         WHERE g.rolname = 'panelapp_' || k
                           AND r.rolname IN (SELECT username FROM app_user) LOOP
                    EXECUTE format('GRANT %I TO %I', panelapp_role(k), m);
                END LOOP;
            END IF;
        END LOOP; END $$;"""
    )


def _chain_postgres_rows() -> None:
    _do(
        """DO $$ DECLARE r record; prev text := ''; last bigint := 0; vh text; BEGIN
        FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
            vh := panelapp_values_hash(r.before::text, r.after::text);
            prev := panelapp_row_hash(prev, r.at, r.author, r.action, r.table_name, r.row_id,
                                      r.summary, vh);
            last := r.id;
            UPDATE audit_log SET values_hash = vh, hash = prev WHERE id = r.id;
        END LOOP;
        UPDATE audit_chain SET last_id = last, last_hash = prev WHERE id = 1;
        END $$;"""
    )


def _hand_the_trail_to_the_auditor() -> None:
    auditor = "EXECUTE format('{} %I', panelapp_role('auditor'));"
    for statement in (
        "ALTER TABLE audit_log OWNER TO",
        "ALTER TABLE audit_chain OWNER TO",
        "ALTER FUNCTION panelapp_audit() OWNER TO",
        "ALTER FUNCTION panelapp_audit_chain() OWNER TO",
        "ALTER FUNCTION panelapp_audit_note(text, text, text, json, text) OWNER TO",
        "ALTER FUNCTION panelapp_audit_anonymise(json, text) OWNER TO",
    ):
        _do("DO $$ BEGIN " + auditor.format(statement) + " END $$;")
    for function in (
        "panelapp_audit()",
        "panelapp_audit_chain()",
        "panelapp_audit_note(text, text, text, json, text)",
        "panelapp_audit_anonymise(json, text)",
    ):
        _do(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
    _do("REVOKE ALL ON audit_log, audit_chain FROM PUBLIC")
    _each_role("GRANT EXECUTE ON FUNCTION panelapp_audit_note(text, text, text, json, text) TO %I")
    _do(
        "DO $$ BEGIN EXECUTE format('GRANT EXECUTE ON FUNCTION panelapp_audit_anonymise(json, text) "
        "TO %I', panelapp_role('administrator')); END $$;"
    )
    # Everyone may read; viewers and chairs see their own rows only.
    _each_role("GRANT SELECT ON audit_log TO %I")
    _do("ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY")
    _do("CREATE POLICY own_rows ON audit_log FOR SELECT USING (author = session_user)")
    _do(
        "DO $$ BEGIN EXECUTE format('CREATE POLICY whole_trail ON audit_log FOR SELECT TO %I, %I "
        "USING (true)', panelapp_role('administrator'), panelapp_role('adviser')); "
        "EXECUTE format('GRANT SELECT ON audit_chain TO %I, %I', panelapp_role('administrator'), "
        "panelapp_role('adviser')); END $$;"
    )


def _grant_per_database() -> None:
    not_data = ", ".join(f"'{t}'" for t in NOT_DATA)
    # The server-wide roles of 0003 keep nothing here; only this database's roles connect.
    _do(
        f"""DO $$ DECLARE k text; t text; BEGIN
        FOREACH k IN ARRAY ARRAY['administrator','adviser','chair','viewer'] LOOP
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'panelapp_' || k) THEN
                EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', 'panelapp_' || k);
                EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', 'panelapp_' || k);
                EXECUTE format('REVOKE ALL ON SCHEMA public FROM %I', 'panelapp_' || k);
            END IF;
        END LOOP;
        EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
        FOREACH k IN ARRAY ARRAY['administrator','adviser','chair','viewer'] LOOP
            EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), panelapp_role(k));
            EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', panelapp_role(k));
            EXECUTE format('GRANT SELECT ON alembic_version TO %I', panelapp_role(k));
        END LOOP;
        FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public'
                 AND tablename NOT IN ({not_data}) LOOP
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', t,
                           panelapp_role('administrator'));
            EXECUTE format('GRANT SELECT ON %I TO %I', t, panelapp_role('adviser'));
            IF t NOT IN ('case_child') THEN
                EXECUTE format('GRANT SELECT ON %I TO %I, %I', t, panelapp_role('chair'),
                               panelapp_role('viewer'));
            END IF;
        END LOOP;
        END $$;"""
    )
    for table, hidden in HIDDEN_FROM_VIEWERS_AND_CHAIRS.items():
        names = ", ".join(f"'{c}'" for c in hidden)
        _do(
            f"""DO $$ DECLARE cols text; BEGIN
            SELECT string_agg(quote_ident(column_name), ', ') INTO cols
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = '{table}' AND column_name NOT IN ({names});
            EXECUTE format('GRANT SELECT (%s) ON %I TO %I, %I', cols, '{table}',
                           panelapp_role('chair'), panelapp_role('viewer'));
            END $$;"""
        )
    for table in ADVISER_WRITES:
        _do(
            f"DO $$ BEGIN EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO %I', '{table}', "
            "panelapp_role('adviser')); END $$;"
        )
    for table in CHAIR_WRITES:
        _do(
            f"DO $$ BEGIN EXECUTE format('GRANT INSERT, UPDATE ON %I TO %I', '{table}', "
            "panelapp_role('chair')); END $$;"
        )
    # Saved versions of the minutes are history: added by writers, changed only by retention.
    _do(
        "DO $$ BEGIN EXECUTE format('GRANT INSERT ON minutes_revision TO %I, %I', "
        "panelapp_role('adviser'), panelapp_role('chair')); "
        "EXECUTE format('REVOKE UPDATE, DELETE ON minutes_revision FROM %I, %I', "
        "panelapp_role('adviser'), panelapp_role('chair')); END $$;"
    )
    _do(
        """DO $$ DECLARE s text; BEGIN
        FOR s IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'
                 AND sequencename <> 'audit_log_id_seq' LOOP
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO %I, %I, %I', s,
                           panelapp_role('administrator'), panelapp_role('adviser'),
                           panelapp_role('chair'));
        END LOOP; END $$;"""
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS panelapp_chain ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS panelapp_minutes_lock ON minutes")
        op.execute("DROP TRIGGER IF EXISTS panelapp_minutes_lock ON minutes_section")
        op.execute("DROP TRIGGER IF EXISTS panelapp_audit ON minutes_revision")
        op.execute("DROP POLICY IF EXISTS own_rows ON audit_log")
        op.execute("DROP POLICY IF EXISTS whole_trail ON audit_log")
        op.execute("ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY")
    op.drop_table("audit_chain")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("hash")
        batch.drop_column("values_hash")
