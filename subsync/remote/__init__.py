"""Talking to the speech APIs: the HTTP client, its retry policy, API keys, and one request
builder per vendor. Importing this package loads nothing heavy (requests loads with the client)."""
