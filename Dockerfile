# Guichet's container image: `docker build -t guichet .`, then one container per instance
# (see the README, "Deployment"). The browser app is built in a first stage with the development
# tools; the image keeps only the production dependencies, the build and the server's sources.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:22-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY src ./src
COPY locales ./locales
COPY public ./public
COPY scripts ./scripts
COPY tsconfig.json tsconfig.base.json ./
# The image's own user (uid 1000 in node images), never root; /data holds the embedded database
# and local documents when no PostgreSQL or S3 store is configured (mount a volume there).
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The server itself, not `npm start`: the build is in the image, and signals reach node directly.
CMD ["node", "--import", "tsx", "src/server/main.ts"]
