"""Two-factor sign-in (TOTP, RFC 6238) with single-use recovery codes."""
