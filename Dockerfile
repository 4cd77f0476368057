# The app image, in three stages: the build compiles with the dev dependencies (esbuild, Vite,
# TypeScript); the final image holds the production dependencies and the compiled JavaScript
# only, no TypeScript loader, no build tools. `docker compose up` runs it (docker-compose.yml).

# 1. Build: dist/ (server, worker and scripts as plain JavaScript) and admin/dist (static files).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# No dependency install scripts (esbuild's and argon2's binaries ship in their packages); our own
# fixes to dependencies the admin bundles (patches/) are applied by hand for that reason.
RUN npm ci --no-audit --no-fund --ignore-scripts && npx patch-package
COPY . .
RUN npm run build

# 2. Production dependencies alone, installed apart so that no build tool leaks into them.
FROM node:20-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

# 3. The image that runs.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/admin/dist ./admin/dist
# package.json and the launcher keep `npm run worker`, `npm run migrate` and `npm run
# user:create -- ...` working in the container; without sources they never try to build.
COPY --from=build /app/package.json ./
COPY --from=build /app/scripts/launch.mjs /app/scripts/buildStamp.mjs ./scripts/
# DATA_DIR of the embedded default (a trial without DATABASE_URL), writable by the app's user.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Node itself as PID 1 (not npm): SIGTERM from `docker stop` reaches the graceful shutdown.
CMD ["node", "--enable-source-maps", "dist/start.js"]
