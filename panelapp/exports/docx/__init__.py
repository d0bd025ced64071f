"""Word documents (python-docx) from the agency's replaceable templates in resources/templates."""
