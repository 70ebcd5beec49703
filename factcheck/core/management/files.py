"""What the commands that read a text file (import_source, revise_source,
segment) share: reading it as an upload would be read."""

from django.conf import settings
from django.core.management.base import CommandError

from factcheck.core.ingest import text_from_upload


def read_text(path):
    """The normalised text of the file at `path`, within the upload size limit.
    A file that cannot be read is the command's error; one that is not text
    raises IngestError, for the command to report."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.")
    return text_from_upload(path.name, data, max_bytes=settings.FACTCHECK_MAX_SOURCE_BYTES)
