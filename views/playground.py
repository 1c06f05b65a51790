"""The playground page: controls around the live view of a network learning (setup in the URL)."""

from playground.ui.pages.playground import playground_view

playground_view("main", from_url=True)
