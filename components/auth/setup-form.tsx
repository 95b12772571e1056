"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { NewAccountFields, passwordsDiffer } from "./account-fields";
import { callApi } from "./api";
import { Notice } from "./auth-card";

export function SetupForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        if (passwordsDiffer(f)) {
          setError("The two passwords differ.");
          return;
        }
        setBusy(true);
        setError(null);
        try {
          await callApi("/api/setup", { method: "POST", body: { teamName: f.get("teamName"), name: f.get("name") || undefined, email: f.get("email"), password: f.get("password") } });
          router.replace("/");
          router.refresh();
        } catch (err) {
          setError((err as Error).message);
          setBusy(false);
        }
      }}
    >
      {error && <Notice kind="error">{error}</Notice>}
      <div>
        <label className="label" htmlFor="teamName">
          Team name
        </label>
        <input className="input" id="teamName" name="teamName" defaultValue="Default" required maxLength={100} />
      </div>
      <div>
        <label className="label" htmlFor="email">
          Email
        </label>
        <input className="input" id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <NewAccountFields />
      <button className="btn-primary w-full" type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create owner account"}
      </button>
    </form>
  );
}
