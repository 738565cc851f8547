"""The editors' admin for articles, their sections, glossary, people, events, periods and topics.

Every changelist runs a fixed number of queries whatever the number of rows: a column that shows
a related record is listed in `list_select_related`, a count is a subquery, and a many-to-many
column is prefetched in `get_queryset()`.

Every model has a history (articles.admin.history: compare, restore, recover deleted); content
records are saved with optimistic locking (articles.editorial.forms.VersionedModelForm, articles.editorial.locking).
"""

import json

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.views.decorators.http import require_POST

from articles import partial_dates
from articles.admin.deletion import ArticleDeletionMixin, SectionRecoveryMixin
from articles.admin.drafts import WorkingCopyAdmin
from articles.admin.filters import YesNoFilter
from articles.admin.history import HistoryAdmin
from articles.admin.links import LinksFromTextMixin
from articles.admin.review import ReviewAdminMixin
from articles.admin.versioned import VersionedAdminMixin
from articles.editorial import drafts
from articles.editorial.body_checks import broken_links, check_body, with_broken_links
from articles.editorial.forms import LinesListField, UnixNewlinesField, VersionedInlineForm
from articles.editorial.locking import claim_version
from articles.editorial.merging import SectionForm
from articles.editorial.plain_forms import EventForm, PeriodForm
from articles.models import Article, Event, GlossaryEntry, Period, Person, Section, Status, Topic
from relations_site import page_cache

admin.site.site_header = "Relations editors"
admin.site.site_title = "Relations admin"
admin.site.index_title = "Content"
admin.site.index_template = "admin/relations_index.html"  # with what needs review

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


class ContentAdmin(ReviewAdminMixin, WorkingCopyAdmin, VersionedAdminMixin, HistoryAdmin):
    """Share what every imported, publishable record needs: status actions, aliases, import record,
    history, working copies (articles.admin.drafts), and the version its change form was loaded with
    (no lost edits)."""

    actions = ["publish", "unpublish"]
    readonly_fields = RECORD_FIELDS
    list_per_page = 50

    def has_publish_permission(self, request):
        return self.has_change_permission(request) and drafts.can_publish(request.user)

    @admin.action(description="Publish the selected %(verbose_name_plural)s", permissions=["publish"])
    def publish(self, request, queryset):
        """Publish the selected records: each working copy (a live record's unpublished changes, a
        review, a schedule) as its own form's Publish would, then the status of the others."""
        selected = list(queryset.values_list("pk", flat=True))
        with page_cache.changes_in_bulk(), transaction.atomic(using=router.db_for_write(self.model)):
            copies = list(drafts.copies_of(self.model).filter(object_id__in=selected).order_by("object_id"))
            published = self.publish_working_copies(request, copies)
            others = queryset.exclude(pk__in=[copy_.object_id for copy_ in copies])
            self.set_status(request, others, Status.PUBLISHED, quiet_if_none=bool(copies))
        if published:
            self.message_user(
                request,
                f"Published the unpublished changes of {len(published)} {model_ngettext(self.opts, len(published))}.",
            )

    def publish_working_copies(self, request, copies):
        """Publish each working copy onto its record; return the records published.

        A working copy that no longer makes a valid record (a slug taken since, say) stays, and the
        editor is told which and why, as a scheduled publication would report it.
        """
        records = self.model.objects.select_for_update().in_bulk([copy_.object_id for copy_ in copies])
        published = []
        for copy_ in copies:
            obj = records.get(copy_.object_id)
            if obj is None:
                continue
            try:
                with transaction.atomic(using=router.db_for_write(self.model)):
                    drafts.publish(obj, user=request.user, data=copy_.data, reason="published (bulk action)")
            except ValidationError as error:
                self.message_user(
                    request,
                    f"{capfirst(self.opts.verbose_name)} “{obj}” was not published, its unpublished changes "
                    f"are kept: {' '.join(error.messages)}",
                    messages.ERROR,
                )
                continue
            published.append(obj)
        if published:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=published,
                action_flag=CHANGE,
                change_message="Published the unpublished changes (bulk action).",
            )
        return published

    @admin.action(description="Unpublish the selected %(verbose_name_plural)s", permissions=["publish"])
    def unpublish(self, request, queryset):
        self.set_status(request, queryset, Status.DRAFT)

    def set_status(self, request, queryset, status, *, quiet_if_none=False):
        """Set the status of the selected records, logging each one changed like a form save would.

        Each record is saved, not updated in bulk, so that its history records the change, who
        made it and why; its version moves on, so a change form opened before refuses to save.
        """
        selected = list(queryset.values_list("pk", flat=True))
        # One new page-cache generation for the whole selection, not one per record saved.
        with page_cache.changes_in_bulk(), transaction.atomic(using=router.db_for_write(self.model)):
            # Locked and read afresh, so the history records their current values, not stale ones.
            rows = self.model.objects.select_for_update().filter(pk__in=selected).exclude(status=status)
            changing = list(rows.order_by("pk"))
            for obj in changing:
                claim_version(obj, obj.version)
                obj.status = status
                obj._change_reason = f"{status.label.lower()} (bulk action)"
                obj.save(update_fields=["status", "version", "updated_at"])
        if changing:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=changing,
                action_flag=CHANGE,
                change_message=[{"changed": {"fields": ["Status"]}}],
            )
        if changing or not quiet_if_none:
            self.message_user(
                request,
                f"{len(changing)} {model_ngettext(self.opts, len(changing))} set to {status.label.lower()}.",
            )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Aliases are a JSON list of strings; editors write them one per line, not as JSON.
        if db_field.name == "aliases":
            return LinesListField(
                required=not db_field.blank,
                label=capfirst(db_field.verbose_name),
                help_text=f"{db_field.help_text} One per line.",
            )
        if isinstance(db_field, models.TextField):
            # Browsers send a textarea's line breaks as CRLF; the importer writes LF. Unconverted,
            # saving a form unchanged would look like an edit to the next import, and to a diff.
            kwargs.setdefault("form_class", UnixNewlinesField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="values of the last import")
    def imported_values(self, obj):
        if not obj.imported:
            return self.get_empty_value_display()
        return format_html("<pre>{}</pre>", json.dumps(obj.imported, indent=2, ensure_ascii=False, default=str))


class SectionInline(admin.TabularInline):
    model = Section
    form = VersionedInlineForm
    fields = ["order", "title", "slug", "status", "loaded_version"]
    readonly_fields = ["status"]  # published and unpublished from the section's own form
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
class PeriodAdmin(VersionedAdminMixin, HistoryAdmin):
    form = PeriodForm
    list_display = ["name", "slug", "start_year", "end_year", EVENT_COUNT]
    list_editable = ["start_year", "end_year"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", ("start_year", "end_year"), "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=count_related(Event, "period"))


@admin.register(Topic)
class TopicAdmin(VersionedAdminMixin, HistoryAdmin):
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
class ArticleAdmin(ArticleDeletionMixin, ContentAdmin):
    list_display = ["title", "slug", "status", SECTION_COUNT, "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "source"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [(None, {"fields": ["title", "slug", "source", "status"]}), RECORD_FIELDSET]
    inlines = [SectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_count=count_related(Section, "article"))


class BrokenLinksFilter(YesNoFilter):
    """Sections whose text links to terms that do not exist (readers see them as plain text)."""

    title = "broken links"
    parameter_name = "broken_links"
    yes_label, no_label = "Has broken links", "No broken links"

    def filter(self, queryset, yes):
        broken = with_broken_links(queryset)
        return queryset.filter(pk__in=broken) if yes else queryset.exclude(pk__in=broken)


MARKUP_GUIDE = format_html(
    '<div class="markup-guide"><p>Write paragraphs separated by a blank line. Link a glossary term by '
    "writing it in double square brackets: {}. To show other words than the term, put them after a bar: "
    "{} shows “{}” and links to {}.</p><p>A link to a term that does not exist, or is still a draft, "
    "shows as plain text to readers: the preview below lists such links as you type.</p></div>",
    format_html("<code>{}</code>", "[[Cold War]]"),
    format_html("<code>{}</code>", "[[Cold War|the long standoff]]"),
    "the long standoff",
    "Cold War",
)


@admin.register(Section)
class SectionAdmin(SectionRecoveryMixin, LinksFromTextMixin, ContentAdmin):
    form = SectionForm
    list_display = ["title", "article", "order", "status", related_count("term_count", "terms"), EVENT_COUNT]
    list_display_links = ["title"]
    list_editable = ["order"]
    list_filter = ["article", "status", BrokenLinksFilter]
    list_select_related = ["article"]
    search_fields = ["title", "slug", "body", "article__title"]
    ordering = ["article", "order"]
    autocomplete_fields = ["article", "people"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [*ContentAdmin.readonly_fields, "body_preview", "linked_terms"]
    fieldsets = [
        (None, {"fields": ["article", "title", "slug", "order", "status"]}),
        ("Text", {"fields": ["body", "body_preview"], "description": MARKUP_GUIDE}),
        ("Glossary terms and people linked", {"fields": ["linked_terms", "people"]}),
        ("Illustration", {"fields": ["illustration"]}),
        RECORD_FIELDSET,
    ]

    class Media:
        css = {"all": ["admin/css/editing.css"]}
        js = ["admin/js/section-preview.js"]

    def get_urls(self):
        preview = path(
            "preview/",
            self.admin_site.admin_view(require_POST(self.preview_view)),
            name="articles_section_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request):
        """Render a section body as readers will see it, with its broken links (for the live preview)."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        return HttpResponse(render_preview(request.POST.get("body", "")))

    @admin.display(description="preview")
    def body_preview(self, obj):
        return format_html(
            '<div id="section-preview" class="section-preview" data-preview-url="{}" aria-live="polite">{}</div>',
            reverse("admin:articles_section_preview"),
            render_preview(obj.body if obj else ""),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A warning, not a refusal: the term may be added to the glossary next.
        broken = broken_links(obj.body)
        if broken:
            targets = format_html_join(", ", "<code>[[{}]]</code>", ((target,) for target in broken))
            self.message_user(
                request,
                format_html(
                    "Saved, but the text of “{}” links to terms that do not exist (readers see plain text): {}.",
                    obj.title,
                    targets,
                ),
                messages.WARNING,
            )

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


def render_preview(body):
    return render_to_string("admin/articles/section/preview.html", {"check": check_body(body)})


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
    # The portrait column reads each person's Image: join it rather than one query a row.
    list_select_related = ["glossary_entry", "portrait"]
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
    form = EventForm
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
        ("Image", {"fields": ["image"]}),
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
        return partial_dates.event_text(obj)

    @admin.display(description="topics")
    def topic_list(self, obj):
        return ", ".join(topic.name for topic in obj.topics.all())
