"""manager_scope: the one answer to where a manager may act, used by moderation, proposals and the dashboard."""

from __future__ import annotations

from datetime import timedelta

from tests import factories
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.neighbourhoods import services
from wijkhulp.neighbourhoods.models import ManagerAssignment
from wijkhulp.neighbourhoods.queries import manager_scope


def test_admins_everywhere_managers_their_neighbourhoods_others_nowhere(ctx) -> None:
    maarssen = services.create_neighbourhood(name="Maarssen", areas="3601, 3602")
    services.create_neighbourhood(name="Breukelen", areas="3621")
    manager, admin, resident = factories.manager(), factories.admin(), factories.user()
    db.session.add(ManagerAssignment(neighbourhood_id=maarssen.id, user_id=manager.id))
    db.session.commit()

    everywhere = manager_scope(admin)
    assert everywhere.pc4s is None and everywhere.neighbourhood_ids is None
    assert everywhere.covers_pc4(None) and everywhere.covers_neighbourhoods([])

    scope = manager_scope(manager)
    assert scope.pc4s == {"3601", "3602"} and scope.neighbourhood_ids == {maarssen.id}
    assert scope.covers_pc4("3602") and not scope.covers_pc4("3621") and not scope.covers_pc4(None)
    assert scope.covers_neighbourhoods([maarssen.id]) and not scope.covers_neighbourhoods([])
    assert not scope.covers_neighbourhoods([maarssen.id, maarssen.id + 1])

    for nobody in (resident, None, factories.manager()):
        assert manager_scope(nobody).pc4s == frozenset() and manager_scope(nobody).neighbourhood_ids == frozenset()
    manager.blocked_at = utcnow() - timedelta(minutes=1)
    assert manager_scope(manager).pc4s == frozenset()


def test_the_features_ask_the_same_helper(ctx) -> None:
    from wijkhulp.dashboard import queries as dashboard
    from wijkhulp.moderation import permissions as moderation
    from wijkhulp.proposals import permissions as proposals

    maarssen = services.create_neighbourhood(name="Maarssen", areas="3601")
    manager = factories.manager()
    db.session.add(ManagerAssignment(neighbourhood_id=maarssen.id, user_id=manager.id))
    db.session.commit()
    assert moderation.in_scope(manager, "3601") and not moderation.in_scope(manager, "3621")
    assert proposals.manager_scope(manager) == manager_scope(manager).neighbourhood_ids
    assert dashboard.manager_scope(manager, None).pc4s == manager_scope(manager).pc4s
