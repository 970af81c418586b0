# syntax=docker/dockerfile:1
# One image for every role: `docker run kuduso api|worker|appserver|migrate|relay|purge`.
# NODE_IMAGE is Node 24 on Debian slim; deploy/image/build.sh swaps in a locally made base of the same shape
# (Debian bookworm + the Node 24 binary) where no registry for images is reachable.
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Everything, dev dependencies included, to build the web UI (Vite).
FROM ${NODE_IMAGE} AS build
# Only for builds behind a TLS-inspecting proxy: a CA bundle mounted into the build (never kept in the image).
ARG NPM_CONFIG_CAFILE
WORKDIR /app
COPY . .
RUN npm ci --ignore-scripts --no-audit --no-fund && npm run build:web

# 2. Production dependencies only; no install scripts (nothing native is needed).
FROM ${NODE_IMAGE} AS prod-deps
ARG NPM_CONFIG_CAFILE
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# 3. The runtime: sources (run as .ts by Node's type stripping), contracts, the built UI, prod node_modules.
FROM ${NODE_IMAGE} AS runtime
ENV HOST=0.0.0.0 \
    PORT=8000 \
    APPSERVER_PORT=8080 \
    KUDUSO_DATA_DIR=/var/lib/kuduso
WORKDIR /app
RUN groupadd --system --gid 10001 kuduso \
 && useradd --system --uid 10001 --gid kuduso --home-dir /app --no-create-home --shell /usr/sbin/nologin kuduso \
 && mkdir -p /var/lib/kuduso && chown kuduso:kuduso /var/lib/kuduso
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json ./
# From prod-deps, not the context: npm nests some dependencies under packages/*/node_modules.
COPY --from=prod-deps /app/packages ./packages
COPY contracts ./contracts
COPY --from=build /app/packages/web/dist ./packages/web/dist
USER 10001:10001
EXPOSE 8000 8080
# The role's own probe: /livez of the api or appserver, the process itself for worker, relay and migrate.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "packages/cli/src/healthcheck.ts"]
ENTRYPOINT ["node", "packages/cli/src/main.ts"]
CMD ["api"]
