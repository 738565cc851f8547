"""Dates as editors type and read them in forms: ISO only (2008-04-15), so no day/month doubt.

Django's British formats show dates in forms as 15/04/2008 and read 04/05/2008 as the 4th of May,
which an editor used to other orders can misread; the admin's calendar writes the first input
format. Here forms, the admin's calendar and its "Today" link all use ISO dates. How the pages
show dates to readers is not changed.
"""

DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]
