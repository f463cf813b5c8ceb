"""Load the authority's own data: SSDA903 files and three templates, checked, pseudonymised, all or nothing.

What is read (``analytics.ingest.kinds``): SSDA903 Header, OC3 and UASC files, recognised by their
columns, for any collection year (named in the file name or its folder: ``oc3_2023.csv`` and
``2023/oc3.csv`` are 2022-23); and the provider KPI return, cohort snapshot and budget lines
templates (``analytics.ingest.templates``). Files come one by one, in year folders or in a zip of
them (``analytics.ingest.folders``). Every file is checked against the DfE's rules, alone and
against the other files of its year, before anything is stored, and every problem is reported at
once by file, row, child, column and the value as written (``analytics.ingest.issues``). A load then replaces
the store atomically (``analytics.ingest.loader``) after pseudonymising CHILD with a keyed hash and
cutting dates of birth to the month (``analytics.ingest.privacy``).

Worked example::

    >>> from analytics.ingest import Source, load
    >>> bad = Source("oc3_2023.csv", b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\\nA1,17/05/2002,YES,F2,Q1\\n")
    >>> result = load([bad], dry_run=True)  # doctest: +SKIP
    >>> result.errors()[["row", "child", "column", "value", "rule"]].to_dict("records")  # doctest: +SKIP
    [{'row': 2, 'child': 'A1', 'column': 'ACCOM', 'value': 'Q1', 'rule': 'code'}]

From the command line: ``python -m analytics.ingest PATH... [--store PATH] [--year YYYY] [--check]
[--errors CSV] [--redact]``, a PATH being a file, a folder of year folders or a zip of them.
"""

from analytics.ingest.issues import Issue
from analytics.ingest.loader import LoadError, LoadResult, load
from analytics.ingest.reading import Source

__all__ = ["Issue", "LoadError", "LoadResult", "Source", "load"]
