# Production image: one image for web (granian, WSGI: HTTP), ws (granian, ASGI: WebSockets), worker
# and beat; configured by env only.
FROM python:3.11-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/ requirements/
RUN pip install -r requirements/production.txt
COPY . .
RUN pip install --no-deps . \
 && SECRET_KEY=build-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
    DJANGO_SETTINGS_MODULE=config.settings.local python manage.py collectstatic --noinput \
 && python manage.py compile_translations \
 && useradd --create-home --uid 10001 app
USER app
EXPOSE 8000
# HTTP. The `ws` process runs the same image with:
#   granian --interface asginl --host 0.0.0.0 --port 8001 --workers 2 config.asgi:application
CMD ["granian", "--interface", "wsgi", "--host", "0.0.0.0", "--port", "8000", "--workers", "4", "--blocking-threads", "8", "--no-ws", "config.wsgi:application"]
