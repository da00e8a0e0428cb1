namespace NetAcademy.Web.Data.Migrations;

/// <summary>
/// Every schema version, in order. Append new migrations; never edit one that has shipped, since servers
/// that already applied it will not run it again.
/// </summary>
/// <remarks>
/// Conventions both engines share: times are BIGINT Unix milliseconds, flags INTEGER 0/1, ids TEXT.
/// Lab sessions, progress and audit events refer to the user by user name (what lab sessions carry)
/// without a foreign key, so guest sessions (Accounts:AllowGuests) are recorded too.
/// </remarks>
public static class SchemaMigrations
{
    /// <summary>All migrations, ascending by version.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "accounts, progress, lab sessions, audit", """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                user_name TEXT NOT NULL UNIQUE,
                email TEXT NULL UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                failed_sign_ins INTEGER NOT NULL DEFAULT 0,
                locked_until BIGINT NULL,
                security_stamp TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_sign_in_at BIGINT NULL
            );
            CREATE TABLE invitations (
                code_hash TEXT PRIMARY KEY,
                role TEXT NOT NULL,
                created_by TEXT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                max_uses INTEGER NOT NULL,
                uses INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE setup_tokens (
                token_hash TEXT PRIMARY KEY,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT NULL
            );
            CREATE TABLE enrollments (
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                course_id TEXT NOT NULL,
                enrolled_at BIGINT NOT NULL,
                PRIMARY KEY (user_id, course_id)
            );
            CREATE TABLE lab_sessions (
                id TEXT PRIMARY KEY,
                user_name TEXT NOT NULL,
                lab_id TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                ended_at BIGINT NULL,
                end_state TEXT NULL,
                end_reason TEXT NULL
            );
            CREATE INDEX ix_lab_sessions_user ON lab_sessions (user_name, started_at);
            CREATE TABLE task_results (
                user_name TEXT NOT NULL,
                lab_id TEXT NOT NULL,
                task_id TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                passed INTEGER NOT NULL,
                first_pass_at BIGINT NULL,
                last_passed INTEGER NOT NULL,
                last_checked_at BIGINT NOT NULL,
                last_message TEXT NULL,
                score INTEGER NOT NULL,
                PRIMARY KEY (user_name, lab_id, task_id)
            );
            CREATE TABLE audit_events (
                id $IDENTITY,
                at BIGINT NOT NULL,
                user_name TEXT NULL,
                kind TEXT NOT NULL,
                subject TEXT NULL,
                detail TEXT NULL
            );
            CREATE INDEX ix_audit_events_at ON audit_events (at);
            CREATE INDEX ix_audit_events_user ON audit_events (user_name, at);
            """),
        new(2, "guest places", """
            CREATE TABLE guests (
                user_name TEXT PRIMARY KEY,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            );
            CREATE INDEX ix_guests_expires ON guests (expires_at);
            """),
    ];
}
