// A real OpenID provider on loopback for authgate's tests: panva's oidc-provider with its
// development login and consent pages. Everything lives in memory and is made at start
// (signing keys, cookie keys, the store); nothing is read from files and nothing leaves 127.0.0.1.
//
//   node provider.mjs [port] [clients-json]
//
// port:     argv[2], else OIDC_PORT, else 0 (any free port; the line below tells which).
// clients:  argv[3], else OIDC_CLIENTS: a JSON list (or one object) of client metadata,
//           e.g. [{"client_id": "authgate", "client_secret": "s3cret",
//                  "redirect_uris": ["http://127.0.0.1:8000/api/auth/oidc/test/callback"],
//                  "token_endpoint_auth_method": "client_secret_basic"}]
//           token_endpoint_auth_method defaults to client_secret_basic (Authlib's default);
//           client_secret_post works too. id_token_signed_response_alg defaults to RS256.
// accounts: OIDC_ACCOUNTS, a JSON map from the login typed on the dev login page (the `sub`)
//           to its claims, e.g. {"alice": {"email": "alice@example.com",
//           "email_verified": true, "name": "Alice"}}. Any other login signs in too, as an
//           account with only a `sub` (no email).
// OIDC_ID_TOKEN_TTL: ID token lifetime in seconds (default 3600; at least 1).
//
// Prints `listening http://127.0.0.1:<port>` (the issuer) on stdout when ready; exits 0 on
// SIGTERM or SIGINT.
//
// Test controls, outside the OpenID protocol (JSON over HTTP on the same port):
//   POST /__test__/id-token     the next `count` (default 1) token responses carry an ID token
//                               changed as asked: {"claims": {"aud": "x", "nonce": null, ...}
//                               (null removes a claim), "exp_in": -600 (exp = now + exp_in),
//                               "signature": "valid" | "corrupt" | "unknown_key", "count": 1}.
//                               "valid" signs again with the provider's own key.
//   DELETE /__test__/id-token   forget any pending change.
//   POST /__test__/rotate-keys  new signing keys, published first in the JWKS and used from
//                               now on; {"keep_old": false} drops the old ones from the JWKS.
//   GET /__test__/stats         {"discovery": n, "jwks": n, "token": n, "authorization": n,
//                               "userinfo": n}: requests seen, by endpoint.
//   POST /__test__/stats/reset  sets them to zero.

import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { promisify } from 'node:util';

import Provider from 'oidc-provider';

const HOST = '127.0.0.1';

function parseJson(text, what, fallback) {
  if (text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text);
  } catch (err) {
    console.error(`${what}: not JSON (${err.message})`);
    process.exit(2);
  }
}

const port = Number.parseInt(process.argv[2] ?? process.env.OIDC_PORT ?? '0', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('the port must be an integer from 0 to 65535');
  process.exit(2);
}
const clientsInput = parseJson(process.argv[3] ?? process.env.OIDC_CLIENTS, 'clients', []);
const accounts = parseJson(process.env.OIDC_ACCOUNTS, 'OIDC_ACCOUNTS', {});
const idTokenTtl = Number.parseInt(process.env.OIDC_ID_TOKEN_TTL ?? '3600', 10);
if (!Number.isInteger(idTokenTtl) || idTokenTtl < 1) {
  console.error('OIDC_ID_TOKEN_TTL must be a whole number of seconds, at least 1');
  process.exit(2);
}

const clients = (Array.isArray(clientsInput) ? clientsInput : [clientsInput]).map((client) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  id_token_signed_response_alg: 'RS256',
  ...client,
}));

// Signing keys: an RSA key (RS256, the default) and a P-256 key (ES256), made now.
// (Generated off the main thread: a synchronous RSA key generation was seen to hang now
// and then under Node 20.)
const generateKeyPair = promisify(crypto.generateKeyPair);

async function newSigningKeys() {
  const { privateKey: rsa } = await generateKeyPair('rsa', { modulusLength: 2048 });
  const { privateKey: ec } = await generateKeyPair('ec', { namedCurve: 'P-256' });
  return [rsa, ec].map((key) => ({
    ...key.export({ format: 'jwk' }),
    kid: crypto.randomBytes(12).toString('base64url'),
    use: 'sig',
  }));
}

let signingKeys = await newSigningKeys();
const cookieKeys = [crypto.randomBytes(32).toString('base64url')];

const account = (sub) => ({
  accountId: sub,
  async claims() {
    const known = Object.hasOwn(accounts, sub) ? accounts[sub] : {};
    return { ...known, sub };
  },
});

// Pending ID token changes (POST /__test__/id-token) and request counts.
let tamper = null;
const stats = { discovery: 0, jwks: 0, token: 0, authorization: 0, userinfo: 0 };
const statPaths = {
  '/.well-known/openid-configuration': 'discovery',
  '/jwks': 'jwks',
  '/token': 'token',
  '/auth': 'authorization',
  '/me': 'userinfo',
};

const b64json = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const unb64json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString());

function signJwt(header, payload, jwk) {
  const key = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  const input = `${b64json(header)}.${b64json(payload)}`;
  const ec = header.alg === 'ES256';
  const signature = crypto.sign('sha256', Buffer.from(input), ec ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${input}.${signature.toString('base64url')}`;
}

async function tamperIdToken(idToken, change) {
  const [headerPart, payloadPart, signaturePart] = idToken.split('.');
  const header = unb64json(headerPart);
  const payload = unb64json(payloadPart);
  for (const [name, value] of Object.entries(change.claims ?? {})) {
    if (value === null) delete payload[name];
    else payload[name] = value;
  }
  if (typeof change.exp_in === 'number') {
    const now = Math.floor(Date.now() / 1000);
    payload.exp = now + change.exp_in;
    payload.iat = Math.min(payload.iat ?? now, payload.exp - 60);
  }
  const signature = change.signature ?? 'valid';
  if (signature === 'corrupt') {
    const bytes = Buffer.from(signaturePart, 'base64url');
    bytes[0] ^= 0xff;
    return `${b64json(header)}.${b64json(payload)}.${bytes.toString('base64url')}`;
  }
  if (signature === 'unknown_key') {
    const [stranger] = (await newSigningKeys()).filter((k) => (header.alg === 'ES256' ? k.kty === 'EC' : k.kty === 'RSA'));
    return signJwt({ ...header, kid: stranger.kid }, payload, stranger);
  }
  const own = signingKeys.find((k) => k.kid === header.kid);
  return signJwt(header, payload, own);
}

// Storage for every provider instance of this process (a key rotation makes a new instance,
// and flows started before it go on): a plain in-memory adapter.
const store = new Map();

class SharedMemoryAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  static get(key) {
    const entry = store.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry?.value;
  }

  static set(key, value, expiresIn) {
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    store.set(key, { value, expiresAt });
  }

  async upsert(id, payload, expiresIn) {
    SharedMemoryAdapter.set(this.key(id), payload, expiresIn);
    if (this.model === 'Session') SharedMemoryAdapter.set(`sessionUid:${payload.uid}`, id, expiresIn);
    if (payload.userCode) SharedMemoryAdapter.set(`userCode:${payload.userCode}`, id, expiresIn);
    if (payload.grantId) {
      const members = SharedMemoryAdapter.get(`grant:${payload.grantId}`) ?? new Set();
      members.add(this.key(id));
      SharedMemoryAdapter.set(`grant:${payload.grantId}`, members);
    }
  }

  async find(id) {
    return SharedMemoryAdapter.get(this.key(id));
  }

  async findByUid(uid) {
    const id = SharedMemoryAdapter.get(`sessionUid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode) {
    const id = SharedMemoryAdapter.get(`userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const payload = SharedMemoryAdapter.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const key of SharedMemoryAdapter.get(`grant:${grantId}`) ?? []) store.delete(key);
    store.delete(`grant:${grantId}`);
  }
}

function makeProvider(issuer, jwks) {
  const provider = new Provider(issuer, {
    clients: structuredClone(clients),
    jwks: { keys: structuredClone(jwks) },
    adapter: SharedMemoryAdapter,
    cookies: { keys: cookieKeys },
    findAccount: (_ctx, sub) => account(sub),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'picture', 'locale'],
    },
    scopes: ['openid', 'email', 'profile'],
    // The ID token carries the claims of the scopes granted, as most providers do.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      userinfo: { enabled: true },
    },
    pkce: { required: () => true },
    ttl: { IdToken: idTokenTtl },
  });

  provider.on('server_error', (_ctx, err) => console.error('server_error', err));

  provider.use(async (ctx, next) => {
    await next();
    // The dev pages import a web font; a test browser must not reach beyond loopback.
    if (typeof ctx.body === 'string' && ctx.response.is('html')) {
      ctx.body = ctx.body.replace(/@import url\(https?:[^)]*\);?/g, '');
    }
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token && tamper) {
      const change = tamper;
      change.count -= 1;
      if (change.count <= 0) tamper = null;
      ctx.body = { ...ctx.body, id_token: await tamperIdToken(ctx.body.id_token, change) };
    }
  });

  return provider;
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

let issuer;
let handler = null;

async function control(req, res, path) {
  if (path === '/__test__/id-token' && req.method === 'POST') {
    const body = await readJson(req);
    tamper = { count: 1, ...body };
    return answer(res, 200, { pending: tamper });
  }
  if (path === '/__test__/id-token' && req.method === 'DELETE') {
    tamper = null;
    return answer(res, 200, { pending: null });
  }
  if (path === '/__test__/rotate-keys' && req.method === 'POST') {
    const body = await readJson(req);
    const fresh = await newSigningKeys();
    const published = body.keep_old === false ? fresh : [...fresh, ...signingKeys];
    signingKeys = published;
    handler = makeProvider(issuer, published).callback();
    return answer(res, 200, { kids: published.map((k) => k.kid) });
  }
  if (path === '/__test__/stats' && req.method === 'GET') {
    return answer(res, 200, stats);
  }
  if (path === '/__test__/stats/reset' && req.method === 'POST') {
    for (const name of Object.keys(stats)) stats[name] = 0;
    return answer(res, 200, stats);
  }
  return answer(res, 404, { error: 'not_found' });
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://placeholder').pathname;
  if (path.startsWith('/__test__/')) {
    control(req, res, path).catch((err) => answer(res, 400, { error: String(err) }));
    return;
  }
  if (Object.hasOwn(statPaths, path)) stats[statPaths[path]] += 1;
  if (!handler) {
    answer(res, 503, { error: 'starting' });
    return;
  }
  handler(req, res);
});

server.listen(port, HOST, async () => {
  issuer = `http://${HOST}:${server.address().port}`;
  try {
    const provider = makeProvider(issuer, signingKeys);
    // Client metadata is checked on first use; check it now, so a bad one fails the start.
    for (const { client_id: clientId } of clients) {
      await provider.Client.find(String(clientId));
    }
    handler = provider.callback();
  } catch (err) {
    console.error(`cannot start: ${err.message} ${err.error_description ?? ''}`);
    process.exit(2);
  }
  console.log(`listening ${issuer}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
