from typing import Any


def nav_items(request: Any) -> list[dict[str, Any]]:
    return []
