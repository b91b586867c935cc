"""The HTTP side of fetching: deadlines, body limits, and what is taken from the environment."""
