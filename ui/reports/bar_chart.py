"""A small grouped bar chart drawn with QPainter (matplotlib is never loaded by the window)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from panelapp.documents.blocks import ChartSpec
from panelapp.exports.charts import SERIES_COLOURS


class BarChart(QWidget):
    """Draws a ChartSpec; its accessible description reads out every value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: ChartSpec | None = None
        self.setMinimumSize(QSize(320, 200))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_chart(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.setAccessibleName(spec.title)
        values = "; ".join(
            f"{name}: " + ", ".join(f"{c} {v}" for c, v in zip(spec.categories, vals, strict=False))
            for name, vals in spec.series
        )
        self.setAccessibleDescription(values)
        self.setToolTip(values)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(460, 240)

    def paintEvent(self, event: QPaintEvent) -> None:
        spec = self.spec
        if spec is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        line = metrics.height()
        title_font = QFont(font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.drawText(QRectF(0, 4, self.width(), line), Qt.AlignmentFlag.AlignHCenter, spec.title)
        painter.setFont(font)
        legend_height = line + 4 if len(spec.series) > 1 else 0
        plot = QRectF(
            12, 10 + line + legend_height, self.width() - 24, self.height() - 3 * line - legend_height - 24
        )
        top = max([1, *(v for _, values in spec.series for v in values)])
        painter.setPen(QPen(QColor("#718096")))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        groups = max(len(spec.categories), 1)
        group_width = plot.width() / groups
        bar_width = group_width * 0.8 / max(len(spec.series), 1)
        for s_index, (name, values) in enumerate(spec.series):
            colour = QColor(SERIES_COLOURS[s_index % len(SERIES_COLOURS)])
            for c_index, value in enumerate(values):
                height = (plot.height() - line) * value / top
                x = plot.left() + c_index * group_width + group_width * 0.1 + s_index * bar_width
                bar = QRectF(x, plot.bottom() - height, bar_width - 2, height)
                painter.fillRect(bar, colour)
                if value:
                    painter.setPen(QColor("#1a202c"))
                    label = QRectF(x - 6, bar.top() - line, bar_width + 10, line)
                    painter.drawText(label, Qt.AlignmentFlag.AlignHCenter, str(value))
            if len(spec.series) > 1:
                lx = plot.left() + s_index * 130
                painter.fillRect(QRectF(lx, 8 + line, 10, 10), colour)
                painter.setPen(QColor("#1a202c"))
                painter.drawText(
                    QRectF(lx + 14, 4 + line, 116, line + 4), Qt.AlignmentFlag.AlignVCenter, name
                )
        painter.setPen(QColor("#1a202c"))
        for c_index, category in enumerate(spec.categories):
            rect = QRectF(plot.left() + c_index * group_width, plot.bottom() + 2, group_width, 2 * line + 4)
            painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, category)
        painter.end()
