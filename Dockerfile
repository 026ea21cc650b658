# govnews: one image for `govnews serve` (api) and the nightly `govnews crawl` (crawler); see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    GOVNEWS_DATA_DIR=/data

# tzdata: the crawler's nightly schedule reads TZ=Asia/Ho_Chi_Minh.
RUN apt-get update && apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first, from the hashed lock (`make lock` regenerates it from pyproject.toml), so code edits reuse
# the cached layer and every build installs the same versions.
COPY requirements.lock ./
RUN pip install --upgrade pip \
    && pip install --require-hashes --no-deps -r requirements.lock
COPY . .
# Editable: config/ stays next to the code (core.settings.REPO_ROOT), as in a checkout.
RUN pip install --no-deps -e . \
    && useradd --system --home-dir /data --shell /usr/sbin/nologin govnews \
    && mkdir -p /data && chown govnews /data

USER govnews
VOLUME ["/data"]
EXPOSE 8000
CMD ["govnews", "serve"]
