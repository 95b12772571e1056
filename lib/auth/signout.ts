/** Sign-out: the session row goes, the cookie is cleared, and an SSO session is ended at the provider too. */
import { audit } from "@/lib/audit";
import { clientIp, requestOrigin } from "@/lib/api/request";
import { sessionTokenFrom } from "./authenticate";
import { endSessionUrl } from "./oidc";
import { safeRedirectUrl } from "./safe-redirect";
import { deleteSession, sessionSetCookie } from "./sessions";

export async function signOut(req: Request): Promise<Response> {
  // after sign-out: the app's own sign-in page (lib/auth/safe-redirect.ts), on NEXTAUTH_URL's origin when configured
  const origin = requestOrigin(req);
  const signedOutPage = safeRedirectUrl("/signin?signedOut=1", origin);
  let location = signedOutPage;
  const token = sessionTokenFrom(req.headers);
  if (token) {
    const s = await deleteSession(token);
    if (s) {
      await audit({ actorId: s.userId, actorEmail: s.email, teamId: s.teamId, action: "auth.signout", targetType: "user", targetId: s.userId, result: "success", ip: clientIp(req.headers), userAgent: req.headers.get("user-agent"), details: { provider: s.provider } });
      if (s.idToken && s.provider === "oidc") location = (await endSessionUrl(s.idToken, signedOutPage)) ?? signedOutPage;
    }
  }
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  headers.append("Set-Cookie", sessionSetCookie(null));
  // both cookie names, whichever was in use
  headers.append("Set-Cookie", "next-auth.session-token=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  return new Response(null, { status: 303, headers });
}
