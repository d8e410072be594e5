// Placeholder so the target builds; see DESIGN.md.
