/**
 * What every console route reads from a request and how it answers: the signed-in address, the
 * page language, an HTML reply, the navigation. No app state: routes import this, never app.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export { langOf, signedIn } from './plugins/sessions';

/** Sends an HTML page. */
export function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/** The navigation of a signed-in page: who, the anti-forgery token of the sign-out form, the path. */
export function navOf(req: FastifyRequest, reply: FastifyReply, email: string) {
  return {
    email,
    csrf: reply.generateCsrf({ userInfo: `user:${email}` }),
    path: req.url.replace(/[?&]lang=(vi|en)/, ''),
  };
}
