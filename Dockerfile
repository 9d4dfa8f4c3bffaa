# newsbrief in a container: dependencies are installed in a build stage (better-sqlite3 compiles
# there), and the runtime image carries only node, the sources and node_modules, run as `node`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts/check-sqlite.js ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY content ./content
# The command line precompiled (dist/cli): npm ci above ran before the sources were here.
COPY scripts/build-cli.js ./scripts/
RUN node scripts/build-cli.js
# SQLite (when DATABASE_URL is unset) writes under ./data; the node user owns it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# The exec form makes node PID 1: SIGTERM from `docker stop` reaches it, and serve stops cleanly.
CMD ["node", "bin/newsbrief.js", "serve"]
