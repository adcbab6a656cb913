import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubal.settings")
application = get_wsgi_application()

# Import the URLconf (and with it every view), load the translations and compile the templates now rather than on
# each worker's first requests (hubal/warmup.py); with gunicorn's --preload the workers fork with all of it.
from hubal.warmup import warm_up  # noqa: E402 - after the application: it needs Django set up

warm_up()

# Everything loaded so far lives as long as the process: take it out of the garbage collector's generations, so
# that the collections during requests stop walking it (about a third of their time), and, with --preload, the
# forked workers do not copy the memory pages a collection would touch.
gc.freeze()
