/**
 * A next-auth v4 Adapter over the Prisma 7 client (what @next-auth/prisma-adapter does, for the
 * tables in prisma/schema.prisma). Users are matched by lower-cased email. Session tokens are stored
 * as their sha256 (like API tokens): next-auth hands the adapter the cookie's token and gets it
 * back unchanged, the database only ever sees the hash.
 */
import type { Adapter, AdapterAccount, AdapterSession, AdapterUser } from "next-auth/adapters";
import { getPrisma } from "@/lib/db/client";
import { hashToken } from "./authenticate";

type UserRow = { id: string; email: string; name: string | null; image: string | null; emailVerified: Date | null };

const toUser = (u: UserRow): AdapterUser => ({ id: u.id, email: u.email, name: u.name, image: u.image, emailVerified: u.emailVerified });
/** the session as next-auth knows it: with the cookie's token (the row holds only its hash) */
const toSession = (sessionToken: string, s: { userId: string; expires: Date }): AdapterSession => ({ sessionToken, userId: s.userId, expires: s.expires });

const db = () => getPrisma();

/** users, matched by lower-cased email */
const users: Pick<Adapter, "createUser" | "getUser" | "getUserByEmail" | "getUserByAccount" | "updateUser" | "deleteUser"> = {
  async createUser(user: Omit<AdapterUser, "id">) {
    const u = await db().user.create({
      data: { email: user.email.trim().toLowerCase(), name: user.name ?? null, image: user.image ?? null, emailVerified: user.emailVerified ?? null },
    });
    return toUser(u);
  },
  async getUser(id) {
    const u = await db().user.findUnique({ where: { id } });
    return u ? toUser(u) : null;
  },
  async getUserByEmail(email) {
    const u = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
    return u ? toUser(u) : null;
  },
  async getUserByAccount({ provider, providerAccountId }) {
    const a = await db().account.findUnique({ where: { provider_providerAccountId: { provider, providerAccountId } }, include: { user: true } });
    return a ? toUser(a.user) : null;
  },
  async updateUser(user) {
    const u = await db().user.update({
      where: { id: user.id },
      data: {
        ...(user.name !== undefined ? { name: user.name } : {}),
        ...(user.image !== undefined ? { image: user.image } : {}),
        ...(user.emailVerified !== undefined ? { emailVerified: user.emailVerified } : {}),
        ...(user.email ? { email: user.email.trim().toLowerCase() } : {}),
      },
    });
    return toUser(u);
  },
  async deleteUser(userId) {
    await db().user.delete({ where: { id: userId } });
  },
};

/** the SSO accounts linked to a user */
const accounts: Pick<Adapter, "linkAccount" | "unlinkAccount"> = {
  async linkAccount(account: AdapterAccount) {
    await db().account.create({
      data: {
        userId: account.userId,
        type: account.type,
        provider: account.provider,
        providerAccountId: account.providerAccountId,
        refresh_token: account.refresh_token ?? null,
        access_token: account.access_token ?? null,
        expires_at: typeof account.expires_at === "number" ? account.expires_at : null,
        token_type: account.token_type ?? null,
        scope: account.scope ?? null,
        id_token: account.id_token ?? null,
        session_state: typeof account.session_state === "string" ? account.session_state : null,
      },
    });
  },
  async unlinkAccount({ provider, providerAccountId }: Pick<AdapterAccount, "provider" | "providerAccountId">) {
    await db().account.deleteMany({ where: { provider, providerAccountId } });
  },
};

/** sessions, stored as the hash of their token */
const sessions: Pick<Adapter, "createSession" | "getSessionAndUser" | "updateSession" | "deleteSession"> = {
  async createSession(session) {
    const s = await db().session.create({ data: { sessionToken: hashToken(session.sessionToken), userId: session.userId, expires: session.expires } });
    return toSession(session.sessionToken, s);
  },
  async getSessionAndUser(sessionToken) {
    const s = await db().session.findUnique({ where: { sessionToken: hashToken(sessionToken) }, include: { user: true } });
    if (!s) return null;
    return { session: toSession(sessionToken, s), user: toUser(s.user) };
  },
  async updateSession(session) {
    const s = await db().session.update({
      where: { sessionToken: hashToken(session.sessionToken) },
      data: { ...(session.expires ? { expires: session.expires } : {}), ...(session.userId ? { userId: session.userId } : {}) },
    });
    return toSession(session.sessionToken, s);
  },
  async deleteSession(sessionToken) {
    await db().session.deleteMany({ where: { sessionToken: hashToken(sessionToken) } });
  },
};

const verificationTokens: Pick<Adapter, "createVerificationToken" | "useVerificationToken"> = {
  async createVerificationToken(token) {
    const t = await db().verificationToken.create({ data: token });
    return t;
  },
  async useVerificationToken({ identifier, token }) {
    try {
      return await db().verificationToken.delete({ where: { identifier_token: { identifier, token } } });
    } catch {
      return null;
    }
  },
};

export function prismaAdapter(): Adapter {
  return { ...users, ...accounts, ...sessions, ...verificationTokens };
}
