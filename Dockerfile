# Gateway and worker image (one image, two commands). Not built on the development machines
# (no Docker engine there); see README「生产部署」.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# PRISMA_SCHEMA_ENGINE_BINARY lets `prisma generate` run without downloading an engine.
RUN npm run db:generate && npm run build && npm run bundle:workflows && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
# Default: the API gateway. The worker service overrides the command.
CMD ["node", "dist/api/main.js"]
