"""NotVerified is one error, defined in accounts: a 403 NotAllowed; the plan pages keep their own wording."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from wijkhulp.accounts.models import NotVerified
from wijkhulp.errors import NotAllowed


def test_not_verified_is_a_403_not_allowed(app) -> None:
    with app.test_request_context(), force_locale("en"):
        error = NotVerified()
        assert isinstance(error, NotAllowed) and error.status_code == 403
        assert "confirm your e-mail address" in str(error.message)


def test_no_feature_defines_its_own(app) -> None:
    from wijkhulp.marketplace import models as marketplace
    from wijkhulp.proposals import models as proposals

    assert not hasattr(marketplace, "NotVerified") and not hasattr(proposals, "NotVerified")


def test_plans_and_marketplace_raise_the_same_error_with_their_own_wording(app) -> None:
    from wijkhulp.accounts.models import User
    from wijkhulp.marketplace.services._common import _require_poster
    from wijkhulp.proposals.services.workflow import require_poster

    with app.test_request_context(), force_locale("en"):
        person = User(email="x@example.org", display_name="X", password_hash="-")
        with pytest.raises(NotVerified) as plans:
            require_poster(person)
        with pytest.raises(NotVerified) as market:
            _require_poster(person)
        assert "when you created your account" in str(plans.value.message)
        assert "post and react" in str(market.value.message)
