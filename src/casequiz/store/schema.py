"""The results store's tables, and the migrations that bring an older store up to date.

The schema version is SQLite's `user_version`. Each migration is a script run in one
transaction; a store written by a newer casequiz is refused rather than damaged.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: students, attempts and their answers
    """
    CREATE TABLE students (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        student_id INTEGER NOT NULL REFERENCES students(id),
        mode TEXT NOT NULL,
        banks TEXT NOT NULL,
        seed INTEGER,
        selection TEXT NOT NULL DEFAULT '{}',
        plan TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        flags TEXT NOT NULL DEFAULT '[]',
        time_limit REAL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        score REAL,
        max_score REAL,
        origin TEXT NOT NULL DEFAULT 'local',
        version TEXT NOT NULL
    );
    CREATE INDEX attempts_student ON attempts(student_id, finished_at);
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        slot INTEGER NOT NULL,
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        topic TEXT,
        response TEXT NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        status TEXT NOT NULL,
        verdict TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        seconds REAL,
        UNIQUE (attempt_id, slot)
    );
    CREATE INDEX answers_question ON answers(bank_id, question_id);
    """,
    # 2: study mode, one FSRS card per student and question, and every review of it
    """
    CREATE TABLE study_cards (
        student_id INTEGER NOT NULL REFERENCES students(id),
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        card TEXT NOT NULL,
        state TEXT NOT NULL,
        due TEXT NOT NULL,
        last_review TEXT,
        reviews INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        retired_at TEXT,
        PRIMARY KEY (student_id, bank_id, question_id)
    );
    CREATE INDEX study_cards_due ON study_cards(student_id, due);
    CREATE TABLE study_reviews (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        student_id INTEGER NOT NULL REFERENCES students(id),
        bank_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        suggested INTEGER NOT NULL CHECK (suggested BETWEEN 1 AND 4),
        reviewed_at TEXT NOT NULL,
        log TEXT NOT NULL,
        response TEXT NOT NULL,
        verdict TEXT NOT NULL,
        due TEXT NOT NULL,
        seconds REAL
    );
    CREATE INDEX study_reviews_card ON study_reviews(student_id, bank_id, question_id, reviewed_at);
    CREATE INDEX study_reviews_time ON study_reviews(student_id, reviewed_at);
    """,
    # 3: trust in imported results: whether an attempt was re-scored against its bank, what it
    # holds (to know a copy under another uid), which files it came from, abandoned attempts,
    # and every attempt removed from the store
    """
    ALTER TABLE attempts ADD COLUMN verified INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE attempts ADD COLUMN content_digest TEXT;
    ALTER TABLE attempts ADD COLUMN abandoned_at TEXT;
    CREATE INDEX attempts_content ON attempts(content_digest);
    CREATE TABLE imported_files (
        digest TEXT PRIMARY KEY,
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        imported_at TEXT NOT NULL
    );
    CREATE INDEX imported_files_attempt ON imported_files(attempt_id);
    CREATE TABLE removals (
        id INTEGER PRIMARY KEY,
        attempt_uid TEXT NOT NULL,
        student TEXT NOT NULL,
        removed_at TEXT NOT NULL,
        record TEXT NOT NULL
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
