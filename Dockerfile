# Parley: the same install step as CI (scripts/bootstrap), then the main job (scripts/start).
# The `test` stage runs CI's very command: `docker build --target test .`
FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    PARLEY_DATA_DIR=/app/data

RUN useradd --create-home --uid 10001 parley \
    && mkdir -p /app/data \
    && chown -R 10001:10001 /app
WORKDIR /app
COPY --chown=10001:10001 pyproject.toml README.md ./
COPY --chown=10001:10001 scripts ./scripts
COPY --chown=10001:10001 index ./index
COPY --chown=10001:10001 bot ./bot
COPY --chown=10001:10001 corpus ./corpus
USER 10001
RUN bash scripts/bootstrap

FROM base AS test
COPY --chown=10001:10001 tests ./tests
COPY --chown=10001:10001 bench ./bench
COPY --chown=10001:10001 Dockerfile .dockerignore .env.example ./
RUN bash scripts/test

FROM base AS runtime
VOLUME ["/app/data"]
CMD ["bash", "scripts/start"]
