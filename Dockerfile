# One image recipe for the four services: docker build --build-arg SERVICE=intake .
# Build stage compiles the whole workspace (tsc → dist/); the runtime stage keeps dist/, the
# production node_modules and the path mapping for @ramprognos/* (tools/register-dist.js).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ARG SERVICE
RUN test -n "$SERVICE" || (echo "build with --build-arg SERVICE=intake|payments|forecast|reporting" && false)
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/tools/register-dist.js ./tools/register-dist.js
RUN test -f "dist/services/$SERVICE/src/main.js"
USER node
# exec: node is PID 1 and receives SIGTERM itself (clean shutdown on docker stop).
CMD ["sh", "-c", "exec node -r ./tools/register-dist.js dist/services/$SERVICE/src/main.js"]
