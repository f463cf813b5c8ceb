"""Documents written for people outside the dashboard: the scrutiny briefing pack as one HTML file."""
