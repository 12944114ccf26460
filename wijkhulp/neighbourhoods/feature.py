"""Manifest of neighbourhoods (wijken): /admin/neighbourhoods, `flask neighbourhoods`, the demo areas."""

from __future__ import annotations

from wijkhulp.neighbourhoods import demo, services, views
from wijkhulp.neighbourhoods.cli import neighbourhoods_cli
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.places import HomeAreaRule
from wijkhulp.registry.seeders import Seeder

FEATURE = Feature(
    name="neighbourhoods",
    blueprints=(views.bp,),
    cli=(neighbourhoods_cli,),
    seeder=Seeder("neighbourhoods", 10, demo.seed_neighbourhoods),
    home_area_rules=(HomeAreaRule("service_area", services.home_postcode_refusal),),
)
