"""A progress bar, what is happening, and Cancel: shown while a long job runs, hidden after."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ui.shell.jobs import Job


class JobProgress(QWidget):
    """Give it to `ServiceOp.with_progress`; it follows the job from start to end."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(f"{what} progress")
        self.text = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName(f"Cancel {what.lower()}")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.job: Job | None = None
        self.hide()

    def follow(self, job: Job, text: str) -> None:
        """Called before the job starts, so no report is missed."""
        self.job = job
        self.bar.setValue(0)
        self.text.setText(text)
        job.signals.progress.connect(self._report)
        for signal in (job.signals.finished, job.signals.failed, job.signals.cancelled):
            signal.connect(self._ended)
        self.show()

    def cancel(self) -> None:
        if self.job is not None:
            self.text.setText("Cancelling…")
            self.job.cancel()

    def _report(self, percent: int, text: str) -> None:
        self.bar.setValue(percent)
        if text:
            self.text.setText(f"{text}…")

    def _ended(self, *_outcome: object) -> None:
        self.job = None
        self.hide()
