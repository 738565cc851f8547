"""The read side: selectors, filters, search, views, feeds, sitemaps and the public URLconf."""
