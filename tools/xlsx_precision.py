"""Conditional number formats that make an annex cell print what its figure holds.

A cell has one number format, but a figure's honest decimals depend on its value: a score of
85,5 needs one decimal and 86 none; a rate of 3428/3429 needs two ("99,97%") where "0.0%"
would print "100,0%"; a whole percent needs none ("100%", not "100,0%"). Excel and LibreOffice
both apply a number format from a conditional format, so each figure cell gets rules, tested
from the most decimals down, that pick the format the Word report's filters would print
(reportkit/formatting/numbers.py): the same figure reads the same in both documents.
"""

from __future__ import annotations

from openpyxl.formatting.rule import Rule
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat

# the base number formats of the annexes' figure cells
COUNT = "#,##0"
RATE = "0.0%"
DIFFERENCE = "+#,##0;-#,##0;0"
CHANGE = "+0.0%;-0.0%;0.0%"
POINTS = "+0.0;-0.0;0.0"
MAX_DECIMALS = 4  # beyond this an annex cell shows what Excel rounds to; the Word text goes on


def _signed(body: str) -> str:
    return f"+{body};-{body};{body.replace('+', '')}"


def _percent(decimals: int) -> str:
    return "0" + ("." + "0" * decimals if decimals else "") + "%"


def _grouped(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _rules(
    cell: str, scale: str, shape, boundaries: tuple[int, ...], decimals_shown: int = 1
) -> list[tuple[str, str]]:
    """(condition, number format) from the most decimals down to none.

    ``scale`` turns the cell into the figure as printed (a fraction times 100 for a percent);
    a figure that is not on a boundary (0, 100, -100) gets the decimals that keep it off it;
    a figure that is whole at the decimals the base format shows prints none.
    """
    figure = f"ROUND({cell}{scale},9)"  # 7% is 7.000000000000001 times 100 in binary
    rules = []
    if boundaries:
        for decimals in range(MAX_DECIMALS, 1, -1):
            rounded = f"ROUND({figure},{decimals - 1})"
            off = ",".join(f"{figure}<>{b}" for b in boundaries)
            on = ",".join(f"{rounded}={b}" for b in boundaries)
            rules.append((f"AND({off},OR({on}))", shape(decimals)))
    rules.append((f"ROUND({figure},{decimals_shown})=ROUND({figure},0)", shape(0)))
    return rules


def _figure_rules(cell: str, shape) -> list[tuple[str, str]]:
    """A count or score: no decimals when whole, one when it has one, else two."""
    figure = f"ROUND({cell},9)"
    return [
        (f"ROUND({cell},0)={figure}", shape(0)),
        (f"ROUND({cell},1)={figure}", shape(1)),
        (f"ISNUMBER({cell})", shape(2)),
    ]


# the base number format of a cell → the rules for its figure
def rules_for(number_format: str, cell: str) -> list[tuple[str, str]]:
    if number_format == RATE:
        return _rules(cell, "*100", _percent, (0, 100))
    if number_format == CHANGE:
        return _rules(cell, "*100", lambda d: _signed(_percent(d)), (0, 100, -100))
    if number_format == POINTS:
        return _rules(cell, "", lambda d: _signed(_grouped(d).replace("#,##", "")), (0,))
    if number_format == COUNT:
        return _figure_rules(cell, _grouped)
    if number_format == DIFFERENCE:
        return _figure_rules(cell, lambda d: _signed(_grouped(d)))
    return []


def _format_id(shape: str) -> int:
    """One id per format in every build, from a fixed list of all the rules' formats."""
    every = {
        s for base in (RATE, CHANGE, POINTS, COUNT, DIFFERENCE) for _, s in rules_for(base, "A1")
    }
    return 200 + sorted(every).index(shape)


def honest_decimals(sheet, ref: str, number_format: str) -> None:
    """Add the conditional formats of ``ref``'s figure (none for text or dates)."""
    for condition, shape in rules_for(number_format, ref):
        format_id = _format_id(shape)
        style = DifferentialStyle(numFmt=NumberFormat(numFmtId=format_id, formatCode=shape))
        rule = Rule(type="expression", formula=[condition], dxf=style, stopIfTrue=True)
        sheet.conditional_formatting.add(ref, rule)
