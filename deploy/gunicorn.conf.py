"""gunicorn settings of the portal (`gunicorn -c deploy/gunicorn.conf.py hubal.wsgi`), behind nginx.

Every value can be changed with an environment variable of the systemd unit (deploy/hubal-web.service).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("HUBAL_GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers, (2 x cores) + 1 as gunicorn advises: requests are short and wait on PostgreSQL, nginx buffers
# slow clients (uploads and downloads), so a worker is never held by a slow connection. Each keeps one
# persistent database connection (CONN_MAX_AGE): workers x app servers must stay under max_connections.
workers = _int("HUBAL_GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"

# A request that runs longer than this is killed and logged: the slowest page today is the province LAKIP
# workbook (about 10 s at scale 10, moving to a background job); 60 s leaves room without hiding a hang.
timeout = _int("HUBAL_GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("HUBAL_GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5  # nginx keeps upstream connections open (deploy/nginx-hubal.conf: keepalive)

# Recycle each worker after about ten thousand requests (jitter: not all at once), bounding slow memory growth.
# A new worker costs about 1.3 s of CPU (imports and hubal/warmup.py, measured on 2 cores): after every 1,000
# requests that was 1.3 ms per request, a tenth of a page; after 10,000 it is 0.13 ms.
max_requests = _int("HUBAL_GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = _int("HUBAL_GUNICORN_MAX_REQUESTS_JITTER", 1000)

# X-Forwarded-* are believed only from nginx on this machine (Django reads the scheme when DJANGO_BEHIND_PROXY).
forwarded_allow_ips = os.environ.get("HUBAL_GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Worker heartbeats on tmpfs (a file per worker, owned by gunicorn), not on a disk that may stall.
SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHM if os.path.isdir(SHM) else None

# Logs to stdout/stderr (journald); the access line carries the request id the portal answered with
# (nginx's when it sent one).
accesslog = os.environ.get("HUBAL_GUNICORN_ACCESSLOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'

# gunicorn's control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl): two servers on one machine
# would share it. systemd signals (reload = HUP) do the same job.
control_socket_disable = os.environ.get("HUBAL_GUNICORN_CONTROL_SOCKET", "") == ""
if not control_socket_disable:
    control_socket = os.environ["HUBAL_GUNICORN_CONTROL_SOCKET"]
