"""The one place that decides which scans an API client may read: its own."""

from __future__ import annotations

import uuid

from mamori_web.api.models import ApiClient, ApiScan
from mamori_web.errors import NotFound

__all__ = ["access_api_scan_by_id"]


def access_api_scan_by_id(*, client: ApiClient, scan_id: str) -> ApiScan:
    """The client's scan `scan_id`; the same NotFound for a bad id, missing, or not its own."""
    try:
        key = uuid.UUID(scan_id)
    except ValueError as err:
        raise NotFound() from err
    scan = (
        ApiScan.objects.select_related("job", "client")
        .filter(job_id=key)
        .filter(client=client)
        .first()
    )
    if scan is None:
        raise NotFound()
    return scan
