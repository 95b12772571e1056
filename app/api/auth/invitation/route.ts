import { NextResponse } from "next/server";
import { z } from "zod";
import { ApiError, zodErrorToApiError } from "@/lib/api/errors";
import { publicRoute, readJson } from "@/lib/api/handler";
import { clientIp, isSameOrigin } from "@/lib/api/request";
import { passwordProblem } from "@/lib/auth/password";
import { createSession, sessionSetCookie } from "@/lib/auth/sessions";
import { registerWithInvitation } from "@/lib/teams";

export const dynamic = "force-dynamic";

const body = z.object({
  token: z.string().regex(/^inv_[\w-]{10,100}$/, "not an invitation token"),
  name: z.string().trim().max(200).optional(),
  password: z.string().superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

/** Creates the account of someone invited who has none yet, joins the team and signs them in. */
export const POST = publicRoute("/api/auth/invitation", async (req) => {
  if (!isSameOrigin(req)) throw new ApiError(403, "csrf", "cross-origin request refused");
  const parsed = body.safeParse(await readJson(req));
  if (!parsed.success) throw zodErrorToApiError(parsed.error);
  const { token, name, password } = parsed.data;
  const { userId } = await registerWithInvitation(token, { name, password }, { ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") });
  const s = await createSession(userId, { provider: "password" });
  const res = NextResponse.json({ ok: true }, { status: 201 });
  res.headers.append("Set-Cookie", sessionSetCookie(s.sessionToken, s.expires));
  res.headers.set("Cache-Control", "no-store");
  return res;
});
