"""Settings for a live service: `DJANGO_SETTINGS_MODULE=config.settings_production`.

Everything in config/settings.py, made safe for the internet: HTTPS only (redirect, HSTS with
subdomains and preload, cookies sent over HTTPS only), debug off, and a real secret key required.
`manage.py check --deploy` is clean with these (tests/accounts/test_check_deploy.py).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403
from config.settings import ALLOWED_HOSTS, KIDAS_DEMO, SECRET_KEY
from kidas.env import env_bool, env_int, env_list, env_str

if not SECRET_KEY or SECRET_KEY.startswith(("kidas-local-development-key", "kidas-compose-secret")):
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value: the development key is public.")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
if KIDAS_DEMO:
    raise ImproperlyConfigured("KIDAS_DEMO must not be set on a live service (demo users share a published secret).")
if not env_list("ALLOWED_HOSTS", []) or "testserver" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the service's host names.")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Behind a proxy that ends TLS, it tells us the original scheme in this header.
if env_str("SECURE_PROXY_SSL_HEADER", ""):
    SECURE_PROXY_SSL_HEADER = (env_str("SECURE_PROXY_SSL_HEADER", ""), "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
