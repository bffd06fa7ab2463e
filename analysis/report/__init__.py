"""What a notebook calls to run as a report: ``report = start_report(name, globals())``, then ``report.show(fig)``."""

from analysis.report.notebook import Report, start_report

__all__ = ["Report", "start_report"]
