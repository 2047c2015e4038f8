"""factory_boy factories for tests, benchmarks and demo data; they write through the change log.
And the readers of printed PDFs and DOCX tables that tests share (`pdf_pages`, `pdf_lines`,
`docx_columns_cm`)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import factory
from django.db import transaction
from factory.django import DjangoModelFactory

from rembuk.core import history
from rembuk.people.models import Agency, Membership, Role, User
from rembuk.plans.models import Activity, Authority, FundingSource, Goal, LivelihoodPlan, Milestone
from rembuk.regions.codes import kabupaten_of
from rembuk.regions.models import Region

DEFAULT_PASSWORD = "rahasia-uji-123"  # noqa: S105


def region(code: str) -> Region:
    """A region of the pilot data, which every test database holds."""
    return Region.objects.get(code=code)


class ReplicatedFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return history.create(model_class, actor=None, **kwargs)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@contoh.id")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


class AgencyFactory(ReplicatedFactory):
    class Meta:
        model = Agency

    kabupaten = factory.LazyFunction(lambda: region("53.18"))
    name = "Dinas Pertanian"
    short_name = factory.Sequence(lambda n: f"Distan{n}")


class MembershipFactory(ReplicatedFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.KECAMATAN
    region = factory.LazyFunction(lambda: region("53.18.11"))


def user_with_role(role: str, code: str, **user_fields: Any) -> User:
    """A user holding one role over one region (the usual shape in tests)."""
    user: User = UserFactory(**user_fields)  # type: ignore[assignment]
    agency = None
    if role == Role.OPD:
        agency = AgencyFactory(kabupaten=region(kabupaten_of(code)))
    MembershipFactory(user=user, role=role, region=region(code), agency=agency)
    return user


class PlanFactory(ReplicatedFactory):
    class Meta:
        model = LivelihoodPlan

    desa = factory.LazyFunction(lambda: region("53.18.11.2006"))
    period_start = 2024
    period_end = 2025


class GoalFactory(ReplicatedFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n)
    statement = "Semua warga terbebas dari hutang pada rentenir"
    target = "Tidak ada warga yang meminjam ke rentenir"
    target_year = 2025


class MilestoneFactory(ReplicatedFactory):
    class Meta:
        model = Milestone

    goal = factory.SubFactory(GoalFactory)
    position = factory.Sequence(lambda n: n)
    statement = "Petani punya alternatif penjualan hasil panen dengan harga stabil saat panen"
    target_value = "BUMDes membeli panen jagung"
    target_year = 2025


class ActivityFactory(ReplicatedFactory):
    class Meta:
        model = Activity

    milestone = factory.SubFactory(MilestoneFactory)
    goal = factory.LazyAttribute(lambda a: a.milestone.goal)
    position = factory.Sequence(lambda n: n)
    name = "Pelatihan pengelolaan unit usaha BUMDes"
    description = "Pelatihan 3 hari di Januari 2024"
    funding_sources = factory.LazyFunction(lambda: [FundingSource.CSR])
    authority = Authority.DESA


@transaction.atomic
def full_plan(
    desa_code: str = "53.18.11.2006", goals: int = 3, activities_per_goal: int = 10
) -> LivelihoodPlan:
    """A plan with `goals` goals, one milestone each and `activities_per_goal` activities each,
    written in one transaction as an imported plan is: where commits run their callbacks (browser
    tests, the benchmarks), the dashboards' figures are computed once, not after every row."""
    plan: LivelihoodPlan = PlanFactory(desa=region(desa_code))  # type: ignore[assignment]
    for g in range(goals):
        goal = GoalFactory(plan=plan, position=g, statement=f"Tujuan {g + 1}")
        milestone = MilestoneFactory(goal=goal, position=0)
        for a in range(activities_per_goal):
            ActivityFactory(
                milestone=milestone, goal=goal, position=a, name=f"Kegiatan {g + 1}.{a + 1}"
            )
    return plan


# A folder to keep the PDFs that tests read back, to look at them (`pdftoppm -r 60 -png`).
KEEP_PDFS = "REMBUK_KEEP_PDFS"


def pdf_pages(pdf: bytes, *, keep_as: str = "") -> list[str]:
    """The text of each page of a PDF, its white space made single spaces.

    With REMBUK_KEEP_PDFS set to a folder, the PDF is also written there as `<keep_as>.pdf`."""
    from pypdf import PdfReader

    folder = os.environ.get(KEEP_PDFS)
    if folder and keep_as:
        Path(folder).mkdir(parents=True, exist_ok=True)
        Path(folder, f"{keep_as}.pdf").write_bytes(pdf)
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_lines(pdf: bytes, page: int) -> list[str]:
    """The lines of text of one page of a PDF (0 the first), top to bottom: the pieces of text
    drawn on the same baseline joined, in the order they were drawn."""
    from pypdf import PdfReader

    baselines: dict[float, list[str]] = {}

    def visit(text: str, matrix: Any, text_matrix: Any, font: Any, size: float) -> None:
        if text.strip():
            # The baseline's height on the page (a PDF's y runs up): keyed by its opposite, the
            # lines sort from the top.
            y = round(text_matrix[5] * matrix[3] + matrix[5], 1)
            baselines.setdefault(-y, []).append(" ".join(text.split()))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return [" ".join(pieces) for _y, pieces in sorted(baselines.items())]


def docx_columns_cm(table: Any) -> list[float]:
    """A python-docx table's column widths in cm, rounded to a millimetre, as LibreOffice lays it
    out: by its grid. Checks that Word reads the same: the layout fixed (not fitted to the text)
    and every row's cells as wide as the grid's columns."""
    assert table.autofit is False
    grid = [round(column.width.cm, 1) for column in table.columns]
    for row in table.rows:
        assert [round(cell.width.cm, 1) for cell in row.cells] == grid
    return grid


def pdf_as_weasyprint_breaks_it(
    template: str, context: dict[str, Any], tables: Any, **_options: Any
) -> bytes:
    """A stand-in for `print_rows.render_pdf_with_rows`: the PDF as WeasyPrint breaks the rows
    itself, each cell keeping its padding and border at a break (box-decoration-break: clone).
    So its first page holds as many lines of a broken row as fit there: the yardstick of where
    print_rows splits a row."""
    from rembuk.core.pdf import render_pdf

    return render_pdf(template, context, extra_css="td { box-decoration-break: clone; }")
