"""The registries (a low package): what features add to the application, declared in their manifests.

feature.py        the manifest type `Feature` and `install`, which create_app calls
content.py        content types, queue sources and moderation's hooks
metrics.py        dashboard figures and series
events.py         notification events
settings.py       setting specs
personal_data.py  data held about a person, for export and deletion
activity.py       sections of the organisation page
seeders.py        demo seeders
chrome.py         main menu and header counters
"""
