"""Server-rendered horizontal bar charts for IMDi's figures: inline SVG, no script, with a
title and a description; the page shows the same numbers in the table beside it."""

from decimal import Decimal

from django import template

register = template.Library()

ROW_HEIGHT = 34
LABEL_WIDTH = 260
BAR_WIDTH = 420


@register.inclusion_tag("payments/_figure_chart.html")
def figure_chart(rows, chart_id, title, description):
    """Applied (light) and awarded (dark) per row, scaled to the largest amount."""
    top = max([r.applied for r in rows] + [r.awarded for r in rows] + [Decimal("1")])
    bars = []
    for index, row in enumerate(rows):
        y = index * ROW_HEIGHT + 4
        bars.append(
            {
                "row": row,
                "label": row.label if len(row.label) <= 38 else row.label[:37] + "…",
                "y_label": y + 18,
                "y_applied": y,
                "y_awarded": y + 14,
                "w_applied": round(float(row.applied / top) * BAR_WIDTH, 1),
                "w_awarded": round(float(row.awarded / top) * BAR_WIDTH, 1),
            }
        )
    return {
        "bars": bars,
        "chart_id": chart_id,
        "title": title,
        "description": description,
        "width": LABEL_WIDTH + BAR_WIDTH + 10,
        "height": max(len(rows), 1) * ROW_HEIGHT + 8,
        "x_bar": LABEL_WIDTH,
        "bar_height": 12,
    }
