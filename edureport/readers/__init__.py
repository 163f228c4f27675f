"""Readers: documents people already have (.docx, and through LibreOffice .doc/.wps/.odt/.rtf)
→ edureport's document model, so the writers can set them right (pandoc's design)."""
