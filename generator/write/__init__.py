"""Write the site: pages' Markdown, listings, player, cards, feeds, search index, output folder."""
