"""Schemathesis hooks for the OpenAPI contract test (SCHEMATHESIS_HOOKS=hooks, with this folder on PYTHONPATH).

One narrowly argued exception, and nothing else: a list's `cursor` is an opaque token only the
service makes (the `nextCursor` of the page before). A cursor Schemathesis makes up is well formed
as far as any schema can say, and the service rightly refuses it with 400 `request.invalid_cursor`.
No JSON Schema can describe which strings the service issued, so the positive-data check is wrong
about exactly this refusal; every other failure on list routes, and every other check, stands.
The property suite (hostile-requests.e2e-spec.ts) asserts the refusal of made-up cursors instead.
"""

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if not isinstance(failure, RejectedPositiveData):
        return True
    try:
        code = response.json().get("code")
    except Exception:
        return True
    return not (code == "request.invalid_cursor" and "cursor" in (case.query or {}))
