import { NextResponse } from "next/server";
import { z } from "zod";
import { ApiError, zodErrorToApiError } from "@/lib/api/errors";
import { publicRoute, readJson } from "@/lib/api/handler";
import { clientIp, isSameOrigin } from "@/lib/api/request";
import { signInWithPassword } from "@/lib/auth/password-signin";
import { sessionSetCookie } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

const body = z.object({ email: z.string().trim().email().max(320), password: z.string().min(1).max(1024) });

/** Password sign-in: creates a database session and sets next-auth's session cookie. */
export const POST = publicRoute("/api/auth/password", async (req) => {
  if (!isSameOrigin(req)) throw new ApiError(403, "csrf", "cross-origin sign-in refused");
  const parsed = body.safeParse(await readJson(req));
  if (!parsed.success) throw zodErrorToApiError(parsed.error);
  const s = await signInWithPassword({ ...parsed.data, ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") });
  const res = NextResponse.json({ ok: true });
  res.headers.append("Set-Cookie", sessionSetCookie(s.sessionToken, s.expires));
  res.headers.set("Cache-Control", "no-store");
  return res;
});
