"""The busiest requests' statements run on the pooled connection's driver, past SQLAlchemy's
execution path: the form page's one read and the submit's one statement.

SQLAlchemy still builds each statement, compiles it (once per dialect) and converts what goes in
and comes out with its own bind and result processors, so the driver gets the same text and
parameters as `Connection.execute` would send it, and the row has the same values (tests compare
both). What is skipped is the work SQLAlchemy does on every execution: the statement's cache
key, the execution context, the isolation-level options and the result object. On the submit
POST and on the form page that was as much CPU as the driver's own work.

Each statement is its own transaction: PostgreSQL runs it in autocommit, and the app's SQLite
connections always do (see `db._configure_sqlite`), so no BEGIN or COMMIT is sent. The engine's
`before_cursor_execute` and `after_cursor_execute` listeners see the statement as they see any
other (with no execution context); a driver error is raised as SQLAlchemy raises it, and a
connection the server has closed is invalidated, not lent again.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Select

Processor = Callable[[Any], Any]
AnySelect = Select[*tuple[Any, ...]]


@dataclass
class _Prepared:
    """A statement compiled for one dialect, with its parameters' converters."""

    statement: AnySelect  # kept so the id it is filed under is never reused
    sql: str
    binds: dict[str, Processor]
    escaped: Mapping[str, str]
    positions: tuple[str, ...] | None
    compiled: Any  # SQLCompiler: construct_params fills in the statement's own values
    results: list[Processor | None] | None = field(default=None)

    def parameters(self, given: Mapping[str, Any]) -> Any:
        """The driver's parameters, as SQLAlchemy's execution context makes them."""
        values = self.compiled.construct_params(given, escape_names=False)
        binds = self.binds
        converted = {
            key: binds[key](value) if key in binds else value for key, value in values.items()
        }
        if self.positions is not None:
            return tuple(converted[key] for key in self.positions)
        if self.escaped:
            return {self.escaped.get(key, key): value for key, value in converted.items()}
        return converted


_prepared: weakref.WeakKeyDictionary[Dialect, dict[int, _Prepared]] = weakref.WeakKeyDictionary()


def _prepare(statement: AnySelect, dialect: Dialect) -> _Prepared:
    found = _prepared.setdefault(dialect, {}).get(id(statement))
    if found is not None:
        return found
    compiled: Any = statement.compile(dialect=dialect)
    if (
        compiled.literal_execute_params
        or compiled.post_compile_params
        or compiled.insert_prefetch
        or compiled.update_prefetch
    ):
        raise ValueError("a statement with parameters worked out at execution time")
    binds = {
        name: processor
        for bind, name in compiled.bind_names.items()
        if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    }
    prepared = _Prepared(
        statement,
        compiled.string,
        binds,
        compiled.escaped_bind_names,
        tuple(compiled.positiontup) if compiled.positional else None,
        compiled,
    )
    _prepared[dialect][id(statement)] = prepared
    return prepared


def first_row(
    engine: Engine, statement: AnySelect, parameters: Mapping[str, Any]
) -> tuple[Any, ...] | None:
    """`statement`'s first row, run as its own transaction on a pooled connection; None when it
    returns no row."""
    dialect = engine.dialect
    prepared = _prepare(statement, dialect)
    sql, values = prepared.sql, prepared.parameters(parameters)
    autocommit = dialect.name == "postgresql"
    with engine.connect() as connection:
        driver: Any = connection.connection.driver_connection
        cursor: Any = connection.connection.cursor()
        try:
            if autocommit:
                driver.autocommit = True
            for before in engine.dispatch.before_cursor_execute:
                sql, values = before(connection, cursor, sql, values, None, False)
            cursor.execute(sql, values)
            for after in engine.dispatch.after_cursor_execute:
                after(connection, cursor, sql, values, None, False)
            found = cursor.fetchone()
            row = None if found is None else _converted(prepared, statement, dialect, cursor, found)
        except dialect.loaded_dbapi.Error as error:
            gone = dialect.is_disconnect(error, driver, cursor)
            if gone:
                connection.invalidate(error)
            raise DBAPIError.instance(
                sql,
                values,
                error,
                dialect.loaded_dbapi.Error,
                hide_parameters=engine.hide_parameters,
                connection_invalidated=gone,
                dialect=dialect,
            ) from error
        finally:
            cursor.close()
            if autocommit and not connection.invalidated:
                driver.autocommit = False  # back to the pool as it came
    return row


def _converted(
    prepared: _Prepared, statement: AnySelect, dialect: Dialect, cursor: Any, row: Any
) -> tuple[Any, ...]:
    """The row's values through each column type's result processor (worked out from the
    driver's column types on the first row, as SQLAlchemy works them out)."""
    if prepared.results is None:
        prepared.results = [
            column.type.dialect_impl(dialect).result_processor(dialect, described[1])
            for column, described in zip(
                statement.selected_columns, cursor.description, strict=True
            )
        ]
    return tuple(
        value if process is None else process(value)
        for process, value in zip(prepared.results, row, strict=True)
    )
