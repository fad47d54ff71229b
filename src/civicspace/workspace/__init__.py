"""The workspace: the pages where Network Members and consortium editors do the assessment."""
