# Nishan: the API (`nishan serve`) and the projection worker (`nishan projections run`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY projections ./projections
COPY bootstrap ./bootstrap
COPY api ./api
COPY cli ./cli
RUN pip install . && useradd --system --home /app nishan && mkdir /data && chown nishan /data
USER nishan

# SQLite in the container's volume unless docker-compose.yml points it at PostgreSQL.
ENV NISHAN_DATABASE_URL=sqlite:////data/nishan.db
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["nishan", "serve", "--host", "0.0.0.0", "--port", "8000"]
