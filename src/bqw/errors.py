"""The exception tree of bqw. Every error a user can cause is one of these.

BqwError
├── InputError             a report file bqw cannot read (exit status 2 in the CLI)
│   ├── UnsupportedFormat  an extension or content type bqw does not read
│   ├── EmptyInput         no text at all
│   ├── BinaryInput        bytes that are not text
│   ├── DecodeError        text in no encoding bqw knows (UTF-8, GB18030)
│   ├── NoTextLayer        a PDF without extractable text (a scan)
│   ├── InputTooLarge      larger than the configured limit
│   └── RuleFileError      a resolution rule file (resolution.toml) that is not valid
├── StoreError             the store cannot be opened or written
├── QueryError             a SPARQL query or update bqw refuses or cannot parse
│   ├── QuerySyntaxError   the parser's message is in the exception text
│   ├── QueryTimeout       the query ran past the time limit
│   └── UpdateForbidden    a write on a read-only endpoint
└── NotFound               no such entity, report or graph
"""

from __future__ import annotations


class BqwError(Exception):
    """Base of every error bqw raises on purpose."""


class InputError(BqwError):
    """A report file that cannot be read; the message names the reason."""


class UnsupportedFormat(InputError):
    pass


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class DecodeError(InputError):
    pass


class NoTextLayer(InputError):
    pass


class InputTooLarge(InputError):
    pass


class RuleFileError(InputError):
    """A resolution rule file that is not valid TOML or names an unknown key; the message says where."""


class StoreError(BqwError):
    pass


class QueryError(BqwError):
    pass


class QuerySyntaxError(QueryError):
    pass


class QueryTimeout(QueryError):
    pass


class UpdateForbidden(QueryError):
    pass


class NotFound(BqwError):
    pass
