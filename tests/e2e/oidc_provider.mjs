// A real OpenID Connect provider for the single sign-on tests: panva's oidc-provider (the npm
// package certified by the OpenID Foundation) on 127.0.0.1, with one confidential client for
// localoffer. Its login screen is replaced by a step that signs in whichever account the test
// chose (nextAccount), so a test drives the whole authorisation code flow with fetch. The test
// holds the provider's signing key, so it can also make the provider answer with a token that
// is forged, addressed to another application or taken from an earlier sign-in (tamper).
import http from 'node:http';
import crypto from 'node:crypto';
import { Provider } from 'oidc-provider';

export const CLIENT_ID = 'localoffer-test';
export const CLIENT_SECRET = crypto.randomBytes(24).toString('base64url');

// Signs claims as the provider would (RS256 with its key), for tokens the provider never issued.
export function signToken(claims, privateKey, kid) {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid })).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = crypto.sign('sha256', Buffer.from(`${header}.${body}`), privateKey).toString('base64url');
  return `${header}.${body}.${signature}`;
}

export function claimsOf(idToken) {
  return JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());
}

export async function startProvider({ redirectUris }) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  const accounts = new Map();  // account id -> claims
  const state = { nextAccount: null, tamper: null, issued: [] };

  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [jwk] },
    // Real providers (Entra ID, Google) put the e-mail claims in the ID token itself.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (ctx, id) => accounts.has(id)
      ? { accountId: id, claims: async () => ({ sub: id, ...accounts.get(id) }) }
      : undefined,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
  });
  // The token endpoint's answer, as the test wants it changed.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token) {
      state.issued.push(ctx.body.id_token);
      if (state.tamper) ctx.body = { ...ctx.body, id_token: state.tamper(ctx.body.id_token) };
    }
  });
  const handle = provider.callback();
  server.on('request', async (req, res) => {
    if (!req.url.startsWith('/interaction/')) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const accountId = state.nextAccount;
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } },
        { mergeWithLastSubmission: false });
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  });

  return {
    issuer,
    addAccount(id, claims) { accounts.set(id, claims); },
    signInAs(id) { state.nextAccount = id; },
    tamper(fn) { state.tamper = fn; },
    issued: () => state.issued,
    sign: (claims) => signToken(claims, privateKey, kid),
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
