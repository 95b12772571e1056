import { ApiError } from "@/lib/api/errors";
import { publicRoute } from "@/lib/api/handler";
import { isSameOrigin } from "@/lib/api/request";
import { signOut } from "@/lib/auth/signout";

export const dynamic = "force-dynamic";

/**
 * Sign-out (a form POST): deletes the session row, clears the cookie, then sends the browser to the
 * identity provider's end_session_endpoint (RP-initiated logout) when the session came from SSO.
 */
export const POST = publicRoute("/api/auth/logout", async (req) => {
  if (!isSameOrigin(req)) throw new ApiError(403, "csrf", "cross-origin sign-out refused");
  return signOut(req);
});
