"""User-facing errors. Their messages are shown to people as they are.

ParleyError
├── BadInput        a question, file, URL or setting that cannot be used
│   └── IngestError a file that cannot be read as an article
├── NotFound        an article, speaker or index that does not exist
├── Busy            another build is running
└── IndexMismatch   the index on disk was built with another model or schema
"""

from __future__ import annotations


class ParleyError(Exception):
    """Base of every error whose message is meant for the user."""


class BadInput(ParleyError):
    pass


class IngestError(BadInput):
    pass


class NotFound(ParleyError):
    pass


class Busy(ParleyError):
    pass


class IndexMismatch(ParleyError):
    pass
