"""Admin: user management, the audit log and the project dashboard."""
