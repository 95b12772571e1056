import { redirect } from "next/navigation";
import { AuthCard, Notice } from "@/components/auth/auth-card";
import { PasswordSignInForm } from "@/components/auth/password-form";
import { SsoButtons } from "@/components/auth/sso-buttons";
import { ssoProviders } from "@/lib/auth/options";
import { appOrigin } from "@/lib/api/request";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { currentActor } from "@/lib/auth/server";
import { hasAnyUser } from "@/lib/auth/users";
import { orUnavailablePage } from "@/lib/db/page-guard";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  OAuthSignin: "Could not start single sign-on. Check the identity provider settings (OIDC_ISSUER, client id and secret).",
  OAuthCallback: "Single sign-on did not complete: the identity provider's answer could not be verified. Try again.",
  OAuthCreateAccount: "Could not create your account from the identity provider's answer.",
  OAuthAccountNotLinked: "This email already belongs to an account that signs in another way. Sign in with that method.",
  Callback: "Single sign-on did not complete. Try again.",
  AccessDenied: "Access denied.",
  NoEmail: "Your identity provider did not send an email address; Clusterdeck needs one.",
  AccountDisabled: "Your account is disabled. Ask a team owner.",
  SessionRequired: "Sign in to continue.",
  Configuration: "Sign-in is misconfigured on the server. See the server log.",
  Default: "Sign-in failed. Try again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await orUnavailablePage(hasAnyUser))) redirect("/setup");
  const sp = await searchParams;
  const callbackUrl = safeRedirectPath(sp.callbackUrl, appOrigin());
  if (await orUnavailablePage(currentActor)) redirect(callbackUrl);
  const error = typeof sp.error === "string" ? (ERRORS[sp.error] ?? ERRORS.Default) : null;
  const providers = ssoProviders();
  return (
    <AuthCard title="Sign in">
      {error && <Notice kind="error">{error}</Notice>}
      {sp.signedOut && <Notice kind="info">You are signed out.</Notice>}
      {sp.expired && <Notice kind="info">Your session has ended. Sign in again.</Notice>}
      <SsoButtons providers={providers} callbackUrl={callbackUrl} />
      {providers.length > 0 && (
        <div className="my-4 flex items-center gap-3 text-xs text-slate-500">
          <span className="h-px flex-1 bg-slate-200 dark:bg-slate-700" /> or with a password <span className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
        </div>
      )}
      <PasswordSignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
