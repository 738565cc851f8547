"""The editors' admin for articles, their sections, glossary, people, events, periods and topics.

Every changelist runs a fixed number of queries whatever the number of rows: a column that shows
a related record is listed in `list_select_related`, a count is a subquery, and a many-to-many
column is prefetched in `get_queryset()`.
"""

import json

from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst

from articles import caching
from articles.forms import LinesListField
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Status, Topic
from articles.templatetags.relations import format_partial_date

admin.site.site_header = "Relations editors"
admin.site.site_title = "Relations admin"
admin.site.index_title = "Content"

RECORD_FIELDS = ["imported_values", "created_at", "updated_at"]
RECORD_FIELDSET = ("Record", {"classes": ["collapse"], "fields": RECORD_FIELDS})


def count_related(model, field):
    """Count, in a subquery, the `model` rows whose `field` points at the outer row.

    A subquery rather than Count() over a join keeps the changelist's COUNT queries free of
    joins and GROUP BY, and two counts on one row from multiplying each other.
    """
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(total=Count("pk")).values("total")), 0)


def related_count(annotation, description):
    """Make a sortable changelist column showing a count that get_queryset() annotates."""

    @admin.display(description=description, ordering=annotation)
    def column(obj):
        return getattr(obj, annotation)

    return column


EVENT_COUNT = related_count("event_count", "events")
SECTION_COUNT = related_count("section_count", "sections")
PERSON_COUNT = related_count("person_count", "people")


def summary(text, words=12):
    """Shorten a long text to its first words for a changelist column."""
    return Truncator(text).words(words)


class ContentAdmin(admin.ModelAdmin):
    """Share what every imported, publishable record needs: status actions, aliases, import record."""

    actions = ["publish", "unpublish"]
    readonly_fields = RECORD_FIELDS
    list_per_page = 50

    @admin.action(description="Publish the selected %(verbose_name_plural)s", permissions=["change"])
    def publish(self, request, queryset):
        self.set_status(request, queryset, Status.PUBLISHED)

    @admin.action(description="Unpublish the selected %(verbose_name_plural)s", permissions=["change"])
    def unpublish(self, request, queryset):
        self.set_status(request, queryset, Status.DRAFT)

    def set_status(self, request, queryset, status):
        """Set the status of the selected records, logging each one changed like a form save would."""
        changing = list(queryset.exclude(status=status))
        self.model.objects.filter(pk__in=[obj.pk for obj in changing]).update(
            status=status, updated_at=timezone.now()
        )
        caching.bump()  # update() sends no signal: the public pages must show the change at once
        if changing:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=changing,
                action_flag=CHANGE,
                change_message=[{"changed": {"fields": ["Status"]}}],
            )
        self.message_user(
            request,
            f"{len(changing)} {self.model._meta.verbose_name_plural} set to {status.label.lower()}.",
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Aliases are a JSON list of strings; editors write them one per line, not as JSON.
        if db_field.name == "aliases":
            return LinesListField(
                required=not db_field.blank,
                label=capfirst(db_field.verbose_name),
                help_text=f"{db_field.help_text} One per line.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="values of the last import")
    def imported_values(self, obj):
        if not obj.imported:
            return self.get_empty_value_display()
        return format_html("<pre>{}</pre>", json.dumps(obj.imported, indent=2, ensure_ascii=False, default=str))


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["order", "title", "slug", "status"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["order"]
    extra = 0
    show_change_link = True


class SectionListFilter(admin.RelatedFieldListFilter):
    """List the sections with their articles in one query: a section's name includes its article's."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin) or ["article", "order"]
        sections = Section.objects.select_related("article").order_by(*ordering)
        return [(section.pk, str(section)) for section in sections]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "start_year", "end_year", EVENT_COUNT]
    list_editable = ["start_year", "end_year"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", ("start_year", "end_year"), "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=count_related(Event, "period"))


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "keyword_summary", EVENT_COUNT]
    search_fields = ["name", "slug", "keywords", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "keywords", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=count_related(Event.topics.through, "topic"))

    @admin.display(description="keywords")
    def keyword_summary(self, obj):
        return summary(obj.keywords)


@admin.register(Article)
class ArticleAdmin(ContentAdmin):
    list_display = ["title", "slug", "status", SECTION_COUNT, "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "source"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [(None, {"fields": ["title", "slug", "source", "status"]}), RECORD_FIELDSET]
    inlines = [SectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_count=count_related(Section, "article"))


@admin.register(Section)
class SectionAdmin(ContentAdmin):
    list_display = ["title", "article", "order", "status", related_count("term_count", "terms"), EVENT_COUNT]
    list_display_links = ["title"]
    list_editable = ["order"]
    list_filter = ["article", "status"]
    list_select_related = ["article"]
    search_fields = ["title", "slug", "body", "article__title"]
    ordering = ["article", "order"]
    autocomplete_fields = ["article", "terms", "people"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["article", "title", "slug", "order", "status"]}),
        ("Text", {"fields": ["body"]}),
        ("Glossary terms and people linked", {"fields": ["terms", "people"]}),
        RECORD_FIELDSET,
    ]

    def get_queryset(self, request):
        # The article is fetched here too, not only in list_select_related, because a section's
        # name includes its article's and the autocomplete of events lists sections by name.
        return (
            super()
            .get_queryset(request)
            .select_related("article")
            .annotate(
                term_count=count_related(Section.terms.through, "section"),
                event_count=count_related(Event, "section"),
            )
        )


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(ContentAdmin):
    list_display = ["term", "definition_summary", "alias_list", "status", SECTION_COUNT]
    list_filter = ["status"]
    search_fields = ["term", "slug", "definition", "aliases"]
    prepopulated_fields = {"slug": ["term"]}
    fieldsets = [(None, {"fields": ["term", "slug", "definition", "aliases", "status"]}), RECORD_FIELDSET]

    def get_queryset(self, request):
        sections_linking = count_related(Section.terms.through, "glossaryentry")
        return super().get_queryset(request).annotate(section_count=sections_linking)

    @admin.display(description="definition")
    def definition_summary(self, obj):
        return summary(obj.definition)

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return ", ".join(obj.aliases)


@admin.register(Person)
class PersonAdmin(ContentAdmin):
    list_display = ["portrait_thumbnail", "name", "role", "country", "glossary_entry", "status", EVENT_COUNT]
    list_display_links = ["name"]
    list_filter = ["country", "status"]
    list_select_related = ["glossary_entry"]
    search_fields = ["name", "slug", "aliases", "role", "country"]
    autocomplete_fields = ["glossary_entry"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [*ContentAdmin.readonly_fields, "portrait_thumbnail"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases", "status"]}),
        ("Role", {"fields": ["role", "country", "glossary_entry"]}),
        ("Portrait", {"fields": ["portrait_thumbnail", "portrait"]}),
        RECORD_FIELDSET,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=count_related(Event.people.through, "person"))

    @admin.display(description="current portrait")
    def portrait_thumbnail(self, obj):
        if not obj.portrait:
            return ""
        return format_html('<img src="{}" alt="{}" height="48">', obj.portrait.file.url, obj.portrait.alt_text)


@admin.register(Event)
class EventAdmin(ContentAdmin):
    list_display = ["short_title", "when", "period", "section_title", "topic_list", PERSON_COUNT, "status"]
    list_filter = ["precision", "period", "topics", ("section", SectionListFilter), "status"]
    list_select_related = ["period", "section"]
    search_fields = ["title", "slug", "description", "date_text"]
    date_hierarchy = "date"
    autocomplete_fields = ["section", "period", "topics", "people"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [*ContentAdmin.readonly_fields, "import_key"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "status"]}),
        ("Date", {"fields": [("date", "precision"), "end_date", "date_text"]}),
        ("Place in the article", {"fields": ["section", "period", "topics", "people"]}),
        ("Record", {"classes": ["collapse"], "fields": [*RECORD_FIELDS, "import_key"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(person_count=count_related(Event.people.through, "event"))
            .prefetch_related("topics")
        )

    @admin.display(description="title", ordering="title")
    def short_title(self, obj):
        # Imported titles are whole sentences of the article; the changelist shows their start.
        return summary(obj.title)

    @admin.display(description="section", ordering="section__order")
    def section_title(self, obj):
        return obj.section.title if obj.section else None

    @admin.display(description="date", ordering="date")
    def when(self, obj):
        # Written as the public site writes it, so editors see what readers see.
        return format_partial_date(obj.date, obj.precision, obj.end_date, obj.date_text)

    @admin.display(description="topics")
    def topic_list(self, obj):
        return ", ".join(topic.name for topic in obj.topics.all())


from articles import admin_images  # noqa: E402, F401  (registers the Image admin)
