"""The help marketplace: requests and offers matched by postcode area, reactions, matches, thanks."""
