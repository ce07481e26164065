/**
 * The one guard of every signed-in page. Registered inside the encapsulated context that holds the
 * signed-in route modules (fastify-plugin, so its hooks apply to that whole context and to nothing
 * outside it): a posted form is checked against forgery first, then a request without a valid
 * session meets the sign-in page (401) and never reaches a route; a signed-in one carries
 * `req.user`, the signed-in address.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { html } from '../request';
import { signInPage } from '../views';
import { langOf, signedIn } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in address; set on every route behind the guard. */
    user: string;
  }
}

/** The guard: forms checked, then the sign-in page for whoever is not signed in. */
export const signedInOnly = fp(
  async (app) => {
    app.decorateRequest('user', '');
    // Every form of a signed-in page is bound to its address: checked before anything else, as a route's own check would be.
    app.addHook('preHandler', (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      if (req.method === 'GET' || req.method === 'HEAD') done();
      else app.csrfProtection(req, reply, done);
    });
    app.addHook('preHandler', async (req, reply) => {
      const email = signedIn(req);
      if (!email) {
        req.note('not signed in');
        const page = signInPage(
          langOf(req),
          reply.generateCsrf({ userInfo: 'anonymous' }),
          false,
          undefined,
          app.consoleSso,
        );
        return html(reply, 401, page);
      }
      req.user = email;
    });
  },
  { name: 'console-signed-in', fastify: '5.x', dependencies: ['console-security', 'console-sign-in'] },
);
