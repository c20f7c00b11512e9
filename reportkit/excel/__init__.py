"""The Excel engine: fill an .xlsx template's cells, rows and sheets from data.

``ExcelTemplate(path)`` compiles once and renders many times; ``add_bar_chart`` adds a
native bar or column chart to a rendered workbook.
"""

from .chart import add_bar_chart
from .template import ExcelTemplate

__all__ = ["ExcelTemplate", "add_bar_chart"]
