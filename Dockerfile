# syntax=docker/dockerfile:1.7
#
# Clusterdeck production image: Next.js standalone output on node:24-slim (the current Node LTS), non-root, read-only root
# file system friendly (writes only to /tmp, /app/.next/cache and the DATA_DIR volume).
#
#   docker build -t clusterdeck .
#   docker run -p 3000:3000 --read-only --tmpfs /tmp --tmpfs /app/.next/cache \
#     -e DATABASE_URL=... -e ENCRYPTION_KEY=... -e NEXTAUTH_SECRET=... -e NEXTAUTH_URL=... clusterdeck
#
# Migrations are applied at start-up (serialized by a PostgreSQL advisory lock); with
# CLUSTERDECK_MIGRATE_ONLY=1 the same image applies them and exits 0 (the Helm hook Job).

ARG NODE_IMAGE=node:24-slim

# ---------------------------------------------------------------- deps: exactly the lockfile
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
# no install scripts: nothing here may depend on a postinstall download (air-gapped builds work)
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund

# ---------------------------------------------------------------- build: prisma generate + next build
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# next build, scripts/precompress.mjs (compile hints and Brotli copies of the static scripts and stylesheets), then
# scripts/assemble-standalone.mjs completes .next/standalone (static assets, public files, migrations,
# the server server.mjs, the bundled admin CLI admin.mjs) and fails if the schema engine's .wasm or
# PGlite's files were not traced into it.
RUN mkdir -p public \
 && npm run build \
 && test -f .next/standalone/server.mjs \
 && test -f .next/standalone/admin.mjs

# ---------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    CLUSTERDECK_ROOT=/app \
    DATA_DIR=/data \
    HOME=/tmp

# a fixed non-root uid/gid (Kubernetes runAsNonRoot needs a numeric USER)
RUN groupadd --system --gid 10001 clusterdeck \
 && useradd --system --uid 10001 --gid clusterdeck --home-dir /nonexistent --shell /usr/sbin/nologin clusterdeck \
 && mkdir -p /data /app/.next/cache \
 && chown clusterdeck:clusterdeck /data /app/.next/cache

# only the assembled standalone folder: server.mjs (scripts/server.mjs: Next, plus Brotli for its
# static files) with its traced node_modules, static assets, public
# files, migrations and admin.mjs (`docker exec <container> node admin.mjs create-user ...`)
COPY --from=build --chown=root:root /app/.next/standalone ./

USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000

# liveness through node (node:24-slim has no curl or wget)
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

STOPSIGNAL SIGTERM
CMD ["node", "server.mjs"]
