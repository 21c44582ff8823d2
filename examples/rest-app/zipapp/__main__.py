"""Entry point of app.pyz: gunicorn's command line, as `zipapp -m gunicorn.app.wsgiapp:run` would make.

One addition: `_compat/` goes at the END of sys.path, so modules that newer Pythons no
longer ship (setuptools' pkg_resources, stdlib cgi) are found only when the machine lacks
them; a real installed copy always wins.
"""

import os
import sys

sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "_compat"))

from gunicorn.app.wsgiapp import run  # noqa: E402  (needs the path above)

sys.exit(run())
