"""Workspace actions on event attachments: attach, download (never inline), remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from civicspace.accounts.permissions import may_attach_to_event, signed_in_user
from civicspace.core.early_warning import EarlyWarningError
from civicspace.i18n import localise
from civicspace.monitoring.attachment_services import (
    attachment_add,
    attachment_limits,
    attachment_remove,
)
from civicspace.monitoring.attachment_store import attachment_path
from civicspace.monitoring.selectors import attachment_for_reader, event_for_reader


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for_reader(user, pk)
    if not may_attach_to_event(user, event.country_id):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    elif upload.size is not None and upload.size > attachment_limits().file_bytes:
        # Refused before reading: the limit holds whatever the file is.
        limit = attachment_limits().file_bytes // 1024**2
        messages.error(
            request,
            _("The file is larger than %(limit)s MB, the limit for one attachment.")
            % {"limit": limit},
        )
    else:
        try:
            attachment = attachment_add(
                event=event, name=upload.name or "", data=upload.read(), by=user
            )
        except EarlyWarningError as exc:
            messages.error(request, localise(exc))
        else:
            messages.success(request, _("Attached: %(name)s.") % {"name": attachment.name})
    return redirect("monitoring:event", pk=event.pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Always a download, in the type its content was found to be: a browser never renders it
    as a page of this site, and the sandbox stops anything it holds from running."""
    attachment, name = attachment_for_reader(signed_in_user(request), pk)
    try:
        stream = attachment_path(attachment.stored_name).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stream, as_attachment=True, filename=name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    attachment, name = attachment_for_reader(user, pk)
    event_pk = attachment.event_id
    try:
        attachment_remove(attachment=attachment, by=user)
    except EarlyWarningError as exc:
        messages.error(request, localise(exc))
    else:
        messages.success(request, _("Removed: %(name)s.") % {"name": name})
    return redirect("monitoring:event", pk=event_pk)
