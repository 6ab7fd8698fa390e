import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';

export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness and database reachability',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['postgres', 'pglite']) }),
          503: z.object({
            status: z.literal('unavailable'),
            database: z.enum(['postgres', 'pglite']),
          }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(deps.database.db);
        return { status: 'ok' as const, database: deps.database.kind };
      } catch {
        return reply
          .status(503)
          .send({ status: 'unavailable' as const, database: deps.database.kind });
      }
    },
  );
}
