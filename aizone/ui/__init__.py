"""The only part of aizone that imports streamlit: cached loaders, shared widgets, page frame."""
