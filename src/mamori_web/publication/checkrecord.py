"""The チェック記録 (check record) as a PDF: who checked, who approved, when, each finding's
decision, and the SHA-256 of every approved file.

Drawn with reportlab and its built-in Japanese CID font (HeiseiKakuGo-W5, no font file
needed). Values are never in it: findings appear as their masked previews (山■■■).
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from mamori_web.publication.models import RequestStatus

FONT = "HeiseiKakuGo-W5"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _when(value: Any) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def check_record_pdf_bytes(context: dict[str, Any]) -> bytes:
    """The PDF of the check record built from `views._record_context`."""
    font = _font()
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=13, wordWrap="CJK")
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=10)
    h1 = ParagraphStyle("h1", parent=body, fontSize=15, leading=20, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=body, fontSize=11, leading=15, spaceBefore=8, spaceAfter=4)
    req = context["req"]

    def p(text: Any, style: ParagraphStyle = body) -> Paragraph:
        from xml.sax.saxutils import escape

        return Paragraph(escape(str(text)), style)

    def table(rows: list[list[Any]], widths: list[float]) -> Table:
        t = Table(rows, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.94, 0.97)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    approval = context["approval"]
    story: list[Any] = [
        p(_("Pre-publication check record") + f" {req.number}", h1),
        table(
            [
                [p(_("Item")), p(_("Value"))],
                [p(_("Page the files are for")), p(req.target_page)],
                [p(_("Department")), p(req.department.name)],
                [p(_("Applicant")), p(f"{req.applicant.name} ({req.applicant.staff_id})")],
                [p(_("Intended publication date")), p(f"{req.publish_on:%Y-%m-%d}")],
                [p(_("Status")), p(req.get_status_display())],
                [
                    p(_("Approved by")),
                    p(
                        f"{approval.actor or approval.actor_name} {_when(approval.at)}"
                        if approval is not None
                        else _("Not approved")
                    ),
                ],
                [
                    p(_("Estimate")),
                    p(
                        _("%(households)d households, %(persons)d persons")
                        % {
                            "households": context["readiness"].households,
                            "persons": context["readiness"].persons,
                        }
                    ),
                ],
            ],
            [45 * mm, 125 * mm],
        ),
    ]
    story += [p(_("Approved files"), h2)]
    if context["approved_files"]:
        rows = [[p(_("File")), p(_("Masked")), p(_("SHA-256"))]]
        for a in context["approved_files"]:
            rows.append([p(a.filename), p(str(a.masked_count)), p(a.sha256, small)])
        story.append(table(rows, [60 * mm, 18 * mm, 92 * mm]))
    else:
        story.append(p(_("No file has been approved.")))
    story += [p(_("History"), h2)]
    rows = [[p(_("When")), p(_("Who")), p(_("Step")), p(_("Comment"))]]
    for t in context["transitions"]:
        rows.append(
            [
                p(_when(t.at)),
                p(str(t.actor or t.actor_name)),
                p(RequestStatus(t.to_status).label),
                p(t.comment),
            ]
        )
    story.append(table(rows, [30 * mm, 30 * mm, 30 * mm, 80 * mm]))
    for pub_file, findings in context["rows"]:
        job = pub_file.job
        story += [
            p(f"{job.filename}", h2),
            p(
                _("SHA-256 of the original: %(sha)s — %(verdict)s")
                % {"sha": job.sha256, "verdict": job.get_verdict_display()},
                small,
            ),
        ]
        if not findings:
            story.append(p(_("No personal data was found.")))
            continue
        rows = [
            [
                p(_("Type")),
                p(_("Where")),
                p(_("Preview")),
                p(_("Decision")),
                p(_("Reason")),
                p(_("By")),
            ]
        ]
        for r in findings:
            d = r.decision
            rows.append(
                [
                    p(r.label, small),
                    p(r.finding.where or f"{r.finding.start}", small),
                    p(r.finding.preview, small),
                    p(d.get_decision_display() if d else _("Undecided"), small),
                    p(d.reason if d else "", small),
                    p(f"{d.decided_by} {_when(d.decided_at)}" if d else "", small),
                ]
            )
        story.append(table(rows, [22 * mm, 28 * mm, 28 * mm, 24 * mm, 40 * mm, 28 * mm]))
    story += [Spacer(1, 6 * mm), p(_("Printed %(when)s") % {"when": _when(timezone.now())}, small)]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"check record {req.number}",
    )
    doc.build(story)
    return out.getvalue()
