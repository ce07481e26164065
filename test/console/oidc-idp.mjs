// A real OpenID Connect provider for the console's single sign-on test: oidc-provider with its
// development interactions (a login form that accepts any login and password, then a consent
// page). It runs in its own process because oidc-provider is an ES module and jest runs the
// tests as CommonJS, which cannot load it.
//
// Environment: IDP_HOST, IDP_PORT, IDP_CLIENT (JSON: client_id, client_secret, redirect_uris),
// IDP_ACCOUNTS (JSON: login → { email, email_verified }). A login that is not listed does not
// sign in. Prints "idp: listening on <issuer>" once it accepts requests.
import http from 'node:http';
import Provider from 'oidc-provider';

const host = process.env.IDP_HOST ?? '127.0.0.1';
const port = Number(process.env.IDP_PORT);
const issuer = `http://${host}:${port}`;
const client = JSON.parse(process.env.IDP_CLIENT);
const accounts = JSON.parse(process.env.IDP_ACCOUNTS ?? '{}');

const provider = new Provider(issuer, {
  clients: [
    {
      ...client,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  scopes: ['openid', 'email'],
  pkce: { required: () => true },
  cookies: { keys: ['idp-test-cookie-key-not-a-secret'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
});

const server = http.createServer(provider.callback());
server.listen(port, host, () => console.log(`idp: listening on ${issuer}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
