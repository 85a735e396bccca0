"""Security incidents: the log, reportable incidents and their clock, investigations, exercises."""
