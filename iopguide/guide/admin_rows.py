"""The article form's ordered rows: the sources (title, publisher, web address, date accessed)
and the related articles (each picked by title with a search box).

Each list is a formset drawn inside one form field whose value is the list the model stores
(sources.py), so history, restore, the "Updated" date and the content files see the same
value as before. Rows are added (a button, or the blank row at the end), removed (a tick box)
and moved (Move up / Move down, or the Position numbers when JavaScript is off); a broken row
says what is wrong next to its own boxes.
"""

import contextlib
import datetime
import itertools

from django import forms
from django.contrib.admin.widgets import AutocompleteMixin, get_select2_language
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.urls import reverse

from .models import Article
from .sources import ACCESSED, SOURCE_KEYS, source_problems


class Row(forms.Form):
    """One row: `initial_for(item)` draws a stored item, `value()` is the item to store."""

    noun = "Row"

    def has_changed(self):
        # Only the row's own boxes: the script numbers the Position of blank rows too.
        return any(name in self.changed_data for name in self.base_fields)


class SourceRow(Row):
    noun = "Source"
    title = forms.CharField(required=False)
    publisher = forms.CharField(required=False, help_text="Who published it, e.g. SAMHSA.")
    url = forms.CharField(label="Web address", required=False, widget=forms.URLInput)
    accessed = forms.DateField(
        label="Date accessed",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Optional: when you last checked the page.",
        error_messages={"invalid": "Enter the date accessed like 2026-12-01."},
    )

    @staticmethod
    def initial_for(source) -> dict:
        # Something else saved before sources were validated: shown, so saving cannot drop it.
        initial = dict(source) if isinstance(source, dict) else {"title": str(source)}
        # Not a date: shown as stored, and refused with a message when saved.
        with contextlib.suppress(TypeError, ValueError):
            initial[ACCESSED] = datetime.date.fromisoformat(initial.get(ACCESSED) or "")
        return initial

    def value(self) -> dict:
        source = {key: self.cleaned_data.get(key, "") for key in SOURCE_KEYS}
        accessed = self.cleaned_data.get(ACCESSED)
        return {**source, ACCESSED: accessed.isoformat()} if accessed else source

    def clean(self):
        cleaned = super().clean()
        for key, problem in source_problems(self.value()).items():
            if key not in self.errors:
                self.add_error(key, problem)
        return cleaned


def article_choice_label(article) -> str:
    """How the search box names an article: its title, and its state when it is not public."""
    if article.status == Article.Status.PUBLISHED:
        return article.title
    return f"{article.title} ({article.get_status_display().lower()})"


class ArticleSearch(AutocompleteMixin, forms.Select):
    """The admin's own search box (select2, served with the admin's static files), asking
    ArticleAdmin.title_search_view for articles by title. Only the chosen article is in the
    page, so a page with many rows does not carry every title many times."""

    def __init__(self, attrs=None):
        forms.Select.__init__(self, attrs)
        self.i18n_name = get_select2_language()

    def get_url(self):
        return reverse("admin:guide_article_title_search")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = forms.Select.build_attrs(self, base_attrs, extra_attrs)
        return {
            **attrs,
            "class": "admin-autocomplete",
            "data-ajax--cache": "true",
            "data-ajax--delay": 250,
            "data-ajax--type": "GET",
            "data-ajax--url": self.get_url(),
            "data-theme": "admin-autocomplete",
            "data-placeholder": "Type part of a title",
            "lang": self.i18n_name,
        }

    def optgroups(self, name, value, attrs=None):
        slugs = [slug for slug in value if slug]
        found = Article.objects.filter(slug__in=slugs).only("slug", "title", "status")
        titles = {article.slug: article_choice_label(article) for article in found}
        options = [self.create_option(name, "", "", not slugs, 0)]
        for index, slug in enumerate(slugs, start=1):
            label = titles.get(slug, f"No article at /guide/{slug}/")
            options.append(self.create_option(name, slug, label, True, index))
        return [(None, options, 0)]


class RelatedRow(Row):
    noun = "Related article"
    article = forms.ModelChoiceField(
        queryset=Article.objects.only("slug", "title"),
        to_field_name="slug",
        widget=ArticleSearch,
        error_messages={
            "required": "Pick an article, or tick Remove.",
            "invalid_choice": "No article has this address any more (renamed or deleted?). "
            "Pick another, or tick Remove.",
        },
    )

    @staticmethod
    def initial_for(slug) -> dict:
        return {"article": slug}

    def value(self) -> str:
        return self.cleaned_data["article"].slug


class OrderedRows(forms.BaseFormSet):
    """Rows with a Position box and a Remove tick box; `value()` is the stored list."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        position = form.fields[ORDERING_FIELD_NAME]
        position.label = "Position"
        position.widget.attrs.update({"class": "ordered-row-position", "min": 1})
        form.fields[DELETION_FIELD_NAME].label = "Remove"

    def in_order(self) -> list:
        """The rows as the editor last arranged them (by Position, then as drawn)."""
        if not self.is_bound:
            return list(self.forms)

        def position(indexed):
            try:
                return (0, int(indexed[1][ORDERING_FIELD_NAME].value()), indexed[0])
            except (TypeError, ValueError):  # blank or not a number: last, as Django sorts
                return (1, 0, indexed[0])

        return [form for _, form in sorted(enumerate(self.forms), key=position)]

    def kept(self) -> list:
        """(number, row) for each row that will be stored, numbered as the page shows them."""
        extras = self.forms[self.initial_form_count() :]
        return [
            (number, form)
            for number, form in enumerate(self.in_order(), start=1)
            if not self._should_delete_form(form)
            and not (form in extras and not form.has_changed())
        ]

    def clean(self):
        """A row repeating an earlier one says so: the page would list it twice."""
        first_row = {}
        for number, form in self.kept():
            if form.errors:
                continue
            key = repr(form.value())
            if first_row.setdefault(key, number) != number:
                form.add_error(next(iter(form.base_fields)), f"The same as row {first_row[key]}.")

    def value(self) -> list:
        return [form.value() for form in self.ordered_forms]

    def problems(self) -> list[str]:
        """One line per broken row, for the summary above the rows."""
        lines = [
            f"{form.noun} {number}: {' '.join(itertools.chain(*form.errors.values()))}"
            for number, form in self.kept()
            if form.errors
        ]
        return [*self.non_form_errors(), *lines]


# Rows an autosaved draft keeps per list (autosave.field_names); more are saved, not autosaved.
DRAFT_ROWS = 40


class RowsWidget(forms.Widget):
    template_name = "admin/guide/article/rows.html"
    use_fieldset = True

    def __init__(self, formset_class, add_label: str):
        super().__init__()
        self.formset_class = formset_class
        self.add_label = add_label

    def value_from_datadict(self, data, files, name):
        return self.formset_class(data, prefix=name)

    def posted_names(self, name) -> list[str]:
        """What the browser posts for the rows (the row count first: a draft put back into
        the form adds the rows before filling them)."""
        row_fields = self.formset_class().empty_form.fields
        rows = [f"{name}-{index}-{field}" for index in range(DRAFT_ROWS) for field in row_fields]
        return [f"{name}-TOTAL_FORMS", *rows]

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-TOTAL_FORMS" not in data

    def formset(self, name, value):
        if isinstance(value, OrderedRows):
            return value
        row = self.formset_class.form
        items = value if isinstance(value, list) else [value] if value else []
        return self.formset_class(initial=[row.initial_for(item) for item in items], prefix=name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, None, attrs)
        formset = self.formset(name, value)
        context.update(formset=formset, noun=formset.form.noun, add_label=self.add_label)
        return context

    @property
    def media(self):
        return self.formset_class.form().media + forms.Media(js=["js/admin-rows.js"])


class RowsField(forms.Field):
    """A list edited as rows. Valid only when every row is; the error above the rows names
    each broken row, and each row shows its own messages."""

    def __init__(self, row_form, add_label: str, **kwargs):
        formset_class = forms.formset_factory(
            row_form, formset=OrderedRows, extra=1, can_order=True, can_delete=True
        )
        super().__init__(required=False, widget=RowsWidget(formset_class, add_label), **kwargs)

    def clean(self, formset):
        if not formset.is_valid():
            raise ValidationError(formset.problems() or ["Check the rows below."])
        return formset.value()

    def has_changed(self, initial, formset):
        return not formset.is_valid() or formset.value() != (initial or [])


def sources_field() -> RowsField:
    return RowsField(
        SourceRow,
        "Add a source",
        label="Sources",
        help_text="In footnote order: the first row is [^1] in the text. Title, publisher and "
        "web address are needed; the date accessed is optional.",
    )


def related_field() -> RowsField:
    return RowsField(
        RelatedRow,
        "Add a related article",
        label="Related articles",
        help_text="Listed under the article in this order. Type part of a title to find one.",
    )
