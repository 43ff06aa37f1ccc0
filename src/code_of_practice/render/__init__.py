"""Markdown and HTML fragments for the site's pages, made from the model."""
