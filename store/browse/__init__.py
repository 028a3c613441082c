"""The database's face: Datasette serving, the dashboard plugin and its charts, the weekly report."""
