"""The organisation: municipality, departments (部 → 課 → 係), staff, contractors and roles.

Department scope is answered with a materialised path: every department stores the ids of
its ancestors and itself as ``/12/34/56/``, so "this 部 and everything under it" is one
``path__startswith`` condition that works the same on SQLite and PostgreSQL. Paths are
written only by `services.department_create` / `department_move`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100)
    # 全国地方公共団体コード (6 digits including the check digit).
    code = models.CharField(_("local government code"), max_length=6, unique=True)
    prefecture = models.CharField(_("prefecture"), max_length=10)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class DepartmentLevel(models.TextChoices):
    BU = "bu", _("Department (bu)")
    KA = "ka", _("Section (ka)")
    KAKARI = "kakari", _("Unit (kakari)")


class Department(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="departments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("department code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=DepartmentLevel.choices)
    path = models.CharField(max_length=255, db_index=True, editable=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="org_department_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def subtree_q(self, prefix: str = "") -> Q:
        """Condition for this department and all below it (on `prefix` + ``path``)."""
        return Q(**{f"{prefix}path__startswith": self.path})


class Employment(models.TextChoices):
    """Employment types; the values are those of staff.csv (spec/events.md)."""

    REGULAR = "regular", _("Regular staff")
    KAIKEINENDO = "kaikeinendo", _("Fiscal-year appointed staff")
    TEMPORARY = "temporary", _("Temporary staff")
    CONTRACTOR = "contractor", _("Contractor")


class ContractorCompany(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="contractors"
    )
    name = models.CharField(_("company name"), max_length=200)
    # 法人番号 (13 digits), public information.
    corporate_number = models.CharField(_("corporate number"), max_length=13, blank=True)

    class Meta:
        verbose_name = _("contractor company")
        verbose_name_plural = _("contractor companies")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="org_contractor_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    """A person who works for the city (contractors' people included).

    `staff_id` is the id that appears as `actor` in audit events (spec/events.md).
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="staff")
    staff_id = models.CharField(_("staff id"), max_length=32, unique=True)
    name = models.CharField(_("full name"), max_length=100)
    name_kana = models.CharField(_("name (kana)"), max_length=100, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="staff")
    employment = models.CharField(_("employment"), max_length=20, choices=Employment.choices)
    start = models.DateField(_("start of employment"))
    end = models.DateField(_("end of employment"), null=True, blank=True)
    company = models.ForeignKey(
        ContractorCompany,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("contractor company"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["staff_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="org_staff_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(employment="contractor") | Q(company__isnull=False),
                name="org_staff_contractor_has_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.staff_id})"


class Role(models.TextChoices):
    """Roles of the 総務省 guideline and the PPC 指針 (DESIGN.md §2)."""

    CISO = "ciso", _("Chief information security officer (CISO)")
    SECURITY_DIRECTOR = "security_director", _("Head of information security")
    DEPT_HEAD = "dept_head", _("Information security officer (department head)")
    SECTION_MANAGER = "section_manager", _("Information security manager (section head)")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy office")
    IT_OFFICER = "it_officer", _("IT systems office")
    CSIRT = "csirt", _("CSIRT")
    WHISTLEBLOWING_HANDLER = "whistleblowing_handler", _("Whistleblowing case handler")
    STAFF = "staff", _("Staff")
    CONTRACTOR = "contractor", _("Contractor")


class RoleAssignment(models.Model):
    """(user, role, department, includes sub-departments), valid from `start` to `end`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("department"),
    )
    include_subdepartments = models.BooleanField(_("includes sub-departments"), default=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "department"], name="org_role_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        where = f" @ {self.department}" if self.department_id else ""
        return f"{self.user} — {self.get_role_display()}{where}"
