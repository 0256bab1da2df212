"""Settings package: `base` is shared; `dev`, `test` and `prod` adjust it."""
