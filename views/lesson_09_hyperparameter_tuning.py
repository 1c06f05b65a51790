"""Lesson 9: Hyperparameter tuning."""

from playground.ui.pages.lesson import render_lesson

render_lesson(9)
