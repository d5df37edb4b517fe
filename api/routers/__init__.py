"""HTTP routes, one module per resource. Thin: they translate, the applications decide."""
