"""Create the default periods and topics once; editors own them from then on."""

from django.db import migrations

PERIODS = [
    ("imperial-era", "Imperial era", None, 1910),
    ("japanese-rule", "Japanese rule", 1910, 1945),
    ("cold-war", "Cold War", 1945, 1985),
    ("rapprochement", "Rapprochement", 1985, 1991),
    ("russian-federation", "Russian Federation", 1991, None),
]

TOPICS = [
    (
        "diplomacy",
        "Diplomacy",
        "diplomat, summit, visit, ambassador, embass, minister, president, treaty, agreement, "
        "protocol, talks, negotiat, foreign polic, hot line, consul",
    ),
    (
        "economy",
        "Economy",
        "trade, trading, econom, invest, debt, export, import, business, industr, gas, oil, "
        "railroad, railway, market, commerce, compan, chaebol, financ",
    ),
    ("sport", "Sport", "sport, olympi, athlet, football, championship, tournament, world cup"),
    (
        "space",
        "Space",
        "space, astronaut, cosmonaut, satellite, spacecraft, orbit, rocket, soyuz, spaceflight",
    ),
    (
        "security",
        "Security",
        "nuclear, military, defence, defense, war, weapon, missile, naval, navy, army, security, "
        "threat, attack, sanction, armistice",
    ),
    (
        "migration",
        "Migration",
        "migra, immigra, emigra, diaspora, ethnic, communit, refugee, settler, deport",
    ),
]


def create_defaults(apps, schema_editor):
    Period = apps.get_model("articles", "Period")
    Topic = apps.get_model("articles", "Topic")
    for slug, name, start_year, end_year in PERIODS:
        Period.objects.get_or_create(
            slug=slug, defaults={"name": name, "start_year": start_year, "end_year": end_year}
        )
    for slug, name, keywords in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "keywords": keywords})


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
