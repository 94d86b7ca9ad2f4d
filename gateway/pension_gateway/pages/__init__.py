"""Readable pages of the supervision service's data: the village notice board (公示) as HTML and PDF, the
disclosure (信息披露) as HTML with charts.

Every renderer is a pure function of a contract message; nothing here calls a service or loads anything from
outside the gateway (styles are inline, charts are inline SVG, the PDF uses a font built into its reader).
"""
