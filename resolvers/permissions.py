"""Who may call a root field, declared on the field (`permission_classes=...`); a test walks the roots and fails
when a field declares none. Refusals are GraphQL errors with `extensions.code` UNAUTHENTICATED or FORBIDDEN
(clients handle those globally: an Apollo error link refreshes tokens on UNAUTHENTICATED)."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from services.errors import Forbidden, Unauthenticated


class Public(BasePermission):
    """Anyone, signed in or not: login, registration, what the server is."""

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return True


class Authenticated(BasePermission):
    """A signed-in user (in `local` mode every loopback request is the local admin)."""

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        context = info.context
        if context.actor is None:
            raise Unauthenticated(context.auth_error or "authentication required: send a bearer token or API key")
        return True


class Admin(BasePermission):
    """An admin: server configuration and the models every user shares."""

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        Authenticated().has_permission(source, info)
        if not info.context.actor.is_admin:
            raise Forbidden("only an admin may do this")
        return True
