"""The timeline's time axis: where the listed events cluster in time, drawn as server-rendered SVG.

One bar per year, or per decade or century when the events span more years ("zoomed out"), above
the bands of the periods; each bar and band links to the timeline filtered to its span, with the
other filters kept. Pure layout: the view passes the events counted per year, the periods and a
function that makes a link; the template draws the shapes (SVG presentation attributes, so a
strict Content-Security-Policy without inline styles holds) and a table that states the same counts.
"""

from dataclasses import dataclass

# The widest span (in years) drawn with a bar per year, then per decade; beyond, per century.
YEARS_AT_MOST = 30
DECADES_AT_MOST = 300

# Layout, in SVG user units (one unit is one CSS pixel at the axis's natural width).
COLUMN_WIDTH = 36
BAR_GAP = 6
MARGIN = 4
BAND_TOP, BAND_HEIGHT = 0, 22
COUNT_HEIGHT = 14  # the number above each bar
BAR_TOP = BAND_TOP + BAND_HEIGHT + 8 + COUNT_HEIGHT
BAR_HEIGHT = 72
LABEL_TOP = BAR_TOP + BAR_HEIGHT + 16
HEIGHT = LABEL_TOP + 6
CHARACTER_WIDTH = 7  # about, at the labels' font size: a name wider than its band is left out
LABEL_GAP = 8  # at least between two column labels


@dataclass(frozen=True)
class Column:
    start: int
    end: int  # the last year, inclusive
    label: str
    count: int
    url: str
    x: int
    bar_y: int
    bar_height: int
    show_label: bool

    @property
    def centre(self):
        return self.x + COLUMN_WIDTH // 2

    @property
    def bar_x(self):
        return self.x + BAR_GAP // 2

    @property
    def count_y(self):
        return self.bar_y - 4

    @property
    def description(self):
        return f"{self.label}: {self.count} event{'s' * (self.count != 1)}"


@dataclass(frozen=True)
class Band:
    name: str
    years: str
    url: str
    x: int
    width: int
    show_label: bool
    shade: int  # bands alternate between two shades, so that neighbours can be told apart


@dataclass(frozen=True)
class TimeAxis:
    columns: list
    bands: list
    unit: str  # "year", "decade" or "century"
    dated: int  # how many of the events have a year
    undated: int

    width = property(lambda self: 2 * MARGIN + COLUMN_WIDTH * len(self.columns))
    height = HEIGHT
    bar_width = COLUMN_WIDTH - BAR_GAP
    band_top, band_height = BAND_TOP, BAND_HEIGHT
    label_y = LABEL_TOP
    baseline = BAR_TOP + BAR_HEIGHT
    band_label_y = BAND_TOP + 15
    # A column's link covers its whole height under the bands: a bar of one event is easy to hit.
    column_top = BAND_TOP + BAND_HEIGHT + 4
    column_height = HEIGHT - column_top
    column_width = COLUMN_WIDTH

    @property
    def title(self):
        return f"Events per {self.unit}"


def unit_for(first, last):
    """Return (unit name, years per column) for a span from ``first`` to ``last``."""
    span = last - first + 1
    if span <= YEARS_AT_MOST:
        return "year", 1
    if span <= DECADES_AT_MOST:
        return "decade", 10
    return "century", 100


def column_label(start, size):
    return {1: str(start), 10: f"{start}s"}.get(size, f"{start}–{start + size - 1}")


def _label_every(labels, size):
    """Return every how many columns a label is shown, so that no two run into each other.

    "1950s" is wider than its column: decades and centuries are labelled every other column at
    least; a long run of years every fifth, which reads as a scale.
    """
    widest = max(len(label) for label in labels) * CHARACTER_WIDTH + LABEL_GAP
    every = 5 if size == 1 and len(labels) > 12 else 1
    return next(step for step in (1, 2, 5, 10, 20, 50) if step >= every and step * COLUMN_WIDTH >= widest)


def build(year_counts, periods, *, undated, span_url, period_url, period_years):
    """Return the TimeAxis of ``year_counts`` ({year: events}), or None when no event has a year.

    ``span_url(first, last)`` links to the timeline of those years, ``period_url(period)`` to that
    of a period; ``period_years(period)`` says a period's span in words.
    """
    if not year_counts:
        return None
    first, last = min(year_counts), max(year_counts)
    unit, size = unit_for(first, last)
    start = first - first % size
    starts = list(range(start, last + 1, size))
    counts = [sum(year_counts.get(year, 0) for year in range(each, each + size)) for each in starts]
    highest = max(counts)
    label_every = _label_every([column_label(each, size) for each in starts], size)
    columns = []
    for index, (each, count) in enumerate(zip(starts, counts, strict=True)):
        # A bar for any event at all is at least 3 units high, so that one event is seen.
        height = 0 if not count else max(3, round(BAR_HEIGHT * count / highest))
        columns.append(
            Column(
                start=each,
                end=each + size - 1,
                label=column_label(each, size),
                count=count,
                url=span_url(each, each + size - 1),
                x=MARGIN + index * COLUMN_WIDTH,
                bar_y=BAR_TOP + BAR_HEIGHT - height,
                bar_height=height,
                show_label=(each // size) % label_every == 0,
            )
        )
    axis_end = starts[-1] + size  # the first year after the axis
    bands = []
    for period in periods:
        band_start = max(start, period.start_year if period.start_year is not None else start)
        band_end = min(axis_end, period.end_year if period.end_year is not None else axis_end)
        if band_start >= band_end:
            continue  # the period lies outside the axis
        x = MARGIN + round((band_start - start) * COLUMN_WIDTH / size)
        width = round((band_end - band_start) * COLUMN_WIDTH / size)
        bands.append(
            Band(
                name=period.name,
                years=period_years(period),
                url=period_url(period),
                x=x,
                width=width,
                show_label=len(period.name) * CHARACTER_WIDTH + 8 <= width,
                shade=len(bands) % 2,
            )
        )
    return TimeAxis(columns, bands, unit, dated=sum(counts), undated=undated)
