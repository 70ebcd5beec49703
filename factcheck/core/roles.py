"""Roles are Django groups; this module says what each may do.

A data migration calls `sync_roles`; a later migration that adds models or
permissions calls it again, so the groups always match this table."""

REVIEWER, EDITOR, ADMIN = "Reviewer", "Editor", "Admin"

REVIEWER_PERMISSIONS = {
    "core.view_source",
    "core.add_source",
    "core.view_revision",
    "core.add_revision",
    "core.view_rating",
    "core.view_claim",
    "core.add_claim",
    "core.change_claim",
    "core.delete_claim",
    "core.view_citation",
    "core.add_citation",
    "core.change_citation",
    "core.delete_citation",
    "core.view_candidatedismissal",
    "core.add_candidatedismissal",
    "core.delete_candidatedismissal",
}
EDITOR_PERMISSIONS = REVIEWER_PERMISSIONS | {
    "core.change_source",
    "core.publish_claim",
    "core.retract_claim",
    "core.view_verdict",
    "core.view_auditevent",
    "core.view_suggestion",
    "core.change_suggestion",
    "core.view_sentence",
    "core.view_importedreview",
    "core.add_importedreview",  # import_claimreview, the admin's "Import ClaimReview"
    "core.view_blindrating",
}
ADMIN_PERMISSIONS = EDITOR_PERMISSIONS | {
    "core.delete_source",
    "core.add_rating",
    "core.change_rating",
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.view_group",
    "auth.change_group",
}

ROLE_PERMISSIONS = {
    REVIEWER: REVIEWER_PERMISSIONS,
    EDITOR: EDITOR_PERMISSIONS,
    ADMIN: ADMIN_PERMISSIONS,
}


def is_editor(user):
    """Editors approve, publish and send back claims, and edit any draft."""
    return user.has_perm("core.publish_claim")


def can_retract(user):
    return user.has_perm("core.retract_claim")


def sync_roles(apps):
    """Create the groups and give each exactly the permissions of its role."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # In a migration the app configs are stubs without models_module,
        # which create_permissions takes as "no models".
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        if stub:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_code = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        # An early migration runs this before later models exist; the
        # migration that adds them runs it again.
        group.permissions.set([by_code[code] for code in codes if code in by_code])


def ensure_roles():
    """The groups exist with their permissions (a flushed test database or a
    database restored without them gets them back)."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    if Group.objects.filter(name__in=ROLE_PERMISSIONS).count() < len(ROLE_PERMISSIONS):
        sync_roles(apps)
