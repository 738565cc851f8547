"""Content model of an encyclopedia article about bilateral relations."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from articles.record_urls import slug_url

# Fields nobody looks history records up by, in the content models' history tables and in
# those of their links: the indexes the history tables copy from the models only slow down the
# import's history inserts. A record's history is read by its id, its links' by history_id.
HISTORY_UNINDEXED = [
    *("status", "slug", "article", "section", "period", "image", "glossary_entry", "portrait", "illustration"),
    *("event", "topic", "person", "glossaryentry"),
    "needs_review",
]


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class HasPage:
    """A record with a public page of its own, at the URL named ``page_name`` with its slug."""

    page_name = None

    def get_absolute_url(self):
        return slug_url(self.page_name, self.slug)  # no reverse() per record (articles/record_urls.py)


class ContentModel(models.Model):
    """Fields shared by every record an editor curates and the importer may write."""

    status = models.CharField(max_length=9, choices=Status, default=Status.DRAFT, db_index=True)
    # The values the importer last wrote, keyed by field name. A field whose current value
    # differs from its snapshot was changed by an editor and is left alone by a re-import.
    imported = models.JSONField(default=dict, blank=True, editable=False)
    # Incremented on every save; a form posted with an older version was edited over (no lost edits).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set by the importer on what it is unsure of (a repaired definition, a guessed title…), with
    # the reason; an editor saving the record in the admin clears it.
    needs_review = models.BooleanField(default=False, db_index=True, editable=False)
    review_reason = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class Image(models.Model):
    """An uploaded picture with the text that stands for it, and its generated renditions."""

    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    alt_text = models.CharField(max_length=300, help_text="What the picture shows, for readers who cannot see it.")
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=200, blank=True)
    # [{"width": 320, "format": "webp", "name": "…", "height": 213}, …], written once per upload.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    # Incremented on every save; a form posted with an older version was edited over (no lost edits).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text


class Period(HasPage, models.Model):
    """A span of years, half-open: start_year <= year < end_year; either bound may be open."""

    page_name = "articles:period-detail"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    start_year = models.IntegerField(null=True, blank=True, help_text="First year (empty: no lower bound).")
    end_year = models.IntegerField(
        null=True, blank=True, help_text="First year after the period (empty: still running)."
    )
    description = models.TextField(blank=True)
    # Incremented on every save; a form posted with an older version was edited over (no lost edits).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class PeriodQuerySet(models.QuerySet):
        def containing_year(self, year):
            return self.filter(
                Q(start_year__isnull=True) | Q(start_year__lte=year),
                Q(end_year__isnull=True) | Q(end_year__gt=year),
            )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = [F("start_year").asc(nulls_first=True), "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(end_year__gt=F("start_year")),
                name="period_end_after_start",
                violation_error_code="period_end_before_start",
                violation_error_message="The end year must be after the start year (a period ends before its end year).",
            ),
        ]
        indexes = [models.Index(fields=["start_year", "end_year"], name="period_years_idx")]

    def __str__(self):
        return self.name

    def contains_year(self, year):
        return (self.start_year is None or self.start_year <= year) and (self.end_year is None or year < self.end_year)


class Topic(HasPage, models.Model):
    page_name = "articles:topic-detail"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    keywords = models.TextField(
        blank=True,
        help_text="Word stems, comma-separated, that place a section or event in this topic "
        "(a stem matches any word it begins: 'econom' matches 'economic').",
    )
    description = models.TextField(blank=True)
    # Incremented on every save; a form posted with an older version was edited over (no lost edits).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def keyword_list(self):
        return [word.strip().lower() for word in self.keywords.split(",") if word.strip()]


class Article(HasPage, ContentModel):
    page_name = "articles:article-detail"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    source = models.CharField(max_length=255, blank=True, help_text="File the article was imported from.")
    # Where the text comes from, and the licence under which the site may show it.
    source_title = models.CharField(max_length=300, blank=True, help_text="Title of the page the text comes from.")
    source_url = models.URLField(max_length=500, blank=True, help_text="Address of the page the text comes from.")
    retrieved = models.DateField(null=True, blank=True, help_text="When the text was taken from that page.")
    licence = models.CharField(max_length=200, blank=True, help_text="Licence of the text, e.g. CC BY-SA 4.0.")

    history = HistoricalRecords(no_db_index=HISTORY_UNINDEXED)

    class Meta:
        ordering = ["title"]
        indexes = [
            # The article listing (A–Z) and the home page's latest articles.
            models.Index(fields=["status", "title"], name="article_status_title_idx"),
            models.Index(fields=["status", "created_at"], name="article_status_created_idx"),
        ]

    def __str__(self):
        return self.title


def a_to_z_indexes(prefix, field):
    """Return the indexes of records listed A–Z by ``field``: all of them (the admin), and the
    published ones (the public listing)."""
    return [
        models.Index(fields=[field], name=f"{prefix}_{field}_idx"),
        models.Index(fields=["status", field], name=f"{prefix}_status_{field}_idx"),
    ]


class GlossaryEntry(HasPage, ContentModel):
    page_name = "articles:glossary-detail"

    term = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    definition = models.TextField(blank=True)
    source_definition = models.TextField(
        blank=True, editable=False, help_text="The definition as captured, when the importer repaired it."
    )
    aliases = models.JSONField(default=list, blank=True, help_text="Link texts that point at this term.")

    history = HistoricalRecords(no_db_index=HISTORY_UNINDEXED)

    class Meta:
        ordering = ["term"]
        verbose_name_plural = "glossary entries"
        indexes = a_to_z_indexes("glossary", "term")

    def __str__(self):
        return self.term


class Person(HasPage, ContentModel):
    page_name = "articles:person-detail"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names the text uses (surname alone…).")
    role = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=100, blank=True)
    glossary_entry = models.ForeignKey(
        GlossaryEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    portrait = models.ForeignKey(Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(no_db_index=HISTORY_UNINDEXED)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [
            *a_to_z_indexes("person", "name"),
            models.Index(fields=["country"], name="person_country_idx"),
            models.Index(fields=["role"], name="person_role_idx"),
        ]

    def __str__(self):
        return self.name


class Section(ContentModel):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    order = models.PositiveIntegerField(default=0, help_text="Position within the article; the lead is 0.")
    body = models.TextField(
        blank=True,
        help_text="Paragraphs separated by a blank line. Link a glossary term as [[Term]] or [[Term|text]].",
    )
    terms = models.ManyToManyField(GlossaryEntry, blank=True, related_name="sections")
    people = models.ManyToManyField(Person, blank=True, related_name="sections")
    illustration = models.ForeignKey(Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The body as the public article page shows it, kept by articles.editorial.section_html whenever
    # the body, or what its links and names resolve to, changes: derived, never edited nor imported.
    body_html = models.TextField(blank=True, default="", editable=False)

    history = HistoricalRecords(
        m2m_fields=[terms, people], no_db_index=HISTORY_UNINDEXED, excluded_fields=["body_html"]
    )

    class Meta:
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "slug"], name="section_unique_slug_per_article"),
        ]
        indexes = [models.Index(fields=["article", "order"], name="section_article_order_idx")]

    def __str__(self):
        return f"{self.article}: {self.title}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.slug}"

    @property
    def is_lead(self):
        return self.order == 0


class SectionLink(models.Model):
    """The slug of a link in a section's text, whether an entry answers it or not: an index of the bodies.

    It finds the sections a new or renamed glossary entry may reach without reading every body
    (articles.editorial.links keeps it with ``Section.terms``). Derived, never edited. Not a
    relation Django cascades or lists in delete confirmations: a deleted section's rows go with
    it through the same service.
    """

    # A link's slug can be as long as its text; a prefix this long tells entries apart.
    SLUG_LENGTH = 200

    section = models.ForeignKey(Section, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    slug = models.CharField(max_length=SLUG_LENGTH)

    class Meta:
        ordering = ["section", "slug"]
        constraints = [models.UniqueConstraint(fields=["slug", "section"], name="section_link_unique_slug")]
        indexes = [models.Index(fields=["section"], name="section_link_section_idx")]

    def __str__(self):
        return f"{self.section_id}: {self.slug}"


class EventQuerySet(PublishableQuerySet):
    def in_year_range(self, start=None, end=None):
        queryset = self
        if start is not None:
            queryset = queryset.filter(date__year__gte=start)
        if end is not None:
            queryset = queryset.filter(date__year__lte=end)
        return queryset


class Event(HasPage, ContentModel):
    page_name = "articles:event-detail"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"
        DECADE = "decade", "Decade"
        CENTURY = "century", "Century"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True, help_text="The statement of the article the event comes from.")
    date = models.DateField(null=True, blank=True, help_text="Empty when the source gives no year.")
    precision = models.CharField(
        max_length=7, choices=Precision, blank=True, help_text="How much of the date is known; empty when undated."
    )
    end_date = models.DateField(null=True, blank=True)
    date_text = models.CharField(max_length=100, blank=True, help_text="The date as the source words it.")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    period = models.ForeignKey(Period, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    people = models.ManyToManyField(Person, blank=True, related_name="events")
    image = models.ForeignKey(Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Stable identity across re-imports of the same source statement.
    import_key = models.CharField(max_length=100, blank=True, editable=False)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[topics, people], no_db_index=HISTORY_UNINDEXED)

    class Meta:
        ordering = [F("date").asc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__isnull=True, precision="") | Q(date__isnull=False) & ~Q(precision=""),
                name="event_precision_iff_date",
                violation_error_code="precision_without_date",
                violation_error_message="Give a precision when there is a date, and none when there is no date.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(date__isnull=False, end_date__gte=F("date")),
                name="event_end_after_start",
                violation_error_code="end_before_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.UniqueConstraint(fields=["import_key"], condition=~Q(import_key=""), name="event_unique_import_key"),
        ]
        indexes = [
            models.Index(fields=["date"], name="event_date_idx"),
            models.Index(fields=["period", "date"], name="event_period_date_idx"),
            # The timeline oldest first (PostgreSQL) and, read backwards, newest first (SQLite, whose
            # descending order puts NULLs last); newest first on PostgreSQL has an index of its own
            # (migration 0007: NULLS LAST in an index is PostgreSQL-only).
            models.Index(fields=["status", "date", "title"], name="event_status_date_title_idx"),
        ]

    def __str__(self):
        return self.title


# Editors' watchlists live beside the editorial code that uses them; imported here so Django sees them.
from articles.editorial.watching import Watch, WatchlistVisit  # noqa: E402, F401
from articles.working_copies import Expiry, WorkingCopy  # noqa: E402, F401  (working copies and schedules)
