import type { OpContext } from '@ecif/hub';
import type { FastifyRequest } from 'fastify';

/** Until authentication lands, the acting user is declared by the caller. */
export function opContext(request: FastifyRequest, fallbackActor = 'anonymous'): OpContext {
  const header = request.headers['x-ecif-actor'];
  const actor =
    typeof header === 'string' && /^[\w.:@-]{1,64}$/.test(header) ? header : fallbackActor;
  return { actor, requestId: String(request.id) };
}
