# EVConduit: one Node process (Next.js app + OCPP WebSocket endpoint) on port 3000.
#   docker build -t evconduit .
#   docker run -p 3000:3000 -v evconduit-data:/app/data evconduit
# Without DATABASE_URL the data lives in the embedded database under /app/data.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
# Git keeps no empty folders, and the runtime stage copies public/.
RUN mkdir -p public && npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
# npm runs scripts through a shell and forwards `docker stop`'s SIGTERM to it: bash
# execs the server in its place (dash would swallow the signal), so it shuts down cleanly.
ENV npm_config_script_shell=/bin/bash
# What `npm start` runs (scripts/start.mjs → .next/evconduit-server.mjs), the
# migrations it applies at start-up, and src + tsconfig.json for `npm run cli` (tsx).
COPY --from=build /app/package.json /app/package-lock.json /app/next.config.ts /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/supabase ./supabase
COPY --from=build /app/public ./public
COPY --from=build /app/src ./src
# Next writes its cache under .next; the app writes nothing else outside /app/data.
COPY --from=build --chown=node:node /app/.next ./.next
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME /app/data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["npm", "start"]
