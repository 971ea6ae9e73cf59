# Tumor-board decision-support dashboard: production image.
# Build: docker build -t tumorboard:<version> .      Run: docker run -p 8501:8501 tumorboard:<version>
# Optional sign-in: mount a secrets.toml at /home/app/.streamlit/secrets.toml (deploy/README.md).
#
# The base image is pinned by digest, given at build time: the same bytes on every build, never
# whatever the tag points to that day. Look the digest up where the registry is reachable
# (`docker buildx imagetools inspect python:3.11-slim`, or your registry's mirror) and build with
#   docker build --build-arg PYTHON_DIGEST=sha256:<64 hex digits> -t tumorboard:<version> .
# There is deliberately no default: it could not be looked up where this file was written (no
# registry reachable), and an invented one would be worse than none. Without it the FROM line
# below is not a valid reference and the build stops at once.
ARG PYTHON_IMAGE=python:3.11-slim
ARG PYTHON_DIGEST
FROM ${PYTHON_IMAGE}@${PYTHON_DIGEST}

# MALLOC_ARENA_MAX: one script thread per session would otherwise each get a glibc arena that
# keeps freed memory; two arenas let memory return to its resting level after users leave.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MALLOC_ARENA_MAX=2 \
    HOME=/home/app

# The runtime user: fixed numeric UID/GID so Kubernetes can check runAsNonRoot.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --home-dir /home/app --create-home \
    --shell /usr/sbin/nologin app

WORKDIR /app

# Runtime dependencies only, every one (transitive too) pinned by version and sha256 hash in
# requirements.lock; pip refuses anything else. No test or dev tools in the image.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

# The application, owned by root and read-only to the runtime user.
COPY app.py ./
COPY pages/ pages/
COPY ui/ ui/
COPY evidence/ evidence/
COPY sequencing/ sequencing/
COPY views/ views/
# The launcher: `streamlit run` with TCP_NODELAY on the server socket (see deploy/serve.py).
COPY deploy/serve.py ./serve.py
# ...and with Streamlit's external-address look-ups switched off: the app never calls out.
COPY deploy/offline.py ./offline.py
# ...and, with TUMORBOARD_SECURE_COOKIES=1 (behind TLS), Secure/HttpOnly/SameSite on every cookie.
COPY deploy/secure_cookies.py ./secure_cookies.py
# The production profile becomes the app's configuration.
COPY deploy/config.production.toml .streamlit/config.toml

# A broken evidence file fails the build, not the first user; byte-compile for a fast start.
RUN python -m evidence validate && python -m compileall -q /app

USER 10001:10001
EXPOSE 8501

# python:3.11-slim has no curl: ask the health endpoint with the standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]

# tests/test_container_cmd.py and the replicas of tests/hosting run exactly this command against a
# copy of the image's tree. serve.py takes the arguments of `python -m streamlit`.
CMD ["python", "serve.py", "run", "app.py"]
