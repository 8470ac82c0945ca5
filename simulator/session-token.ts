/**
 * App Bridge session tokens (ID tokens): HS256 JWTs signed with the app
 * secret, carrying the claims Shopify puts in them.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
  sig: string;
}

export interface MintOptions {
  shop: string;
  userId: string;
  apiKey: string;
  apiSecret: string;
  nowMs: number;
  ttlSeconds?: number;
}

function secretKey(apiSecret: string): Uint8Array {
  return new TextEncoder().encode(apiSecret);
}

export async function mintSessionToken(opts: MintOptions): Promise<string> {
  const iat = Math.floor(opts.nowMs / 1000);
  // `sid` is stable per user + shop + app, like the admin session it stands for.
  const sid = createHash("sha256")
    .update(`${opts.shop}:${opts.userId}:${opts.apiKey}`)
    .digest("hex")
    .slice(0, 32);
  return new SignJWT({
    dest: `https://${opts.shop}`,
    sid,
    sig: randomBytes(32).toString("hex"),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${opts.shop}/admin`)
    .setAudience(opts.apiKey)
    .setSubject(opts.userId)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + (opts.ttlSeconds ?? 60))
    .setJti(randomUUID())
    .sign(secretKey(opts.apiSecret));
}

/**
 * Verifies a subject token for token exchange; returns the claims or a reason.
 * Shopify allows a few seconds of clock skew, as the app library does.
 */
export async function verifySessionToken(
  token: string,
  opts: { shop: string; apiKey: string; apiSecret: string; nowMs: number },
): Promise<{ ok: true; claims: SessionTokenClaims } | { ok: false; reason: string }> {
  try {
    const { payload } = await jwtVerify(token, secretKey(opts.apiSecret), {
      algorithms: ["HS256"],
      audience: opts.apiKey,
      clockTolerance: 10,
      currentDate: new Date(opts.nowMs),
    });
    if (payload.dest !== `https://${opts.shop}`)
      return { ok: false, reason: "token destination does not match the shop" };
    if (typeof payload.sub !== "string" || !payload.sub) return { ok: false, reason: "token has no subject" };
    return { ok: true, claims: payload as unknown as SessionTokenClaims };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
