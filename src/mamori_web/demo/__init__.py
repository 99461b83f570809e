"""The fictitious demo city that `mamori up` loads: departments, staff, contractors, logins."""
