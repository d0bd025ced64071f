"""Database layer: typed SQLAlchemy models, engine and session factory, Alembic migrations."""
