"use client";

import { apiRequest } from "../api";
import { useAction } from "./shared";

export function SignInMethodsSection({ passwordLoginEnabled, ssoNames }: { passwordLoginEnabled: boolean; ssoNames: string[] }) {
  const { error, busy, run } = useAction();
  return (
    <div className="space-y-3 text-sm">
      <p>Single sign-on: {ssoNames.length ? ssoNames.join(", ") : "not configured (set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or GITHUB_ID and GITHUB_SECRET)"}.</p>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={passwordLoginEnabled}
          disabled={busy}
          onChange={(e) => run(() => apiRequest("/api/v1/team", { method: "PATCH", body: { passwordLoginEnabled: e.target.checked } }))}
        />
        Members may sign in with a password
      </label>
      <p className="text-slate-600 dark:text-slate-400">Owners managed in Clusterdeck keep password sign-in as a break-glass way in, whatever this says.</p>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
