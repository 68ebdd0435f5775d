"""Export and import in the window: File ▸ Export…, File ▸ Import…, and Copy for CRM."""
