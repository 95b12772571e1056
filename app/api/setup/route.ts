import { NextResponse } from "next/server";
import { z } from "zod";
import { ApiError, notFound, zodErrorToApiError } from "@/lib/api/errors";
import { publicRoute, readJson } from "@/lib/api/handler";
import { clientIp, isSameOrigin } from "@/lib/api/request";
import { createSession, sessionSetCookie } from "@/lib/auth/sessions";
import { hasAnyUser, setupFirstOwner } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

const body = z.object({
  email: z.string().trim().email().max(320),
  name: z.string().trim().max(200).optional(),
  password: z.string().max(1024),
  teamName: z.string().trim().min(1).max(100),
});

/** First run only: whether set-up is still needed (404 once a user exists). */
export const GET = publicRoute("/api/setup", async () => {
  if (await hasAnyUser()) throw notFound();
  return { needed: true };
});

/** Creates the first user as owner of the first team and signs them in; 404 afterwards. */
export const POST = publicRoute("/api/setup", async (req) => {
  if (await hasAnyUser()) throw notFound();
  if (!isSameOrigin(req)) throw new ApiError(403, "csrf", "cross-origin request refused");
  const parsed = body.safeParse(await readJson(req));
  if (!parsed.success) throw zodErrorToApiError(parsed.error);
  const { userId } = await setupFirstOwner(parsed.data, { actorEmail: parsed.data.email, ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") });
  const s = await createSession(userId, { provider: "password" });
  const res = NextResponse.json({ ok: true }, { status: 201 });
  res.headers.append("Set-Cookie", sessionSetCookie(s.sessionToken, s.expires));
  return res;
});
