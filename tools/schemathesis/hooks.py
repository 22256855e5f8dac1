"""Schemathesis hooks for the OpenAPI contract test (SCHEMATHESIS_HOOKS=hooks, with this folder on PYTHONPATH).

Two narrowly argued exceptions, and nothing else.

First: a list's `cursor` is an opaque token only the
service makes (the `nextCursor` of the page before). A cursor Schemathesis makes up is well formed
as far as any schema can say, and the service rightly refuses it with 400 `request.invalid_cursor`.
No JSON Schema can describe which strings the service issued, so the positive-data check is wrong
about exactly this refusal; every other failure on list routes, and every other check, stands.
The property suite (hostile-requests.e2e-spec.ts) asserts the refusal of made-up cursors instead.

Second: a header value that breaks the `pattern` the document itself declares for that header is
not positive data, whatever the phase that made it says. Schemathesis 4.32's coverage phase sends
`If-Match: 0` as valid although the declared pattern requires a quoted revision (`"3"`); the service
refuses it with 400 `request.invalid_if_match`, as the document says it must. Only a refusal of a
value the declared pattern really rejects is set aside; a refused value that matches it still fails.
"""

import re

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData


def _breaks_declared_header_pattern(case):
    """Whether a header the case sends breaks the pattern its own operation declares for it."""
    headers = {name.lower(): value for name, value in (case.headers or {}).items()}
    for parameter in case.operation.definition.raw.get("parameters", []):
        if parameter.get("in") != "header":
            continue
        pattern = (parameter.get("schema") or {}).get("pattern")
        value = headers.get(parameter.get("name", "").lower())
        if pattern and isinstance(value, str) and re.search(pattern, value) is None:
            return True
    return False


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if not isinstance(failure, RejectedPositiveData):
        return True
    try:
        code = response.json().get("code")
    except Exception:
        return True
    if code == "request.invalid_cursor" and "cursor" in (case.query or {}):
        return False
    return not _breaks_declared_header_pattern(case)
