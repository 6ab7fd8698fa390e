import { createReferenceStore, type Database } from '@ecif/hub';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { createTestDatabase } from '../../../packages/hub/test/test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
  post(
    url: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  patch(
    url: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  del(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** The real HTTP app on a fresh real database (PGlite, or PostgreSQL when DATABASE_URL is set). */
export async function createTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp({
    database,
    reference: createReferenceStore(database.db),
    logLevel: process.env.DBG_LOG ? 'error' : false,
  });
  await app.ready();
  const send =
    (method: 'GET' | 'POST' | 'PATCH' | 'DELETE') =>
    (url: string, body?: unknown, headers?: Record<string, string>) =>
      app.inject({
        method,
        url,
        ...(body === undefined ? {} : { payload: body as object }),
        ...(headers ? { headers } : {}),
      });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
    post: (url, body, headers) => send('POST')(url, body, headers),
    patch: (url, body, headers) => send('PATCH')(url, body, headers),
    get: (url, headers) => send('GET')(url, undefined, headers),
    del: (url, headers) => send('DELETE')(url, undefined, headers),
  };
}

/** The parsed JSON body, for assertions. */
export function json<T = Record<string, any>>(response: LightMyRequestResponse): T {
  return response.json<T>();
}
