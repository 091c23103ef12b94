"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py service.wsgi:app`."""

# No client address (%(h)s), user agent (%(a)s) or referrer (%(f)s): not needed, so not collected.
# %(U)s is the path without its query string; service.web.logs redacts invitation tokens in it.
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = "127.0.0.1"
