/**
 * Shared test factories for the rows most tests need: teams, users with a membership, API tokens and
 * stored connections. They go through the app's own functions where the app has one (createTeam,
 * createToken, encryptCredentials), so a test's rows look exactly like the app's.
 *
 *   const { team, user, token } = await makeMember({ role: "owner" });
 *   const conn = await makeConnection({ teamId: team.id, baseUrl: sim.url, credentials });
 *
 * Call them after createTestDatabase() (they use getPrisma()). Imports are lazy so a test file can
 * set process.env before the app's modules read it.
 */
import type { Role } from "@/lib/auth/roles";

let seq = 0;
/** a name unique within this process (tests share one database per file) */
export const uniqueName = (label: string) => `${label}-${(++seq).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function prisma() {
  return (await import("@/lib/db/client")).getPrisma();
}

export async function makeTeam(name = uniqueName("Team")) {
  const { createTeam } = await import("@/lib/teams");
  return createTeam(name);
}

export interface MakeUserInput {
  teamId: string;
  role?: Role;
  email?: string;
  /** stored as the app stores it (scrypt hash); omitted: a user without a password (SSO-only) */
  password?: string;
}

/** A user whose current team is `teamId`, with a membership in it. */
export async function makeUser(input: MakeUserInput) {
  const db = await prisma();
  const passwordHash = input.password ? await (await import("@/lib/auth/password")).hashPassword(input.password) : undefined;
  const user = await db.user.create({ data: { email: (input.email ?? `${uniqueName(input.role ?? "user")}@example.com`).toLowerCase(), currentTeamId: input.teamId, passwordHash } });
  const membership = await db.membership.create({ data: { teamId: input.teamId, userId: user.id, role: input.role ?? "owner" } });
  return { user, membership };
}

/** An API token (plain text in `token`) for a user in a team. */
export async function makeToken(input: { userId: string; teamId: string; name?: string; expiresInDays?: number | null }) {
  const { createToken } = await import("@/lib/auth/tokens");
  const t = await createToken({ userId: input.userId, teamId: input.teamId, name: input.name ?? "test", expiresInDays: input.expiresInDays }, {});
  return { token: t.token, tokenId: t.id };
}

/** A user with a role in a team (a new team unless `team` is given) and an API token. */
export async function makeMember(input: { team?: { id: string }; teamName?: string; role?: Role; email?: string; password?: string; tokenName?: string } = {}) {
  const team = input.team ?? (await makeTeam(input.teamName));
  const { user, membership } = await makeUser({ teamId: team.id, role: input.role ?? "owner", email: input.email, password: input.password });
  const { token, tokenId } = await makeToken({ userId: user.id, teamId: team.id, name: input.tokenName });
  return { team, user, membership, token, tokenId };
}

export interface MakeConnectionInput {
  teamId: string;
  provider?: string;
  name?: string;
  baseUrl?: string;
  /** encrypted as the app encrypts them (bound to team and connection) */
  credentials?: Record<string, string>;
  id?: string;
  defaultScope?: string | null;
  nextSyncAt?: Date;
  demo?: boolean;
}

/** A stored connection with credentials encrypted as the app does (ENCRYPTION_KEY must be set). */
export async function makeConnection(input: MakeConnectionInput) {
  const { encryptCredentials } = await import("@/lib/crypto");
  const name = input.name ?? uniqueName("conn");
  const id = input.id ?? `c${name.replace(/[^a-z0-9]/gi, "").toLowerCase()}${Math.random().toString(36).slice(2, 10)}`.slice(0, 25);
  const credentials = input.credentials ?? { token: "provider-token-0123456789" };
  const enc = encryptCredentials(credentials, { teamId: input.teamId, connectionId: id });
  const last4 = (Object.values(credentials).join("") || "test").slice(-4);
  return (await prisma()).connection.create({
    data: {
      id,
      teamId: input.teamId,
      provider: input.provider ?? "nks",
      name,
      baseUrl: input.baseUrl ?? "https://127.0.0.1:9",
      defaultScope: input.defaultScope ?? null,
      credentialsCiphertext: enc.ciphertext,
      credentialsKeyId: enc.keyId,
      credentialsHint: `…${last4}`,
      demo: input.demo ?? false,
      ...(input.nextSyncAt ? { nextSyncAt: input.nextSyncAt } : {}),
    },
  });
}
