import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { createSession, sessionSetCookie } from "@/lib/auth/sessions";
import { changeOwnPassword } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

/**
 * Changes the caller's own password. Every session and API token of the user ends (lib/auth/access.ts);
 * a browser caller gets a fresh session cookie so it stays signed in.
 */
export const POST = apiRoute(
  { permission: "profile.write", name: "/api/v1/me/password", body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) }) },
  async ({ actor, body, audit }) => {
    const r = await changeOwnPassword(actor.userId, body.currentPassword, body.newPassword, audit);
    const res = NextResponse.json({ ok: true, sessionsEnded: r.sessions, tokensRevoked: r.tokens });
    if (actor.via === "session") {
      const s = await createSession(actor.userId, { provider: "password" });
      res.headers.append("Set-Cookie", sessionSetCookie(s.sessionToken, s.expires));
    }
    return res;
  },
);
