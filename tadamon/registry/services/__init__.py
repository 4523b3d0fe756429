"""Every operation that writes to the registry: one function per domain verb.

Each checks the acting user's role and scope and the registry's rules, writes
in one transaction and records the change in the hash-chained history.
"""

from tadamon.registry.services.declarations import file_declaration
from tadamon.registry.services.lifecycle import allowed_transitions, change_status
from tadamon.registry.services.memberships import add_membership, end_membership
from tadamon.registry.services.merging import (
    merge_organizations,
    resolve_registry_id,
    surviving_organization,
    unmerge,
)
from tadamon.registry.services.organizations import (
    create_organization,
    register_organization,
    update_organization,
)
from tadamon.registry.services.reading import organization_fields_for

__all__ = [
    "add_membership",
    "allowed_transitions",
    "change_status",
    "create_organization",
    "end_membership",
    "file_declaration",
    "merge_organizations",
    "organization_fields_for",
    "register_organization",
    "resolve_registry_id",
    "surviving_organization",
    "unmerge",
    "update_organization",
]
