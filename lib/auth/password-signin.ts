/**
 * Password sign-in, done by Clusterdeck itself (next-auth v4's Credentials provider cannot create
 * database sessions): verify, rate-limit, apply the team's sign-in policy, create a Session row.
 */
import { audit } from "@/lib/audit";
import { ApiError } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { verifyPassword } from "./password";
import { ACCOUNT_SLOWDOWN, ADDRESS_POLICY, accountAddressKey, accountDelayMs, accountKey, accountWaitMs, addressKey, clearFailures, failuresOf, lockedFor, recordFailure } from "./rate-limit";
import { createSession } from "./sessions";
import { normalizeEmail } from "./users";

export interface SignInInput {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

function tooMany(ms: number, what: string) {
  return new ApiError(
    429,
    "too_many_attempts",
    `Too many failed sign-in attempts ${what}. Sign-in from here is paused for ${minutes(ms)} minute${minutes(ms) === 1 ? "" : "s"}; try again later or ask an owner to reset your password.`,
    { retryAfterSeconds: Math.ceil(ms / 1000) },
    { "Retry-After": String(Math.ceil(ms / 1000)) },
  );
}

const BAD_CREDENTIALS = () => new ApiError(401, "invalid_credentials", "Wrong email or password.");

/** A local owner with a password (membership managed in Clusterdeck, not by SSO) is the break-glass account. */
export function isBreakGlass(memberships: { role: string; source: string }[]): boolean {
  return memberships.some((m) => m.role === "owner" && m.source === "local");
}

export async function signInWithPassword(input: SignInInput) {
  const prisma = getPrisma();
  const email = normalizeEmail(input.email);
  const base = { actorEmail: email, ip: input.ip, userAgent: input.userAgent, targetType: "user" as const };
  const aKey = accountKey(email);
  const ipKey = input.ip ? addressKey(input.ip) : null;
  // which addresses the account's slow-down applies to: those that have been failing on it (an
  // unknown address counts as failing), so guessing stays slow while the owner still gets in
  const pairKey = input.ip ? accountAddressKey(email, input.ip) : null;
  const memory = { limit: 1, windowMs: ACCOUNT_SLOWDOWN.memoryMs };
  const addressFailing = pairKey ? (await failuresOf(pairKey, memory.windowMs)) > 0 : true;

  const waitAccount = addressFailing ? await accountWaitMs(aKey) : 0;
  const lockedAddress = ipKey ? await lockedFor(ipKey, ADDRESS_POLICY) : 0;
  if (waitAccount || lockedAddress) {
    const known = await prisma.user.findUnique({ where: { email }, select: { id: true, currentTeamId: true } });
    await audit({ ...base, actorId: known?.id, teamId: known?.currentTeamId, targetId: known?.id, action: "auth.signin", result: "denied", details: { method: "password", reason: "rate_limited" } });
    throw tooMany(Math.max(waitAccount, lockedAddress), waitAccount ? "for this account" : "from your address");
  }

  const user = await prisma.user.findUnique({ where: { email }, include: { memberships: { include: { team: { select: { passwordLoginEnabled: true } } } } } });
  const ok = await verifyPassword(input.password, user?.passwordHash);
  if (!ok || !user || user.disabled) {
    const n = await recordFailure(aKey, memory);
    if (pairKey) await recordFailure(pairKey, memory);
    if (ipKey) await recordFailure(ipKey, ADDRESS_POLICY);
    await audit({ ...base, actorId: user?.id, teamId: user?.currentTeamId, targetId: user?.id, action: "auth.signin", result: "failure", details: { method: "password", reason: user?.disabled ? "disabled" : "bad_credentials", failuresInARow: n } });
    const delay = accountDelayMs(n);
    if (delay) {
      await audit({ ...base, actorId: user?.id, teamId: user?.currentTeamId, targetId: user?.id, action: "auth.signin.locked", result: "denied", details: { method: "password", failuresInARow: n, delaySeconds: Math.ceil(delay / 1000) } });
      throw tooMany(delay, "for this account");
    }
    throw BAD_CREDENTIALS();
  }

  const switchedOff = user.memberships.some((m) => !m.team.passwordLoginEnabled);
  if (switchedOff && !isBreakGlass(user.memberships)) {
    await audit({ ...base, actorId: user.id, teamId: user.currentTeamId, targetId: user.id, action: "auth.signin", result: "denied", details: { method: "password", reason: "password_login_disabled" } });
    throw new ApiError(403, "password_login_disabled", "Password sign-in is switched off for your team. Use single sign-on.");
  }

  // a success forgets the account's failures and this address's on it (never the address's own limit)
  await clearFailures(aKey);
  if (pairKey) await clearFailures(pairKey);
  const session = await createSession(user.id, { provider: "password" });
  await audit({ ...base, actorId: user.id, teamId: user.currentTeamId, targetId: user.id, action: "auth.signin", result: "success", details: { method: "password" } });
  return { ...session, userId: user.id };
}
