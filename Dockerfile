# xinfang-flow: the app and its job workers in one image. `docker compose up` runs it against
# PostgreSQL and a Camunda 8.8 cluster (ENGINE=external); without DATABASE_URL and with
# ENGINE=embedded it runs everything in-process, keeping its data under DATA_DIR.

# ---- dependencies: production packages only, from the lockfile ----------------------------
FROM node:20.19.4-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force

# ---- web app: built once here, so the running container never needs to build it -------------
FROM deps AS web
COPY src/web ./src/web
RUN npx vite build --config src/web/vite.config.ts

# ---- runtime -------------------------------------------------------------------------------
FROM node:20.19.4-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/xinfang-flow
WORKDIR /app
# Sources run through tsx (a runtime dependency): no build step, the code is what the repo holds.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
# Copied after the sources, so the build is newer than them and `npm start` does not rebuild it.
COPY --from=web /app/dist/web ./dist/web
COPY workers ./workers
COPY migrations ./migrations
COPY bpmn ./bpmn
COPY forms ./forms
# Model checks that `npm run deploy` runs before deploying.
COPY lint ./lint
# The data directory (process lock, data.key, embedded PostgreSQL if used) belongs to the app user;
# the code stays owned by root, so the running process cannot change it.
RUN mkdir -p /var/lib/xinfang-flow && chown node:node /var/lib/xinfang-flow
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=6s --start-period=60s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node directly (not npm) so that SIGTERM reaches the app and it stops in order.
CMD ["node", "--import", "tsx", "src/main.ts"]
