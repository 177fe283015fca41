"""The screens of the terminal UI: one file per screen, modals typed by what they return."""
