import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Database, ReferenceStore, Scheduler } from '@ecif/hub';
import { loggerOptions } from '@ecif/hub';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { registerErrorHandler } from './http/error-handler.ts';
import { registerInputGuard } from './http/input-guard.ts';
import { genRequestId } from './http/request-id.ts';
import { registerCustomerRoutes } from './routes/customers.routes.ts';
import { registerAreaRoutes } from './routes/areas.routes.ts';
import { registerHealthRoutes } from './routes/health.routes.ts';
import { registerJobRoutes } from './routes/jobs.routes.ts';
import { registerReferenceRoutes } from './routes/reference.routes.ts';
import { registerScheduleRoutes } from './routes/schedules.routes.ts';

export interface AppDeps {
  readonly database: Database;
  readonly reference: ReferenceStore;
  /** pino level, or false for no request logging (tests, benchmarks). */
  readonly logLevel?: string | false;
  /** The load scheduler (started or not): `POST /api/v1/schedules/run-due` queues behind it. */
  readonly scheduler?: Scheduler;
  /** When set, files and schedule directories the API may read must be inside it. */
  readonly batchDir?: string | undefined;
}

/** The HTTP app without `listen`, so tests drive it with `inject()`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logLevel === false ? false : loggerOptions(deps.logLevel ?? 'info'),
    genReqId: genRequestId,
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerInputGuard(app);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ECIF customer master-data hub API',
        description:
          'Real-time services of the ECIF (企业级客户信息整合): create-or-identify, query, maintain, deactivate customers and their nine subject areas. Errors: see docs/errors.md.',
        version: '1.0.0',
      },
      tags: [
        { name: 'customers', description: '客户 — golden records' },
        {
          name: 'subject-areas',
          description:
            '主题 — contacts, addresses, relations, accounts, resources, events, analysis, risk',
        },
        { name: 'reference', description: '参数 — source systems, code sets, mappings, rules' },
        { name: 'jobs', description: '批量 — batch load jobs, rejects and schedules' },
        { name: 'operations', description: 'Health' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  registerHealthRoutes(app, deps);
  registerCustomerRoutes(app, deps);
  registerAreaRoutes(app, deps);
  registerReferenceRoutes(app, deps);
  registerJobRoutes(app, deps);
  registerScheduleRoutes(app, deps);
  return app;
}
