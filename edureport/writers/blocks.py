"""What every writer adds to the document model the same way (so the preview matches the .docx)."""
from __future__ import annotations

from edureport.document.model import Document, RedHead, Title
from edureport.styles.profile import Profile


def with_redhead(document: Document, profile: Profile) -> list:
    """The blocks, with the profile's 版头 put before the title when the markup has none."""
    blocks = list(document.blocks)
    if not profile.redhead or not document.author or any(isinstance(b, RedHead) for b in blocks):
        return blocks
    at = next((i for i, b in enumerate(blocks) if isinstance(b, Title)), 0)
    blocks.insert(at, RedHead(profile.redhead_text(document.author)))
    return blocks
