"""Pages of a large queryset that cost a page: the order and the OFFSET read
only the keys (an index, on PostgreSQL), and only the page's rows are read
whole, with their joins, by their keys."""


def in_order(queryset, keys):
    """The rows of `queryset` with these primary keys, in the keys' order."""
    found = {row.pk: row for row in queryset.filter(pk__in=keys)}
    return [found[pk] for pk in keys if pk in found]


class ByKeys:
    """`queryset` (ordered) as a Paginator's object list: a deep page skips
    index entries, not joined rows (page 1,000 of /api/claims: 50,000 of them)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return self.queryset.count()

    def __getitem__(self, bounds):
        keys = list(self.queryset.values_list("pk", flat=True)[bounds])
        return in_order(self.queryset, keys)
