"""The API's score rows as JSON text, written once per published record, and pages of them.

A page of the full scores list was validated and rendered row by row at every request (ninja
checks each row against `Score`, dumps it to Python, then `json.dumps` calls back into Python
for every date): about a second per 5,000 rows. Each row's text is now written once per
published record (`Record.rows_text`) and a page joins them: the same bytes.
"""

import json
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from pydantic import TypeAdapter

from civicspace.publishing.api_schemas import Score
from civicspace.publishing.open_data import Record

# What ninja's JSONRenderer answers with.
CONTENT_TYPE = "application/json; charset=utf-8"

_SCORES: TypeAdapter[list[Any]] = TypeAdapter(list[Score])


def score_rows_json(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Each row as the API writes it: valid against `Score`, in its field order, with the
    defaults of ninja's renderer (`json.dumps`: ASCII only, ", " and ": ")."""
    valid = _SCORES.dump_python(_SCORES.validate_python(rows), mode="json")
    return [json.dumps(row) for row in valid]


Paginated = Callable[..., dict[str, Any]]


def answered_from_rows(record_of: Callable[[], Record]) -> Callable[[Paginated], Any]:
    """For a paginated view of the published record's score rows: its page answered as JSON
    text, the items joined from the rows' texts, instead of ninja validating and rendering each
    item. The route's schema is unchanged: ninja still reads the parameters and answers of the
    view this wraps."""

    def decorate(view: Paginated) -> Any:
        @wraps(view)
        def answered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            page = dict(view(request, *args, **kwargs))
            texts = record_of().rows_text(page.pop("items"), score_rows_json)
            # The page's other fields as the renderer writes them, ending in '"items": []}'.
            around = json.dumps(page | {"items": []})
            return HttpResponse(around[:-2] + ", ".join(texts) + "]}", content_type=CONTENT_TYPE)

        return answered

    return decorate
