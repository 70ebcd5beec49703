"""Writing many rows at once, without model instances: building one per row
and bulk_create's SQL cost several times the database's own time for imports
(core/claimreview_import.py; sources.store_sentences does the same for sentences)."""

from django.db import connection
from django.utils import timezone


def insert_rows(model, rows, *, returning=True):
    """INSERT `rows` (dicts of column attnames; missing ones get the field's
    default, auto_now fields the time now) in as few statements as the
    database takes, returning the new pks in order. Model instances and
    bulk_create cost several times the database's own time here (as for
    sentences in sources.store_sentences)."""
    pk_given = bool(rows) and model._meta.pk.attname in rows[0]
    fields = [f for f in model._meta.concrete_fields if pk_given or not f.primary_key]
    now = timezone.now()
    defaults = {
        f.attname: now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }
    prepared = [
        f for f in fields if f.get_internal_type() in ("JSONField", "DateTimeField", "DateField")
    ]
    # Defaults are prepared once; only the values the rows give are prepared per row.
    for f in prepared:
        defaults[f.attname] = f.get_db_prep_save(defaults[f.attname], connection)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    if connection.vendor == "postgresql":
        # A column an array, unnested: a statement of a few parameters. A
        # VALUES list holds one a value (60,000 here), which psycopg parses
        # out of the query text each time: a third of an import's Python time.
        size = 10_000
        marks = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
        statement = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({marks})"
    else:
        size = max(1, min(connection.ops.bulk_batch_size(fields, rows), 60000 // len(fields)))
        marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    pks = []
    with connection.cursor() as cursor:
        for i in range(0, len(rows), size):
            chunk = []
            for row in rows[i : i + size]:
                values = {**defaults, **row}
                for f in prepared:
                    if f.attname in row:
                        values[f.attname] = f.get_db_prep_save(row[f.attname], connection)
                chunk.append([values[f.attname] for f in fields])
            if connection.vendor == "postgresql":
                sql, params = statement, [list(column) for column in zip(*chunk, strict=True)]
            else:
                sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * len(chunk))}"
                params = [value for values in chunk for value in values]
            if returning:
                cursor.execute(f"{sql} RETURNING {pk}", params)
                pks.extend(row[0] for row in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return pks


def reserve_ids(model, n):
    """`n` new primary keys of `model`, from its PostgreSQL sequence."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, n],
        )
        return [row[0] for row in cursor.fetchall()]
