"""What each document says, as plain data: the renderers in panelapp.exports draw these.

One module per document (agenda, minutes, ADM email draft, chairs' report, grading summary,
Appendix A, calendar files). Services fill them from the database; a document never reads
the database and imports nothing but panelapp.domain, so Word and PDF show the same words.
Children appear by initials only: the services scrub free text before it gets here.
"""
