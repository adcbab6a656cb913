import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubal.settings")
application = get_wsgi_application()

# Import the URLconf, and with it every view, now rather than on each worker's first request (about half a
# second of imports that request would wait for); a broken import stops the start-up instead of a page. With
# gunicorn's --preload the workers fork with all of it loaded.
get_resolver().url_patterns  # noqa: B018 - the access imports the URLconf

# Everything loaded so far lives as long as the process: take it out of the garbage collector's generations, so
# that the collections during requests stop walking it (about a third of their time), and, with --preload, the
# forked workers do not copy the memory pages a collection would touch.
gc.freeze()
