"""The managers' dashboard with charts and exports, and the public impact page."""
