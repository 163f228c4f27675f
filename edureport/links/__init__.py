"""Documents that know each other: a summary linked to the plan it reports on
(``plan``), a bureau's figures rolled up from its units' (``rollup``).

These modules sit after intake (they read and validate other input files) and
before the pipeline, which calls :func:`edureport.links.plan.link_plans`.
"""
