# The app image: API + built admin (and the worker, started with `npm run worker`).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Dev dependencies are kept: the app runs TypeScript through tsx and builds the admin with Vite.
RUN npm ci --include=dev --no-audit --no-fund --ignore-scripts
COPY . .
RUN npx tsx scripts/adminBuild.ts --force
EXPOSE 3000
CMD ["npm", "start"]
