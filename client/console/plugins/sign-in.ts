/**
 * Sign-in: the email link pages (GET/POST /signin, GET/POST /signin/<token>), single sign-on
 * through the organisation's OpenID Connect provider where configured (/auth/oidc and its
 * callback), and POST /signout. Public routes; it tells the other pages whether the sign-in page
 * offers single sign-on (fastify-plugin).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Locale } from '../../../domain/locale';
import { checkEmail, visible } from '../../../domain/text';
import { normalizeEmail } from '../access';
import { Refused } from '../refusals';
import { html } from '../request';
import { SignInLinks, type SignInMailer } from '../sign-in';
import { oidcSignIn, SsoError, type OidcSettings } from '../sso';
import { confirmSignInPage, signInPage } from '../views';
import { langOf, signedIn, startSession } from './sessions';

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether the sign-in page offers single sign-on. */
    consoleSso: boolean;
  }
}

export interface SignInOptions {
  /** The console's public base URL, without a trailing slash: sign-in links and the OIDC callback start with it. */
  baseUrl: string;
  /** Whether the address may sign in: an operator or in a running definition. */
  known: (email: string) => Promise<boolean>;
  /** The language of a person who chose none yet: their body's locale. */
  ownLanguage: (email: string) => Promise<Locale>;
  mailer: SignInMailer;
  /** Sign-in requests one client address may make per minute; 0 = no limit. */
  rateLimit: number;
  oidc?: OidcSettings;
}

/** The sign-in and sign-out routes. */
export const signIn = fp<SignInOptions>(
  async (app, opts) => {
    const links = new SignInLinks();
    const sso = opts.oidc ? oidcSignIn(opts.oidc, `${opts.baseUrl}/auth/oidc/callback`) : undefined;
    app.decorate('consoleSso', sso !== undefined);
    const now = (): number => app.consoleNow();
    const config: { rateLimit?: { max: number; timeWindow: string } } = opts.rateLimit
      ? { rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } }
      : {};
    const anonymousCsrf = (reply: FastifyReply): string => reply.generateCsrf({ userInfo: 'anonymous' });
    const signInForm = (req: FastifyRequest, reply: FastifyReply): string =>
      signInPage(langOf(req), anonymousCsrf(reply), false, undefined, sso !== undefined);
    const open = (req: FastifyRequest, email: string) => startSession(req, email, () => opts.ownLanguage(email));

    app.get('/', async (req, reply) =>
      signedIn(req) ? reply.redirect('/work', 303) : html(reply, 200, signInForm(req, reply)),
    );
    app.get('/signin', async (req, reply) => html(reply, 200, signInForm(req, reply)));
    app.post('/signin', { config, preHandler: app.csrfProtection }, async (req, reply) => {
      const lang = langOf(req);
      const raw = (req.body as Record<string, unknown> | undefined)?.email;
      if (typeof raw !== 'string' || !checkEmail(raw).ok) {
        return html(
          reply,
          400,
          signInPage(
            lang,
            anonymousCsrf(reply),
            false,
            { ok: false, text: lang === 'vi' ? 'Xin nhập một địa chỉ thư điện tử.' : 'Please type an email address.' },
            sso !== undefined,
          ),
        );
      }
      const email = normalizeEmail(raw);
      if (await opts.known(email)) {
        await opts.mailer(email, `${opts.baseUrl}/signin/${links.issue(email, now())}`, lang);
        req.note('sign-in link sent');
      } else req.note('sign-in for an unknown address');
      // The same answer either way: the page does not tell who takes part in which regulation.
      return html(reply, 200, signInPage(lang, '', true));
    });
    app.get<{ Params: { token: string } }>('/signin/:token', { config }, async (req, reply) => {
      const lang = langOf(req);
      if (!links.peek(req.params.token, now())) throw new Refused('signInLink', lang);
      return html(reply, 200, confirmSignInPage(lang, anonymousCsrf(reply), `/signin/${req.params.token}`));
    });
    app.post<{ Params: { token: string } }>(
      '/signin/:token',
      { config, preHandler: app.csrfProtection },
      async (req, reply) => {
        const lang = langOf(req);
        const email = links.redeem(req.params.token, now());
        if (!email) throw new Refused('signInLink', lang);
        await open(req, email);
        req.note(`signed in ${email}`);
        return reply.redirect('/work', 303);
      },
    );

    if (sso) {
      /** Errors of the flow are pages in both languages: the person may arrive from the provider with no session yet. */
      const refuse = (req: FastifyRequest, err: unknown): never => {
        if (!(err instanceof SsoError)) throw err;
        req.note(`single sign-on refused: ${err.detail}`);
        throw new Refused(err.reason);
      };
      app.get('/auth/oidc', { config }, async (req, reply) => {
        const { url, pending } = await sso.start(now()).catch((err: unknown) => refuse(req, err));
        req.session.set('oidc', pending);
        req.note('sent to the organisation sign-in');
        return reply.redirect(url, 303);
      });
      app.get('/auth/oidc/callback', { config }, async (req, reply) => {
        const pending = req.session.get('oidc');
        // One answer per flow: a replayed callback finds nothing under way.
        req.session.set('oidc', undefined);
        const query = new URLSearchParams(req.url.split('?')[1] ?? '');
        const claimed = await sso.finish(query, pending, now()).catch((err: unknown) => refuse(req, err));
        const email = normalizeEmail(claimed);
        // The same rule as the email form: an address in no running definition, and not an operator, does not sign in.
        if (!(await opts.known(email))) {
          req.note(`single sign-on for an unknown address ${visible(email)}`);
          throw new Refused('ssoUnknown');
        }
        await open(req, email);
        req.note(`signed in ${email} (single sign-on)`);
        return reply.redirect('/work', 303);
      });
    }

    app.post('/signout', { preHandler: app.csrfProtection }, async (req, reply) => {
      req.session.delete();
      return reply.redirect('/', 303);
    });
  },
  { name: 'console-sign-in', fastify: '5.x', dependencies: ['console-sessions', 'console-security'] },
);
