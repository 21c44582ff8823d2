"""Minimal stand-in for setuptools' pkg_resources, used only when the real one is missing.

Debian's gunicorn 20.1 does `import pkg_resources` at start-up, but only calls
`load_entry_point` to load a worker named by entry point (`egg:...`, or a name outside
its built-in list). Python 3.12+ no longer ships setuptools, so without this module
app.pyz would not start on a bare python3. The built-in `sync` worker never gets here.
"""

from importlib import metadata


def load_entry_point(dist, group, name):
    """Loads entry point `name` of `group` from distribution `dist` via importlib.metadata."""
    for entry_point in metadata.entry_points(group=group, name=name):
        owner = getattr(entry_point, "dist", None)
        if owner is None or owner.name.lower() == dist.lower():
            return entry_point.load()
    raise ImportError(
        "entry point %s:%s of %r not found (app.pyz's pkg_resources stand-in; "
        "app.pyz bundles only gunicorn's built-in workers)" % (group, name, dist)
    )
