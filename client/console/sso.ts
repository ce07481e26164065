/**
 * Optional single sign-on through the organisation's OpenID Connect provider (OIDC_ISSUER,
 * OIDC_CLIENT_ID, OIDC_CLIENT_SECRET): the authorization code flow with PKCE, state and nonce,
 * all three checked by openid-client. The verified `email` claim is the address the person signs
 * in as; what it may do still comes from the regulations' definitions alone.
 */
import crypto from 'node:crypto';
import type * as OpenId from 'openid-client';

/**
 * openid-client 6 (the maintained major; 5 is in maintenance) is an ES module only, and this
 * project compiles to CommonJS, where TypeScript rewrites `import()` into `require()`: Node 20
 * before 20.19 cannot require an ES module, and jest's module system never can. A Function body is
 * not rewritten, so this is a real dynamic import. The tests therefore run the console in a child
 * process (test/console/sso.test.ts); the test provider, oidc-provider 9, has no CommonJS build at all.
 */
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
const openidClient = (): Promise<typeof OpenId> => importEsm('openid-client') as Promise<typeof OpenId>;

/** The provider and this console's registration with it. */
export interface OidcSettings {
  /** The provider's issuer URL; its discovery document is at <issuer>/.well-known/openid-configuration. */
  issuer: string;
  clientId: string;
  /** From the environment only; never logged. */
  clientSecret: string;
}

/** What the console keeps in the session between sending the person to the provider and their return. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** When the flow started (ms). */
  at: number;
}

/** How long a person may take at the provider. */
export const SSO_TTL_MS = 10 * 60_000;

/** Why a single sign-on did not sign anyone in. */
export type SsoFailure = 'ssoUnavailable' | 'ssoFailed' | 'ssoDenied' | 'ssoState' | 'ssoNoEmail';

export class SsoError extends Error {
  constructor(
    readonly reason: SsoFailure,
    /** For the log line: what went wrong, never a token or the secret. */
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** Loopback hosts, where a test or a developer's provider may speak plain HTTP. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** A network failure or timeout, as opposed to the provider's answer. */
function unreachable(err: unknown): boolean {
  const name = (err as Error | undefined)?.name;
  return name === 'TypeError' || name === 'TimeoutError' || name === 'AbortError';
}

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

/** The single sign-on of one console: `redirectUri` is `<console base URL>/auth/oidc/callback`. */
export function oidcSignIn(settings: OidcSettings, redirectUri: string) {
  const issuer = new URL(settings.issuer);
  let discovered: Promise<OpenId.Configuration> | undefined;

  /** The provider's metadata, fetched once; a failed discovery is tried again on the next sign-in. */
  async function configuration(): Promise<{ c: typeof OpenId; config: OpenId.Configuration }> {
    const c = await openidClient();
    discovered ??= c.discovery(issuer, settings.clientId, undefined, c.ClientSecretBasic(settings.clientSecret), {
      execute: issuer.protocol === 'http:' ? [c.allowInsecureRequests] : [],
      timeout: 10,
    });
    const mine = discovered;
    try {
      return { c, config: await mine };
    } catch (err) {
      if (discovered === mine) discovered = undefined;
      throw new SsoError('ssoUnavailable', `discovery at ${issuer.origin} failed: ${(err as Error).message}`);
    }
  }

  return {
    /** Where to send the person, and what to keep in their session until they return. */
    async start(now: number): Promise<{ url: string; pending: PendingSignIn }> {
      const { c, config } = await configuration();
      const pending = { state: c.randomState(), nonce: c.randomNonce(), verifier: c.randomPKCECodeVerifier(), at: now };
      const url = c.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email',
        code_challenge: await c.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },

    /**
     * The verified address of the person returning with `query`, the callback's parameters; the
     * `pending` flow is used up whatever the outcome.
     */
    async finish(query: URLSearchParams, pending: PendingSignIn | undefined, now: number): Promise<string> {
      const state = query.get('state');
      if (!pending || now - pending.at > SSO_TTL_MS)
        throw new SsoError('ssoState', 'no sign-in under way in this browser, or it took too long');
      if (!state || !sameText(state, pending.state))
        throw new SsoError('ssoState', 'state does not match the sign-in under way');
      const error = query.get('error');
      if (error)
        throw new SsoError(
          error === 'access_denied' ? 'ssoDenied' : 'ssoFailed',
          `the provider answered ${error.slice(0, 60)}`,
        );
      const { c, config } = await configuration();
      const current = new URL(redirectUri);
      current.search = query.toString();
      let tokens;
      try {
        tokens = await c.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        throw new SsoError(
          unreachable(err) ? 'ssoUnavailable' : 'ssoFailed',
          `code exchange: ${(err as Error).message}`,
        );
      }
      const idToken = tokens.claims()!;
      let claims: Record<string, unknown> = { ...idToken };
      // Many providers put `email` in the ID token; others (oidc-provider) only answer it at the userinfo endpoint.
      if (claims.email === undefined) {
        try {
          claims = await c.fetchUserInfo(config, tokens.access_token, idToken.sub);
        } catch (err) {
          throw new SsoError(unreachable(err) ? 'ssoUnavailable' : 'ssoFailed', `userinfo: ${(err as Error).message}`);
        }
      }
      if (typeof claims.email !== 'string' || !/^[^\s@]{1,200}@[^\s@]{1,200}\.[^\s@]{1,60}$/.test(claims.email))
        throw new SsoError('ssoNoEmail', 'the provider gave no email address');
      if (claims.email_verified === false)
        throw new SsoError('ssoNoEmail', 'the provider has not verified the email address');
      return claims.email;
    },
  };
}

export type OidcSignIn = ReturnType<typeof oidcSignIn>;
