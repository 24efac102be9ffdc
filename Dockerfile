# Family Links Hub: one image for the web server (Daphne), migrations and the worker.
# Configuration comes from the environment at run time (see .env.example).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# The IANA time zone database for zoneinfo (hubs and families in many zones): the
# slim base does not promise it, and requirements.txt has no tzdata wheel.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*

# The application runs as an unprivileged user that cannot change its own code.
RUN groupadd --system --gid 10001 flh \
    && useradd --system --uid 10001 --gid flh --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin flh

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Static files, compressed and hashed by WhiteNoise. The key is a build-time dummy that
# exists only for this command (settings refuse DEBUG=false without a key); the real
# one comes from the environment. Compiled translations (locale/*/LC_MESSAGES/*.mo)
# are committed, so there is no compilemessages step.
RUN DEBUG=false \
    SECRET_KEY=build-only-dummy-key-for-collectstatic-never-used-at-run-time-0123456789 \
    python manage.py collectstatic --noinput

USER flh
EXPOSE 8000

# /healthz checks the database and a round trip through the channel layer (503 when
# either is down). It is asked with the first ALLOWED_HOSTS name as Host, since
# Django refuses hosts it does not serve.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = (os.environ.get('ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('.'); h = h if h and h != '*' else 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=8)"]

# The client's address comes from X-Real-IP, which the shipped nginx sets itself
# (replacing any the client sent); X-Forwarded-For's first entry is the client's own say.
# Listening with a backlog of 4096: Twisted's default of 50 reset connections in a rush
# (README, "Listen backlog"); the kernel caps it at net.core.somaxconn.
CMD ["daphne", "-e", "tcp:port=8000:interface=0.0.0.0:backlog=4096", "--proxy-headers", "--proxy-headers-host", "X-Real-IP", "conference.asgi:application"]
