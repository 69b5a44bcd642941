# Production images. `api` serves the API and the built frontend; `worker` adds torch + MONAI for the GPU queue.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm AS base
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.lock pyproject.toml ./
COPY backend/ backend/
COPY migrations/ migrations/
COPY demo/ demo/

FROM base AS api
# The API image stays free of torch: install everything in the lock but the ML stack.
RUN grep -vE '^(torch|monai|nvidia-|triton|sympy|mpmath|networkx|SimpleITK)' requirements.lock > /tmp/api.lock \
    && pip install -r /tmp/api.lock
COPY --from=frontend /src/frontend/dist frontend/dist
EXPOSE 8000
# Behind the TLS proxy: trust its X-Forwarded-For/-Proto (client address for throttling and audit, https scheme), and
# only from its address on the compose `edge` network.
CMD ["sh", "-c", "python -m backend.cli init-db && exec uvicorn backend.main:app --host 0.0.0.0 --port ${PORT:-8000} --timeout-keep-alive 65 --proxy-headers --forwarded-allow-ips ${FORWARDED_ALLOW_IPS:-172.31.240.2}"]

FROM base AS worker
# On a GPU host, install the CUDA build of the same torch release (the lock pins the CPU build used in CI).
ARG TORCH_INDEX=https://download.pytorch.org/whl/cu128
RUN grep -v '^torch==' requirements.lock > /tmp/worker.lock \
    && pip install torch==2.13.0 --index-url ${TORCH_INDEX} \
    && pip install -r /tmp/worker.lock
COPY worker/ worker/
CMD ["celery", "-A", "worker.celery_app", "worker", "--pool=solo", "-Q", "gpu", "-l", "info"]
