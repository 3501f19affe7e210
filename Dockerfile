# KIDAS Triage container image: the Django app served by gunicorn, with Celery worker/beat
# run from the same image (see docker-compose.yml).
#
# The front-end is built in a Node 20 stage: sass (package-lock.json) needs node >= 20.19,
# and Debian bookworm's own nodejs package is 18.x, too old for it.

# ---------------------------------------------------------------- front-end assets
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY assets/ assets/
RUN npm run build

# ---------------------------------------------------------------- application
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app

# Pinned dependencies first, so code changes do not reinstall them. The project itself is not
# a package ([tool.setuptools] packages = []): this installs the dependencies only, with the `demo`
# extra (Faker) so that `manage.py load_demo_data` (the devtools app) works in the container as the README says.
COPY pyproject.toml ./
RUN pip install '.[demo]' && rm -rf build *.egg-info

COPY . .
COPY --from=assets /app/static/build/ static/build/
RUN python manage.py collectstatic --noinput -v0

RUN useradd --system --uid 10001 --home-dir /app --no-create-home kidas
USER kidas

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "-b", "0.0.0.0:8000", "-w", "2", "--access-logfile", "-"]
