"""The analyst's window: a query API (FastAPI) and a map page with a timeline, over a store."""
