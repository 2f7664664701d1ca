"""Cognito factors in the admin: listed, searchable, deletable; never added or edited by hand."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django_otp.admin import user_model_search_fields

from .models import CognitoFactor


@admin.register(CognitoFactor)
class CognitoFactorAdmin(admin.ModelAdmin):
    """Rows come from verified sign-ins. Deleting one ends the verification of every session
    it verified (``OTPMiddleware`` no longer finds the device); the next such sign-in makes a
    new row."""

    list_display = ["user", "factor", "name", "created_at", "last_used_at"]
    list_filter = ["factor", "last_used_at"]
    search_fields, search_help_text = user_model_search_fields(
        [get_user_model().USERNAME_FIELD, "email"])
    readonly_fields = ["user", "factor", "name", "confirmed", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
